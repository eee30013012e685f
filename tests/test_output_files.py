"""The output folder (pressroom/build/files.py) and the worker pool
(pressroom/build/pool.py), in this process: unchanged files stay the same
file, changed ones are staged, nothing is written twice, stale files are
counted (and removed when writing in place), and results come back in the
items' order."""

import os

import pytest
from pressroom.build.files import OutputFiles
from pressroom.build.pool import in_shares, merged


@pytest.fixture
def folders(tmp_path):
    published, staging = tmp_path / "output", tmp_path / "staging"
    (published / "ko").mkdir(parents=True)
    (published / "ko" / "index.html").write_text("<p>안녕</p>", encoding="utf-8")
    (published / "old.html").write_text("old", encoding="utf-8")
    staging.mkdir()
    return published, staging


def test_unchanged_bytes_are_the_published_file_hard_linked(folders):
    published, staging = folders
    out = OutputFiles(str(staging), str(published))
    out.write("ko/index.html", "<p>안녕</p>")
    assert os.stat(staging / "ko" / "index.html").st_ino == os.stat(published / "ko" / "index.html").st_ino
    assert out.changed == 0
    assert out.current("ko/index.html") == str(staging / "ko" / "index.html")


def test_changed_bytes_are_staged_and_the_published_file_is_left_alone(folders):
    published, staging = folders
    out = OutputFiles(str(staging), str(published))
    out.write("ko/index.html", "<p>안녕하세요</p>")
    out.write("en/index.html", "<p>Hello</p>")
    assert (staging / "ko" / "index.html").read_text(encoding="utf-8") == "<p>안녕하세요</p>"
    assert os.stat(staging / "ko" / "index.html").st_ino != os.stat(published / "ko" / "index.html").st_ino
    assert (published / "ko" / "index.html").read_text(encoding="utf-8") == "<p>안녕</p>"
    assert (staging / "en" / "index.html").read_text(encoding="utf-8") == "<p>Hello</p>"
    assert out.changed == 2
    assert not list(staging.rglob("*.partial"))


def test_a_copy_of_unchanged_bytes_is_linked_and_of_changed_ones_staged(folders, tmp_path):
    published, staging = folders
    same, other = tmp_path / "same.html", tmp_path / "other.html"
    same.write_text("old", encoding="utf-8")
    other.write_text("new", encoding="utf-8")
    out = OutputFiles(str(staging), str(published))
    out.copy("old.html", str(same))
    out.copy("img/new.html", str(other))
    assert os.stat(staging / "old.html").st_ino == os.stat(published / "old.html").st_ino
    assert (staging / "img" / "new.html").read_text(encoding="utf-8") == "new"
    assert out.changed == 1


def test_keep_links_the_published_file(folders):
    published, staging = folders
    out = OutputFiles(str(staging), str(published))
    out.keep("ko/index.html")
    assert os.stat(staging / "ko" / "index.html").st_ino == os.stat(published / "ko" / "index.html").st_ino
    assert "ko/index.html" in out.written


@pytest.mark.parametrize("second", ["write", "copy", "keep"])
def test_the_same_name_twice_is_refused(folders, tmp_path, second):
    published, staging = folders
    source = tmp_path / "source.html"
    source.write_text("x", encoding="utf-8")
    out = OutputFiles(str(staging), str(published))
    out.write("ko/index.html", "<p>안녕</p>")
    with pytest.raises(FileExistsError):
        {"write": lambda: out.write("ko/index.html", "other"), "copy": lambda: out.copy("ko/index.html", str(source)),
         "keep": lambda: out.keep("ko/index.html")}[second]()


def test_merging_a_workers_files_refuses_a_name_written_twice(folders):
    published, staging = folders
    out = OutputFiles(str(staging), str(published))
    out.write("a.html", "a")
    out.merge({"b.html"}, 1)
    assert out.written == {"a.html", "b.html"} and out.changed == 2
    with pytest.raises(FileExistsError):
        out.merge({"a.html"}, 0)


def test_finish_counts_the_published_files_not_produced_and_leaves_them(folders):
    published, staging = folders
    out = OutputFiles(str(staging), str(published))
    out.write("ko/index.html", "<p>안녕</p>")
    assert out.finish() == 1
    assert (published / "old.html").exists(), "the published site is swapped out whole, not edited"
    assert not (staging / "old.html").exists()


def test_finish_in_place_removes_stale_files_and_the_folders_they_leave_empty(tmp_path):
    root = tmp_path / "output"
    (root / "ko" / "gone").mkdir(parents=True)
    (root / "ko" / "gone" / "index.html").write_text("gone", encoding="utf-8")
    (root / "ko" / "index.html").write_text("stays", encoding="utf-8")
    (root / "stale.txt").write_text("stale", encoding="utf-8")
    out = OutputFiles(str(root), str(root))
    out.write("ko/index.html", "stays")
    out.write("en/index.html", "new")
    assert out.finish() == 2
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == [
        "en", "en/index.html", "ko", "ko/index.html"]
    assert (root / "ko" / "index.html").read_text(encoding="utf-8") == "stays"


def square_each(items):
    return [(item, item * item, os.getpid()) for item in items]


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_pool_returns_results_in_the_items_order(jobs):
    items = list(range(11))
    shares = in_shares(square_each, items, jobs, serial_below=2)
    assert len(shares) == jobs
    results = merged(shares, len(items), jobs)
    assert [(item, square) for item, square, _pid in results] == [(n, n * n) for n in items]
    pids = {pid for _item, _square, pid in results}
    # One worker may take both shares; but with jobs 2 none runs in this process.
    assert (pids == {os.getpid()}) if jobs == 1 else (os.getpid() not in pids)


def test_the_pool_runs_few_items_in_this_process_and_meanwhile_once():
    calls = []
    shares = in_shares(square_each, [1, 2], 2, serial_below=3, meanwhile=lambda: calls.append("meanwhile"))
    assert [pid for _item, _square, pid in merged(shares, 2, 2)] == [os.getpid()] * 2
    assert calls == ["meanwhile"]


def test_a_changed_theme_file_gets_a_new_name_and_an_unchanged_one_keeps_it(tmp_path):
    """Browsers may keep a theme file for a year (docs/deploy): only a new
    name makes them fetch a changed one."""
    from pressroom.outputs.static import ThemeFiles

    theme = tmp_path / "theme"
    (theme / "static" / "css").mkdir(parents=True)
    (theme / "static" / "css" / "main.css").write_text("body { color: black; }\n", encoding="utf-8")
    (theme / "static" / "css" / "print.css").write_text("a { color: black; }\n", encoding="utf-8")
    settings = {"THEME_STATIC_DIR": "theme", "PRESSROOM_MINIFY": False}
    first = ThemeFiles(theme, settings)
    (theme / "static" / "css" / "main.css").write_text("body { color: #222; }\n", encoding="utf-8")
    second = ThemeFiles(theme, settings)
    assert first.path("css/main.css") != second.path("css/main.css")
    assert first.path("css/print.css") == second.path("css/print.css")
    assert second.path("css/main.css").startswith("theme/css/main.") and second.path("css/main.css").endswith(".css")
    with pytest.raises(LookupError, match="theme/static/css/missing.css"):
        second.path("css/missing.css")
