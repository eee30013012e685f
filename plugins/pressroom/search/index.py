"""The Pagefind index of each language: record pages, shards, one bundle.

A record page holds search terms (terms.py), not prose. What a result shows
(title, address, date, summary, and the release's text for excerpts) and
its facets (facets.py) are the record's `shown`, which
bundle.fill_fragments() writes into its fragment after indexing, so that
none of it is indexed as written: the Korean index holds encoded terms only.

Pagefind keeps its whole index in memory while it indexes (about 150 KB a
Korean record), so each language's releases, oldest first, are cut into
shards of PRESSROOM_SEARCH_SHARD_SIZE records, each indexed by Pagefind's
command (one process, one shard at a time) and checked to hold every record.
The shards are kept between builds in the cache (PRESSROOM_CACHE_PATH/search/)
with the digest of their records, so editing one release re-indexes one shard;
new releases join the newest shard, so older shards keep their records. Then
bundle.merge() makes the language's one published bundle, /{lang}/pagefind/,
of its shards, in a process of its own.
"""

import hashlib
import html
import json
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import timezone
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path

from pagefind_bin import get_executable

from .. import urls
from ..build import warm
from . import bundle
from .bundle import SearchIndexError
from .facets import release_facets
from .terms import search_terms

PAGEFIND_VERSION = version("pagefind_bin")
# What a shard or a merged bundle is made by, besides its records: Pagefind
# and this package's code that writes Pagefind's files.
MADE_BY = hashlib.sha256(f"pagefind {PAGEFIND_VERSION}\0".encode() + b"".join(
    Path(module.__file__).read_bytes() for module in (bundle,)) + Path(__file__).read_bytes()).hexdigest()


@dataclass(frozen=True)
class SearchRecord:
    page: str  # what Pagefind indexes (record_page())
    # What a result shows (bundle.SHOWN_META and bundle.TEXT_FIELD), and what
    # its fragment is named by (bundle.ORDER_FIELD, bundle.FACETS_FIELD).
    shown: dict


def record_page(lang, terms_title, terms_body):
    """A page for Pagefind to index: terms as text, and nothing else.
    Pagefind indexes metadata too; what a result shows is written into its
    fragment after indexing (bundle.fill_fragments()), and the filters are
    the facets in its name (facets.py)."""
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title></title></head>'
            f'<body data-pagefind-body>'
            f'<p data-pagefind-weight="5">{html.escape(terms_title)}</p><p>{html.escape(terms_body)}</p>'
            f'</body></html>')


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
    """Index one shard's records ({file name: SearchRecord}) into a bundle
    of its own under `work_dir`, its fragments filled in, and return the
    bundle's folder. Each shard gets a Pagefind process of its own that exits
    when its bundle is written, so the build's peak memory is bounded by the
    shard size, not by the archive."""
    records_dir, bundle_dir = work_dir / "records", work_dir / "bundle"
    records_dir.mkdir(parents=True)
    for name, record in records.items():
        (records_dir / name).write_text(record.page, encoding="utf-8")
    _index(records_dir, bundle_dir)
    check_bundle(bundle_dir, lang, len(records))
    bundle.fill_fragments(bundle_dir, lang, {name: record.shown for name, record in records.items()})
    shutil.rmtree(records_dir)
    return bundle_dir


def records_digest(records):
    """The digest of a shard's records and of what makes its bundle: a
    bundle is reused only when both are the same."""
    digest = hashlib.sha256(f"{MADE_BY}\0".encode())
    for name in sorted(records):
        digest.update(name.encode() + b"\0" + records[name].page.encode() + b"\0"
                      + json.dumps(records[name].shown, sort_keys=True, ensure_ascii=False).encode() + b"\0")
    return digest.hexdigest()


def bundle_files(bundle_dir):
    for directory, _, files in os.walk(bundle_dir):
        for filename in files:
            path = os.path.join(directory, filename)
            yield os.path.relpath(path, bundle_dir).replace(os.sep, "/"), path


def temporary_folder():
    return tempfile.TemporaryDirectory(prefix="pressroom-search-")


# Beside each shard and each published bundle: the digest of what it was
# made from (records_digest(), bundle_digest()).
SEARCH_DIGEST_FILE = "records.sha256"


def search_records(lang, releases, settings, localizer):
    """{file name: SearchRecord} of each of `releases`, in `lang`."""
    categories = settings["PRESSROOM_CATEGORIES"]
    departments = settings["PRESSROOM_DEPARTMENTS"]
    records = {}
    for release in releases:
        category = categories[release.category][lang]
        names = [departments[key][lang] for key in release.departments]
        texts = release.texts
        body = f"{texts.search_body} {search_terms(' '.join([category, *names]), lang)}"
        # Not "{slug}.html": Pagefind gives index.html the address "/".
        records[f"r-{release.slug}.html"] = SearchRecord(
            page=record_page(lang, texts.search_title, body),
            shown={"title": release.title_text, "href": urls.href(settings, release.path),
                   "date": localizer.date(release.date), "summary": release.summary_text,
                   bundle.ORDER_FIELD: release_order(release), bundle.FACETS_FIELD: release_facets(release, settings),
                   bundle.TEXT_FIELD: texts.search_text})
    return records


def release_order(release):
    """The release's publication time in UTC, to the minute, as digits: the
    search page's "newest first"."""
    return release.date.astimezone(timezone.utc).strftime("%Y%m%d%H%M")


def bundle_digest(shard_digests):
    """The digest of a language's published bundle: that of its shards, in
    order."""
    return hashlib.sha256(f"{MADE_BY}\0{' '.join(shard_digests)}".encode()).hexdigest()


def _remove(path):
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _replace_folder(target, source):
    """Put the folder `source` where `target` is, whatever was there."""
    _remove(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(source), str(target))


class SearchIndex:
    """The search bundle of every language (plan.site.search_shards): each
    shard indexed unless the kept one was made from the same records, then
    the shards merged, unless the published bundle was made from the same
    shards; then published into the build's output."""

    def __init__(self, shards, settings, localizers, out):
        self.shards = shards  # lang -> [releases of each shard, oldest first]
        self.settings = settings
        self.localizers = localizers
        self.out = out  # build.files.OutputFiles
        self.kept, self.digests, self.bundles = [], {}, {}

    def index(self, work):
        """One shard's records at a time are held in memory; the languages
        are merged at the same time, each in a process of its own."""
        work = Path(work)
        cache = self.settings["PRESSROOM_CACHE_PATH"]
        store = Path(cache) / "search" if cache else work / "shards"
        merges = {}
        for lang, shards in self.shards.items():
            if not shards:
                _remove(store / lang)  # the shards of releases no longer published
                continue
            folder = urls.search_bundle(lang)
            shard_digests = [self._shard_digest(lang, number, releases) for number, releases in enumerate(shards)]
            digest = self.digests[folder] = bundle_digest(shard_digests)
            published = Path(self.out.published, folder, SEARCH_DIGEST_FILE)
            if published.is_file():
                unchanged = published.read_text(encoding="utf-8") == digest
                if unchanged or self.settings["PRESSROOM_SEARCH_LATER"]:
                    # PRESSROOM_SEARCH_LATER (the devserver): the pages now,
                    # this language's new bundle in the build it runs next.
                    self.kept.append(folder)
                    if not unchanged:
                        warm.leave_for_later(f"the search index of {folder}/")
                    continue
            shard_dirs = []
            for number, (releases, shard_digest) in enumerate(zip(shards, shard_digests)):
                shard_dir = store / lang / str(number)
                made_from = shard_dir / SEARCH_DIGEST_FILE
                if not (made_from.is_file() and made_from.read_text(encoding="utf-8") == shard_digest):
                    # Gone first: a shard half deleted is never taken for done.
                    made_from.unlink(missing_ok=True)
                    records = search_records(lang, releases, self.settings, self.localizers[lang])
                    _replace_folder(shard_dir, index_shard(lang, records, work / f"{lang}-{number}"))
                    # Written last: a shard cut short is never taken for done.
                    made_from.write_text(shard_digest, encoding="utf-8")
                shard_dirs.append(shard_dir)
            for stale in set((store / lang).iterdir()) - set(shard_dirs):
                _remove(stale)
            merges[folder] = (shard_dirs, lang, work / "merged" / lang)
        if merges:
            # Spawned, not forked: a merge's process starts without the
            # build's memory.
            with ProcessPoolExecutor(len(merges), mp_context=get_context("spawn")) as pool:
                futures = {folder: pool.submit(bundle.merge, *arguments) for folder, arguments in merges.items()}
                self.bundles = {folder: future.result() for folder, future in futures.items()}

    def _shard_digest(self, lang, number, releases):
        # A release's record is made from what its digest covers (its file,
        # its rendering, its counterpart) and the settings.
        return warm.remembered(
            "search records", (lang, number, tuple(release.digest for release in releases)),
            lambda: records_digest(search_records(lang, releases, self.settings, self.localizers[lang])))

    def publish(self):
        for folder in self.kept:
            for name, _path in bundle_files(os.path.join(self.out.published, folder)):
                self.out.keep(f"{folder}/{name}")
        for folder, merged in self.bundles.items():
            for name, path in bundle_files(merged):
                self.out.copy(f"{folder}/{name}", path)
            self.out.write(f"{folder}/{SEARCH_DIGEST_FILE}", self.digests[folder])
