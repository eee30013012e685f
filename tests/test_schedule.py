"""On time: a production build acts as at PRESSROOM_NOW, and a release under
embargo is absent from every output a minute before its time and present in
every one a minute after: its page, the listings, feeds, sitemap, search
index, releases.json and its counterpart's language switch."""

import json

import pytest

from conftest import FIXTURE, BuiltSite, copy_fixture_content, write_files, run_build

EMBARGO = "2030-05-02 06:00"
BEFORE, AFTER = "2030-05-02T05:59+09:00", "2030-05-02T06:01+09:00"

RELEASES = {
    # A pair under one embargo.
    "releases/2030/omicron-talks.ko.md": f"""\
        Title: 오미크론국 외교장관 회담
        Date: 2030-05-01 10:00
        Embargo: {EMBARGO}
        Category: bilateral
        Department: northeast-asia
        Tags: 오미크론

        □ 양국 외교장관은 회담을 열었다.
        """,
    "releases/2030/omicron-talks.en.md": f"""\
        Title: Korea and Omicron Hold Foreign Ministers' Talks
        Date: 2030-05-01 10:00
        Embargo: {EMBARGO}
        Category: bilateral
        Department: northeast-asia
        Tags: Omicron

        1. The two foreign ministers met.
        """,
    # Published in Korean (its embargo lifted long ago); its English version
    # is under an embargo of its own.
    "releases/2030/pi-forum.ko.md": """\
        Title: 파이 포럼 개최
        Date: 2030-04-01 10:00
        Embargo: 2030-04-01 10:00
        Category: bilateral
        Department: northeast-asia

        □ 포럼을 개최하였다.
        """,
    "releases/2030/pi-forum.en.md": f"""\
        Title: Pi Forum Held
        Date: 2030-04-01 10:00
        Embargo: {EMBARGO}
        Category: bilateral
        Department: northeast-asia

        1. The forum was held.
        """,
}


def production_settings(tmp_path):
    settings = tmp_path / "productionconf.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(FIXTURE)!r})\nfrom fixtureconf import *\n"
                        "PRESSROOM_SHOW_UNPUBLISHED = False\n", encoding="utf-8")
    return settings


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """{"before": (site, summary), "after": (site, summary)}: one content,
    built as at a minute before and a minute after the embargo."""
    root = tmp_path_factory.mktemp("schedule")
    content = write_files(copy_fixture_content(root), RELEASES)
    sites = {}
    for name, now in (("before", BEFORE), ("after", AFTER)):
        result = run_build(content, root / name, production_settings(root), env={"PRESSROOM_NOW": now})
        assert result.returncode == 0, result.stderr
        sites[name] = (BuiltSite(root / name, content), result.stdout)
    return sites


def published_texts(site):
    """Every file a reader or a machine gets, but Pagefind's bundle, as text."""
    return {path.relative_to(site.root).as_posix(): path.read_text(encoding="utf-8")
            for path in site.root.rglob("*") if path.is_file() and "pagefind" not in path.parts
            and path.suffix in (".html", ".xml", ".json", ".txt")}


def indexed(site, lang):
    """How many releases the language's search bundle holds."""
    entry = site.root / lang / "pagefind" / "pagefind-entry.json"
    return json.loads(entry.read_text(encoding="utf-8"))["languages"][lang]["page_count"]


def switch_target(site, url, lang):
    return site.html(url).select_one(f'.press-language-switch a[hreflang="{lang}"]')["href"]


def test_before_the_embargo_the_release_is_nowhere(built):
    site, _summary = built["before"]
    texts = published_texts(site)
    assert not any("omicron-talks" in text or "Omicron" in text or "오미크론" in text for text in texts.values())
    assert not (site.root / "ko/releases/omicron-talks/index.html").exists()
    # The English pi-forum is a notice that the translation is not there.
    notice = site.html("/en/releases/pi-forum/")
    assert notice.select_one("meta[name=robots]")["content"].startswith("noindex")
    assert "Pi Forum Held" not in "".join(texts.values())


def test_a_minute_after_the_embargo_the_release_is_everywhere(built):
    site, _summary = built["after"]
    texts = published_texts(site)
    for lang, title in (("ko", "오미크론국 외교장관 회담"), ("en", "Omicron Hold Foreign Ministers")):
        path = f"/{lang}/releases/omicron-talks/"
        # Widow control binds the last two words with a no-break space.
        assert title in site.html(path).select_one("h1").get_text().replace("\xa0", " ")
        for listing in (f"{lang}/index.html", f"{lang}/releases/2030/index.html",
                        f"{lang}/categories/bilateral/index.html", f"{lang}/departments/northeast-asia/index.html"):
            assert path in texts[listing], listing
        assert path in texts[f"{lang}/feeds/all.atom.xml"]
        assert path in texts[f"{lang}/feeds/categories/bilateral.atom.xml"]
        assert path in texts["sitemap.xml"]
        assert "omicron-talks" in [r["slug"] for r in json.loads(texts[f"{lang}/releases.json"])["releases"]]
    assert any(name.startswith("ko/tags/") and "omicron-talks" in text for name, text in texts.items())
    # The Korean pi-forum's switch now leads to the English release itself.
    assert switch_target(site, "/ko/releases/pi-forum/", "en").endswith("/en/releases/pi-forum/")
    assert site.html("/en/releases/pi-forum/").select_one("h1").get_text().strip().startswith("Pi Forum")
    assert "noindex" not in (site.html("/en/releases/pi-forum/").select_one("meta[name=robots]") or {"content": ""}
                             )["content"]


def test_the_search_index_gains_exactly_the_releases_that_became_due(built):
    before, after = built["before"][0], built["after"][0]
    assert indexed(after, "ko") == indexed(before, "ko") + 1
    assert indexed(after, "en") == indexed(before, "en") + 2


def test_a_production_build_says_when_the_site_changes_by_itself(built):
    _site, before = built["before"]
    assert "pressroom: built as at 2030-05-02 05:59 KST (PRESSROOM_NOW), not the clock's time" in before
    assert ("pressroom: next change by itself: 2030-05-02 06:00 KST, when "
            in before)
    line = next(line for line in before.splitlines() if line.startswith("pressroom: next change by itself"))
    for name in ("omicron-talks.en.md", "omicron-talks.ko.md", "pi-forum.en.md"):
        assert name in line
    assert before.rstrip().splitlines()[-1] == line
    _site, after = built["after"]
    assert after.rstrip().splitlines()[-1] == (
        "pressroom: next change by itself: none; no release is a draft, under embargo or dated in the future")


def test_a_scheduled_release_is_due_at_its_date(tmp_path):
    content = write_files(copy_fixture_content(tmp_path), {"releases/2030/rho-notice.ko.md": """\
        Title: 로 공지
        Date: 2030-06-01 09:00
        Category: bilateral
        Department: northeast-asia

        □ 공지한다.
        """})
    result = run_build(content, tmp_path / "output", production_settings(tmp_path),
                       env={"PRESSROOM_NOW": "2030-04-01T00:00+09:00"})
    assert result.returncode == 0, result.stderr
    assert "next change by itself: 2030-06-01 09:00 KST, when" in result.stdout


@pytest.mark.parametrize("value", ["tomorrow", "2030-13-01T00:00", "02/05/2030 06:00", "9999-12-31T23:59-12:00"])
def test_a_pressroom_now_that_is_no_time_stops_the_build_in_one_line(tmp_path, value):
    result = run_build(FIXTURE / "content", tmp_path / "output", production_settings(tmp_path),
                       env={"PRESSROOM_NOW": value})
    assert result.returncode != 0
    assert f"PRESSROOM_NOW={value!r} is not a time" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "output").exists()
