"""Static search with Pagefind, one bundle per language, that works in Korean.

Pagefind as it comes splits Korean on spaces only and matches word prefixes,
so `회담` does not find `외교장관회담` and `외교부의` does not find `외교부는`;
and its Korean index never splits into chunks (Pagefind issue #1211), so every
query downloads all of it. Both are solved by what we give it to index:

- Each published release becomes a small record page (in a temporary
  folder, never published) whose text is search terms, not prose.
- Korean text is turned into terms by `korean_terms()`: every run of Hangul
  syllables in a word gives itself and each of its suffixes of two or more
  syllables, so a noun inside a compound starts a term; prefix matching
  then finds it whatever particle follows. Each syllable is written as three
  ASCII letters after a "0" (`encode_hangul()`): an ASCII index splits into
  chunks like an English one, and prefix order is kept, since every syllable
  has the same width.
- The search page's script (theme/static/js/search.js) treats the query the
  same way: it strips a trailing particle from each Korean word and encodes
  it, so `외교부의` looks for the prefix `외교부`.
- Results are shown from each record's metadata (title, address, date,
  summary), never from Pagefind's excerpts, which would show the terms.

Indexing goes through Pagefind's Python API, one add_directory() call per
language. A language whose records did not change since the previous build
keeps its bundle, so a warm build re-indexes only what it must.
"""

import asyncio
import hashlib
import html
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path

HANGUL_SYLLABLE_FIRST = 0xAC00
HANGUL_RUN_OR_WORD = re.compile(r"[\uac00-\ud7a3]+|[^\W_]+")
HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
ENCODED_PREFIX = "0"


SYLLABLE_CODES = [chr(97 + n // 676) + chr(97 + n // 26 % 26) + chr(97 + n % 26) for n in range(11172)]


def encode_hangul(run):
    """'외교' -> '0' + three letters per syllable, in syllable order."""
    return ENCODED_PREFIX + "".join(SYLLABLE_CODES[ord(syllable) - HANGUL_SYLLABLE_FIRST] for syllable in run)


@lru_cache(maxsize=200_000)
def _word_terms(word):
    terms = []
    for match in HANGUL_RUN_OR_WORD.finditer(word):
        run = match.group(0)
        if HANGUL_RUN.fullmatch(run):
            terms.append(encode_hangul(run))
            terms += [encode_hangul(run[start:]) for start in range(1, len(run) - 1)]
        else:
            terms.append(run)
    return terms


def search_terms(text, lang):
    """The terms a record of `lang` is indexed by: Korean as korean_terms();
    other languages as their words, for Pagefind to stem. Each term once."""
    if lang == "ko":
        return korean_terms(text)
    return " ".join(dict.fromkeys(text.split()))


def korean_terms(text):
    """Index terms for Korean text; words in other scripts stay as they are.
    Each term once, in order of first appearance: repeats would only make
    the record, and the fragment each result downloads, larger."""
    return " ".join(dict.fromkeys(term for word in text.split() for term in _word_terms(word)))


def record_page(lang, href, title, summary, date, terms_title, terms_body, filters):
    """A page for Pagefind to index: terms as text, the rest as metadata."""
    attribute = lambda value: html.escape(value, quote=True)  # noqa: E731
    metas = "".join(
        f'<span data-{key}="{attribute(value)}" data-pagefind-meta="{key}[data-{key}]"></span>'
        for key, value in (("title", title), ("href", href), ("summary", summary), ("date", date)))
    filter_spans = "".join(
        f'<span data-{key}="{attribute(value)}" data-pagefind-filter="{key}[data-{key}]"></span>'
        for key, value in filters.items())
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>r</title></head>'
            f'<body data-pagefind-body>{metas}{filter_spans}'
            f'<h1 data-pagefind-weight="5">{html.escape(terms_title)}</h1><p>{html.escape(terms_body)}</p>'
            f'</body></html>')


async def _index(records_dir, bundle_dir):
    from pagefind.index import IndexConfig, PagefindIndex
    async with PagefindIndex(IndexConfig(output_path=str(bundle_dir))) as index:
        await index.add_directory(str(records_dir))


def index_languages(records_by_language, work_dir):
    """Index each language's records ({name: html}) into its own bundle,
    the languages at the same time (each Pagefind indexer uses one core);
    return {language: bundle folder}."""
    bundles = {}
    for lang, records in records_by_language.items():
        records_dir = Path(work_dir) / lang / "records"
        records_dir.mkdir(parents=True)
        for name, page in records.items():
            (records_dir / name).write_text(page, encoding="utf-8")
        bundles[lang] = Path(work_dir) / lang / "bundle"

    async def index_all():
        await asyncio.gather(*(_index(Path(work_dir) / lang / "records", bundle) for lang, bundle in bundles.items()))
    asyncio.run(index_all())
    return bundles


def records_digest(records):
    digest = hashlib.sha256()
    for name in sorted(records):
        digest.update(name.encode() + b"\0" + records[name].encode() + b"\0")
    return digest.hexdigest()


def bundle_files(bundle_dir):
    for directory, _, files in os.walk(bundle_dir):
        for filename in files:
            path = os.path.join(directory, filename)
            yield os.path.relpath(path, bundle_dir).replace(os.sep, "/"), path


def temporary_folder():
    return tempfile.TemporaryDirectory(prefix="pressroom-search-")
