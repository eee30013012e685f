"""Interface details a reader notices: the preview banners' wording and time
zone, typeset correction notes, one form of the release number everywhere,
"Page 1 of 2", and a header that keeps the language switch on the title's
line on a desktop and never scrolls sideways on a phone."""

import re

import pytest

from conftest import FIXTURE, BuiltSite, copy_fixture_content, write_files, run_build, serve

# An embargoed pair and a scheduled release, with correction notes that a
# writer types with straight quotes.
UNPUBLISHED = {
    "releases/2023/omega-embargo.ko.md": """\
        Title: 보도 유예 중인 보도자료
        Date: 2023-06-02 10:00
        Embargo: 2099-01-01 09:00
        Category: economic
        Department: economic-security
        Number: 23-0999
        Correction: 2023-06-03 10:00 | "한-알파 협력위원회"의 명칭을 바로잡았습니다.

        □ 보도 유예가 풀리기 전에는 보도할 수 없다.
        """,
    "releases/2023/omega-embargo.en.md": """\
        Title: An Embargoed Release
        Date: 2023-06-02 10:00
        Embargo: 2099-01-01 09:00
        Category: economic
        Department: economic-security
        Number: 23-0999
        Correction: 2023-06-03 10:00 | Corrected the "Joint Statement" title and the minister's name.

        1. Not to be published before the embargo lifts.
        """,
    "releases/2099/omega-scheduled.en.md": """\
        Title: A Scheduled Release
        Date: 2099-05-05 10:00
        Category: consular
        Department: overseas-safety

        1. To be published in 2099.
        """,
}


def text_of(element):
    return " ".join(element.get_text().split())


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    content = write_files(copy_fixture_content(tmp_path_factory.mktemp("interface")), UNPUBLISHED)
    output = tmp_path_factory.mktemp("interface-site") / "output"
    result = run_build(content, output, FIXTURE / "fixtureconf.py")
    assert result.returncode == 0, result.stderr
    return BuiltSite(output, content)


@pytest.mark.parametrize("url, banner", [
    ("/en/releases/omega-embargo/",
     "Embargoed until January 1, 2099 09:00 (KST, UTC+9). It is shown only in previews until then."),
    ("/ko/releases/omega-embargo/",
     "2099년 1월 1일 09:00(KST, UTC+9)까지 보도 유예입니다. 그때까지는 미리 보기에서만 보입니다."),
    ("/en/releases/omega-scheduled/",
     "Scheduled for May 5, 2099 10:00 (KST, UTC+9). It is shown only in previews until then."),
])
def test_preview_banner_says_the_time_once_with_its_time_zone(preview, url, banner):
    assert text_of(preview.html(url).select_one(".press-status-banner")) == banner


def test_correction_notes_are_typeset_like_the_body(preview, fixture_site):
    english = text_of(preview.html("/en/releases/omega-embargo/").select_one(".press-corrections__item"))
    assert english.endswith("Corrected the \u201cJoint Statement\u201d title and the minister\u2019s name.")
    korean = text_of(preview.html("/ko/releases/omega-embargo/").select_one(".press-corrections__item"))
    assert "\u201c한-알파 협력위원회\u201d의 명칭을" in korean
    notes = [text_of(li) for li in fixture_site.html("/en/releases/alpha-talks/").select(".press-corrections__item")]
    assert any("Alpha Foreign Minister\u2019s name" in note for note in notes)
    assert not any("'" in note or '"' in note for note in notes)


def listed_numbers(site, lang, slug):
    """The release number every listing page of `lang` shows beside `slug`."""
    numbers = []
    for file in (site.root / lang).rglob("index.html"):
        for item in site.parse(file).select(".press-release-list__item"):
            if item.find("a", href=f"/{lang}/releases/{slug}/") and item.select_one(".press-release-list__number"):
                numbers.append(item.select_one(".press-release-list__number").get_text())
    return numbers


@pytest.mark.parametrize("lang, shown", [("ko", "제22-0101호"), ("en", "No. 22-0101")])
def test_release_number_has_one_form_on_the_page_and_in_every_list(fixture_site, lang, shown):
    page = fixture_site.html(f"/{lang}/releases/alpha-talks/")
    row = next(row for row in page.select(".press-release__meta-row")
               if row.dt.get_text() == {"ko": "보도번호", "en": "Release number"}[lang])
    assert row.dd.get_text() == shown
    numbers = listed_numbers(fixture_site, lang, "alpha-talks")
    assert numbers and set(numbers) == {shown}


def build_with(tmp_path, setting):
    settings = tmp_path / "conf.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(FIXTURE)!r})\nfrom fixtureconf import *\n"
                        f"PRESSROOM_RELEASE_NUMBER_FORMAT = {setting!r}\n", encoding="utf-8")
    return run_build(FIXTURE / "content", tmp_path / "output", settings)


def test_release_number_form_is_the_setting(tmp_path):
    result = build_with(tmp_path, {"ko": "보도 {number}", "en": "Release {number}"})
    assert result.returncode == 0, result.stderr
    site = BuiltSite(tmp_path / "output", FIXTURE / "content")
    for lang, shown in (("ko", "보도 22-0101"), ("en", "Release 22-0101")):
        assert shown in text_of(site.html(f"/{lang}/releases/alpha-talks/").select_one(".press-release__meta"))
        assert set(listed_numbers(site, lang, "alpha-talks")) == {shown}


@pytest.mark.parametrize("setting, said", [
    ({"ko": "제{number}호"}, "no form for 'en'"),
    ({"ko": "제{num}호", "en": "No. {number}"}, "PRESSROOM_RELEASE_NUMBER_FORMAT['ko'] is '제{num}호'"),
    ({"ko": "제호", "en": "No. {number}"}, "it must contain {number}"),
    ({"ko": "제{number호", "en": "No. {number}"}, "is not a form"),
])
def test_a_release_number_form_without_number_or_a_language_stops_the_build(tmp_path, setting, said):
    result = build_with(tmp_path, setting)
    assert result.returncode != 0
    # One line naming the settings file and the setting, not a traceback.
    assert said in result.stderr and str(tmp_path / "conf.py") in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("lang, position", [("en", r"Page {} of \d+"), ("ko", r"전체 \d+쪽 중 {}쪽")])
def test_listing_position_is_capitalised_in_english_and_natural_in_korean(fixture_site, lang, position):
    for number, url in ((1, f"/{lang}/"), (2, f"/{lang}/page/2/")):
        page = fixture_site.html(url)
        shown = page.select_one(".press-listing__position").get_text()
        assert re.fullmatch(position.format(number), shown), shown
        assert f"({shown})" in page.title.get_text()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_logo_is_the_emblem_beside_the_site_name_in_a_link_home(demo_site, lang):
    identity = demo_site.html(f"/{lang}/").select_one("a.press-header__identity")
    assert identity["href"] == f"/{lang}/"
    assert identity.get_text(strip=True) == {"ko": "외교부 보도자료", "en": "Ministry of Foreign Affairs Press Releases"}[lang]
    logo = identity.select_one("img.press-header__logo")
    assert logo["alt"] == "", "the name says it: the emblem is decoration to a screen reader"
    assert demo_site.file_for(logo["src"]).read_text(encoding="utf-8").startswith("<svg")


# -- in Chromium ----------------------------------------------------------------

HEADER_BOXES = """() => {
  const box = selector => document.querySelector(selector).getBoundingClientRect().toJSON();
  return {name: box('.press-header__name'), switch: box('.press-language-switch'),
          search: box('.press-search-box'), logo: box('.press-header__logo'),
          nameLine: parseFloat(getComputedStyle(document.querySelector('.press-header__name')).lineHeight)};
}"""


@pytest.fixture(scope="module")
def demo_base(demo_site):
    server = serve(demo_site.root)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def on_one_line(a, b):
    """Two boxes share a line when each one's vertical extent overlaps the other's middle."""
    return a["top"] < (b["top"] + b["bottom"]) / 2 < a["bottom"] and b["top"] < (a["top"] + a["bottom"]) / 2 < b["bottom"]


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("path", ["", "releases/korea-mongolia-rare-metals-committee/"])
def test_header_is_one_line_at_1280_px(demo_base, page_at, lang, path):
    page = page_at(f"{demo_base}/{lang}/{path}", 1280)
    boxes = page.evaluate(HEADER_BOXES)
    name, switch, search = boxes["name"], boxes["switch"], boxes["search"]
    assert on_one_line(name, switch), boxes
    assert on_one_line(name, search), boxes
    assert abs(switch["top"] - name["top"]) < name["height"], "the switch starts on the title's line"
    assert name["height"] < 1.5 * boxes["nameLine"], "the site's name fits on one line"
    assert name["right"] <= switch["left"] and switch["right"] <= search["left"]


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("path", ["", "page/2/", "releases/korea-mongolia-rare-metals-committee/", "search/"])
def test_no_sideways_scroll_at_320_px(demo_base, page_at, lang, path):
    page = page_at(f"{demo_base}/{lang}/{path}", 320)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    boxes = page.evaluate(HEADER_BOXES)
    for part in ("name", "switch", "search", "logo"):
        box = boxes[part]
        assert box["left"] >= 0 and box["right"] <= 320, (part, box)
    # The switch stays beside the name; the search box takes a line of its own below.
    assert on_one_line(boxes["name"], boxes["switch"]), boxes
    assert boxes["search"]["top"] >= max(boxes["name"]["bottom"], boxes["switch"]["bottom"]), boxes
