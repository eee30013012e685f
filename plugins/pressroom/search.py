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

Each language's releases, oldest first, are cut into shards of
PRESSROOM_SEARCH_SHARD_SIZE records, and each shard is a Pagefind bundle of
its own under /{lang}/pagefind/{n}/, indexed by Pagefind's command (one
process, one shard at a time), and checked to hold every record. The search
page loads the first shard's script and merges the others with Pagefind's
mergeIndex(), which reuses the first shard's WebAssembly. Shards bound the
memory an indexer needs, and a shard whose records did not change since the
previous build keeps its bundle, so editing one release re-indexes one shard.
New releases join the newest shard, so older shards keep their records.
"""

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from pagefind_bin import get_executable

HANGUL_SYLLABLE_FIRST = 0xAC00
HANGUL_RUN_OR_WORD = re.compile(r"[\uac00-\ud7a3]+|[^\W_]+")
HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
ENCODED_PREFIX = "0"
PAGEFIND_VERSION = version("pagefind_bin")


SYLLABLE_CODES = [chr(97 + n // 676) + chr(97 + n // 26 % 26) + chr(97 + n % 26) for n in range(11172)]


def encode_hangul(run):
    """'외교' -> '0' + three letters per syllable, in syllable order."""
    return ENCODED_PREFIX + "".join(SYLLABLE_CODES[ord(syllable) - HANGUL_SYLLABLE_FIRST] for syllable in run)


# A term is at most this many syllables: matching is by prefix, so a longer
# term would only find queries longer than any real one, and a run of
# thousands of syllables without a space would otherwise give terms whose
# total length grows with the square of the run's.
MAX_TERM_SYLLABLES = 20


@lru_cache(maxsize=200_000)
def _word_terms(word):
    terms = []
    for match in HANGUL_RUN_OR_WORD.finditer(word):
        run = match.group(0)
        if HANGUL_RUN.fullmatch(run):
            terms.append(encode_hangul(run[:MAX_TERM_SYLLABLES]))
            terms += [encode_hangul(run[start:start + MAX_TERM_SYLLABLES]) for start in range(1, len(run) - 1)]
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


class SearchIndexError(Exception):
    """Pagefind failed, or wrote a bundle that does not hold every record."""


def _index(records_dir, bundle_dir):
    """Index a folder of records with Pagefind's command, which exits only
    once its files are on disk. (Pagefind's Python service answered
    WriteFiles before its last file was written and was then terminated: on
    the 10,000-pair archive one shard in twenty came out with an empty
    pagefind-entry.json, and its search failed.)"""
    result = subprocess.run([str(get_executable()), "--site", str(records_dir), "--output-path", str(bundle_dir),
                             "--silent"], capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed on {records_dir} (exit {result.returncode}):\n"
                               f"{result.stdout}{result.stderr}")


def check_bundle(bundle_dir, lang, records):
    """Refuse a bundle whose entry file does not count every record: a
    release missing from search would otherwise go unnoticed."""
    entry_path = Path(bundle_dir) / "pagefind-entry.json"
    try:
        indexed = json.loads(entry_path.read_text(encoding="utf-8"))["languages"][lang]["page_count"]
    except (OSError, ValueError, KeyError) as error:
        raise SearchIndexError(f"Pagefind wrote no usable {entry_path} for the '{lang}' records: {error!r}") from error
    if indexed != records:
        raise SearchIndexError(f"Pagefind indexed {indexed} of the {records} '{lang}' records in {bundle_dir}")


def index_shard(lang, records, work_dir):
    """Index one shard's records ({name: html}) into a bundle of its own under
    `work_dir` and return the bundle's folder. Each shard gets a Pagefind
    process of its own that exits when its bundle is written: Pagefind keeps
    its whole index in memory (about 150 KB a Korean record), so indexing
    shard after shard bounds the build's peak memory by the shard size, not
    by the archive."""
    records_dir, bundle_dir = work_dir / "records", work_dir / "bundle"
    records_dir.mkdir(parents=True)
    for name, page in records.items():
        (records_dir / name).write_text(page, encoding="utf-8")
    _index(records_dir, bundle_dir)
    check_bundle(bundle_dir, lang, len(records))
    shutil.rmtree(records_dir)
    return bundle_dir


def records_digest(records):
    """The digest of a shard's records and of the Pagefind that indexes them:
    a bundle is reused only when both are the same, so that every shard of a
    language comes from one Pagefind version."""
    digest = hashlib.sha256(f"pagefind {PAGEFIND_VERSION}\0".encode())
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
