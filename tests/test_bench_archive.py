"""A small run of `make bench`'s archive generator: what it writes is valid
content in the writers' format, paired as the benchmark says."""

import sys
from pathlib import Path

from conftest import ROOT, run_build

sys.path.insert(0, str(ROOT / "tests" / "bench"))
from generate_archive import write_archive  # noqa: E402

from pressroom.commands import load_settings  # noqa: E402
from pressroom.reading import read_content  # noqa: E402
from pressroom.render.cache import RenderCache  # noqa: E402


def test_synthetic_archive_is_valid_and_about_ten_percent_unpaired(tmp_path):
    content = tmp_path / "content"
    files = write_archive(content, pairs=60, seed=3)
    settings = load_settings(str(ROOT / "tests" / "bench" / "benchconf.py"), str(content))
    cache = RenderCache(None, settings)
    reading = read_content(str(content), settings, cache)
    cache.finish()
    assert reading.problems == []
    releases = [s for s in reading.sources if s.kind == "release"]
    assert len(releases) == files
    slugs = {s.slug for s in releases}
    unpaired = [slug for slug in slugs if len([s for s in releases if s.slug == slug]) == 1]
    assert len(slugs) == 60 and 2 <= len(unpaired) <= 14
    words = len(Path(releases[0].path).read_text(encoding="utf-8").split())
    assert 500 <= words <= 900


def test_same_seed_gives_the_same_archive(tmp_path):
    write_archive(tmp_path / "a", pairs=5, seed=9)
    write_archive(tmp_path / "b", pairs=5, seed=9)
    read = lambda root: {p.relative_to(root): p.read_bytes() for p in root.rglob("*.md")}  # noqa: E731
    assert read(tmp_path / "a") == read(tmp_path / "b")


def test_synthetic_archive_builds(tmp_path):
    write_archive(tmp_path / "content", pairs=12, seed=4)
    result = run_build(tmp_path / "content", tmp_path / "output", ROOT / "tests" / "bench" / "benchconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list((tmp_path / "output" / "ko" / "releases").glob("release-*/index.html"))) >= 12
