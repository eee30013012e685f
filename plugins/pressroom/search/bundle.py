"""Pagefind's files: each shard's fragments filled in, the shards merged
into the one bundle a language publishes.

Pagefind indexes each shard of a language's records (index.py) into a
bundle of its own. A browser would then need every shard's metadata and one
index chunk a word per shard, and Pagefind's own sort cannot order the
results of merged shards (each shard scores by its own positions). So the
shards are merged here into one bundle, which a query reads as Pagefind's
own interface would read a bundle indexed in one piece: one metadata file,
one index chunk a word. The bundle has no filter files:
the search page filters and counts by the facets each fragment's name
carries (facets.py).

- **Fragments** (what a result shows): Pagefind's fragment of a record holds
  the record's search terms, which a reader must never see. fill_fragments()
  writes each fragment again with what the record's `shown` gives (its
  title, address, date and summary as metadata, and the release's text as
  readers read it as the content, from which the search page takes its
  excerpts), and names it after a digest of its new bytes.
- **Pages** are put in order of publication (the record's `order`, then its
  address), and merge() names each fragment `{lang}_{facets}_{place}_{digest}`:
  its release's facets (facets.py), its place in that order from the oldest
  (base 36), and the first FRAGMENT_DIGEST_DIGITS hex digits of its digest.
  The search page filters by the facets and lists newest first by the place,
  from the names Pagefind gives before it fetches any fragment; the bundle
  has no sort of Pagefind's own (a list of every page, 20 KB at 10,000
  releases, which every query would read).
- **Index chunks** are cut again for the whole language, as Pagefind cuts
  them (by the number of locations they hold), but never between two words
  that begin with the same SPLIT_PREFIX characters. Pagefind's script loads
  one chunk a query word and matches the word's extensions in it, so an
  extension in the next chunk would be missed; with this rule no query word
  of SPLIT_PREFIX characters or more (two encoded Hangul syllables) misses
  one.
- **Every file is written in one order** (words sorted, pages by
  publication) and named by a digest of its bytes, gzip without a
  timestamp, so that two builds of the same records publish the same bundle.
- **Pagefind's script alone**: the search page runs it with `noWorker`, so
  Pagefind's worker (a second copy of its search code, 41 KB) is not
  published.

The files are gzip-compressed CBOR (or, for a fragment, JSON) after
Pagefind's signature, in the layout of Pagefind 1.5 (PAGEFIND_VERSION in
index.py pins it). A bundle whose layout is not the one described here stops
the build rather than being published half-merged.
"""

import gzip
import hashlib
import heapq
import itertools
import json
import shutil
from operator import itemgetter
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
ENTRY_FILE = "pagefind-entry.json"
# Pagefind's metadata file: [version, pages, index chunks, filters, sorts,
# meta fields]; `pages` is [[fragment name, word count], ...] (the index
# files name a page by its place in this list), `index chunks` is
# [[first word, last word, file name], ...] and `filters` is [[filter name,
# file name], ...] (none here). An index chunk is [[word, pages, variants],
# ...], a page of a word [page, locations, meta locations] and a variant
# [form, pages].
META_FIELDS = 6
META_PAGES, META_CHUNKS, META_FILTERS, META_SORTS = 1, 2, 3, 4
# Pagefind's script, which the merged bundle takes from the first shard with
# its WebAssembly; the rest of a shard's top-level files are Pagefind's own
# search interfaces and its worker, which our search page does not use.
SCRIPT_FILES = ("pagefind.js",)
# The field of a record's `shown` that pages are ordered by: digits of one
# width, so that they sort as the numbers do (index.release_order()).
ORDER_FIELD, ORDER_DIGITS = "order", 12
# What a result shows, from a record's `shown` (index.search_records()):
# these as the fragment's metadata, TEXT_FIELD as its content.
SHOWN_META = ("title", "href", "date", "summary")
TEXT_FIELD = "text"
# The fields of `shown` that name the fragment rather than being shown, and
# are published only in its name: ORDER_FIELD and FACETS_FIELD, the
# release's facets as facets.py writes them, with these separators between
# filters and between values: digits and the separators alone, since they
# become part of a file's name and address.
FACETS_FIELD = "facets"
FIELD_SEPARATOR, VALUE_SEPARATOR = ".", "-"
FACET_CHARACTERS = frozenset("0123456789" + FIELD_SEPARATOR + VALUE_SEPARATOR)
# Beside a shard's metadata, fill_fragments() writes [[fragment name, order,
# href, facets], ...], one a page in the order of the metadata's list: what
# merge() orders and names the pages by.
NAMING_FILE = "naming.json"
# Hex digits of a file's name after "{lang}_", at least: Pagefind's own
# widths. Two files of a kind whose digests begin alike get longer names.
NAME_DIGITS = {"index": 7, "meta": 10}
# Hex digits of the digest ending a fragment's name. Its place makes the name
# unique; the digest makes it change with the fragment's bytes, so that a
# browser or CDN that keeps an earlier build's fragment of that name (Pagefind
# asks for a fragment by its name, and a host may let it be kept for minutes
# or hours) does not show it for another release or an earlier text. An
# earlier fragment of the same name must have had the same place and facets,
# and its digest would have to begin alike: 1 in 65,536 for each fragment
# that changed. Every digit more costs the first query about 6.5 KB at
# 10,000 releases.
FRAGMENT_DIGEST_DIGITS = 4
BASE_36 = "0123456789abcdefghijklmnopqrstuvwxyz"
# A chunk holds about this many locations (Pagefind's own measure, half its
# size), and is never cut between words that share their first SPLIT_PREFIX
# characters. A query reads one chunk a word: at Pagefind's 20,000, the
# chunk of `economic` weighed 43 KB at 10,000 English releases, at 10,000
# locations 6 KB; a word whose own locations fill a chunk (`the`, 33 KB) weighs the
# same either way.
CHUNK_LOCATIONS = 10_000
SPLIT_PREFIX = 7
GZIP_LEVEL = 6


class SearchIndexError(Exception):
    """Pagefind failed, or wrote a bundle that cannot be published: one that
    does not hold every record, or one whose layout this module does not know
    how to read. (index.py raises it too.)"""


def _decode(path):
    data = gzip.decompress(Path(path).read_bytes())
    if not data.startswith(SIGNATURE):
        raise SearchIndexError(f"{path} does not start with Pagefind's signature")
    return data[len(SIGNATURE):]


def _gzip(data):
    """Gzip without a timestamp: the same bytes always give the same file."""
    return gzip.compress(SIGNATURE + data, compresslevel=GZIP_LEVEL, mtime=0)


def _digest(data):
    return hashlib.sha256(data).hexdigest()


def read_entry(bundle_dir, lang):
    """(entry, metadata) of a one-language bundle."""
    bundle_dir = Path(bundle_dir)
    try:
        entry = json.loads((bundle_dir / ENTRY_FILE).read_text(encoding="utf-8"))
        meta_path = bundle_dir / f"pagefind.{entry['languages'][lang]['hash']}.pf_meta"
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise SearchIndexError(f"{bundle_dir} has no usable {ENTRY_FILE} for '{lang}': {error!r}") from error
    meta = cbor2.loads(_decode(meta_path))
    if not (isinstance(meta, list) and len(meta) == META_FIELDS):
        raise SearchIndexError(f"{meta_path} is not Pagefind 1.5's metadata of {META_FIELDS} fields")
    return entry, meta


def fill_fragments(bundle_dir, lang, shown):
    """Write each fragment of the shard in `bundle_dir` again with what its
    record shows (`shown`: {record file name: {field: text}}), under a name
    made of the whole digest of its new bytes (merge() shortens it), rewrite
    the metadata's list of pages to match, and write each page's naming
    fields beside it (NAMING_FILE)."""
    bundle_dir = Path(bundle_dir)
    entry, meta = read_entry(bundle_dir, lang)
    folder = bundle_dir / "fragment"
    on_disk = {path.stem for path in folder.glob("*.pf_fragment")}
    if on_disk != {name for name, _words in meta[META_PAGES]}:
        raise SearchIndexError(f"the metadata of {bundle_dir} lists other fragments than {folder} holds")
    pages, naming = [], []
    for name, words in meta[META_PAGES]:
        path = folder / f"{name}.pf_fragment"
        fragment = json.loads(_decode(path))
        record = shown.get(str(fragment.get("url", "")).lstrip("/"))
        if record is None:
            raise SearchIndexError(f"{path} is the fragment of {fragment.get('url')!r}, which is no record of this shard")
        fragment["url"] = record["href"]
        fragment["meta"] = {field: record[field] for field in SHOWN_META}
        fragment["content"] = record[TEXT_FIELD]
        data = _gzip(json.dumps(fragment, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode())
        new_name = f"{lang}_{_digest(data)}"
        path.unlink()
        (folder / f"{new_name}.pf_fragment").write_bytes(data)
        pages.append([new_name, words])
        naming.append([new_name, record[ORDER_FIELD], record["href"], record[FACETS_FIELD]])
    meta[META_PAGES] = pages
    (bundle_dir / NAMING_FILE).write_text(json.dumps(naming, ensure_ascii=False), encoding="utf-8")
    _write_meta(bundle_dir, entry, meta, lang, new_name=f"pagefind.{lang}_shard.pf_meta")


def _write_meta(bundle_dir, entry, meta, lang, new_name):
    old = bundle_dir / f"pagefind.{entry['languages'][lang]['hash']}.pf_meta"
    old.unlink()
    (bundle_dir / new_name).write_bytes(_gzip(cbor2.dumps(meta)))
    entry["languages"][lang]["hash"] = new_name.removeprefix("pagefind.").removesuffix(".pf_meta")
    (bundle_dir / ENTRY_FILE).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                         encoding="utf-8")


def _short_names(digests, digits):
    """{digest: the shortest start of it, of at least `digits` hex digits,
    that no other digest of `digests` shares}."""
    ordered = sorted(set(digests))
    names = {}
    for before, digest, after in zip([""] + ordered[:-1], ordered, ordered[1:] + [""]):
        shared = max(_common_prefix(before, digest), _common_prefix(digest, after))
        names[digest] = digest[:max(digits, shared + 1)]
    return names


def _base_36(number):
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = BASE_36[digit] + digits
        if not number:
            return digits


def _common_prefix(first, second):
    length = 0
    for a, b in zip(first, second):
        if a != b:
            break
        length += 1
    return length


def _shape_error(path, what):
    return SearchIndexError(f"{path} is not laid out as Pagefind 1.5 lays out {what}")


class _Shard:
    """One shard's bundle, read."""

    def __init__(self, bundle_dir, lang):
        self.dir = Path(bundle_dir)
        self.entry, meta = read_entry(self.dir, lang)
        self.version = meta[0]
        self.pages = meta[META_PAGES]
        self.chunks = [file_name for _first, _last, file_name in meta[META_CHUNKS]]
        self.meta_fields = meta[META_SORTS + 1]
        if meta[META_SORTS] or meta[META_FILTERS]:
            raise SearchIndexError(f"{self.dir} has sorts or filters of Pagefind's own, which a merge would have "
                                   "to keep")
        naming_path = self.dir / NAMING_FILE
        try:
            naming = json.loads(naming_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise SearchIndexError(f"{naming_path} cannot be read: {error}") from error
        if not (isinstance(naming, list) and len(naming) == len(self.pages)
                and all(isinstance(fields, list) and len(fields) == 4 and fields[0] == name
                        for fields, (name, _words) in zip(naming, self.pages))):
            raise SearchIndexError(f"{naming_path} does not name each page of {self.dir}, in order, by its "
                                   "fragment, order, address and facets")
        for name, order, _href, facets in naming:
            if not (isinstance(order, str) and order.isascii() and order.isdigit() and len(order) == ORDER_DIGITS):
                raise SearchIndexError(f"the fragment {name} of {self.dir} has no '{ORDER_FIELD}' of "
                                       f"{ORDER_DIGITS} digits")
            if not (isinstance(facets, str) and set(facets) <= FACET_CHARACTERS):
                raise SearchIndexError(f"the fragment {name} of {self.dir} has no '{FACETS_FIELD}' of digits, "
                                       "'.' and '-'")
        self.naming = [fields[1:] for fields in naming]

    def fragment(self, lang, name):
        """The bytes of the fragment `name`, which fill_fragments() named
        after their digest: a fragment cut short or changed in the cache
        stops the merge rather than being published."""
        path = self.dir / "fragment" / f"{name}.pf_fragment"
        data = path.read_bytes()
        if _digest(data) != name.removeprefix(f"{lang}_"):
            raise SearchIndexError(f"{path} is not the fragment its name's digest says")
        return data

    def words(self, numbers):
        """Each [word, pages, variants] of the shard, in order of the words,
        with the merged bundle's page `numbers`."""
        last = None
        for file_name in self.chunks:
            path = self.dir / "index" / f"{file_name}.pf_index"
            chunk = cbor2.loads(_decode(path))
            if not (isinstance(chunk, list) and len(chunk) == 1 and isinstance(chunk[0], list)):
                raise _shape_error(path, "an index chunk")
            for word in chunk[0]:
                if not (isinstance(word, list) and len(word) == 3 and isinstance(word[0], str)
                        and (last is None or word[0] > last)):
                    raise _shape_error(path, "a word (in order of the words)")
                text, pages, variants = word
                last = text
                yield text, _renumbered(path, pages, numbers), [
                    (form, _renumbered(path, form_pages, numbers)) for form, form_pages in variants]


def _renumbered(path, pages, numbers):
    """A word's [[page, locations, meta locations]] with the merged bundle's
    page numbers. Pagefind writes each page number as its difference from
    the one before it in the list; these are whole numbers, for
    _as_differences() to write back."""
    renumbered, page = [], 0
    try:
        for difference, locations, meta_locations in pages:
            page += difference
            renumbered.append([numbers[page], locations, meta_locations])
    except (TypeError, ValueError, IndexError) as error:
        raise _shape_error(path, "a word's pages") from error
    return renumbered


def _as_differences(pages):
    """`pages` in page order, each number written as Pagefind writes it."""
    pages.sort(key=itemgetter(0))
    before = 0
    for page in pages:
        page[0], before = page[0] - before, page[0]
    return pages


def merge(shard_dirs, lang, out_dir):
    """Merge the shard bundles of one language (fill_fragments() done) into
    one bundle in `out_dir`, which must not exist."""
    shards = [_Shard(shard_dir, lang) for shard_dir in shard_dirs]
    if not shards:
        raise SearchIndexError(f"no search shard of '{lang}' to merge")
    versions = {shard.version for shard in shards}
    fields = {json.dumps(shard.meta_fields) for shard in shards}
    if len(versions) != 1 or len(fields) != 1:
        raise SearchIndexError(f"the search shards of '{lang}' come from different Pagefind versions or "
                               f"index different metadata: {sorted(versions)}, {sorted(fields)}")
    out_dir = Path(out_dir)
    (out_dir / "fragment").mkdir(parents=True)
    (out_dir / "index").mkdir()

    # Pages in order of publication; the fragments named by their facets,
    # their place and their digest.
    pages = []
    for number, shard in enumerate(shards):
        for place, ((name, words), (order, href, facets)) in enumerate(zip(shard.pages, shard.naming)):
            pages.append((order, str(href), number, place, name, words, facets))
    pages.sort()
    names, numbers = [], [[0] * len(shard.pages) for shard in shards]
    for new_number, (_order, _href, number, place, name, words, facets) in enumerate(pages):
        numbers[number][place] = new_number
        digest = name.removeprefix(f"{lang}_")[:FRAGMENT_DIGEST_DIGITS]
        names.append([f"{lang}_{facets}_{_base_36(new_number)}_{digest}", words])
        (out_dir / "fragment" / f"{names[-1][0]}.pf_fragment").write_bytes(shards[number].fragment(lang, name))

    # Every word's pages and variants, from every shard: the shards' words
    # are read in order, chunk after chunk, so that memory holds one chunk a
    # shard, not the language's index.
    streams = [shard.words(numbers[number]) for number, shard in enumerate(shards)]
    chunk_list = _write_chunks(out_dir / "index", lang, _merged_words(streams))

    meta = [shards[0].version,
            names,
            chunk_list,
            [],
            [],
            shards[0].meta_fields]
    data = _gzip(cbor2.dumps(meta))
    meta_name = f"{lang}_{_digest(data)[:NAME_DIGITS['meta']]}"
    (out_dir / f"pagefind.{meta_name}.pf_meta").write_bytes(data)
    entry = shards[0].entry
    entry["languages"][lang].update(hash=meta_name, page_count=len(pages))
    (out_dir / ENTRY_FILE).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    # Pagefind's script loads the WebAssembly the entry names (one with an
    # English stemmer, or the one for languages without).
    wasm = f"wasm.{entry['languages'][lang].get('wasm') or 'unknown'}.pagefind"
    for name in (*SCRIPT_FILES, wasm):
        if not (shards[0].dir / name).is_file():
            raise SearchIndexError(f"{shards[0].dir} has no {name}")
        shutil.copyfile(shards[0].dir / name, out_dir / name)
    return out_dir


def _merged_words(streams):
    """[word, pages, variants] of every word of the sorted `streams`, in
    order, each word's pages and variants joined across the streams."""
    for text, group in itertools.groupby(heapq.merge(*streams, key=itemgetter(0)), key=itemgetter(0)):
        pages, variants = [], {}
        for _text, word_pages, word_variants in group:
            pages += word_pages
            for form, form_pages in word_variants:
                variants.setdefault(form, []).extend(form_pages)
        yield [text, _as_differences(pages), [[form, _as_differences(variants[form])] for form in sorted(variants)]]


def _chunk_locations(word):
    _word, pages, variants = word
    return sum(len(locations) + 1 for _page, locations, _meta in pages) + sum(
        len(locations) + 1 for _form, form_pages in variants for _page, locations, _meta in form_pages)


def _write_chunks(folder, lang, words):
    """Cut the sorted `words` (an iterator) into chunk files in `folder`;
    return the metadata's [[from, to, file name]]."""
    written, current, size = [], [], 0

    def write():
        data = _gzip(cbor2.dumps([current]))
        path = folder / f"{_digest(data)}.pf_index"
        path.write_bytes(data)
        written.append([current[0][0], current[-1][0], path])

    word = next(words, None)
    while word is not None:
        following = next(words, None)
        current.append(word)
        size += _chunk_locations(word)
        if following is None or (size >= CHUNK_LOCATIONS and _common_prefix(word[0], following[0]) < SPLIT_PREFIX):
            write()
            current, size = [], 0
        word = following
    # Each chunk's first bound is shortened as Pagefind shortens it; the last
    # stays its last word, so that a query word of SPLIT_PREFIX characters or
    # more lies within the bounds of the one chunk that holds its words.
    for before, after in zip(written, written[1:]):
        after[0] = after[0][:_common_prefix(before[1], after[0]) + 1]
    short = _short_names([path.stem for _first, _last, path in written], NAME_DIGITS["index"])
    listed = []
    for first, last, path in written:
        path.rename(folder / f"{lang}_{short[path.stem]}.pf_index")
        listed.append([first, last, f"{lang}_{short[path.stem]}"])
    return listed
