"""A damaged, tampered or half-written render cache never stops a build and
is never published.

Each test warms a cache folder with one build, damages it as a full disk, a
flipped bit, a bad CI cache restore or someone with write access to it
would, builds again, and compares what was published with a cold build of
the same sources."""

import json
import pickle

import pytest

from conftest import FIXTURE, BuiltSite, run_build, tree_digest

CONTENT = FIXTURE / "content"
SETTINGS = FIXTURE / "fixtureconf.py"
PAGE = "en/releases/beta-forum/index.html"
TITLE = "Beta Forum Held in Seoul"  # beta-forum.en.md's title
SCRIPT = b"<script>alert(1)</script>"


def build(output, cache, jobs=2):
    result = run_build(CONTENT, output, SETTINGS, cache=cache, jobs=jobs)
    assert result.returncode == 0, result.stdout + result.stderr
    return " ".join(result.stdout.split())  # the summary, unwrapped


@pytest.fixture(scope="module")
def cold(tmp_path_factory):
    """The site built with no cache at all: what every build must publish."""
    output = tmp_path_factory.mktemp("cold") / "output"
    build(output, "none")
    return output


@pytest.fixture
def cache(tmp_path):
    """A cache folder warmed by one build."""
    build(tmp_path / "warm", tmp_path / "cache")
    return tmp_path / "cache"


# -- reading and writing entries as an attacker who read render/cache.py would

def read_entry(path):
    """(header, texts bytes, body bytes) of an entry file."""
    data = path.read_bytes()
    line, rest = data.split(b"\n", 1)
    header = json.loads(line)
    length = header["texts"][0]
    return header, rest[:length], rest[length:]


def write_entry(path, header, texts, body):
    path.write_bytes(json.dumps(header).encode() + b"\n" + texts + body)


def entry_for(cache, title_text):
    """The entry file of the source whose title is title_text."""
    found = [path for path in cache.glob("*/*.entry") if json.loads(read_entry(path)[1])["title_text"] == title_text]
    assert len(found) == 1, f"{len(found)} cache entries for {title_text!r}"
    return found[0]


def body_of(page_file):
    return BuiltSite.parse(page_file).select_one(".press-release__body")


# -- damaged bodies, found only when the page is written -----------------------

@pytest.mark.parametrize("jobs", [1, 2], ids=["serial", "in workers"])
def test_a_flipped_byte_in_a_cached_body_is_rendered_anew(tmp_path, cache, cold, jobs):
    entry = entry_for(cache, TITLE)
    intact = entry.read_bytes()
    header, texts, body = read_entry(entry)
    assert b"Beta Forum" in body
    write_entry(entry, header, texts, body.replace(b"Beta Forum", b"Beta Foru\x6e", 1))  # m (0x6d) -> n
    # A new output folder, so that every page is written (and every body read).
    summary = build(tmp_path / "next", cache, jobs)
    assert (tmp_path / "next" / PAGE).read_bytes() == (cold / PAGE).read_bytes()
    assert "1 damaged cache entry discarded and rendered anew" in summary
    assert "source files read: 0 rendered anew," in summary, "listings read the texts alone, not the body"
    assert entry.read_bytes() == intact, "the entry is stored again as a cold build writes it"
    again = build(tmp_path / "again", cache, jobs)
    assert "damaged" not in again


def test_a_cached_body_with_a_script_and_a_stale_digest_is_not_published(tmp_path, cache, cold):
    entry = entry_for(cache, TITLE)
    header, texts, body = read_entry(entry)
    body = SCRIPT + body
    header["body"][0] = len(body)  # the length made right, the digest left as it was
    write_entry(entry, header, texts, body)
    summary = build(tmp_path / "next", cache)
    assert "alert(1)" not in (tmp_path / "next" / PAGE).read_text(encoding="utf-8")
    assert (tmp_path / "next" / PAGE).read_bytes() == (cold / PAGE).read_bytes()
    assert "1 damaged cache entry discarded" in summary


def test_a_cached_body_with_a_script_and_a_forged_digest_is_not_published(tmp_path, cache):
    # The digest cannot help here: it detects damage, not a forger, and
    # anyone who can read render/cache.py can compute it as below. What must
    # stop this script is the sanitizer every body passes through on its way
    # into a page (html_policy.sanitize), cached or fresh.
    from pressroom.render.cache import part_digest
    entry = entry_for(cache, TITLE)
    header, texts, body = read_entry(entry)
    body = SCRIPT + body
    header["body"] = [len(body), part_digest(header["key"], "body", body)]
    write_entry(entry, header, texts, body)
    build(tmp_path / "next", cache)
    published = body_of(tmp_path / "next" / PAGE)
    assert published is not None and "Beta Forum" in published.get_text()
    assert published.find("script") is None, "a forged cache entry published a <script>"


# -- damaged entries, found when their texts are read ------------------------

DAMAGES = {
    "truncated": lambda data: data[:len(data) // 2],
    "empty": lambda data: b"",
    "garbage": lambda data: bytes(range(256)) * 3,
    "header only": lambda data: data.split(b"\n", 1)[0] + b"\n",
    "another entry": None,  # made in the test
}


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
def test_a_damaged_entry_is_rendered_anew(tmp_path, cache, cold, damage):
    entry = entry_for(cache, TITLE)
    intact = entry.read_bytes()
    if damage == "another entry":
        # Another file's valid entry copied under this key, its header made
        # to name this key: its digests are bound to the other key.
        other = next(path for path in cache.glob("*/*.entry") if path != entry)
        header, texts, body = read_entry(other)
        write_entry(entry, dict(header, key=entry.stem), texts, body)
    else:
        entry.write_bytes(DAMAGES[damage](intact))
    summary = build(tmp_path / "warm", cache)  # the same output folder: a plain warm build
    assert "1 damaged cache entry discarded and rendered anew" in summary
    assert (tmp_path / "warm" / PAGE).read_bytes() == (cold / PAGE).read_bytes()
    assert tree_digest(tmp_path / "warm") == tree_digest(cold)
    assert entry.read_bytes() == intact


def test_a_leftover_temporary_file_is_removed(tmp_path, cache, cold):
    entry = entry_for(cache, TITLE)
    # What put() leaves when the disk fills up: part of an entry, under a
    # temporary name beside it; and one left by an older version.
    leftovers = [entry.with_name(f"{entry.stem}.4242.tmp"), entry.with_name(f"{entry.stem}.4242.1a2b3c4d.tmp"),
                 entry.with_name(f"{entry.stem}.pickle")]
    for leftover in leftovers:
        leftover.write_bytes(entry.read_bytes()[:100])
    build(tmp_path / "warm", cache)
    assert [leftover for leftover in leftovers if leftover.exists()] == []
    assert tree_digest(tmp_path / "warm") == tree_digest(cold)


def test_a_truncated_page_manifest_renders_every_page(tmp_path, cache, cold):
    (manifest,) = cache.glob("pages-*.json")
    manifest.write_bytes(manifest.read_bytes()[:len(manifest.read_bytes()) // 2])
    summary = build(tmp_path / "warm", cache)
    assert "the page manifest was damaged, so every page was rendered anew" in summary
    assert "HTML pages: " in summary and " rendered, 0 unchanged since the last build" in summary
    assert tree_digest(tmp_path / "warm") == tree_digest(cold)
    json.loads(manifest.read_text(encoding="utf-8"))  # written whole again
    assert "manifest" not in build(tmp_path / "warm", cache)


# -- never code ----------------------------------------------------------------

class Payload:
    """Unpickling this runs code: it creates the file `marker`."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return exec, (f"open({self.marker!r}, 'w').close()",)


def test_the_payload_would_run_if_unpickled(tmp_path):
    """The tests below can fail: loading this payload does create its marker."""
    pickle.loads(pickle.dumps(Payload(tmp_path / "marker")))
    assert (tmp_path / "marker").exists()


def test_a_pickle_in_the_cache_is_never_unpickled(tmp_path, cache, cold):
    from pressroom.commands import load_settings
    from pressroom.render.cache import RenderCache, part_digest
    marker = tmp_path / "marker"
    payload = pickle.dumps(Payload(marker))
    entries = sorted(cache.glob("*/*.entry"))
    keys = [entry.stem for entry in entries]
    for index, entry in enumerate(entries):
        entry.with_name(f"{entry.stem}.pickle").write_bytes(payload)  # where the old cache kept its pickles
        if index % 2:
            entry.write_bytes(payload)  # a pickle for a whole entry
        else:
            # A pickle for the texts, under a header and digest that match it.
            header, _texts, body = read_entry(entry)
            header["texts"] = [len(payload), part_digest(entry.stem, "texts", payload)]
            write_entry(entry, header, payload, body)

    reader = RenderCache(cache, load_settings(SETTINGS, CONTENT))
    assert [reader.texts(key) for key in keys] == [None] * len(keys)
    assert not marker.exists(), "reading the cache ran code"

    for entry in entries:  # the build read the pickles too, had it reached them
        entry.with_name(f"{entry.stem}.pickle").write_bytes(payload)
        entry.write_bytes(payload)
    summary = build(tmp_path / "warm", cache)
    assert not marker.exists(), "the build ran code from the cache"
    assert f"{len(entries)} damaged cache entries discarded and rendered anew" in summary
    assert tree_digest(tmp_path / "warm") == tree_digest(cold)
