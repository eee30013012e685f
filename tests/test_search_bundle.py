"""The published search bundle: shards indexed by Pagefind, merged into one
(plugins/pressroom/search/bundle.py).

Records are cut into shards, indexed, and merged. The merged bundle must
answer as the shards answer together: every word finds the same releases,
every release keeps its word count, and each fragment's name carries its
release's facets; and it must be the same bytes each time.
"""

import gzip
import hashlib
import json
import random
import shutil
from pathlib import Path

import cbor2
import pytest

from pressroom.search import bundle, index
from pressroom.search.terms import search_terms

WORDS = ("minerals cooperation cooperative cooperatives summit signing supply chain seminar forum energy "
         "semiconductor semiconductors").split()


def records(count=200):
    chooser = random.Random(16)
    made = {}
    for number in range(count):
        text = " ".join(chooser.choice(WORDS) for _ in range(40))
        # Facets as facets.py writes them: a type, a category, one or two
        # departments (or none), a year.
        departments = "-".join(map(str, chooser.sample(range(12), chooser.choice([0, 1, 2]))))
        facets = f"0.{chooser.randrange(3)}.{departments}.{chooser.randrange(2005, 2025)}"
        made[f"release-{number}.html"] = index.SearchRecord(
            page=index.record_page("en", f"release {number}", text),
            # Orders out of the records' order, some of them equal: the
            # merged bundle orders by order, then address.
            shown={"title": f"Release {number}", "href": f"/en/releases/release-{number}/", "date": "1 June 2024",
                   "summary": "A summary.", "order": f"{202401010000 + (number * 7919) % 150}", "facets": facets,
                   "text": f"The readable text of release {number}: {text}."})
    return made


def korean_records(count):
    """Records of Korean words made of a few syllables, so that many terms
    share their first two syllables (seven encoded characters)."""
    chooser = random.Random(17)
    made = {}
    for number in range(count):
        text = " ".join("".join(chooser.choice("외교부장관회담협력") for _ in range(chooser.choice([2, 3, 4])))
                        for _ in range(30))
        made[f"release-{number}.html"] = index.SearchRecord(
            page=index.record_page("ko", f"보도 {number}", search_terms(text, "ko")),
            shown={"title": f"보도 {number}", "href": f"/ko/releases/release-{number}/", "date": "2024년 6월 1일",
                   "summary": "요약.", "order": f"{202401010000 + number}", "facets": "0.1.2.2024", "text": text})
    return made


def merged_bundle(work, made, shard_size=70, lang="en"):
    names = sorted(made, key=lambda name: int(name.removeprefix("release-").removesuffix(".html")))
    shards = []
    for number, start in enumerate(range(0, len(names), shard_size)):
        shard = {name: made[name] for name in names[start:start + shard_size]}
        shards.append(index.index_shard(lang, shard, Path(work) / f"shard-{number}"))
    return bundle.merge(shards, lang, Path(work) / "merged"), shards


def files(root):
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in Path(root).rglob("*") if path.is_file()}


def decoded(path):
    data = gzip.decompress(Path(path).read_bytes())
    assert data.startswith(bundle.SIGNATURE)
    return data[len(bundle.SIGNATURE):]


def read(bundle_dir, lang="en"):
    """What a search reads of a bundle: {url: word count}, {word: {url}},
    {url: fragment name}, the sort, and the chunk list, by address."""
    bundle_dir = Path(bundle_dir)
    entry = json.loads((bundle_dir / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = cbor2.loads(decoded(bundle_dir / f"pagefind.{entry['languages'][lang]['hash']}.pf_meta"))
    fragments = [json.loads(decoded(bundle_dir / "fragment" / f"{name}.pf_fragment")) for name, _words in meta[1]]
    urls = [fragment["url"] for fragment in fragments]
    word_counts = {url: words for url, (_name, words) in zip(urls, meta[1])}
    words = {}
    for _first, _last, name in meta[2]:
        for word, pages, variants in cbor2.loads(decoded(bundle_dir / "index" / f"{name}.pf_index"))[0]:
            for listed in [pages, *(form_pages for _form, form_pages in variants)]:
                page = 0
                for difference, _locations, _meta in listed:  # each page number after the one before it
                    page += difference
                    words.setdefault(word, set()).add(urls[page])
    names = {url: name for url, (name, _words) in zip(urls, meta[1])}
    return {"word_counts": word_counts, "words": words, "names": names, "meta": meta, "urls": urls,
            "fragments": fragments}


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    work = tmp_path_factory.mktemp("merge")
    made = records()
    merged_dir, shards = merged_bundle(work, made)
    return made, merged_dir, shards


def test_two_indexings_and_merges_of_the_same_records_give_byte_identical_bundles(tmp_path, merged):
    made, first, _shards = merged
    second, _ = merged_bundle(tmp_path, made)
    first_files, second_files = files(first), files(second)
    assert sorted(first_files) == sorted(second_files)
    assert [name for name in first_files if first_files[name] != second_files[name]] == []


def test_the_merged_bundle_answers_as_its_shards_do_together(merged):
    made, merged_dir, shards = merged
    assert len(shards) == 3
    parts = [read(shard) for shard in shards]
    whole = read(merged_dir)
    assert len(whole["urls"]) == len(set(whole["urls"])) == len(made)
    assert whole["word_counts"] == {url: words for part in parts for url, words in part["word_counts"].items()}
    union_words = {}
    for part in parts:
        for word, found in part["words"].items():
            union_words.setdefault(word, set()).update(found)
    assert whole["words"] == union_words
    assert {"cooperation", "cooper", "semiconductor"} & set(whole["words"])  # stemmed English words
    # Each release's facets begin its fragment's name; a query reads no
    # filter file, and the bundle has none, nor Pagefind's worker.
    by_href = {record.shown["href"]: record.shown for record in made.values()}
    for url, name in whole["names"].items():
        assert name.startswith(f"en_{by_href[url]['facets']}_"), (url, name)
    assert whole["meta"][bundle.META_FILTERS] == []
    meta_name = json.loads((merged_dir / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["en"]["hash"]
    assert sorted(path.name for path in merged_dir.iterdir()) == sorted([
        "fragment", "index", "pagefind-entry.json", "pagefind.js", f"pagefind.{meta_name}.pf_meta", "wasm.en.pagefind"])


def test_pages_are_in_order_of_publication_and_each_name_carries_its_place(merged):
    made, merged_dir, _shards = merged
    whole = read(merged_dir)
    by_href = {record.shown["href"]: record.shown for record in made.values()}
    expected = sorted(by_href, key=lambda href: (by_href[href]["order"], href))
    assert whole["urls"] == expected
    # The search page sorts newest first by the place (base 36) in the
    # names; the bundle has no sort of Pagefind's own.
    names = [name for name, _words in whole["meta"][bundle.META_PAGES]]
    assert [int(name.split("_")[2], 36) for name in names] == list(range(len(expected)))
    assert whole["meta"][bundle.META_SORTS] == []


def test_each_fragment_shows_the_records_text_and_metadata_and_no_search_terms(merged):
    made, merged_dir, _shards = merged
    by_href = {record.shown["href"]: record.shown for record in made.values()}
    for fragment in read(merged_dir)["fragments"]:
        shown = by_href[fragment["url"]]
        assert fragment["content"] == shown["text"]
        assert fragment["meta"] == {field: shown[field] for field in bundle.SHOWN_META}
    # The names end in four hex digits of the digest of the fragments' bytes.
    for path in (merged_dir / "fragment").glob("*.pf_fragment"):
        digest = path.stem.rpartition("_")[2]
        assert len(digest) == 4 and hashlib.sha256(path.read_bytes()).hexdigest().startswith(digest)


def test_an_edited_or_back_dated_release_renames_the_fragments_it_changes_and_no_other(tmp_path, merged):
    """A browser or CDN may keep an earlier build's fragment under its name:
    a name may stay only while its fragment stays byte for byte."""
    made, first_dir, _shards = merged
    before = {url: name for url, name in read(first_dir)["names"].items()}
    changed = dict(made)
    edited = changed["release-5.html"]
    changed["release-5.html"] = index.SearchRecord(edited.page, {**edited.shown, "text": edited.shown["text"] + " More."})
    # A release older than every other one: every place moves by one.
    changed["release-200.html"] = index.SearchRecord(
        index.record_page("en", "release 200", "minerals"),
        {"title": "Release 200", "href": "/en/releases/release-200/", "date": "1 June 2023", "summary": "A summary.",
         "order": "202301010000", "facets": "0.0..2023", "text": "The readable text of release 200: minerals."})
    for label, records_now, moved in (("edited", {k: v for k, v in changed.items() if k != "release-200.html"},
                                       {"/en/releases/release-5/"}),
                                      ("back-dated", changed, set(before))):
        after_dir, _ = merged_bundle(tmp_path / label, records_now)
        after = read(after_dir)["names"]
        assert {url for url in before if after[url] != before[url]} == moved, label
        # Every name the earlier bundle had too holds the same bytes.
        for name in set(after.values()) & set(before.values()):
            assert (after_dir / "fragment" / f"{name}.pf_fragment").read_bytes() == \
                (first_dir / "fragment" / f"{name}.pf_fragment").read_bytes(), (label, name)


def test_no_chunk_is_cut_between_words_that_share_their_first_seven_characters(tmp_path):
    """Pagefind's script loads the one chunk whose bounds hold a query word
    and finds the word's extensions there: each prefix of seven characters
    or more must have all its words in that chunk."""
    original = bundle.CHUNK_LOCATIONS
    bundle.CHUNK_LOCATIONS = 300  # many small chunks, from a small index
    try:
        merged_dir, _ = merged_bundle(tmp_path, korean_records(60), shard_size=25, lang="ko")
    finally:
        bundle.CHUNK_LOCATIONS = original
    whole = read(merged_dir, "ko")
    chunks = whole["meta"][bundle.META_CHUNKS]
    assert len(chunks) > 3
    chunk_of = {}
    for _first, _last, name in chunks:
        for word, _pages, _variants in cbor2.loads(decoded(merged_dir / "index" / f"{name}.pf_index"))[0]:
            chunk_of[word] = name
    for word in chunk_of:
        for length in range(7, len(word) + 1):  # "0" and two Hangul syllables, or 7 letters
            prefix = word[:length]
            holding = {chunk_of[other] for other in chunk_of if other.startswith(prefix)}
            assert holding == {pagefind_chunk_for(chunks, prefix)}, prefix


def pagefind_chunk_for(chunks, term):
    """The chunk Pagefind's script loads for a query word when its bounds
    hold the word (request_indexes in pagefind_web/src/lib.rs); it falls
    back to looser bounds only when no query word has such a chunk."""
    for first, last, name in chunks:
        if first <= term <= last:
            return name
    return None


def test_a_record_named_index_is_found_by_its_address(tmp_path):
    """Pagefind gives a page named index.html the address "/": a release
    whose slug is "index" must still find its record."""
    made = {f"r-{name}": record for name, record in list(records(3).items())}
    made["r-index.html"] = made.pop("r-release-0.html")
    bundle_dir = index.index_shard("en", made, tmp_path / "shard")
    assert len(list((bundle_dir / "fragment").glob("*.pf_fragment"))) == 3


def test_short_names_grow_only_where_two_digests_begin_alike():
    names = bundle._short_names(["abcdef012345", "abcdef019999", "123456789abc"], 7)
    assert names == {"abcdef012345": "abcdef012", "abcdef019999": "abcdef019", "123456789abc": "1234567"}


def test_a_shard_of_another_layout_stops_the_merge(tmp_path, merged):
    _made, _merged_dir, shards = merged
    entry = json.loads((shards[0] / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta_path = shards[0] / f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "pagefind-entry.json").write_bytes((shards[0] / "pagefind-entry.json").read_bytes())
    meta = cbor2.loads(decoded(meta_path))
    (odd / meta_path.name).write_bytes(gzip.compress(bundle.SIGNATURE + cbor2.dumps(meta + ["more"])))
    with pytest.raises(bundle.SearchIndexError, match="not Pagefind 1.5's metadata"):
        bundle.merge([shards[1], odd], "en", tmp_path / "out")


@pytest.mark.parametrize("facets", ["0.1.2.2024/../x", "<b>", 7])
def test_facets_that_are_not_digits_dots_and_dashes_stop_the_merge(tmp_path, facets):
    """The facets become part of a file's name and address: only what
    facets.py writes may."""
    made = records(3)
    first = next(iter(made))
    made[first] = index.SearchRecord(made[first].page, {**made[first].shown, "facets": facets})
    shard = index.index_shard("en", made, tmp_path / "shard")
    with pytest.raises(bundle.SearchIndexError, match="no 'facets' of digits"):
        bundle.merge([shard], "en", tmp_path / "out")


def shard_copy(shards, tmp_path):
    copy = tmp_path / "shard"
    shutil.copytree(shards[0], copy)
    return copy


def test_a_fragment_changed_in_the_cache_stops_the_merge(tmp_path, merged):
    """merge() copies fragments without reading them: their names' digests
    are what stops one cut short from being published."""
    _made, _merged_dir, shards = merged
    copy = shard_copy(shards, tmp_path)
    fragment = next((copy / "fragment").glob("*.pf_fragment"))
    fragment.write_bytes(fragment.read_bytes()[:10])
    with pytest.raises(bundle.SearchIndexError, match="not the fragment its name's digest says"):
        bundle.merge([copy, shards[1]], "en", tmp_path / "out")


@pytest.mark.parametrize("damage", ["missing", "not-json", "reordered", "short"])
def test_a_shard_whose_naming_file_is_missing_or_wrong_stops_the_merge(tmp_path, merged, damage):
    _made, _merged_dir, shards = merged
    copy = shard_copy(shards, tmp_path)
    path = copy / bundle.NAMING_FILE
    naming = json.loads(path.read_text(encoding="utf-8"))
    if damage == "missing":
        path.unlink()
    elif damage == "not-json":
        path.write_text("[[", encoding="utf-8")
    elif damage == "reordered":
        path.write_text(json.dumps(naming[1:] + naming[:1]), encoding="utf-8")
    else:
        path.write_text(json.dumps(naming[:-1]), encoding="utf-8")
    with pytest.raises(bundle.SearchIndexError, match=bundle.NAMING_FILE):
        bundle.merge([copy], "en", tmp_path / "out")
    assert not (tmp_path / "out").exists()
