"""Drafts, embargoes, corrections, attachments and escaping, as published."""

import json
import shutil
import textwrap

import pytest
from bs4 import BeautifulSoup, Comment
from lxml import etree
from pelican.settings import read_settings

from conftest import FIXTURE, ORIGIN, ROOT, BuiltSite, copy_fixture_content, run_build

# Releases production must withhold, each with a word found nowhere else.
WITHHELD = {
    "releases/2023/zeta-draft.ko.md": ("zeta-draft", "ZETADRAFTWORD", textwrap.dedent("""\
        Title: 초안 ZETADRAFTWORD
        Date: 2023-06-01 10:00
        Category: economic
        Department: economic-security
        Status: draft
        Attachments: attachments/2023/zeta-secret.pdf | 비공개 문서

        □ 아직 공개하지 않는 초안이다.
        """)),
    "releases/2023/eta-embargo.en.md": ("eta-embargo", "ETAEMBARGOWORD", textwrap.dedent("""\
        Title: Embargoed ETAEMBARGOWORD
        Date: 2023-06-02 10:00
        Embargo: 2099-01-01 09:00
        Category: economic
        Department: economic-security

        1. Not to be published before the embargo lifts.
        """)),
    "releases/2099/theta-future.ko.md": ("theta-future", "THETAFUTUREWORD", textwrap.dedent("""\
        Title: 예약 THETAFUTUREWORD
        Date: 2099-05-05 10:00
        Category: consular
        Department: overseas-safety

        □ 미래에 공개될 보도자료이다.
        """)),
}


@pytest.fixture(scope="module")
def unpublished_content(tmp_path_factory):
    content = copy_fixture_content(tmp_path_factory.mktemp("unpublished"))
    for path, (_, _, text) in WITHHELD.items():
        (content / path).parent.mkdir(parents=True, exist_ok=True)
        (content / path).write_text(text, encoding="utf-8")
    (content / "attachments" / "2023" / "zeta-secret.pdf").write_bytes(b"%PDF-1.4 secret\n")
    # The English half of a published pair is still a draft.
    english = content / "releases" / "2023" / "gamma-agreement.en.md"
    english.write_text(english.read_text().replace("Lang: en\n", "Lang: en\nStatus: draft\n"))
    return content


@pytest.fixture(scope="module")
def production(unpublished_content, tmp_path_factory):
    settings = tmp_path_factory.mktemp("conf") / "productionconf.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(FIXTURE)!r})\nfrom fixtureconf import *\n"
                        "PRESSROOM_SHOW_UNPUBLISHED = False\n")
    output = tmp_path_factory.mktemp("production") / "output"
    result = run_build(unpublished_content, output, settings)
    assert result.returncode == 0, result.stderr
    return BuiltSite(output, unpublished_content)


@pytest.fixture(scope="module")
def preview(unpublished_content, tmp_path_factory):
    output = tmp_path_factory.mktemp("preview") / "output"
    result = run_build(unpublished_content, output, FIXTURE / "fixtureconf.py")
    assert result.returncode == 0, result.stderr
    return BuiltSite(output, unpublished_content)


def all_output_text(site):
    for path in site.root.rglob("*"):
        if path.is_file():
            yield path, path.read_bytes().decode("utf-8", errors="replace")


def test_publishconf_withholds_unpublished_releases():
    assert read_settings(str(ROOT / "publishconf.py"))["PRESSROOM_SHOW_UNPUBLISHED"] is False
    assert read_settings(str(ROOT / "pelicanconf.py"))["PRESSROOM_SHOW_UNPUBLISHED"] is True


def test_production_holds_no_trace_of_draft_embargoed_or_future_releases(production):
    files = list(all_output_text(production))
    assert len(files) > 50
    for slug, word, _ in WITHHELD.values():
        for path, text in files:
            assert slug not in text and slug not in str(path), f"{slug} in {path}"
            assert word not in text, f"{word} in {path}"
    assert not list(production.root.rglob("zeta-secret.pdf")), "a withheld release's attachment was copied"
    assert not (production.root / "ko" / "releases" / "2099").exists()


def test_production_treats_a_pair_with_a_draft_half_as_unpaired(production):
    korean = production.html("/ko/releases/gamma-agreement/")
    assert not korean.select('link[rel="alternate"][hreflang]')
    notice = production.html("/en/releases/gamma-agreement/")
    assert notice.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "Gamma Agreement Signed" not in str(notice)
    feed = (production.root / "en" / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "gamma-agreement" not in feed


@pytest.mark.parametrize("url, banner", [
    ("/ko/releases/zeta-draft/", "초안"),
    ("/en/releases/eta-embargo/", "Embargoed until January 1, 2099 09:00"),
    ("/ko/releases/theta-future/", "2099년 5월 5일 10:00(KST, UTC+9)에 공개될 예정입니다"),
])
def test_preview_shows_unpublished_releases_with_a_banner(preview, url, banner):
    page = preview.html(url)
    assert banner in page.select_one(".press-status-banner").get_text(" ")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    sitemap = (preview.root / "sitemap.xml").read_text(encoding="utf-8")
    assert ORIGIN + url not in sitemap


def test_preview_lists_unpublished_releases_with_a_badge(preview):
    listing = preview.html("/ko/categories/economic/")
    item = listing.find("a", href="/ko/releases/zeta-draft/").find_parent("li")
    assert item.select_one(".press-badge").get_text() == "미공개"


def test_corrections_show_as_a_change_log_and_update_the_feed(fixture_site):
    # alpha-talks.en.md has two Correction lines, the later at 2022-03-05 15:30.
    page = fixture_site.html("/en/releases/alpha-talks/")
    items = [" ".join(li.get_text().split()) for li in page.select(".press-corrections__item")]
    assert items == [
        "Updated March 5, 2022 15:30: Corrected the spelling of the Alpha Foreign Minister\u2019s name.",
        "Updated March 4, 2022 10:00: Corrected the date of the next meeting.",
    ]
    feed = etree.parse(str(fixture_site.root / "en" / "feeds" / "all.atom.xml")).getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    entry = next(e for e in feed.iter(f"{atom}entry")
                 if e.find(f"{atom}link").get("href").endswith("/en/releases/alpha-talks/"))
    assert entry.findtext(f"{atom}updated") == "2022-03-05T15:30:00+09:00"
    assert entry.findtext(f"{atom}published") == "2022-03-03T09:30:00+09:00"
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["dateModified"] == "2022-03-05T15:30:00+09:00"


def test_attachment_is_copied_and_linked_with_type_and_size(fixture_site):
    source = FIXTURE / "content" / "attachments" / "2023" / "beta-forum-programme.zip"
    page = fixture_site.html("/ko/releases/beta-forum/")
    link = page.select_one("a.press-attachments__link")
    copied = fixture_site.file_for(link["href"])
    assert copied is not None and copied.read_bytes() == source.read_bytes()
    kilobytes = max(1, round(source.stat().st_size / 1024))
    name = " ".join(link.get_text().split())
    assert name == f"내려받기 포럼 프로그램 [ZIP, {kilobytes} KB]"


def test_image_is_copied_with_its_alt_text(fixture_site):
    image = fixture_site.html("/ko/releases/beta-forum/").select_one(".press-release__body img")
    assert image["alt"] == "베타 포럼 참석자 단체 사진"
    assert fixture_site.file_for(image["src"]).read_bytes() == \
        (FIXTURE / "content" / "images" / "2023" / "beta-forum.png").read_bytes()


def test_unused_asset_files_are_not_published(tmp_path):
    content = copy_fixture_content(tmp_path)
    (content / "attachments" / "2023" / "unused-draft.pdf").write_bytes(b"%PDF-1.4 unused\n")
    result = run_build(content, tmp_path / "output", FIXTURE / "fixtureconf.py")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "output" / "attachments" / "2023" / "unused-draft.pdf").exists()
    assert (tmp_path / "output" / "attachments" / "2023" / "beta-forum-programme.zip").exists()


# iota-escaping.en.md puts every character that needs escaping in its header.
TITLE = """Q&A on "Talks" <b>held</b> at 5 < 6 </script> <!-- it's"""
SUMMARY = """A summary with <i>tags</i> & "quotes" </script> <!-- end"""
CONTACT = """Press Office <press@example.go.kr> & "Desk\""""


def untypeset(text):
    """Undo typogrify's substitutions, to compare with what the writer typed."""
    for typographic, plain in (("\u201c", '"'), ("\u201d", '"'), ("\u2019", "'"), ("\u2014", "--"), ("\xa0", " ")):
        text = text.replace(typographic, plain)
    return text


def test_header_values_are_escaped_in_html_text_and_attributes(fixture_site):
    raw = fixture_site.file_for("/en/releases/iota-escaping/").read_text(encoding="utf-8")
    page = BeautifulSoup(raw, "html.parser")
    assert untypeset(page.select_one("h1").get_text()) == TITLE
    assert page.select_one("h1").find("b") is None
    assert untypeset(page.title.get_text()).startswith(TITLE + " | ")
    assert untypeset(page.find("meta", property="og:title")["content"]) == TITLE
    assert untypeset(page.find("meta", attrs={"name": "description"})["content"]) == SUMMARY
    assert CONTACT in " ".join(page.select_one(".press-release__meta").get_text(" ").split())
    assert [s.get("type") for s in page.find_all("script")] == ["application/ld+json"]
    assert not page.find_all(string=lambda s: isinstance(s, Comment))
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert untypeset(data["headline"]) == TITLE and untypeset(data["description"]) == SUMMARY
    listing = fixture_site.html("/en/categories/multilateral/")
    assert untypeset(listing.find("a", href="/en/releases/iota-escaping/").get_text()) == TITLE
    tag_link = page.select_one("a.press-tags__link")
    assert tag_link.get_text() == "Q&A <tag>"
    assert fixture_site.file_for(tag_link["href"]) is not None


def test_header_values_are_escaped_in_feeds_and_sitemap(fixture_site):
    atom = "{http://www.w3.org/2005/Atom}"
    feed = etree.parse(str(fixture_site.root / "en" / "feeds" / "all.atom.xml")).getroot()
    entry = next(e for e in feed.iter(f"{atom}entry") if "iota-escaping" in e.find(f"{atom}link").get("href"))
    assert untypeset(entry.findtext(f"{atom}title")) == TITLE
    summary = entry.find(f"{atom}summary")
    assert summary.get("type") == "html"
    # type="html": the text is HTML, so once parsed it must show the characters, not make tags.
    shown = BeautifulSoup(summary.text, "html.parser")
    assert shown.find("i") is None and untypeset(shown.get_text()) == SUMMARY
    etree.parse(str(fixture_site.root / "sitemap.xml"))


def test_run_build_leaves_previous_output_when_pelican_fails(tmp_path):
    """A failure after the checks pass (here a plugin error) also keeps output/."""
    output = tmp_path / "output"
    assert run_build(FIXTURE / "content", output, FIXTURE / "fixtureconf.py").returncode == 0
    before = sorted((p.relative_to(output).as_posix(), p.read_bytes()) for p in output.rglob("*") if p.is_file())
    plugin = tmp_path / "plugins" / "fail_on_write"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text(textwrap.dedent("""
        from pelican import signals

        def fail(path, context):
            if path.endswith("about/index.html"):
                raise RuntimeError("disk full, say")

        def register():
            signals.content_written.connect(fail)
    """))
    settings = tmp_path / "failingconf.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(FIXTURE)!r})\nfrom fixtureconf import *\n"
                        f"PLUGIN_PATHS = PLUGIN_PATHS + [{str(plugin.parent)!r}]\n"
                        "PLUGINS = PLUGINS + ['fail_on_write']\n")
    result = run_build(FIXTURE / "content", output, settings)
    assert result.returncode != 0
    assert "was left as it was" in result.stderr
    after = sorted((p.relative_to(output).as_posix(), p.read_bytes()) for p in output.rglob("*") if p.is_file())
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_production_refuses_a_link_to_a_withheld_release(unpublished_content, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(unpublished_content, content)
    beta = content / "releases" / "2023" / "beta-forum.ko.md"
    beta.write_text(beta.read_text() + "\n※ 관련: [초안]({filename}/releases/2023/zeta-draft.ko.md)\n")
    settings = tmp_path / "productionconf.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(FIXTURE)!r})\nfrom fixtureconf import *\n"
                        "PRESSROOM_SHOW_UNPUBLISHED = False\n")
    result = run_build(content, tmp_path / "output", settings)
    assert result.returncode != 0
    assert "beta-forum.ko.md:" in result.stderr and ": body: the link" in result.stderr
    assert "not published yet (draft)" in result.stderr
    assert run_build(content, tmp_path / "preview", FIXTURE / "fixtureconf.py").returncode == 0
