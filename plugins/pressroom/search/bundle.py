"""Pagefind's bundle, made byte-reproducible.

Pagefind 1.5 writes each filter's values, and the metadata's list of
filters, out of hash maps, so their order changes from run to run; with it
change the filter files' names (Pagefind names each file by a hash of its
bytes), the metadata file that names them, and the entry file that names the
metadata. Everything else it writes is the same for the same records.
`make_reproducible()` writes those files again in one order (each filter's
values sorted, the filters sorted by name) and names each by a digest of its
new bytes, in Pagefind's own form, so that two builds of the same records
publish the same bundle and a kept shard's files never change names.

It also renames each page's fragment after its record's `order` metadata
(the release's publication time, index.record_page()), in front of
Pagefind's hash: `{lang}_{order}_{hash}`. Pagefind's results carry only that
name (`result.id`) until a fragment is fetched, and its own sort cannot
order the results of merged shards (each shard scores by its own
positions), so this is how the search page lists every match newest first
without downloading every match's fragment.

The files are gzip-compressed CBOR after Pagefind's signature; cbor2 reads
them and writes them back byte for byte (tests/test_search_bundle.py checks
the round trip on a real bundle). A bundle whose layout is not the one
described here stops the build rather than being published half-rewritten.
"""

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
# Pagefind's metadata file: [version, fragments, index chunks, filters, sorts,
# meta fields]; `fragments` is [[fragment name, word count], ...] and
# `filters` is [[filter name, file hash], ...]. A fragment is Pagefind's
# signature and JSON, gzip-compressed.
META_FRAGMENTS, META_FILTERS = 1, 3
# The record metadata a fragment is renamed after: digits of one width, so
# that the names sort as the numbers do (index.release_order()).
ORDER_META, ORDER_DIGITS = "order", 12
# The hex digits of Pagefind's names: "{lang}_" + 7 for a filter file and
# + 10 for the metadata.
FILTER_HASH_DIGITS, META_HASH_DIGITS = 7, 10


class SearchIndexError(Exception):
    """Pagefind failed, or wrote a bundle that cannot be published: one that
    does not hold every record, or one whose layout this module does not know
    how to rewrite. (index.py raises it too.)"""


def _decode(path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise SearchIndexError(f"{path} does not start with Pagefind's signature")
    return cbor2.loads(data[len(SIGNATURE):])


def _encode(value, lang, digits):
    """(name, bytes): the bytes are gzip without a timestamp, so the same
    value always gives the same file."""
    data = gzip.compress(SIGNATURE + cbor2.dumps(value), mtime=0)
    return f"{lang}_{hashlib.sha256(data).hexdigest()[:digits]}", data


def make_reproducible(bundle_dir, lang):
    """Rewrite the filter files, the metadata and the entry file of the
    one-language bundle in `bundle_dir` in a fixed order."""
    bundle_dir = Path(bundle_dir)
    entry_path = bundle_dir / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    meta_path = bundle_dir / f"pagefind.{entry['languages'][lang]['hash']}.pf_meta"
    meta = _decode(meta_path)
    filter_files = {path.stem: path for path in (bundle_dir / "filter").glob("*.pf_filter")}
    listed = {file_hash for _name, file_hash in meta[META_FILTERS]}
    if listed != set(filter_files):
        raise SearchIndexError(f"{meta_path} lists the filter files {sorted(listed)}, "
                                f"but {bundle_dir / 'filter'} holds {sorted(filter_files)}")
    filters = []
    for name, file_hash in sorted(meta[META_FILTERS]):
        filter_name, values = _decode(filter_files[file_hash])
        if filter_name != name:
            raise SearchIndexError(f"{filter_files[file_hash]} holds the filter {filter_name!r}, not {name!r}")
        new_hash, data = _encode([filter_name, sorted(values, key=lambda value: value[0])], lang, FILTER_HASH_DIGITS)
        filters.append([name, new_hash, data])
    if len({new_hash for _name, new_hash, _data in filters}) != len(filters):
        raise SearchIndexError(f"two of the filter files of {bundle_dir} have the same digest")
    for path in filter_files.values():
        path.unlink()
    for _name, new_hash, data in filters:
        (bundle_dir / "filter" / f"{new_hash}.pf_filter").write_bytes(data)
    meta[META_FILTERS] = [[name, new_hash] for name, new_hash, _data in filters]
    meta[META_FRAGMENTS] = _name_fragments_by_order(bundle_dir, lang, meta[META_FRAGMENTS])
    meta_hash, data = _encode(meta, lang, META_HASH_DIGITS)
    meta_path.unlink()
    (bundle_dir / f"pagefind.{meta_hash}.pf_meta").write_bytes(data)
    entry["languages"][lang]["hash"] = meta_hash
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _name_fragments_by_order(bundle_dir, lang, fragments):
    """Rename each fragment `{lang}_{order}_{Pagefind's hash}` and return the
    metadata's list of fragments under the new names."""
    folder = bundle_dir / "fragment"
    on_disk = {path.stem for path in folder.glob("*.pf_fragment")}
    if on_disk != {name for name, _words in fragments}:
        raise SearchIndexError(f"the metadata of {bundle_dir} lists other fragments than {folder} holds")
    renamed = []
    for name, words in fragments:
        path = folder / f"{name}.pf_fragment"
        data = gzip.decompress(path.read_bytes())
        if not data.startswith(SIGNATURE) or not name.startswith(f"{lang}_"):
            raise SearchIndexError(f"{path} is not a Pagefind fragment of the '{lang}' records")
        order = json.loads(data[len(SIGNATURE):]).get("meta", {}).get(ORDER_META, "")
        if not (order.isascii() and order.isdigit() and len(order) == ORDER_DIGITS):
            raise SearchIndexError(f"{path} has no '{ORDER_META}' of {ORDER_DIGITS} digits in its metadata")
        new_name = f"{lang}_{order}_{name[len(lang) + 1:]}"
        path.rename(folder / f"{new_name}.pf_fragment")
        renamed.append([new_name, words])
    return renamed
