"""The release page as a Korean ministry issues it (issue #14): the document's
kind, 보도시점 with its online and print parts, 배포, the contact table, every
department, the 공공누리 licence, the change-history summary, the attachment
line and the footer's identifier line, in both languages.

One joint release pair uses every field of the head; the build runs as at a
time after its online embargo (PRESSROOM_NOW), so production publishes it."""

import io

import pypdf
import pytest

from conftest import FIXTURE, BuiltSite, axe_violations, copy_fixture_content, load_fixture_settings, run_build
from pressroom.l10n import Localizer, document_date, document_datetime

SLUG = "omicron-joint"
PAGES = 3
ATTACHMENT = "attachments/2030/omicron-joint-results.pdf"
LABELS = {"ko": "협의 결과 자료", "en": "Results of the consultation"}

HEADER = """\
Title: {title}
Date: 2030-05-01 14:00
Type: background
Category: bilateral
Department: northeast-asia, economic-security
Number: 30-0501
Contact: northeast-asia | {first} | 02-2100-7777
Contact: northeast-asia | {second} | 02-2100-7778
Contact: economic-security | {third} | 02-2100-8888
Embargo: 2030-05-02 06:00
Embargo-Print: 2030-05-03 morning
Distributed: 2030-05-01 14:00
License: kogl-3
Attachments: {attachment} | {label}
Correction: 2030-05-02 09:00 | {correction1}
Correction: 2030-05-03 10:00 | {correction2}

"""
SOURCES = {
    "ko": HEADER.format(title="한-알파 경제안보 공동 협의 결과", first="과장 홍길동", second="사무관 김철수",
                        third="과장 이영희", attachment=ATTACHMENT, label=LABELS["ko"],
                        correction1="참석자 명단을 바로잡았습니다.", correction2="협의 일정을 바로잡았습니다.")
    + "□ 외교부 동북아시아과와 경제안보외교과는 5월 1일 알파국과 공동 협의를 가졌다.\n",
    "en": HEADER.format(title="Korea and Alpha Hold a Joint Economic Security Consultation",
                        first="Director Hong Gil-dong", second="Deputy Director Kim Cheol-su",
                        third="Director Lee Young-hee", attachment=ATTACHMENT, label=LABELS["en"],
                        correction1="Corrected the list of participants.",
                        correction2="Corrected the schedule of the consultation.")
    + "1. The Northeast Asian Affairs Division and the Economic Security Diplomacy Division held a joint "
      "consultation with Alpha on 1 May.\n",
}
# After the online embargo (2030-05-02 06:00) and both corrections.
NOW = "2030-05-04T12:00:00+09:00"

CONTACT_ROWS = {
    "ko": [("동북아시아과", "책임자", "과장 홍길동", "02-2100-7777"),
           ("동북아시아과", "담당자", "사무관 김철수", "02-2100-7778"),
           ("경제안보외교과", "책임자", "과장 이영희", "02-2100-8888")],
    "en": [("Northeast Asian Affairs Division", "Responsible", "Director Hong Gil-dong", "02-2100-7777"),
           ("Northeast Asian Affairs Division", "In charge", "Deputy Director Kim Cheol-su", "02-2100-7778"),
           ("Economic Security Diplomacy Division", "Responsible", "Director Lee Young-hee", "02-2100-8888")],
}
EXPECTED = {
    "ko": {
        "kind": "보도참고자료",
        "for_release": ("보도시점", ["(온라인) 2030. 5. 2.(목) 06:00", "(지면) 5. 3.(금) 조간"]),
        "distributed": ("배포", "2030. 5. 1.(수) 14:00"),
        "departments": "담당부서",
        "caption": "담당 부서 및 연락처",
        "columns": ["구분", "성명", "전화번호"],
        "license": "공공누리 제3유형: 출처표시, 변경금지",
        "conditions": "출처를 표시하고 변경하지 않으면 상업적 이용을 포함해 이용할 수 있습니다.",
        "changes": "정정 2건, 최종 수정 2030. 5. 3. 10:00",
        "facts": "[PDF, 3쪽, {size}]",
        "download": "내려받기",
        "view": "바로보기",
        "accessible": "접근 가능한 형식으로 받으려면 전자우편({address})으로 요청해 주십시오.",
        "operator": "이 누리집은 외교부 대변인실에서 운영하는 누리집입니다.",
        "type_filter": "자료 유형",
    },
    "en": {
        "kind": "Background briefing",
        "for_release": ("For release", ["Online: Thursday, May 2, 2030, 06:00",
                                        "Print: morning editions of Friday, May 3, 2030"]),
        "distributed": ("Distributed", "Wednesday, May 1, 2030, 14:00"),
        "departments": "Departments",
        "caption": "Contacts",
        "columns": ["Role", "Name", "Phone"],
        "license": "KOGL Type 3: Attribution, no changes",
        "conditions": "You may use this work, including commercially, if you name its source and do not change it.",
        "changes": "2 corrections, last updated May 3, 2030, 10:00",
        "facts": "[PDF, 3 pages, {size}]",
        "download": "Download",
        "view": "View",
        "accessible": "in an accessible format, such as plain text, large print or braille, ask for it by email "
                      "at {address}.",
        "operator": "This website is operated by the Office of the Spokesperson, Ministry of Foreign Affairs.",
        "type_filter": "Document type",
    },
}
LANGS = ("ko", "en")


def text_of(element):
    return " ".join(element.get_text(" ").split()) if element is not None else None


def squeezed(element):
    """The text as a reader sees it run together: markup's white space around
    inline elements counts as none."""
    return "".join(element.get_text().split())


def tiny_pdf(pages):
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    data = io.BytesIO()
    writer.write(data)
    return data.getvalue()


@pytest.fixture(scope="module")
def joint(tmp_path_factory):
    folder = tmp_path_factory.mktemp("release-head")
    content = copy_fixture_content(folder)
    (content / "releases" / "2030").mkdir()
    for lang, text in SOURCES.items():
        (content / "releases" / "2030" / f"{SLUG}.{lang}.md").write_text(text, encoding="utf-8")
    pdf = content / ATTACHMENT
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(tiny_pdf(PAGES))
    result = run_build(content, folder / "output", FIXTURE / "fixtureconf.py", env={"PRESSROOM_NOW": NOW})
    assert result.returncode == 0, result.stdout + result.stderr
    return BuiltSite(folder / "output", content)


def release_page(site, lang):
    return site.html(f"/{lang}/releases/{SLUG}/")


def meta_row(page, label):
    rows = [row for row in page.select(".press-release__meta-row") if row.dt.get_text() == label]
    assert len(rows) == 1, f"one {label!r} row"
    return rows[0].dd


def size_text(site):
    size = (site.content / ATTACHMENT).stat().st_size
    return f"{max(1, round(size / 1024))} KB"


@pytest.mark.parametrize("lang", LANGS)
def test_head_gives_the_kind_the_release_times_and_distribution(joint, lang):
    page = release_page(joint, lang)
    expected = EXPECTED[lang]
    header = page.select_one("article.press-release header.press-release__header")
    kind = header.select_one(".press-release__kind")
    assert kind.get_text() == expected["kind"]
    assert kind.find_next_sibling() is header.select_one("h1"), "the kind stands right above the title"

    label, parts = expected["for_release"]
    release = meta_row(page, label)
    assert [text_of(part) for part in release.select(".press-release__release-part")] == parts
    times = release.select("time")
    assert [time["datetime"] for time in times] == ["2030-05-02T06:00:00+09:00", "2030-05-03"]

    label, shown = expected["distributed"]
    distributed = meta_row(page, label)
    assert text_of(distributed) == shown
    assert distributed.time["datetime"] == "2030-05-01T14:00:00+09:00"


@pytest.mark.parametrize("lang", LANGS)
def test_every_department_is_named_and_linked_lead_first(joint, lang):
    page = release_page(joint, lang)
    links = meta_row(page, EXPECTED[lang]["departments"]).select("a")
    assert [(a["href"], a.get_text()) for a in links] == [
        (f"/{lang}/departments/northeast-asia/", CONTACT_ROWS[lang][0][0]),
        (f"/{lang}/departments/economic-security/", CONTACT_ROWS[lang][2][0]),
    ]
    for key in ("northeast-asia", "economic-security"):
        listing = joint.html(f"/{lang}/departments/{key}/")
        assert listing.find("a", href=f"/{lang}/releases/{SLUG}/") is not None, f"listed under {key}"
    item = joint.html(f"/{lang}/departments/economic-security/").find(
        "a", href=f"/{lang}/releases/{SLUG}/").find_parent("li")
    assert item.select_one(".press-release-list__type").get_text() == EXPECTED[lang]["kind"]


@pytest.mark.parametrize("lang", LANGS)
def test_contact_table_has_one_row_a_contact_grouped_by_department(joint, lang):
    page = release_page(joint, lang)
    expected = EXPECTED[lang]
    table = page.select_one("header.press-release__header table.press-contacts__table")
    assert table.caption.get_text() == expected["caption"]
    region = table.find_parent(class_="press-contacts")
    assert region["aria-labelledby"] == table.caption["id"]
    headers = table.select("thead th")
    assert [th.get_text() for th in headers] == expected["columns"]
    assert {th["scope"] for th in headers} == {"col"}

    groups = table.select("tbody")
    assert len(groups) == 2, "one row group a department, in the release's order"
    rows = []
    for group in groups:
        heading, *contacts = group.select("tr")
        department = heading.select_one("th")
        assert department["scope"] == "rowgroup" and department["colspan"] == str(len(headers))
        assert not heading.select("td") and len(group.select("th[scope=rowgroup]")) == 1, \
            "the department heads its group once"
        assert department.a["href"].startswith(f"/{lang}/departments/")
        for tr in contacts:
            # The person is the row's header: a screen reader names them
            # with their role and phone.
            assert [th["scope"] for th in tr.select("th")] == ["row"]
            cells = [cell.get_text() for cell in tr.select("td, th")]
            assert len(cells) == len(headers)
            rows.append((department.get_text(), *cells))
            phone = tr.select_one("td.press-contacts__phone a")
            assert phone["href"] == "tel:" + phone.get_text().replace("-", "")
    assert rows == CONTACT_ROWS[lang]
    assert [a["href"] for a in table.select("a[href^='tel:']")] == ["tel:0221007777", "tel:0221007778",
                                                                     "tel:0221008888"]
    assert not [row for row in page.select(".press-release__meta-row")
                if row.dt.get_text() == {"ko": "문의", "en": "Contact"}[lang]], \
        "the table replaces the one-line contact"


@pytest.mark.parametrize("lang", LANGS)
def test_licence_is_in_words_with_its_link_in_the_release_footer(joint, lang):
    page = release_page(joint, lang)
    licence = page.select_one("article.press-release > footer.press-release__footer .press-license")
    assert licence is not None, "in the release's own footer"
    link = licence.select_one("a.press-license__link")
    assert link["href"] == "https://www.kogl.or.kr/info/licenseType3.do"
    assert link.get_text() == EXPECTED[lang]["license"]
    assert EXPECTED[lang]["conditions"] in text_of(licence)
    assert licence.find("img") is None, "no KOGL mark image"
    body = page.select_one(".press-release__body")
    assert body.find_all_next(class_="press-license"), "after the body"


@pytest.mark.parametrize("lang", LANGS)
def test_change_history_is_summarised_under_the_heading_and_given_in_full_at_the_end(joint, lang):
    page = release_page(joint, lang)
    summary = page.select_one("header.press-release__header .press-release__changes")
    assert summary.find_previous_sibling("h1") is not None, "under the heading"
    link = summary.a
    assert text_of(link) == EXPECTED[lang]["changes"]
    assert link["href"] == "#press-corrections"
    assert link.time["datetime"] == "2030-05-03T10:00:00+09:00"
    history = page.find(id="press-corrections")
    assert history is not None and history.find_parent("footer", class_="press-release__footer")
    assert len(history.select(".press-corrections__item")) == 2
    assert page.select_one(".press-release__body").find_all_next(id="press-corrections"), "at the end"


@pytest.mark.parametrize("lang", LANGS)
def test_attachment_line_has_type_pages_size_download_and_view(joint, lang):
    page = release_page(joint, lang)
    expected = EXPECTED[lang]
    facts = expected["facts"].format(size=size_text(joint))
    item = page.select_one(".press-attachments__item")
    assert item.select_one(".press-attachments__name").get_text() == LABELS[lang]
    assert item.select_one(".press-attachments__meta").get_text() == facts

    download, view = item.select("a.press-attachments__link")
    assert download.has_attr("download") and not view.has_attr("download")
    assert download["href"] == view["href"] == "/" + ATTACHMENT
    assert joint.file_for(download["href"]).read_bytes() == (joint.content / ATTACHMENT).read_bytes()
    # The visible word, then the file's name for a screen reader.
    assert text_of(download) == f"{expected['download']} {LABELS[lang]} {facts}"
    assert text_of(view) == f"{expected['view']} {LABELS[lang]}"
    for link in (download, view):
        assert "press-visually-hidden" in link.span["class"] and LABELS[lang] in link.span.get_text()

    address = load_fixture_settings()["PRESSROOM_ACCESSIBLE_FORMAT_CONTACT"]
    assert address
    line = page.select_one(".press-attachments__accessible")
    assert line.a["href"] == f"mailto:{address}"
    assert expected["accessible"].format(address=address).replace(" ", "") in squeezed(line)


def test_a_zip_has_no_view_link_and_no_page_count(joint):
    item = joint.html("/ko/releases/beta-forum/").select_one(".press-attachments__item")
    assert len(item.select("a.press-attachments__link")) == 1
    assert "쪽" not in item.select_one(".press-attachments__meta").get_text()


@pytest.mark.parametrize("lang", LANGS)
def test_footer_names_the_operating_agency_as_krds_words_it(joint, lang):
    for url in (f"/{lang}/releases/{SLUG}/", f"/{lang}/"):
        assert joint.html(url).select_one(".press-footer__operator").get_text() == EXPECTED[lang]["operator"]


@pytest.mark.parametrize("lang", LANGS)
def test_search_page_filters_by_document_type(joint, lang):
    page = joint.html(f"/{lang}/search/")
    select = page.select_one("select#press-search-type")
    assert select["name"] == "type"
    assert page.find("label", attrs={"for": "press-search-type"}).get_text() == EXPECTED[lang]["type_filter"]
    assert EXPECTED[lang]["kind"] in [option.get_text() for option in select.select("option")]


def test_a_release_without_embargo_gives_its_date_as_release_time(joint):
    page = joint.html("/en/releases/alpha-talks/")
    assert page.select_one(".press-release__kind").get_text() == "Press release"
    release = meta_row(page, "For release")
    assert release.time["datetime"] == "2022-03-03T09:30:00+09:00"
    assert not [row for row in page.select(".press-release__meta-row") if row.dt.get_text() == "Distributed"]
    assert page.select_one(".press-contacts") is None


def test_document_dates_have_one_code_path_for_each_language():
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    time = datetime(2024, 5, 2, 6, 0, tzinfo=ZoneInfo("Asia/Seoul"))
    assert document_datetime(time, "ko") == "2024. 5. 2.(목) 06:00"
    assert document_datetime(time, "en") == "Thursday, May 2, 2024, 06:00"
    assert document_datetime(time, "ko", weekday=False) == "2024. 5. 2. 06:00"
    assert document_date(date(2024, 5, 3), "ko", again=True) == "5. 3.(금)"
    assert document_date(date(2024, 5, 3), "en", again=True) == "Friday, May 3, 2024"
    korean = Localizer("ko", FIXTURE.parent.parent.parent / "theme" / "translations")
    assert korean.document_datetime(time) == document_datetime(time, "ko")


# -- the same pages audited: the Nu HTML Checker, and axe-core at a phone's and a desktop's width

ROOT = FIXTURE.parent.parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_joint_release_pages_pass_the_nu_html_checker(joint):
    import json
    import shutil
    import subprocess

    java = shutil.which("java")
    assert java and VNU.exists(), "Java and vnu-jar: make test installs them"
    pages = [str(joint.file_for(f"/{lang}/releases/{SLUG}/")) for lang in LANGS]
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr)["messages"]
    assert [f"{m.get('lastLine')}: {m['message']}" for m in messages] == []


@pytest.fixture(scope="module")
def served_joint(joint):
    from conftest import serve

    server = serve(joint.root)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [320, 1280])
def test_joint_release_page_has_no_axe_violation_and_fits_the_width(served_joint, page_at, lang, width):
    page = page_at(f"{served_joint}/{lang}/releases/{SLUG}/", width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page never scrolls sideways"
    assert axe_violations(page) == []
    table = page.locator(".press-contacts")
    if width == 320:
        page.screenshot(path=str(ROOT / "tests" / "artifacts" / f"release-head-{lang}-320.png"), full_page=True)
    assert table.evaluate("region => region.scrollWidth <= region.clientWidth + 1"), \
        "the contact table fits a 320 px screen without scrolling"
