"""Warm and parallel builds publish exactly what a cold serial build does.

A warm build reuses the render cache and the previous output folder; each
kind of change a writer or the web team makes must show up in it, and the
result must be byte for byte the cold build of the same sources."""

import os
import re
import shutil
import textwrap

import pytest

from conftest import FIXTURE, ROOT, BuiltSite, copy_fixture_content, run_build, tree_digest


@pytest.fixture
def project(tmp_path):
    """A writable copy of the fixture content and of the theme, with settings
    that point at both."""
    copy_fixture_content(tmp_path)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    settings = tmp_path / "projectconf.py"
    settings.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(FIXTURE)!r})
        from fixtureconf import *
        THEME = {str(theme)!r}
    """))
    return tmp_path


def build(project, output, cache, jobs):
    result = run_build(project / "content", project / output, project / "projectconf.py", cache=cache, jobs=jobs)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def cold_serial(project):
    build(project, "cold", "none", 1)
    digest = tree_digest(project / "cold")
    shutil.rmtree(project / "cold")
    return digest


def warm_parallel(project):
    return build(project, "warm", project / "cache", 2)


def test_warm_parallel_build_equals_cold_serial_build(project):
    first = warm_parallel(project)
    assert "source files read: " in first and " rendered anew," in first
    second = warm_parallel(project)
    assert "source files read: 0 rendered anew," in second, "the second build renders nothing anew"
    assert tree_digest(project / "warm") == cold_serial(project)


def edit_release(project):
    path = project / "content" / "releases" / "2023" / "beta-forum.en.md"
    path.write_text(path.read_text().replace("hosted the Beta Forum", "opened the Beta Forum"))
    return lambda site: "opened the Beta Forum" in site.html("/en/releases/beta-forum/").get_text()


def rename_release(project):
    folder = project / "content" / "releases" / "2023"
    (folder / "gamma-agreement.en.md").rename(folder / "gamma-treaty.en.md")
    (folder / "gamma-agreement.ko.md").rename(folder / "gamma-treaty.ko.md")
    return lambda site: (site.file_for("/en/releases/gamma-treaty/") is not None
                         and site.file_for("/en/releases/gamma-agreement/") is None)


def delete_translation(project):
    (project / "content" / "releases" / "2022" / "alpha-talks.en.md").unlink()
    return lambda site: 'name="robots" content="noindex"' in \
        site.file_for("/en/releases/alpha-talks/").read_text(encoding="utf-8")


def change_setting(project):
    with open(project / "projectconf.py", "a") as handle:
        handle.write("PRESSROOM_TYPOGRIFY = False\nSITE_NAME = dict(SITE_NAME, en='Renamed Press Room')\n")
    return lambda site: ('"expand R&D cooperation"' in site.html("/en/releases/alpha-talks/").get_text()
                         and "Renamed Press Room" in site.html("/en/").title.get_text())


def change_template(project):
    footer = project / "theme" / "templates" / "partials" / "footer.html"
    footer.write_text(footer.read_text().replace('<p class="press-footer__operator">',
                                                 '<p class="press-footer__operator">CHANGED-TEMPLATE '))
    catalog = project / "theme" / "translations" / "ko" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('msgstr "본문 바로가기"', 'msgstr "본문으로 건너뛰기"'),
                       encoding="utf-8")
    return lambda site: ("CHANGED-TEMPLATE" in site.html("/ko/about/").get_text()
                         and site.html("/ko/").select_one(".press-skip-link").get_text() == "본문으로 건너뛰기")


@pytest.mark.parametrize("change", [edit_release, rename_release, delete_translation, change_setting,
                                    change_template], ids=lambda f: f.__name__)
def test_a_change_shows_up_in_the_warm_rebuild(project, change):
    warm_parallel(project)
    shows = change(project)
    assert not shows(BuiltSite(project / "warm", project / "content")), "the change is not there before"
    warm_parallel(project)
    assert shows(BuiltSite(project / "warm", project / "content"))
    assert tree_digest(project / "warm") == cold_serial(project), "warm build differs from a cold one"


def test_unchanged_files_keep_their_modification_time(project):
    warm_parallel(project)
    about = project / "warm" / "en" / "about" / "index.html"
    edited = project / "warm" / "en" / "releases" / "beta-forum" / "index.html"
    earlier = {path: os.stat(path).st_mtime_ns for path in (about, edited)}
    os.utime(about, ns=(1_000_000_000, 1_000_000_000))  # an old time, to see it kept
    os.utime(edited, ns=(1_000_000_000, 1_000_000_000))
    edit_release(project)
    output = warm_parallel(project)
    assert os.stat(about).st_mtime_ns == 1_000_000_000, "an unchanged page was rewritten"
    assert os.stat(edited).st_mtime_ns != 1_000_000_000 and earlier[edited] > 0
    assert re.search(r"^pressroom: \d+ output files: \d+ new or changed, \d+ stale files? removed$", output, re.M)


def test_an_edit_reindexes_only_the_shard_that_holds_the_release(project):
    """Shards are kept in the cache between builds; an edit re-indexes the
    one that holds the release and merges its language's bundle again,
    leaving the other language's published bundle untouched."""
    warm_parallel(project)
    digests = lambda: {path.parent: path.read_text() for path in (project / "cache" / "search").glob("*/*/records.sha256")}  # noqa: E731
    before = digests()
    assert len(before) >= 4, "the fixture has two shards a language"
    kept_bundle = project / "warm" / "ko" / "pagefind"
    for folder in [*before, kept_bundle]:
        for path in folder.rglob("*"):
            os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # an old time, to see it kept
    merged_before = (project / "warm" / "en" / "pagefind" / "records.sha256").read_text()
    edit_release(project)
    warm_parallel(project)
    after = digests()
    changed = [shard for shard in before if before[shard] != after[shard]]
    assert [shard.relative_to(project / "cache" / "search").parts[0] for shard in changed] == ["en"]
    for folder in [*(set(before) - set(changed)), kept_bundle]:
        rewritten = [path for path in folder.rglob("*") if os.stat(path).st_mtime_ns != 1_000_000_000]
        assert rewritten == [], f"an unchanged shard or bundle was written again: {rewritten[:3]}"
    assert (project / "warm" / "en" / "pagefind" / "records.sha256").read_text() != merged_before


def test_a_rebuild_of_unchanged_content_rewrites_no_file(project):
    warm_parallel(project)
    site = project / "warm"
    for path in site.rglob("*"):
        os.utime(path, ns=(1_000_000_000, 1_000_000_000), follow_symlinks=False)  # an old time, to see it kept
    before = {path.relative_to(site): (os.stat(path).st_ino, os.stat(path).st_mtime_ns) for path in site.rglob("*")}
    output = warm_parallel(project)
    after = {path.relative_to(site): (os.stat(path).st_ino, os.stat(path).st_mtime_ns) for path in site.rglob("*")}
    assert sorted(set(before) ^ set(after)) == []
    # A file keeps its inode and time; a folder, which the swap replaces, its time.
    assert sorted(str(path) for path in before if before[path] != after[path] and (site / path).is_file()) == []
    assert sorted(str(path) for path in before if before[path][1] != after[path][1]) == []
    assert re.search(r"^pressroom: \d+ output files: 0 new or changed, 0 stale files removed$", output, re.M), output
