// Search page: runs the query in the address (?q=…&category=…&sort=newest
// &page=2) against this language's Pagefind bundles and lists the releases
// found, ten at a time, with the number of matches each filter's choices
// would leave. Without this script the page says that search needs
// JavaScript and links the listings.
//
// Korean queries are prepared as plugins/pressroom/search/terms.py prepared
// the index: a trailing particle comes off each Korean word, and each run of
// Hangul syllables is written as "0" plus three letters per syllable, so that
// Pagefind's prefix match finds 외교부 in 외교부는 and 회담 in 외교장관회담.

const root = document.querySelector("[data-press-search]");
const form = root.querySelector("form");
const status = root.querySelector("[data-press-search-status]");
const list = root.querySelector("[data-press-search-results]");
const FILTERS = ["type", "category", "department", "year"];

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

function koreanQuery(query) {
  const terms = [];
  for (const word of query.split(/\s+/)) {
    const runs = word.match(HANGUL_RUN_OR_WORD) || [];
    runs.forEach((run, index) => {
      const last = index === runs.length - 1;
      if (HANGUL_RUN.test(run)) {
        // A particle alone after an acronym or a number ("ODA를") is dropped:
        // the query is for the acronym, whatever particle the text has.
        const particleAfterWord = last && index > 0 && PARTICLES.includes(run);
        if (!particleAfterWord && !isNumberAffix(run, runs[index - 1], runs[index + 1])) {
          terms.push(encodeHangul(last ? withoutEnding(run) : run));
        }
      } else {
        terms.push(run);
      }
    });
  }
  return terms.join(" ");
}

// Results are shown PAGE_SIZE at a time; "page" in the address says how
// many pages of them are shown, so that a list can be shared and the back
// button comes back to it.
const PAGE_SIZE = 10;
const MAX_PAGES_AT_ONCE = 10;
const more = root.querySelector("[data-press-search-more]");
let matches = [];
let shown = 0;

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
  const summary = document.createElement("p");
  summary.className = "press-release-list__summary";
  summary.textContent = result.meta.summary;
  item.append(heading, meta, summary);
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

// Each choice of a filter shows how many matches it would leave: the
// query with the other filters, counted by this filter's values.
async function showFilterCounts(pagefind, query, filters) {
  await pagefind.filters();
  for (const name of FILTERS) {
    const others = { ...filters };
    delete others[name];
    const counts = (await pagefind.search(query, { filters: others })).filters[name] || {};
    for (const option of form.elements[name].options) {
      if (option.value) {
        option.dataset.label ??= option.textContent;
        option.textContent = `${option.dataset.label} (${counts[option.value] || 0})`;
      }
    }
  }
}

// Fragments are named "{lang}_{publication time}_{hash}" (search/bundle.py),
// so the matches of every shard sort newest first by their ids.
function newestFirst(a, b) {
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

async function search() {
  const parameters = new URLSearchParams(window.location.search);
  const query = (parameters.get("q") || "").trim();
  form.elements.q.value = query;
  const filters = {};
  for (const name of FILTERS) {
    // Only a value the page offers: one it does not would narrow the
    // search without showing as chosen.
    const value = parameters.get(name) || "";
    if (value && [...form.elements[name].options].some((option) => option.value === value)) {
      form.elements[name].value = value;
      filters[name] = value;
    }
  }
  const newest = parameters.get("sort") === "newest";
  form.elements.sort.value = newest ? "newest" : "";
  if (!query && !Object.keys(filters).length) {
    return;
  }
  // One Pagefind bundle per shard of the archive (search/index.py): the
  // first one's script runs the search, the others are merged into it.
  const [first, ...others] = root.dataset.bundles.split(" ").filter(Boolean);
  if (!first) {
    announce();
    return;
  }
  const prepared = (document.documentElement.lang === "ko" ? koreanQuery(query) : query) || null;
  if (query && !prepared) {
    announce();  // only particles or signs: nothing to search for
    return;
  }
  const pagefind = await import(first + "pagefind.js");
  await pagefind.init();
  await Promise.all(others.map((bundle) => pagefind.mergeIndex(bundle)));
  matches = (await pagefind.search(prepared, { filters })).results;
  if (newest) {
    matches.sort(newestFirst);
  }
  // At most the pages there are, and at most MAX_PAGES_AT_ONCE from an
  // address, so that no link makes a browser fetch the whole archive.
  const asked = Math.max(1, Number.parseInt(parameters.get("page"), 10) || 1);
  const pages = Math.min(asked, Math.ceil(matches.length / PAGE_SIZE), MAX_PAGES_AT_ONCE);
  await showMore(pages * PAGE_SIZE, false);
  if (parameters.has("page") && pages !== asked) {
    recordPages();
  }
  await showFilterCounts(pagefind, prepared, filters);
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
