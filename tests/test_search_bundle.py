"""Pagefind's bundle is byte-reproducible (plugins/pressroom/search/bundle.py).

Records with many values in each filter are indexed twice: Pagefind writes
those values in an order that changes from run to run, so with twenty years
and eight departments two unmended runs all but never agree.
"""

import gzip
import json
import random
from pathlib import Path

import cbor2

from pressroom.search import bundle, index

YEARS = [str(year) for year in range(2005, 2025)]
DEPARTMENTS = [f"Division {number}" for number in range(1, 9)]


def records():
    chooser = random.Random(16)
    words = "minerals cooperation summit signing supply chain seminar forum energy".split()
    return {
        f"release-{number}.html": index.record_page(
            "en", f"/en/releases/release-{number}/", f"Release {number}", "A summary.", "1 June 2024",
            f"release {number}", " ".join(chooser.choice(words) for _ in range(40)),
            {"category": chooser.choice(["Press releases", "Statements", "Speeches"]),
             "department": chooser.sample(DEPARTMENTS, chooser.choice([1, 2])),
             "year": chooser.choice(YEARS), "type": "Press release"},
            order=f"{202401010000 + number}")
        for number in range(200)}


def files(root):
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in Path(root).rglob("*") if path.is_file()}


def decoded(path):
    data = gzip.decompress(Path(path).read_bytes())
    assert data.startswith(bundle.SIGNATURE)
    return cbor2.loads(data[len(bundle.SIGNATURE):])


def filters(bundle_dir):
    """{filter: {value: pages}}, as the search script reads them, whatever their order."""
    return {name: {value: sorted(pages) for value, pages in values}
            for name, values in (decoded(path) for path in (Path(bundle_dir) / "filter").glob("*.pf_filter"))}


def test_two_indexings_of_the_same_records_give_byte_identical_bundles(tmp_path):
    first = index.index_shard("en", records(), tmp_path / "first")
    second = index.index_shard("en", records(), tmp_path / "second")
    first_files, second_files = files(first), files(second)
    assert any(name.startswith("filter/") for name in first_files)
    assert sorted(first_files) == sorted(second_files)
    assert [name for name in first_files if first_files[name] != second_files[name]] == []


def test_the_rewritten_bundle_holds_pagefinds_filters_under_names_its_files_agree_on(tmp_path):
    pagefind_only = tmp_path / "pagefind"
    (tmp_path / "records").mkdir()
    for name, page in records().items():
        (tmp_path / "records" / name).write_text(page, encoding="utf-8")
    index._index(tmp_path / "records", pagefind_only)
    before = filters(pagefind_only)
    assert set(before) == {"category", "department", "year", "type"} and set(before["year"]) == set(YEARS)
    bundle.make_reproducible(pagefind_only, "en")
    assert filters(pagefind_only) == before
    entry = json.loads((pagefind_only / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = decoded(pagefind_only / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    assert sorted(f"filter/{file_hash}.pf_filter" for _name, file_hash in meta[bundle.META_FILTERS]) == sorted(
        name for name in files(pagefind_only) if name.startswith("filter/"))
    assert [name for name, _hash in meta[bundle.META_FILTERS]] == ["category", "department", "type", "year"]
    for path in (pagefind_only / "filter").glob("*.pf_filter"):
        values = [value for value, _pages in decoded(path)[1]]
        assert values == sorted(values)
    assert len(list(pagefind_only.glob("*.pf_meta"))) == 1


def test_cbor2_writes_back_pagefinds_own_files_byte_for_byte(tmp_path):
    """What make_reproducible() rewrites is only the order: every file it
    decodes comes back as Pagefind wrote it when encoded unchanged."""
    (tmp_path / "records").mkdir()
    for name, page in records().items():
        (tmp_path / "records" / name).write_text(page, encoding="utf-8")
    index._index(tmp_path / "records", tmp_path / "bundle")
    paths = [*(tmp_path / "bundle").glob("*.pf_meta"), *(tmp_path / "bundle" / "filter").glob("*.pf_filter")]
    assert len(paths) == 5
    for path in paths:
        data = gzip.decompress(path.read_bytes())
        assert bundle.SIGNATURE + cbor2.dumps(decoded(path)) == data, path.name


def test_each_fragment_is_named_after_its_records_order(tmp_path):
    """The search page sorts by these names (newest first) without fetching
    the fragments, so each must carry its own record's order."""
    shard = index.index_shard("en", records(), tmp_path / "shard")
    entry = json.loads((shard / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = decoded(shard / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    listed = sorted(name for name, _words in meta[bundle.META_FRAGMENTS])
    assert listed == sorted(path.stem for path in (shard / "fragment").glob("*.pf_fragment"))
    assert len(listed) == 200
    # The index and filter files name pages by their place in this list: it
    # keeps Pagefind's order and word counts, under the new names.
    pagefind_only = tmp_path / "pagefind"
    (tmp_path / "records").mkdir()
    for name, page in records().items():
        (tmp_path / "records" / name).write_text(page, encoding="utf-8")
    index._index(tmp_path / "records", pagefind_only)
    entry = json.loads((pagefind_only / "pagefind-entry.json").read_text(encoding="utf-8"))
    original = decoded(pagefind_only / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    assert [(name.rpartition("_")[2], words) for name, words in meta[bundle.META_FRAGMENTS]] == [
        (name.removeprefix("en_"), words) for name, words in original[bundle.META_FRAGMENTS]]
    for name in listed:
        data = gzip.decompress((shard / "fragment" / f"{name}.pf_fragment").read_bytes())
        fragment = json.loads(data[len(bundle.SIGNATURE):])
        number = int(fragment["url"].removeprefix("/release-").removesuffix(".html"))
        assert name.startswith(f"en_{202401010000 + number}_")
