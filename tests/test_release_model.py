"""The release as a Korean ministry issues it (issue #14): its kind, several
departments, a contact table, online and print embargoes, the time it was
distributed and its 공공누리 licence, read from the header, refused with the
file, the line and a fix when wrong, and carried into every listing, feed
and machine-readable output."""

import json

import pytest

from conftest import FIXTURE, BuiltSite, check_content, copy_fixture_content, write_files, load_fixture_settings, localizers, \
    plan_fixture, run_build

JOINT_KO = """\
    Title: 알파국과 핵심광물 공동 연구
    Date: 2024-05-01 10:00
    Type: background
    Category: economic
    Department: northeast-asia, economic-security
    Contact: northeast-asia | 과장 홍길동 | 02-2100-7777
    Contact: northeast-asia | 사무관 김철수 | 02-2100-7778
    Contact: economic-security | 과장 이영희 | 02-2100-8888
    Embargo: 2024-05-02 06:00
    Embargo-Print: 2024-05-03 morning
    Distributed: 2024-05-01 14:00
    License: kogl-3

    □ 두 부서가 함께 연구를 시작한다.
    """
JOINT_EN = """\
    Title: Joint Study on Critical Minerals with Alpha
    Date: 2024-05-01 10:00
    Type: background
    Category: economic
    Department: northeast-asia,economic-security
    Contact: economic-security | Director Lee Young-hee | 02-2100-8888
    Contact: northeast-asia | Director Hong Gil-dong | 02-2100-7777
    Embargo: 2024-05-02 06:00
    License: kogl-3

    1. The two departments begin a joint study.
    """
JOINT = {"releases/2024/joint-minerals-study.ko.md": JOINT_KO, "releases/2024/joint-minerals-study.en.md": JOINT_EN}


def with_files(tmp_path, files):
    return write_files(copy_fixture_content(tmp_path), files)


def problems_of(tmp_path, text, path="releases/2024/joint-minerals-study.ko.md", others=()):
    files = {path: text, **dict(others)}
    return check_content(with_files(tmp_path, files))


def replaced(old, new, text=JOINT_KO):
    assert old in text
    return text.replace(old, new)


@pytest.mark.parametrize("old, new, field, said, line", [
    ("Type: background", "Type: notice", "Type", "'notice' is not a type of document", 3),
    ("Department: northeast-asia, economic-security", "Department: northeast-asia, culture", "Department",
     "'culture' is not a known department key", 5),
    ("Department: northeast-asia, economic-security", "Department: northeast-asia, , economic-security",
     "Department", "an empty place between commas", 5),
    ("Department: northeast-asia, economic-security", "Department: northeast-asia, northeast-asia", "Department",
     "'northeast-asia' is given twice", 5),
    ("Contact: economic-security | 과장 이영희 | 02-2100-8888", "Contact: overseas-safety | 과장 이영희 | 02-2100-8888",
     "Contact", "'overseas-safety' is not one of this release's departments", 8),
    ("Contact: economic-security | 과장 이영희 | 02-2100-8888", "Contact: economic-security | 과장 이영희", "Contact",
     "is not 'department-key | title and name | phone'", 8),
    ("Contact: economic-security | 과장 이영희 | 02-2100-8888", "Contact: economic-security | 과장 이영희 | 내선 8888",
     "Contact", "'내선 8888' is not a phone number", 8),
    ("Embargo-Print: 2024-05-03 morning", "Embargo-Print: 2024-05-03 noon", "Embargo-Print",
     "is not a date and an edition", 10),
    ("Embargo-Print: 2024-05-03 morning", "Embargo-Print: 2024-05-01 morning", "Embargo-Print",
     "before the online embargo", 10),
    ("Embargo-Print: 2024-05-03 morning", "Embargo-Print: 2024-02-30 evening", "Embargo-Print", "not a real date", 10),
    ("Distributed: 2024-05-01 14:00", "Distributed: 2024-05-02 07:00", "Distributed", "after its online embargo", 11),
    ("Distributed: 2024-05-01 14:00", "Distributed: 5월 1일 14시", "Distributed", "not in the form YYYY-MM-DD HH:MM",
     11),
    ("License: kogl-3", "License: cc-by", "License", "'cc-by' is not a licence this site knows", 12),
    ("Embargo: 2024-05-02 06:00", "Embargo: 2024-04-30 06:00", "Embargo", "is before the release's Date", 9),
    ("Contact: economic-security | 과장 이영희 | 02-2100-8888", "Contact: economic-security ｜ 과장 이영희 ｜ 02-2100-8888",
     "Contact", "full-width '｜'", 8),
    ("Contact: economic-security | 과장 이영희 | 02-2100-8888", "Contact: economic-security | 과장 이영희 | (02 2100-8888",
     "Contact", "is not a phone number", 8),
    ("Department: northeast-asia, economic-security", "Department: northeast-asia、economic-security", "Department",
     "separates the departments with '、'", 5),
])
def test_a_bad_value_of_a_new_field_is_refused_with_its_line_and_a_fix(tmp_path, old, new, field, said, line):
    found = [p for p in problems_of(tmp_path, replaced(old, new), others=[]) if p.field == field]
    assert found, problems_of(tmp_path, replaced(old, new))
    assert said in found[0].message
    assert found[0].line == line
    assert found[0].path.endswith("joint-minerals-study.ko.md") and found[0].fix


def test_a_print_embargo_needs_an_online_one(tmp_path):
    text = replaced("    Embargo: 2024-05-02 06:00\n", "", replaced("    Distributed: 2024-05-01 14:00\n", ""))
    found = [p for p in problems_of(tmp_path, text) if p.field == "Embargo-Print"]
    assert found and "needs an online one" in found[0].message


def test_free_text_contact_still_works_but_only_once(tmp_path):
    single = ("Title: 공지\nDate: 2024-05-01 10:00\nCategory: economic\nDepartment: spokesperson\n"
              "Contact: 대변인실 02-2100-7000\n\n□ 본문\n")
    assert problems_of(tmp_path / "a", single, "releases/2024/free-contact.ko.md") == []
    twice = single.replace("Contact: 대변인실 02-2100-7000\n", "Contact: 대변인실\nContact: 02-2100-7000\n")
    found = problems_of(tmp_path / "b", twice, "releases/2024/free-contact.ko.md")
    assert [p.field for p in found] == ["Contact"] and "more than once as free text" in found[0].message


def test_the_two_languages_of_a_joint_release_must_agree_on_its_departments(tmp_path):
    en = JOINT_EN.replace("Department: northeast-asia,economic-security", "Department: economic-security,northeast-asia")
    found = problems_of(tmp_path, JOINT_KO, others=[("releases/2024/joint-minerals-study.en.md", en)])
    assert [(p.field, p.path.endswith(".en.md")) for p in found] == [("Department", True)]
    assert "'economic-security, northeast-asia' differs from 'northeast-asia, economic-security'" in found[0].message


def test_the_two_languages_must_agree_on_the_type(tmp_path):
    en = JOINT_EN.replace("    Type: background\n", "")
    found = problems_of(tmp_path, JOINT_KO, others=[("releases/2024/joint-minerals-study.en.md", en)])
    assert [p.field for p in found] == ["Type"] and "'release' differs from 'background'" in found[0].message


def test_every_field_together_is_accepted(tmp_path):
    assert check_content(with_files(tmp_path, JOINT)) == []


@pytest.fixture(scope="module")
def joint_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("joint")
    content = with_files(root, JOINT)
    result = run_build(content, root / "output", FIXTURE / "fixtureconf.py",
                       env={"PRESSROOM_NOW": "2024-05-02T06:01+09:00"})
    assert result.returncode == 0, result.stderr
    site = BuiltSite(root / "output", content)
    site.settings = load_fixture_settings(content)
    return site


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_joint_release_is_in_each_departments_listing_and_feed(joint_site, lang):
    path = f"/{lang}/releases/joint-minerals-study/"
    for department in ("northeast-asia", "economic-security"):
        listing = joint_site.root / lang / "departments" / department / "index.html"
        assert path in listing.read_text(encoding="utf-8")
        feed = (joint_site.root / lang / "feeds" / "departments" / f"{department}.atom.xml").read_text(encoding="utf-8")
        assert f"http://localhost:8000{path}" in feed
        # The department's listing links its feed.
        assert f"/{lang}/feeds/departments/{department}.atom.xml" in listing.read_text(encoding="utf-8")
    others = [feed for feed in (joint_site.root / lang / "feeds" / "departments").glob("*.atom.xml")
              if feed.stem.removesuffix(".atom") not in ("northeast-asia", "economic-security")]
    assert others, "the other departments have feeds too"
    assert not any(path in feed.read_text(encoding="utf-8") for feed in others)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_releases_json_carries_the_new_fields(joint_site, lang):
    index = json.loads((joint_site.root / lang / "releases.json").read_text(encoding="utf-8"))
    entry = next(r for r in index["releases"] if r["slug"] == "joint-minerals-study")
    assert entry["type"] == "background"
    assert [d["key"] for d in entry["departments"]] == ["northeast-asia", "economic-security"]
    assert entry["department"] == "northeast-asia"
    assert entry["embargo"] == "2024-05-02T06:00:00+09:00"
    assert entry["license"] == {"key": "kogl-3", "url": "https://www.kogl.or.kr/info/licenseType3.do"}
    if lang == "ko":
        assert entry["embargo_print"] == {"date": "2024-05-03", "edition": "morning"}
        assert entry["distributed"] == "2024-05-01T14:00:00+09:00"
    else:
        assert entry["embargo_print"] is None and entry["distributed"] is None
    # A release without a License line has the site's default licence.
    others = [r for r in index["releases"] if r["slug"] != "joint-minerals-study"]
    assert {r["license"]["key"] for r in others} == {"kogl-1"}


def test_json_ld_carries_the_type_the_departments_and_the_licence(joint_site):
    script = joint_site.html("/ko/releases/joint-minerals-study/").select_one('script[type="application/ld+json"]')
    data = json.loads(script.string)
    assert data["genre"] == "Background briefing"
    names = joint_site.settings["PRESSROOM_DEPARTMENTS"]
    assert [o["name"] for o in data["sourceOrganization"]] == [names["northeast-asia"]["ko"],
                                                              names["economic-security"]["ko"]]
    assert data["license"] == "https://www.kogl.or.kr/info/licenseType3.do"
    assert data["datePublished"] == "2024-05-02T06:00:00+09:00"
    assert data["dateCreated"] == "2024-05-01T14:00:00+09:00"


def test_a_search_record_carries_the_facets_of_each_department_and_the_type(tmp_path):
    """The search page filters by the facets in each result's name
    (search/facets.py): a joint release's carry both its departments."""
    from bs4 import BeautifulSoup

    from pressroom.content.header import DOCUMENT_TYPES
    from pressroom.search.index import search_records

    settings, _read, site = plan_fixture(with_files(tmp_path, JOINT))
    release = next(r for r in site.releases["ko"] if r.slug == "joint-minerals-study")
    record = search_records("ko", [release], settings, localizers(settings)["ko"])["r-joint-minerals-study.html"]
    # Each value's place in its table: "background" is DOCUMENT_TYPES' second
    # type, "economic" the fixture's first category, "northeast-asia" and
    # "economic-security" its third and second departments.
    assert list(DOCUMENT_TYPES)[1] == "background"
    assert list(settings["PRESSROOM_CATEGORIES"])[0] == "economic"
    assert list(settings["PRESSROOM_DEPARTMENTS"])[1:3] == ["economic-security", "northeast-asia"]
    assert record.shown["facets"] == "1.0.2-1.2024"
    # The page Pagefind indexes carries no filter of Pagefind's own.
    assert BeautifulSoup(record.page, "html.parser").select("[data-pagefind-filter]") == []


def test_a_pdfs_page_count_is_read_and_a_damaged_pdf_is_published_without_one(tmp_path):
    from pypdf import PdfWriter

    from conftest import load_fixture_settings, read_fixture

    content = with_files(tmp_path, {"releases/2024/pdf-notice.ko.md": """\
        Title: 첨부 공지
        Date: 2024-05-01 10:00
        Category: economic
        Department: spokesperson
        Attachments: attachments/2024/plan.pdf | 계획, attachments/2024/broken.pdf | 손상된 파일

        □ 첨부를 본다.
        """})
    (content / "attachments" / "2024").mkdir(parents=True, exist_ok=True)
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=595, height=842)
    with open(content / "attachments" / "2024" / "plan.pdf", "wb") as handle:
        writer.write(handle)
    (content / "attachments" / "2024" / "broken.pdf").write_bytes(b"%PDF-1.4 not really\n")
    read = read_fixture(content, load_fixture_settings(content))
    assert read.problems == []
    release = next(d for d in read.documents.published if d.slug == "pdf-notice")
    assert [(a.label, a.pages, a.viewable) for a in release.attachments] == [("계획", 3, True),
                                                                          ("손상된 파일", None, False)]


def test_a_version_without_the_embargo_its_counterpart_has_is_refused(tmp_path):
    """It would go online first and break the embargo for the release."""
    en = JOINT_EN.replace("    Embargo: 2024-05-02 06:00\n", "")
    found = problems_of(tmp_path, JOINT_KO, others=[("releases/2024/joint-minerals-study.en.md", en)])
    assert [(p.field, p.path.endswith(".en.md")) for p in found] == [("Embargo", True)]
    assert "is under embargo until 2024-05-02 06:00, but this version has no Embargo" in found[0].message
    assert "add 'Embargo: 2024-05-02 06:00'" in found[0].fix



def test_without_an_embargo_distribution_is_not_after_the_date(tmp_path):
    text = replaced("    Embargo-Print: 2024-05-03 morning\n", "", replaced("    Embargo: 2024-05-02 06:00\n", "",
                    replaced("Distributed: 2024-05-01 14:00", "Distributed: 2099-05-01 14:00")))
    found = [p for p in problems_of(tmp_path, text) if p.field == "Distributed"]
    assert found and "after its Date 2024-05-01 10:00" in found[0].message



@pytest.mark.parametrize("phone", ["(02) 2100-8888", "+82-2-2100-8888", "02 2100 8888"])
def test_a_phone_as_offices_write_it_is_accepted(tmp_path, phone):
    text = replaced("economic-security | 과장 이영희 | 02-2100-8888", f"economic-security | 과장 이영희 | {phone}")
    assert problems_of(tmp_path, text) == []


@pytest.mark.parametrize("old, new, field, named", [
    ("02-2100-8888", "02\u00a02100-8888", "Contact", "U+00A0, a no-break space"),
    ("Department: northeast-asia, economic-security", "Department: northeast-asia,\u200beconomic-security",
     "Department", "U+200B, a zero-width space"),
    ("License: kogl-3", "License: kogl-3\u202e", "License", "U+202E, a bidirectional override"),
])
def test_an_invisible_character_in_a_keyed_value_is_named(tmp_path, old, new, field, named):
    found = [p for p in problems_of(tmp_path, replaced(old, new)) if p.field == field]
    assert found and named in found[0].message, problems_of(tmp_path, replaced(old, new))


def test_a_no_break_space_in_a_title_is_no_problem(tmp_path):
    assert problems_of(tmp_path, replaced("핵심광물 공동", "핵심광물\u00a0공동")) == []

