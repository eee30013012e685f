// Search page: runs the query in the address (?q=…&category=…&sort=newest
// &page=2) against this language's Pagefind bundle and lists the releases
// found, ten at a time, each with the words found in context, and the
// number of matches each filter's choices would leave. Without this script
// the page says that search needs JavaScript and links the listings.
//
// Korean queries are prepared as plugins/pressroom/search/terms.py prepared
// the index: a trailing particle comes off each Korean word, and each run of
// Hangul syllables is written as "0" plus three letters per syllable, so that
// Pagefind's prefix match finds 외교부 in 외교부는 and 회담 in 외교장관회담.

const root = document.querySelector("[data-press-search]");
const form = root.querySelector("form");
const status = root.querySelector("[data-press-search-status]");
const list = root.querySelector("[data-press-search-results]");
// The filters, in the order of the facets each result's name carries
// ("{lang}_{facets}_{place}_{digest}": plugins/pressroom/search/facets.py).
const FILTERS = [...form.querySelectorAll("[data-press-search-filter]")].map((select) => select.name);

// Particles and endings a query word may carry, longest first.
const PARTICLES = ["에서는", "에게서", "으로서", "으로써", "에서", "에게", "으로", "부터", "까지", "처럼", "보다",
  "과의", "와의", "에는", "에도", "이나", "이며", "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도",
  "만", "로"];
// Endings of a verb or adjective made from a noun with 하다 or 되다
// (협력하기로, 개최한, 개최된): taken off, so that the noun is searched. The
// noun is a prefix of the word, so the query still finds the word itself.
const ENDINGS = ["하였으며", "하겠다고", "하기로", "하도록", "하면서", "하였다", "했으며", "했다고", "합니다", "되었다",
  "되기로", "됐다", "하기", "하고", "하는", "하며", "하여", "하자", "했다", "한다", "되는", "되어", "된다", "될", "된",
  "한", "할"];
// How a release cites another's number: 제24-0815호. Around a number, the
// 제 before it and the 호 after it (with any particle) are left out.
const NUMBER_PREFIX = "제";
const NUMBER_SUFFIX = "호";
const STARTS_WITH_DIGIT = /^\p{N}/u;
// A word's runs, as search/terms.py cuts them: Hangul syllables, or letters
// and digits of other scripts ("G20정상회의": G20, 정상회의).
const HANGUL_RUN_OR_WORD = /[\uac00-\ud7a3]+|(?:(?![\uac00-\ud7a3])[\p{L}\p{N}])+/gu;
const HANGUL_RUN = /^[\uac00-\ud7a3]+$/;

function encodeHangul(run) {
  let encoded = "0";
  for (const syllable of run) {
    const number = syllable.codePointAt(0) - 0xac00;
    encoded += String.fromCharCode(97 + Math.floor(number / 676), 97 + Math.floor(number / 26) % 26, 97 + number % 26);
  }
  return encoded;
}

// The run without its last ending or particle, if at least two syllables
// are left.
function withoutEnding(run) {
  for (const ending of [...ENDINGS, ...PARTICLES]) {
    if (run.endsWith(ending) && run.length - ending.length >= 2) {
      return run.slice(0, -ending.length);
    }
  }
  return run;
}

function isNumberAffix(run, before, after) {
  if (run === NUMBER_PREFIX) {
    return after !== undefined && STARTS_WITH_DIGIT.test(after);
  }
  const rest = run.slice(NUMBER_SUFFIX.length);
  return before !== undefined && STARTS_WITH_DIGIT.test(before) && run.startsWith(NUMBER_SUFFIX) &&
    (rest === "" || PARTICLES.includes(rest));
}

// The words a Korean query searches for, as written: Hangul runs without
// their particle or ending, and the runs of other scripts.
function koreanWords(query) {
  const words = [];
  for (const word of query.split(/\s+/)) {
    const runs = word.match(HANGUL_RUN_OR_WORD) || [];
    runs.forEach((run, index) => {
      const last = index === runs.length - 1;
      if (HANGUL_RUN.test(run)) {
        // A particle alone after an acronym or a number ("ODA를") is dropped:
        // the query is for the acronym, whatever particle the text has.
        const particleAfterWord = last && index > 0 && PARTICLES.includes(run);
        if (!particleAfterWord && !isNumberAffix(run, runs[index - 1], runs[index + 1])) {
          words.push(last ? withoutEnding(run) : run);
        }
      } else {
        words.push(run);
      }
    });
  }
  return words;
}

function koreanQuery(words) {
  return words.map((word) => (HANGUL_RUN.test(word) ? encodeHangul(word) : word)).join(" ");
}

// The words found, shown in context. Each fragment's content is the
// release's text as readers read it (search/bundle.py), and the excerpt is
// the stretch of it, EXCERPT_LENGTH characters long, that holds the most
// matches, each match in <mark>. It is built of text nodes: nothing of the
// text is ever read as HTML.
const EXCERPT_LENGTH = { ko: 100, en: 220 };
// A Hangul query word matches wherever it stands in a run of Hangul, as the
// index matches it (search/terms.py): 회담 in 외교장관회담을. A word of other
// letters or digits matches a word it starts, and in English also a word
// that its stem starts (Pagefind stems English: "signing" finds "signed").
const OTHER_WORD = /(?:(?![\uac00-\ud7a3])[\p{L}\p{N}])+/gu;
const STEM_ENDINGS = { en: ["ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "s"] };

function wordStarts(word, lang) {
  const lower = word.toLowerCase();
  const starts = [lower];
  for (const ending of STEM_ENDINGS[lang] || []) {
    if (lower.endsWith(ending) && lower.length - ending.length >= 4) {
      starts.push(lower.slice(0, -ending.length));
      break;
    }
  }
  return starts;
}

// [[from, to]] of every match of `words` in `text`, in order, none overlapping.
function matchRanges(text, words, lang) {
  const ranges = [];
  for (const word of words.filter((word) => HANGUL_RUN.test(word))) {
    for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + word.length)) {
      ranges.push([at, at + word.length]);
    }
  }
  // A single letter or digit would mark every word it starts.
  const starts = words.filter((word) => !HANGUL_RUN.test(word) && word.length > 1)
    .flatMap((word) => wordStarts(word, lang));
  if (starts.length) {
    for (const found of text.matchAll(OTHER_WORD)) {
      const lower = found[0].toLowerCase();
      if (starts.some((start) => lower.startsWith(start))) {
        ranges.push([found.index, found.index + found[0].length]);
      }
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) {
      last[1] = Math.max(last[1], range[1]);
    } else {
      merged.push([...range]);
    }
  }
  return merged;
}

// A <p> of the stretch of `text` with the most of `ranges`, or null.
function excerpt(text, ranges, length) {
  if (!ranges.length) {
    return null;
  }
  // The window shown starts a quarter of its length before a match: the
  // one shown is the one that holds the most matches.
  const lead = Math.floor(length / 4);
  let best = null;
  let bestCount = 0;
  for (const [from] of ranges) {
    let start = Math.max(0, from - lead);
    if (start > 0) {
      // From the start of a word.
      const space = text.indexOf(" ", start);
      start = space !== -1 && space < from ? space + 1 : from;
    }
    const count = ranges.filter(([matchFrom, matchTo]) => matchFrom >= start && matchTo <= start + length).length;
    if (count > bestCount) {
      [best, bestCount] = [[start, from], count];
    }
  }
  const [start, from] = best;
  const first = ranges.find((range) => range[0] === from);
  let end = Math.min(text.length, Math.max(start + length, first[1]));
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    end = space >= first[1] ? space : end;
    // Never half of a character outside the Basic Multilingual Plane.
    if (/[\ud800-\udbff]/.test(text[end - 1])) {
      end -= 1;
    }
  }
  const paragraph = document.createElement("p");
  paragraph.className = "press-release-list__excerpt";
  paragraph.append(start > 0 ? "… " : "");
  let at = start;
  for (const [matchFrom, matchTo] of ranges) {
    if (matchFrom >= start && matchTo <= end) {
      const mark = document.createElement("mark");
      mark.className = "press-release-list__match";
      mark.textContent = text.slice(matchFrom, matchTo);
      paragraph.append(text.slice(at, matchFrom), mark);
      at = matchTo;
    }
  }
  paragraph.append(text.slice(at, end), end < text.length ? " …" : "");
  return paragraph;
}

// Results are shown PAGE_SIZE at a time; "page" in the address says how
// many pages of them are shown, so that a list can be shared and the back
// button comes back to it.
const PAGE_SIZE = 10;
const MAX_PAGES_AT_ONCE = 10;
const more = root.querySelector("[data-press-search-more]");
const lang = document.documentElement.lang;
let matches = [];
let shown = 0;
let queryWords = [];

// A result: its title, date and the words found in context, or its summary
// when the words were found elsewhere (its title, its tags, its filters).
function resultItem(result) {
  const item = document.createElement("li");
  item.className = "press-release-list__item";
  const heading = document.createElement("h2");
  heading.className = "press-release-list__title";
  const link = document.createElement("a");
  link.href = result.meta.href;
  link.textContent = result.meta.title;
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "press-release-list__meta";
  meta.textContent = result.meta.date;
  const context = excerpt(result.content, matchRanges(result.content, queryWords, lang), EXCERPT_LENGTH[lang] || 200);
  const summary = document.createElement("p");
  summary.className = "press-release-list__summary";
  summary.textContent = result.meta.summary;
  item.append(heading, meta, context || summary);
  return item;
}

function announce() {
  const label = shown < matches.length ? root.dataset.shownLabel.replace("{shown}", shown)
    : matches.length === 1 ? root.dataset.oneResultLabel : root.dataset.resultsLabel;
  status.textContent = matches.length ? label.replace("{count}", matches.length) : root.dataset.noResults;
}

// The address records how many pages are shown.
function recordPages() {
  const address = new URL(window.location.href);
  address.searchParams.set("page", String(Math.max(1, Math.ceil(shown / PAGE_SIZE))));
  window.history.replaceState(null, "", address);
}

// Shows the next `count` matches; after the "more results" button, focus
// goes to the first of them, and the address records the pages shown.
async function showMore(count, fromButton) {
  const next = matches.slice(shown, shown + count);
  const items = (await Promise.all(next.map((match) => match.data()))).map(resultItem);
  list.append(...items);
  shown += items.length;
  more.hidden = shown >= matches.length;
  announce();
  if (fromButton) {
    recordPages();
    if (items.length) {
      items[0].querySelector("a").focus();
    }
  }
}

// A match's name is "{lang}_{facets}_{place}_{digest}" (search/bundle.py);
// no part holds a "_" (a language code is letters only: settings.py).
// Its facets: for each filter, the codes of the release's values ("."
// between filters, "-" between values).
function facetsOf(match) {
  return match.id.split("_")[1].split(".").map((field) => (field ? field.split("-") : []));
}

// Its place in order of publication, from the oldest.
function placeOf(match) {
  return Number.parseInt(match.id.split("_")[2], 36);
}

// The matches that have each chosen value (`chosen`: for each filter, the
// code chosen or null), and, for each filter, how many matches each of its
// codes would leave: those that have the values chosen in the other filters.
function narrow(found, chosen) {
  const kept = [];
  const counts = FILTERS.map(() => new Map());
  for (const match of found) {
    const facets = facetsOf(match);
    const missed = chosen.flatMap((code, place) => (code !== null && !facets[place]?.includes(code) ? [place] : []));
    if (!missed.length) {
      kept.push(match);
    }
    if (missed.length > 1) {
      continue;
    }
    facets.forEach((codes, place) => {
      if (counts[place] && (!missed.length || missed[0] === place)) {
        for (const code of new Set(codes)) {
          counts[place].set(code, (counts[place].get(code) || 0) + 1);
        }
      }
    });
  }
  return { kept, counts };
}

// Each choice of a filter shows how many matches it would leave.
function showFilterCounts(counts) {
  FILTERS.forEach((name, place) => {
    for (const option of form.elements[name].options) {
      if (option.value) {
        option.dataset.label ??= option.textContent;
        option.textContent = `${option.dataset.label} (${counts[place].get(option.dataset.facet) || 0})`;
      }
    }
  });
}

async function search() {
  const parameters = new URLSearchParams(window.location.search);
  const query = (parameters.get("q") || "").trim();
  form.elements.q.value = query;
  // Only a value the page offers: one it does not would narrow the search
  // without showing as chosen.
  const chosen = FILTERS.map((name) => {
    const value = parameters.get(name) || "";
    const option = [...form.elements[name].options].find((offered) => offered.value && offered.value === value);
    if (option) {
      form.elements[name].value = value;
    }
    return option ? option.dataset.facet : null;
  });
  const newest = parameters.get("sort") === "newest";
  form.elements.sort.value = newest ? "newest" : "";
  if (!query && chosen.every((code) => code === null)) {
    return;
  }
  const bundle = root.dataset.bundle;
  if (!bundle) {
    announce();  // no release in this language yet
    return;
  }
  queryWords = lang === "ko" ? koreanWords(query) : query.match(OTHER_WORD) || [];
  const prepared = (lang === "ko" ? koreanQuery(queryWords) : query) || null;
  if (query && !prepared) {
    announce();  // only particles or signs: nothing to search for
    return;
  }
  const pagefind = await import(bundle + "pagefind.js");
  // On the page: the bundle has no worker (search/bundle.py), whose script
  // would be a second copy of Pagefind's.
  await pagefind.options({ noWorker: true });
  await pagefind.init();
  // Every match of the words (with none, every release), by relevance,
  // narrowed and sorted here.
  const found = (await pagefind.search(prepared)).results;
  if (newest) {
    found.sort((first, second) => placeOf(second) - placeOf(first));
  }
  const narrowed = narrow(found, chosen);
  matches = narrowed.kept;
  showFilterCounts(narrowed.counts);
  // At most the pages there are, and at most MAX_PAGES_AT_ONCE from an
  // address, so that no link makes a browser fetch the whole archive.
  const asked = Math.max(1, Number.parseInt(parameters.get("page"), 10) || 1);
  const pages = Math.min(asked, Math.ceil(matches.length / PAGE_SIZE), MAX_PAGES_AT_ONCE);
  await showMore(pages * PAGE_SIZE, false);
  if (parameters.has("page") && pages !== asked) {
    recordPages();
  }
}

function failed(error) {
  status.textContent = root.dataset.failed;
  more.hidden = true;
  throw error;
}

root.querySelector("[data-press-search-fallback]").hidden = true;
// One page at a time: a second click while one loads adds nothing.
let loading = null;
more.addEventListener("click", () => {
  loading ??= showMore(PAGE_SIZE, true).catch(failed).finally(() => {
    loading = null;
  });
});
search().catch(failed);
