"""`make status` and the editors' page: releases that lack a translation,
oldest first, with counts."""

import re
import subprocess

import pytest

from conftest import FIXTURE, ROOT, copy_fixture_content, run_build


def dated_slugs(site, lang):
    """[(date, slug)] of the fixture's `lang` release files, from their headers."""
    found = []
    for (slug, release_lang), path in site.releases().items():
        if release_lang == lang:
            date = re.search(r"^Date: (.+)$", path.read_text(encoding="utf-8"), re.M).group(1)
            found.append((date, slug))
    return found


def expected_missing(site, lang, other):
    """Slugs of `other`-language releases with no `lang` file, oldest first."""
    have = {slug for slug, release_lang in site.releases() if release_lang == lang}
    return [slug for _date, slug in sorted(dated_slugs(site, other)) if slug not in have]


def status(content):
    return subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "pressroom", "status", "--settings",
         str(FIXTURE / "fixtureconf.py"), "--content", str(content)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(ROOT / "plugins")})


def listed(output, heading):
    """Slugs listed under `heading` in the command's output, in order."""
    section = output.split(heading, 1)[1].split("\n\n", 1)[0]
    return re.findall(r"/([a-z0-9-]+)\.(?:ko|en)\.md", section)


def test_status_lists_what_each_language_lacks_oldest_first_with_counts(fixture_site):
    result = status(fixture_site.content)
    assert result.returncode == 0, result.stderr
    missing_en = expected_missing(fixture_site, "en", "ko")
    missing_ko = expected_missing(fixture_site, "ko", "en")
    assert missing_en and missing_ko
    assert f"Missing English: {len(missing_en)}" in result.stdout
    assert f"Missing Korean: {len(missing_ko)}" in result.stdout
    assert listed(result.stdout, "Missing English") == missing_en
    assert listed(result.stdout, "Missing Korean") == missing_ko
    slugs = {slug for slug, _lang in fixture_site.releases()}
    assert result.stdout.startswith(f"{len(slugs)} releases: {len(slugs) - len(missing_en) - len(missing_ko)} in "
                                    f"every language, {len(missing_en) + len(missing_ko)} waiting")


def test_status_marks_a_draft_and_refuses_broken_content(tmp_path):
    content = copy_fixture_content(tmp_path)
    draft = content / "releases" / "2023" / "mu-draft.ko.md"
    draft.write_text("Title: 초안\nDate: 2023-09-01 10:00\nCategory: economic\nDepartment: economic-security\n"
                     "Status: draft\n\n□ 초안 본문이다.\n", encoding="utf-8")
    result = status(content)
    assert result.returncode == 0, result.stderr
    assert re.search(r"mu-draft\.ko\.md \[draft\]", result.stdout)

    draft.write_text(draft.read_text(encoding="utf-8").replace("2023-09-01", "2023-09-41"), encoding="utf-8")
    result = status(content)
    assert result.returncode == 1
    assert "mu-draft.ko.md:2: Date:" in result.stderr


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_editors_page_lists_the_same_releases_and_is_hidden(fixture_site, lang):
    page_path = f"/{lang}/editors/translation-status/"
    page = fixture_site.html(page_path)
    assert page.select_one("meta[name=robots]")["content"] == "noindex"
    sections = page.select("main section")
    assert len(sections) == 2
    for section, (missing, other) in zip(sections, [("ko", "en"), ("en", "ko")]):
        links = [a["href"] for a in section.select("a[href]")]
        assert links == [f"/{other}/releases/{slug}/" for slug in expected_missing(fixture_site, missing, other)]
        assert str(len(links)) in section.select_one("h2").get_text()
        assert all(a["lang"] == other for a in section.select("a[href]"))
    # Linked from nowhere but its own counterpart (the language switch), and
    # not in the sitemap.
    linking = [fixture_site.url_of(file) for file in fixture_site.html_files()
               if "/editors/translation-status/" in file.read_text(encoding="utf-8")
               and "/editors/translation-status/" not in fixture_site.url_of(file)]
    assert linking == []
    assert "editors" not in (fixture_site.root / "sitemap.xml").read_text(encoding="utf-8")


def test_make_status_prints_the_list_and_builds_the_page(tmp_path):
    output = tmp_path / "output"
    result = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/bin/.build-installed", "status",
         f"CONTENT={FIXTURE / 'content'}", f"OUTPUT={output}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Missing English: " in result.stdout
    assert (output / "ko" / "editors" / "translation-status" / "index.html").is_file()


def test_a_production_build_lists_only_published_releases(tmp_path):
    content = copy_fixture_content(tmp_path)
    (content / "releases" / "2023" / "mu-draft.ko.md").write_text(
        "Title: 초안\nDate: 2023-09-01 10:00\nCategory: economic\nDepartment: economic-security\n"
        "Status: draft\n\n□ 초안 본문이다.\n", encoding="utf-8")
    settings = tmp_path / "productionconf.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(FIXTURE)!r})\nfrom fixtureconf import *\n"
                        "PRESSROOM_SHOW_UNPUBLISHED = False\n")
    result = run_build(content, tmp_path / "output", settings)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "output" / "en" / "editors" / "translation-status" / "index.html").read_text(encoding="utf-8")
    assert "/ko/releases/lambda-summit/" in page and "mu-draft" not in page
