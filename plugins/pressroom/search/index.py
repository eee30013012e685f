"""The Pagefind index of each language: record pages, shards, bundles.

The record pages hold search terms (terms.py), not prose:

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
import shutil
import subprocess
import tempfile
from datetime import timezone
from importlib.metadata import version
from pathlib import Path

from pagefind_bin import get_executable

from .. import urls
from ..build import warm
from .bundle import ORDER_META, SearchIndexError, make_reproducible
from .terms import search_terms

PAGEFIND_VERSION = version("pagefind_bin")


def record_page(lang, href, title, summary, date, terms_title, terms_body, filters, order):
    """A page for Pagefind to index: terms as text, the rest as metadata.
    `order` is digits that sort as the releases do, oldest first
    (release_order()); bundle.py names the record's fragment after it."""
    attribute = lambda value: html.escape(value, quote=True)  # noqa: E731
    metas = "".join(
        f'<span data-{key}="{attribute(value)}" data-pagefind-meta="{key}[data-{key}]"></span>'
        for key, value in (("title", title), ("href", href), ("summary", summary), ("date", date),
                           (ORDER_META, order)))
    # A filter may have several values (a joint release's departments): one
    # span a value.
    filter_spans = "".join(
        f'<span data-{key}="{attribute(value)}" data-pagefind-filter="{key}[data-{key}]"></span>'
        for key, values in filters.items() for value in ([values] if isinstance(values, str) else values))
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>r</title></head>'
            f'<body data-pagefind-body>{metas}{filter_spans}'
            f'<h1 data-pagefind-weight="5">{html.escape(terms_title)}</h1><p>{html.escape(terms_body)}</p>'
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
    make_reproducible(bundle_dir, lang)
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


# The digest of the records each shard was made from, beside its bundle; the
# bundle files the site never uses (Pagefind's own search interfaces: our
# page has its own script), and those only the first shard needs (the others
# are merged into it and use its script and WebAssembly).
SEARCH_DIGEST_FILE = "records.sha256"
SEARCH_UNUSED_FILES = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")
SEARCH_FIRST_SHARD_ONLY = ("pagefind.js", "pagefind-worker.js", "wasm.")


def search_records(lang, releases, settings, localizer):
    """{file name: record page} of each of `releases`, in `lang`."""
    categories = settings["PRESSROOM_CATEGORIES"]
    departments = settings["PRESSROOM_DEPARTMENTS"]
    records = {}
    for release in releases:
        category = categories[release.category][lang]
        names = [departments[key][lang] for key in release.departments]
        doc_type = localizer.gettext(release.doc_type_label)
        texts = release.texts
        body = f"{texts.search_body} {search_terms(' '.join([category, *names]), lang)}"
        records[f"{release.slug}.html"] = record_page(
            lang, urls.href(settings, release.path), release.title_text, release.summary_text,
            localizer.date(release.date), texts.search_title, body,
            {"category": category, "department": names, "year": str(release.year), "type": doc_type},
            release_order(release))
    return records


def release_order(release):
    """The release's publication time in UTC, to the minute, as digits: the
    search page's "newest first"."""
    return release.date.astimezone(timezone.utc).strftime("%Y%m%d%H%M")


class SearchIndex:
    """Every shard of every language (plan.site.search_shards), indexed into
    a temporary folder unless its records are exactly those its published
    bundle was made from; then published into the build's output."""

    def __init__(self, shards, settings, localizers, out):
        self.shards = shards  # lang -> [(folder, releases)]
        self.settings = settings
        self.localizers = localizers
        self.out = out  # build.files.OutputFiles
        self.kept, self.digests, self.bundles = [], {}, {}

    def index(self, work):
        """One shard's records at a time are held in memory."""
        for lang, shards in self.shards.items():
            for folder, releases in shards:
                def records(lang=lang, releases=releases):
                    return search_records(lang, releases, self.settings, self.localizers[lang])
                # A release's record is made from what its digest covers
                # (its file, its rendering, its counterpart) and the settings.
                digest = self.digests[folder] = warm.remembered(
                    "search records", (lang, folder, tuple(release.digest for release in releases)),
                    lambda records=records: records_digest(records()))
                published = os.path.join(self.out.published, folder, SEARCH_DIGEST_FILE)
                if os.path.isfile(published):
                    unchanged = Path(published).read_text(encoding="utf-8") == digest
                    if unchanged or self.settings["PRESSROOM_SEARCH_LATER"]:
                        # PRESSROOM_SEARCH_LATER (the devserver): the pages
                        # now, this shard's new bundle in the build it runs
                        # next.
                        self.kept.append(folder)
                        if not unchanged:
                            warm.leave_for_later(f"the search index of {folder}/")
                        continue
                self.bundles[folder] = index_shard(lang, records(), Path(work) / str(len(self.bundles)))

    def publish(self):
        for folder in self.kept:
            for name, _path in bundle_files(os.path.join(self.out.published, folder)):
                self.out.keep(f"{folder}/{name}")
        first_shards = {shards[0][0] for shards in self.shards.values() if shards}
        for folder, bundle in self.bundles.items():
            for name, path in bundle_files(bundle):
                unused = name.startswith(SEARCH_UNUSED_FILES) or (
                    folder not in first_shards and name.startswith(SEARCH_FIRST_SHARD_ONLY))
                if not unused:
                    self.out.copy(f"{folder}/{name}", path)
            self.out.write(f"{folder}/{SEARCH_DIGEST_FILE}", self.digests[folder])
