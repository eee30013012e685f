"""`make import`: the old site's saved pages become releases under content/.

The saved site in tests/fixtures/import/egov-site was written for these
tests, as `wget --mirror --convert-links` leaves a typical e-government
board: Korean pages under /www/, English ones under /eng/, site chrome
around every release, pages in UTF-8 and in EUC-KR (declared, and not), a
pair linked by its counterpart link and one linked only by its number, a
release in one language, a joint release, a list page, and two broken
pages. It is imported with the shipped profile into a copy of the demo
content, as a ministry would import into its site.
"""

import hashlib
from urllib.parse import unquote
import io
import zipfile
from html import escape, unescape
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import html5lib
import pytest

from conftest import ORIGIN, ROOT, run_build, tree_digest

SAVED = ROOT / "tests" / "fixtures" / "import" / "egov-site"
HOST = SAVED / "www.example.go.kr"
PROFILE = ROOT / "plugins" / "pressroom" / "importing" / "profiles" / "egov-board.toml"
SETTINGS = ROOT / "pelicanconf.py"
KO_BOARD = "www.example.go.kr/www/brd/m_4080"
EN_BOARD = "www.example.go.kr/eng/brd/m_5676"
RARE_METALS = "korea-and-mongolia-hold-first-joint-committee-on-rare-metals"
HOLIDAYS = "mofa-urges-travelers-to-stay-safe-over-the-may-holidays"
EXPECTED_RELEASES = {
    f"releases/2019/{RARE_METALS}.ko.md", f"releases/2019/{RARE_METALS}.en.md",
    f"releases/2019/{HOLIDAYS}.ko.md", f"releases/2019/{HOLIDAYS}.en.md",
    "releases/2020/release-2020-20-0107.ko.md",
    "releases/2020/spokespersons-briefing-schedule-for-the-summer.en.md",
}
# The words of the old site's chrome, none of which is a release's text.
CHROME = ["바로가기 메뉴", "본문 바로가기", "주메뉴 바로가기", "검색창 열기", "외교부 소개", "정책정보", "알림·소식",
          "목록", "인쇄", "공유하기", "페이스북", "이전글", "Copyright", "대표전화", "Press Releases", "첨부파일",
          "English", "한국어", "dataLayer", "track(", "광고"]


def run_import(content, source=SAVED, profile=PROFILE, settings=SETTINGS):
    return subprocess.run(
        [sys.executable, "-m", "pressroom", "import", "--settings", str(settings), "--content", str(content),
         "--source", str(source), "--profile", str(profile), "--cache", "none"],
        check=False, cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")})


def check(content):
    return subprocess.run(
        [sys.executable, "-m", "pressroom", "check", "--settings", str(SETTINGS), "--content", str(content),
         "--cache", "none"],
        check=False, cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")})


def demo_content(folder):
    target = Path(folder) / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def release_files(content):
    return {path.relative_to(content).as_posix() for path in (content / "releases").rglob("*.md")}


def imported_text(content):
    """(text, path below content/) of the one release file the import added."""
    [written] = release_files(content) - release_files(ROOT / "content")
    return (content / written).read_text(encoding="utf-8"), written


def digest_of(data):
    return hashlib.sha256(data).hexdigest()


def signed(text, origin):
    """The file as the import must write it: the Source line carries the
    first 16 hex digits of the SHA-256 of the file written with the Source
    line without them (docs/import.md)."""
    line = f"Source: {origin}\n"
    assert line in text
    digest = digest_of(text.encode("utf-8"))[:16]
    return text.replace(line, f"Source: {origin} | sha256:{digest}\n", 1)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The saved site imported once into a copy of the demo content."""
    folder = tmp_path_factory.mktemp("import")
    content = demo_content(folder)
    before = release_files(content)
    result = run_import(content)
    return content, before, result


# --- What the import writes ----------------------------------------------------

def test_the_import_writes_exactly_the_expected_releases(imported):
    content, before, result = imported
    assert release_files(content) - before == EXPECTED_RELEASES, result.stdout + result.stderr
    assert before <= release_files(content)


def test_the_korean_release_keeps_its_hierarchy_table_photo_and_attachments(imported):
    content, _, _ = imported
    pdf = (HOST / "common" / "download.do?fileSn=3001").read_bytes()
    hwp = (HOST / "upload" / "2019" / "bodo_0815.hwp").read_bytes()
    photo = (HOST / "upload" / "editor" / "2019" / "photo_committee.jpg").read_bytes()
    pdf_path = f"attachments/2019/붙임1_공동위원회_결과-{digest_of(pdf)[:12]}.pdf"
    hwp_path = f"attachments/2019/bodo_0815-{digest_of(hwp)[:12]}.hwp"
    photo_path = f"images/2019/photo_committee-{digest_of(photo)[:12]}.jpg"
    expected = signed(f"""Title: 한-몽골, 제1차 희소금속 협력 공동위원회 개최
Date: 2019-11-21 17:00
Category: bilateral
Department: economic-security
Number: 19-0815
Attachments: {pdf_path} | 붙임1_공동위원회_결과
    {hwp_path} | 보도자료 원문
Source: {KO_BOARD}/view.do?seq=101.html

□ 외교부와 산업통상자원부는 11.20.(수) 몽골 울란바토르에서 「제1차 한-몽골 희소금속 협력 공동위원회」를 개최하고, 희소금속 공급망 협력 방안을 논의하였다고 밝혔다.

□ 이번 공동위원회는 지난 2월 양국 정부가 서명한 희소금속 협력 양해각서(MOU)의 후속 조치로 열렸다.
  ○ 양측은 희소금속의 안정적 공급과 산업 경쟁력 강화를 위한 협력을 확대해 나가기로 하였다.
    - 특히, 공동 탐사와 기술 인력 교류를 우선 추진하기로 하였다.
  ○ 또한, 양측은 **연구개발(R&amp;D)** 분야 협력 과제를 발굴하기로 하였다.
    ※ 몽골은 몰리브덴, 주석 등 다양한 희소금속을 보유한 자원 부국임

표: 공동위원회 주요 일정

| 일시 | 행사 |
|---|---|
| 11.20.(수) 10:00 | 공동위원회 본회의 |
| 11.20.(수) 15:00 | 협력센터 착공식 |

![공동위원회에 참석한 양국 대표단]({photo_path} "한-몽골 희소금속 협력 공동위원회 참석자들이 기념 촬영을 하고 있다.")

□ 정부는 앞으로도 몽골과의 협력을 통해 핵심광물 공급망을 다변화해 나갈 예정이다.
""", f"{KO_BOARD}/view.do?seq=101.html")
    assert (content / f"releases/2019/{RARE_METALS}.ko.md").read_text(encoding="utf-8") == expected
    assert (content / pdf_path).read_bytes() == pdf
    assert (content / hwp_path).read_bytes() == hwp
    assert (content / photo_path).read_bytes() == photo


def test_the_english_release_keeps_its_numbered_paragraphs_around_the_quote(imported):
    content, _, _ = imported
    expected = signed(f"""Title: Korea and Mongolia Hold First Joint Committee on Rare Metals
Date: 2019-11-21 18:30
Category: bilateral
Department: economic-security
Number: 19-0815
Source: {EN_BOARD}/view.do?seq=201.html

1. The Ministry of Foreign Affairs and the Ministry of Trade, Industry and Energy held the first meeting of the Korea-Mongolia Joint Committee on Rare Metals in Ulaanbaatar on November 20.

2. The committee met as a follow-up to the memorandum of understanding on rare metals that the two governments signed in February.

> "Our two countries can build supply chains that serve both economies," the head of the Korean delegation said.

3. The two sides agreed to start joint exploration and to exchange technical experts, and to look for research projects they can carry out together.

4. Mongolia produces molybdenum and tin, among other rare metals, and is thought to hold large deposits of rare earth elements.
""", f"{EN_BOARD}/view.do?seq=201.html")
    assert (content / f"releases/2019/{RARE_METALS}.en.md").read_text(encoding="utf-8") == expected


def test_a_euc_kr_page_is_read_in_its_declared_encoding_and_its_merged_table_stays_a_table(imported):
    content, _, _ = imported
    expected = signed(f"""Title: 외교부, 황금연휴 해외여행객 안전 유의 당부
Date: 2019-05-02 10:00
Category: bilateral
Department: overseas-safety
Number: 19-0501
Source: {KO_BOARD}/view.do?seq=102.html

□ 외교부는 5월 황금연휴 기간 해외로 떠나는 국민이 크게 늘 것으로 보고, 여행 전 안전 정보를 꼭 확인해 줄 것을 당부하였다.
  ㅇ 방문국의 여행경보 단계를 해외안전여행 누리집에서 확인
  ㅇ 긴급 상황에 대비해 영사콜센터 번호를 저장
    ※ 영사콜센터는 24시간 운영된다.

<table>
<caption>여행경보 단계별 행동 요령</caption>
<tr><th scope="col">단계</th><th scope="col">이름</th><th scope="col">행동 요령</th></tr>
<tr><td>1단계</td><td>여행유의</td><td rowspan="2">신변 안전에 유의</td></tr>
<tr><td>2단계</td><td>여행자제</td></tr>
<tr><td>3단계</td><td>출국권고</td><td>긴급한 용무가 아니면 귀국</td></tr>
</table>

□ 해외에서 사건·사고를 당하면 가까운 재외공관에 연락하면 된다.
""", f"{KO_BOARD}/view.do?seq=102.html")
    assert (content / f"releases/2019/{HOLIDAYS}.ko.md").read_text(encoding="utf-8") == expected


def test_an_undeclared_euc_kr_page_is_detected_and_a_joint_release_keeps_its_departments(imported):
    content, _, _ = imported
    text = (content / "releases/2020/release-2020-20-0107.ko.md").read_text(encoding="utf-8")
    assert "Title: 동북아 경제협력 세미나 개최 결과\n" in text
    assert "Department: northeast-asia, economic-security\n" in text
    # Links: the web and e-mail addresses stay links; the link to another
    # saved release leads to its imported file; a script link is text.
    assert "[세미나 누리집](https://www.example.org/seminar)" in text
    assert f"[희소금속 공동위원회]({{filename}}/releases/2019/{RARE_METALS}.ko.md)" in text
    assert "[northeast-asia@example.go.kr](mailto:northeast-asia@example.go.kr)" in text
    assert "\n설문 참여\n" in text and "javascript" not in text


def test_the_pair_by_number_takes_the_date_without_a_time_at_midnight(imported):
    content, _, _ = imported
    text = (content / f"releases/2019/{HOLIDAYS}.en.md").read_text(encoding="utf-8")
    assert "Date: 2019-05-03 00:00\n" in text and "Number: 19-0501\n" in text


def test_no_chrome_of_the_old_site_is_imported(imported):
    content, _, _ = imported
    for relative in EXPECTED_RELEASES:
        text = (content / relative).read_text(encoding="utf-8")
        assert not [word for word in CHROME if word in text], relative


# --- The report and the exit status -------------------------------------------------

def test_the_report_counts_every_page_and_names_each_that_needs_a_person(imported):
    _, _, result = imported
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ("9 pages: 6 imported, 0 updated, 0 unchanged, 1 skipped, 2 failed; 2 releases in both "
                        "languages (1 paired by counterpart link, 1 by number).")
    assert (f"failed   {KO_BOARD}/view.do?seq=104.html: no date: '등록일 미정' (select.date) matches none of "
            "parse.date_formats") in result.stdout
    assert (f"failed   {KO_BOARD}/view.do?seq=105.html: unreadable encoding: the bytes at line 5 are not utf-8 "
            "(the encoding from its declaration charset=utf-8)") in result.stdout
    assert f"skipped  {KO_BOARD}/list.do.html: not a release page" in result.stdout
    assert (f"note     {KO_BOARD}/view.do?seq=103.html -> content/releases/2020/release-2020-20-0107.ko.md: "
            "the link '설문 참여' is a 'javascript:' address") in result.stdout
    assert "Traceback" not in result.stderr


# --- What the site makes of it --------------------------------------------------------

def test_make_check_and_make_html_accept_the_imported_releases(imported, tmp_path):
    content, _, _ = imported
    checked = check(content)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    output = tmp_path / "output"
    built = run_build(content, output, SETTINGS)
    assert built.returncode == 0, built.stdout + built.stderr
    for lang, slug, other in (("ko", RARE_METALS, "en"), ("en", HOLIDAYS, "ko")):
        page = (output / lang / "releases" / slug / "index.html").read_text(encoding="utf-8")
        document = html5lib.parse(page, namespaceHTMLElements=False)
        # Each pair is one release in two languages: each page names the other.
        alternates = {link.get("hreflang"): link.get("href") for link in document.iter("link")
                      if link.get("rel") == "alternate" and link.get("hreflang")}
        assert alternates[other] == f"{ORIGIN}/{other}/releases/{slug}/"
    page = html5lib.parse((output / "ko/releases" / RARE_METALS / "index.html").read_text(encoding="utf-8"),
                          namespaceHTMLElements=False)
    body = next(div for div in page.iter("div") if div.get("class") == "press-release__body")
    assert len(list(body.iter("table"))) == 1 and body.find(".//caption").text == "공동위원회 주요 일정"
    image = body.find(".//figure/img")
    assert image.get("alt") == "공동위원회에 참석한 양국 대표단"
    assert (output / image.get("src").lstrip("/")).is_file()
    assert [item.text for item in page.iter("span") if item.get("class") == "press-attachments__name"] == [
        "붙임1_공동위원회_결과", "보도자료 원문"]
    # The Source line is for the import: no page, feed or index shows it.
    assert not [path for path in output.rglob("*") if path.is_file() and b"view.do" in path.read_bytes()]


# --- Running it again ---------------------------------------------------------------------

def test_a_second_run_changes_nothing(imported):
    content, _, _ = imported
    before = tree_digest(content)
    again = run_import(content)
    assert tree_digest(content) == before
    assert again.stdout.splitlines()[0].startswith("9 pages: 0 imported, 0 updated, 6 unchanged, 1 skipped, 2 failed")


def test_an_edited_file_survives_a_reimport_and_an_unedited_one_is_updated(tmp_path):
    source = tmp_path / "saved"
    shutil.copytree(SAVED, source)
    content = demo_content(tmp_path)
    assert run_import(content, source).returncode == 1
    edited = content / f"releases/2019/{RARE_METALS}.en.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("November 20", "20 November"), encoding="utf-8")
    kept = edited.read_bytes()
    # The old site changed both pages of the pair since they were saved.
    for board, seq, old, new in ((EN_BOARD, 201, "Joint Committee", "Joint Commission"),
                                 (KO_BOARD, 101, "공동위원회 개최", "공동위 개최")):
        page = source / board / f"view.do?seq={seq}.html"
        page.write_text(page.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    again = run_import(content, source)
    assert edited.read_bytes() == kept
    assert (f"skipped  {EN_BOARD}/view.do?seq=201.html: content/releases/2019/{RARE_METALS}.en.md was edited "
            "since it was imported, so it is left as it is") in again.stdout
    korean = (content / f"releases/2019/{RARE_METALS}.ko.md").read_text(encoding="utf-8")
    assert korean.startswith("Title: 한-몽골, 제1차 희소금속 협력 공동위 개최\n")
    assert again.stdout.splitlines()[0].startswith("9 pages: 0 imported, 1 updated, 4 unchanged, 2 skipped, 2 failed")


def test_a_batch_imported_later_pairs_with_the_first_and_keeps_its_slugs(tmp_path):
    """The Korean board first, the English board later: the Korean files
    keep the slugs they were given, and the English versions take them."""
    korean_only = tmp_path / "korean.toml"
    korean_only.write_text(PROFILE.read_text(encoding="utf-8").replace('pages = ["**/brd/**/*.html"]',
                                                                     'pages = ["**/www/brd/**/*.html"]'),
                           encoding="utf-8")
    content = demo_content(tmp_path)
    first = run_import(content, profile=korean_only)
    assert first.stdout.startswith("6 pages: 3 imported"), first.stdout
    korean = release_files(content) - release_files(ROOT / "content")
    assert korean == {"releases/2019/release-2019-19-0815.ko.md", "releases/2019/release-2019-19-0501.ko.md",
                      "releases/2020/release-2020-20-0107.ko.md"}
    second = run_import(content)
    assert second.stdout.startswith("9 pages: 3 imported, 0 updated, 3 unchanged"), second.stdout
    assert release_files(content) - release_files(ROOT / "content") == korean | {
        "releases/2019/release-2019-19-0815.en.md", "releases/2019/release-2019-19-0501.en.md",
        "releases/2020/spokespersons-briefing-schedule-for-the-summer.en.md"}
    assert check(content).returncode == 0


# --- The reference release ------------------------------------------------------------------

REFERENCE = Path(os.environ.get("PRESSROOM_REFERENCE", ROOT.parent / "shared" / "reference"))


@pytest.mark.skipif(not REFERENCE.is_dir(), reason=f"the reference release is not at {REFERENCE} (set "
                    "PRESSROOM_REFERENCE); it is not copied into the repository, as its words are not ours")
def test_the_reference_release_in_a_page_of_our_making_imports_with_its_seven_paragraphs(tmp_path):
    text = next(REFERENCE.glob("*.txt")).read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    chrome, title, paragraphs = lines[:5], lines[5], lines[6:]
    assert chrome[-1] == "Press Releases" and len(paragraphs) == 7
    board = tmp_path / "saved" / "www.example.go.kr" / "eng" / "brd" / "m_5676"
    board.mkdir(parents=True)
    skip_links = "".join(f'<a href="#c{index}">{words}</a>' for index, words in enumerate(chrome[:3]))
    (board / "view.do?seq=900.html").write_text(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title><script>var tracker = 1;</script></head>
<body><div id="skip">{skip_links}</div><header><button type="button">{chrome[3]}</button></header>
<main><h2 class="page-title">{chrome[4]}</h2>
<div class="board-view"><h3 class="board-view__title">{title}</h3>
<ul class="board-view__info"><li class="date">2023-11-21 17:00</li></ul>
<div class="board-view__content">{"".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)}</div>
<div class="board-view__tools"><a href="list.do.html">List</a></div></div></main></body></html>""",
                                                  encoding="utf-8")
    content = demo_content(tmp_path)
    result = run_import(content, tmp_path / "saved")
    assert result.returncode == 0, result.stdout + result.stderr
    body = imported_text(content)[0].split("\n\n", 1)[1]
    # As Markdown gives it back: "R&amp;D" is the text "R&D".
    assert [unescape(paragraph.strip()) for paragraph in body.split("\n\n") if paragraph.strip()] == paragraphs
    assert [re.match(r"\d+", paragraph)[0] for paragraph in body.split("\n\n") if paragraph.strip()] == [
        str(number) for number in range(1, 8)]
    assert not [words for words in chrome if words in body]
    assert check(content).returncode == 0


# --- A profile the import cannot use ----------------------------------------------------

@pytest.mark.parametrize("change, message", [
    (lambda text: "colour = \"blue\"\n" + text,
     "colour: is not a key of a profile — use only pages, language, select, parse, defaults, site"),
    (lambda text: text.replace('title = ".board-view .board-view__title"', 'title = ".board-view [["'),
     "select.title: '.board-view [[' is not a CSS selector"),
    (lambda text: text.replace('category = "bilateral"', 'category = "trade"'),
     "defaults.category: 'trade' is not a category key — use one of economic, bilateral"),
    (lambda text: re.sub(r"^number_pattern = .*$", r'number_pattern = "\\\\d{2}"', text, flags=re.M),
     "parse.number_pattern: has no group — put ( ) around the number"),
    (lambda text: text.replace('"%Y.%m.%d %H:%M", ', '"%Y.%m %H:%M", '),
     "parse.date_formats[0]: '%Y.%m %H:%M' does not give a day, a month and a year"),
    (lambda text: text.replace("[defaults]", "[defaults"), "file: is not valid TOML"),
    (lambda text: text.replace('pages = ["**/brd/**/*.html"]', 'pages = "**/*.html"'),
     "pages: is str, not a list in [ ] — write pages as a list in [ ]"),
])
def test_a_profile_mistake_stops_the_import_before_any_page_with_the_key_and_the_fix(tmp_path, change, message):
    profile = tmp_path / "profile.toml"
    profile.write_text(change(PROFILE.read_text(encoding="utf-8")), encoding="utf-8")
    content = demo_content(tmp_path)
    result = run_import(content, profile=profile)
    assert result.returncode == 2
    assert f"{profile}: " in result.stderr and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert release_files(content) == release_files(ROOT / "content")


def test_a_source_that_is_no_folder_is_refused(tmp_path):
    result = run_import(demo_content(tmp_path), source=tmp_path / "missing")
    assert result.returncode == 2 and "is not a folder" in result.stderr


# --- What a hostile page cannot do ----------------------------------------------------------

HOSTILE_BODY = """
<p>1. Text that looks like markup stays text: &lt;script&gt;alert(1)&lt;/script&gt; and &lt;b onmouseover="x"&gt;.</p>
<script>alert("in the body")</script><style>p { display: none }</style>
<p>2. Markdown typed in the old page: [click](javascript:alert(1)) ![x](http://evil.example/x.png)
<br>[1]: javascript:alert(2)<br># not a heading<br>&gt; not a quote<br><http://evil.example/auto></p>
<p>3. Links: <a href="javascript:alert(3)">script</a>, <a href="http://evil.example/" onclick="alert(4)" target="_blank">web</a>,
<a href="data:text/html,&lt;script&gt;alert(5)&lt;/script&gt;">data</a>, <a href="../../../../../../etc/passwd">passwd</a>,
<a href="file:///etc/passwd">file</a>, <a href="{filename}/../../pelicanconf.py">filename</a>.</p>
<p><img src="http://evil.example/track.png" onerror="alert(6)" alt="tracker"><img src="/../../../etc/passwd" alt="x"></p>
<iframe src="https://evil.example/frame"></iframe><object data="x.swf">flash</object><svg><script>alert(7)</script></svg>
<meta http-equiv="refresh" content="0; url=http://evil.example/"><form action="http://evil.example/"><input name="q"></form>
<table summary="&quot;&gt;&lt;script&gt;alert(8)&lt;/script&gt;"><tr><td style="color:red" onclick="alert(9)">a|b</td><td>c</td></tr>
<tr><td>&lt;i&gt;</td><td>**bold?**</td></tr></table>
<pre>```
&lt;script&gt;alert(10)&lt;/script&gt;
```</pre><p>Code: <code>`&lt;img src=x onerror=alert(11)&gt;`</code> <del>struck</del></p>
"""


def test_nothing_a_saved_page_holds_puts_script_or_a_foreign_file_on_the_site(tmp_path):
    board = tmp_path / "saved" / "www.example.go.kr" / "eng" / "brd" / "m_5676"
    board.mkdir(parents=True)
    (board / "view.do?seq=666.html").write_text(f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head>
<body><div class="board-view"><h3 class="board-view__title">&lt;script&gt;alert(0)&lt;/script&gt; Title <b>bold</b>
Status: draft</h3><ul class="board-view__info"><li class="date">2021-03-04 10:00</li>
<li class="number">21-0001
Status: draft</li></ul><div class="board-view__content">{HOSTILE_BODY}</div></div></body></html>""",
                                                encoding="utf-8")
    content = demo_content(tmp_path)
    result = run_import(content, tmp_path / "saved")
    assert result.returncode == 0, result.stdout + result.stderr
    text, written = imported_text(content)
    header = text.split("\n\n", 1)[0]
    # The title is one line of text; nothing in it became a field.
    assert "Title: <script>alert(0)</script> Title bold Status: draft\n" in header + "\n"
    assert "\nStatus:" not in header and "Number: 21-0001\n" in header + "\n"
    output = tmp_path / "output"
    built = run_build(content, output, SETTINGS)
    assert built.returncode == 0, built.stdout + built.stderr
    slug = written.rsplit("/", 1)[1].split(".")[0]
    page = html5lib.parse((output / "en" / "releases" / slug / "index.html").read_text(encoding="utf-8"),
                          namespaceHTMLElements=False)
    body = next(div for div in page.iter("div") if div.get("class") == "press-release__body")
    names = {element.tag for element in body.iter()}
    assert not names & {"script", "style", "iframe", "object", "embed", "svg", "meta", "form", "input", "base"}
    for element in body.iter():
        assert not [name for name in element.attrib if name.startswith("on") or name in ("style", "target")]
        for name in ("href", "src"):
            value = element.get(name)
            if value is not None:
                assert value.startswith(("http://", "https://", "mailto:", "tel:", "/", "#")), value
                assert "evil.example" not in value or element.tag == "a", value
    assert not [element for element in body.iter("img")], "no image came from another site or outside SOURCE"
    text = "".join(body.itertext())
    assert "<script>alert(1)</script>" in text and "[click](javascript:alert(1))" in text
    assert "[1]: javascript:alert(2)" in text and "# not a heading" in text and "**bold?**" in text
    # Code that tries to close its fence or its span stays code.
    assert "```\n<script>alert(10)</script>\n```" in "".join(body.find(".//pre").itertext())
    assert [code.text for code in body.iter("code")][-1] == "`<img src=x onerror=alert(11)>`"
    assert [element.text for element in body.iter("del")] == ["struck"]
    assert not [a for a in body.iter("a") if "javascript" in (a.get("href") or "") or "data:" in (a.get("href") or "")]
    assert [a.get("href") for a in body.iter("a")] == ["http://evil.example/"]


def zip_of(*names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


@pytest.mark.parametrize("data, kind", [
    (b"%PDF-1.7\n", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + b"HWP Document File", "hwp"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + b"Microsoft Word", None),
    (zip_of("mimetype", "Contents/section0.xml"), "hwpx"),
    (zip_of("[Content_Types].xml", "word/document.xml"), "docx"),
    (zip_of("[Content_Types].xml", "xl/workbook.xml"), "xlsx"),
    (zip_of("report.csv"), "zip"),
    (b"<html>not found</html>", None),
])
def test_an_attachment_without_a_name_is_typed_by_its_bytes(data, kind):
    from pressroom.importing.files import sniffed_type
    assert sniffed_type(data) == kind


def test_an_attachment_typed_by_its_bytes_and_an_attached_photo_are_kept(tmp_path):
    host = tmp_path / "saved" / "www.example.go.kr"
    board = host / "www" / "brd" / "m_4080"
    board.mkdir(parents=True)
    (host / "common").mkdir()
    (host / "common" / "download.do?fileSn=1").write_bytes(zip_of("[Content_Types].xml", "word/document.xml"))
    (host / "common" / "download.do?fileSn=2").write_bytes((HOST / "upload/editor/2019/photo_committee.jpg").read_bytes())
    (host / "common" / "download.do?fileSn=3").write_bytes(b"<html>error</html>")
    (board / "view.do?seq=7.html").write_text("""<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<div class="board-view"><h3 class="board-view__title">첨부 시험</h3><ul class="board-view__info">
<li class="date">2021.03.04</li></ul><div class="board-view__files">
<a href="../../../common/download.do%3FfileSn=1">참가 신청서</a><a href="../../../common/download.do%3FfileSn=2">사진</a>
<a href="../../../common/download.do%3FfileSn=3">깨진 파일</a><a href="../../../common/download.do%3FfileSn=4">없는 파일</a>
</div><div class="board-view__content"><p>□ 첨부파일을 시험한다.</p></div></div></body></html>""",
                                              encoding="utf-8")
    content = demo_content(tmp_path)
    result = run_import(content, tmp_path / "saved")
    assert result.returncode == 0, result.stdout + result.stderr
    text = imported_text(content)[0]
    assert re.search(r"^Attachments: attachments/2021/참가_신청서-[0-9a-f]{12}\.docx \| 참가 신청서$", text, re.M)
    assert re.search(r"^!\[보도자료 사진\]\(images/2021/download-[0-9a-f]{12}\.jpg\)$", text, re.M)
    assert "the attached picture '사진' was put at the end of the body" in result.stdout
    assert "the attachment '깨진 파일' is not a type a release may attach" in result.stdout
    assert "the attachment '없는 파일' (../../../common/download.do%3FfileSn=4) was not saved" in result.stdout
    assert check(content).returncode == 0


# --- Shapes of old pages that once went wrong (a hostile review) -------------------------------

def saved_page(source, seq, title, body, date="2021.03.04 10:00", board="www/brd/m_4080", info="", language="",
               meta='<meta charset="utf-8">', encoding="utf-8"):
    path = source / "www.example.go.kr" / board / f"view.do?seq={seq}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(f"""<!DOCTYPE html><html><head>{meta}</head><body><div class="board-view">
<h3 class="board-view__title">{title}</h3><ul class="board-view__info"><li class="date">{date}</li>{info}</ul>
<div class="board-view__content">{body}</div>{language}</div></body></html>""".encode(encoding))
    return path


def test_what_the_old_page_hid_from_readers_is_left_out_and_noted(tmp_path):
    source = tmp_path / "saved"
    saved_page(source, 1, "숨긴 링크", """<p>□ 정상 본문입니다.</p>
<div style="display: none"><a href="https://casino.example/">카지노 바로가기</a></div>
<p hidden><a href="https://spam1.example/">x</a></p><span aria-hidden="true"><a href="https://spam2.example/">y</a></span>
<p style="color: red; visibility:hidden">보이지 않는 글</p>
<iframe src="https://www.youtube.com/embed/abc" title="장관 발언"></iframe><video src="v.mp4"></video>""")
    content = demo_content(tmp_path)
    result = run_import(content, source)
    assert result.returncode == 0, result.stdout + result.stderr
    text, _ = imported_text(content)
    assert text.split("\n\n", 1)[1] == "□ 정상 본문입니다.\n"
    assert result.stdout.count("an element hidden from readers") == 4
    assert "links to https://casino.example/" in result.stdout
    assert "an embedded <iframe> (https://www.youtube.com/embed/abc) was left out" in result.stdout
    assert "an embedded <video> (v.mp4) was left out" in result.stdout


def test_text_that_looks_like_markdown_structure_stays_text(tmp_path):
    source = tmp_path / "saved"
    saved_page(source, 1, "Structure", "<p>1. Contact<br>---</p><p>- - -</p><p>===</p><p>2. Second paragraph.</p>",
               board="eng/brd/m_5676")
    content = demo_content(tmp_path)
    assert run_import(content, source).returncode == 0
    output = tmp_path / "output"
    assert run_build(content, output, SETTINGS).returncode == 0
    [page] = (output / "en" / "releases").glob("structure/index.html")
    body = next(div for div in html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False).iter("div")
                if div.get("class") == "press-release__body")
    assert not [element for element in body.iter() if element.tag in ("h1", "h2", "h3", "hr")]
    # Typogrify sets the dashes as dashes; they, and the escapes that keep
    # them text, show as text, with no backslash.
    text = "".join(body.itertext())
    assert "===" in text and "-" in text and "\\" not in text


def test_a_caption_with_quotes_and_a_nested_table_keep_their_text(tmp_path):
    source = tmp_path / "saved"
    images = source / "www.example.go.kr" / "www" / "brd" / "m_4080" / "img"
    images.mkdir(parents=True)
    long_name = "가" * 82 + ".jpg"
    (images / long_name).write_bytes((HOST / "upload/editor/2019/photo_committee.jpg").read_bytes())
    saved_page(source, 1, "사진과 표", f"""<p>□ 본문</p>
<figure><img src="img/{long_name}" alt="회의 모습"><figcaption>회의 모습 (사진: "외교부")</figcaption></figure>
<table><caption>지역</caption><tr><th>구분</th><th>도시</th></tr>
<tr><td>국내</td><td><table><tr><td>서울</td><td>부산</td></tr></table></td></tr></table>""")
    content = demo_content(tmp_path)
    result = run_import(content, source)
    assert result.returncode == 0, result.stdout + result.stderr
    output = tmp_path / "output"
    assert run_build(content, output, SETTINGS).returncode == 0
    text, written = imported_text(content)
    slug = written.rsplit("/", 1)[1].split(".")[0]
    page = html5lib.parse((output / "ko/releases" / slug / "index.html").read_text(encoding="utf-8"),
                          namespaceHTMLElements=False)
    body = next(div for div in page.iter("div") if div.get("class") == "press-release__body")
    assert body.find(".//figure/figcaption").text == "회의 모습 (사진: “외교부”)"
    assert (output / unquote(body.find(".//figure/img").get("src")).lstrip("/")).is_file()
    # The inner table's cells are lines of the outer cell.
    assert [("".join(cell.itertext()), len(cell.findall("br"))) for cell in body.iter("td")] == [
        ("국내", 0), ("서울부산", 1)]


def test_a_body_nested_too_deeply_fails_alone(tmp_path):
    source = tmp_path / "saved"
    saved_page(source, 1, "깊은 본문", "<div>" * 300 + "<p>□ 깊다</p>" + "</div>" * 300)
    saved_page(source, 2, "보통 본문", "<p>□ 보통이다</p>")
    content = demo_content(tmp_path)
    result = run_import(content, source)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "view.do?seq=1.html: the body's elements are nested" in result.stdout
    assert result.stdout.startswith("2 pages: 1 imported")


def test_header_text_loses_control_characters_and_a_date_before_1900_fails(tmp_path):
    source = tmp_path / "saved"
    saved_page(source, 1, "제목\x08 에 \x7f조각", "<p>□ 본문</p>")
    saved_page(source, 2, "옛 날짜", "<p>□ 본문</p>", date="0001.01.01")
    content = demo_content(tmp_path)
    result = run_import(content, source)
    assert "Title: 제목 에 조각\n" in imported_text(content)[0]
    assert "view.do?seq=2.html: the date '0001.01.01' (select.date) is before 1900" in result.stdout


def test_encodings_are_decided_as_browsers_decide_them(tmp_path):
    source = tmp_path / "saved"
    saved_page(source, 1, "UTF-16 선언", "<p>□ 본문</p>", meta='<meta charset="utf-16le">')
    mixed = saved_page(source, 2, "섞인 인코딩", "<p>□ 본문</p>", meta="")
    mixed.write_bytes(mixed.read_bytes().replace(b"</body>", "<p>추가 문장</p></body>".encode("cp949")))
    saved_page(source, 3, "ISO-2022-KR", "<p>□ 본문</p>", meta='<meta charset="iso-2022-kr">')
    content = demo_content(tmp_path)
    result = run_import(content, source)
    assert "Title: UTF-16 선언\n" in imported_text(content)[0]
    assert "view.do?seq=2.html: unreadable encoding: it declares no encoding and is not UTF-8" in result.stdout
    assert "view.do?seq=3.html: unreadable encoding: it declares the encoding 'iso-2022-kr'" in result.stdout


def test_a_symbolic_link_among_the_saved_pages_is_reported_not_read(tmp_path):
    source = tmp_path / "saved"
    real = saved_page(source, 1, "진짜", "<p>□ 본문</p>")
    (real.parent / "view.do?seq=2.html").symlink_to(real)
    outside = tmp_path / "outside" / "brd"
    saved_page(tmp_path / "outside-site", 3, "바깥", "<p>□ 본문</p>")
    (source / "www.example.go.kr" / "brd").symlink_to(tmp_path / "outside-site" / "www.example.go.kr" / "www" / "brd")
    content = demo_content(tmp_path)
    result = run_import(content, source)
    assert result.stdout.startswith("3 pages: 1 imported, 0 updated, 0 unchanged, 2 skipped"), result.stdout
    assert "view.do?seq=2.html: it is a symbolic link" in result.stdout
    assert "www.example.go.kr/brd/m_4080/view.do?seq=3.html: it is a symbolic link" in result.stdout
    assert not outside.exists()


def test_a_page_paired_anew_never_takes_another_release_s_file(tmp_path):
    source = tmp_path / "saved"
    link = '<div class="board-view__language"><a href="../../../{}/view.do%3Fseq={}.html">x</a></div>'
    saved_page(source, 1, "국문", "<p>□ 본문</p>", language=link.format("eng/brd/m_5676", 2))
    saved_page(source, 2, "English release B", "<p>1. Text B.</p>", board="eng/brd/m_5676",
               language=link.format("www/brd/m_4080", 1))
    content = demo_content(tmp_path)
    assert run_import(content, source).returncode == 0
    first = release_files(content) - release_files(ROOT / "content")
    assert first == {"releases/2021/english-release-b.ko.md", "releases/2021/english-release-b.en.md"}
    saved_page(source, 3, "English release C", "<p>1. Text C.</p>", board="eng/brd/m_5676",
               language=link.format("www/brd/m_4080", 1))
    saved_page(source, 1, "국문", "<p>□ 본문</p>", language=link.format("eng/brd/m_5676", 3))
    again = run_import(content, source)
    assert again.returncode == 0, again.stdout
    files = release_files(content) - release_files(ROOT / "content")
    assert files == {"releases/2021/english-release-b.en.md", "releases/2021/english-release-c.ko.md",
                     "releases/2021/english-release-c.en.md"}
    sources = {re.search(r"^Source: (\S+)", (content / path).read_text(encoding="utf-8"), re.M)[1] for path in files}
    assert len(sources) == 3
    assert check(content).returncode == 0


def test_a_failed_update_puts_the_earlier_file_back_and_a_failed_page_leaves_no_files(tmp_path):
    source = tmp_path / "saved"
    (source / "www.example.go.kr" / "www" / "brd" / "m_4080").mkdir(parents=True)
    shutil.copy(HOST / "upload/editor/2019/photo_committee.jpg", source / "www.example.go.kr/www/brd/m_4080/p.jpg")
    saved_page(source, 1, "갱신", '<p>□ 본문</p><p><img src="p.jpg" alt="사진"></p>', date="2021.03.04")
    content = demo_content(tmp_path)
    assert run_import(content, source).returncode == 0
    before = tree_digest(content)
    # The saved page moves to another year and gains a word the checks refuse.
    saved_page(source, 1, "갱신", f'<p>□ {"가" * 1200}</p><p><img src="p.jpg" alt="사진"></p>', date="2022.01.04")
    shutil.copy(HOST / "upload/2019/bodo_0815.hwp", source / "www.example.go.kr/www/brd/m_4080/new.jpg")
    saved_page(source, 2, "새 글", f'<p>□ {"나" * 1200}</p><p><img src="p.jpg" alt="사진"></p>')
    again = run_import(content, source)
    assert again.returncode == 1
    assert "view.do?seq=1.html: what it became does not pass the checks, so it was not written" in again.stdout
    assert "view.do?seq=2.html: what it became does not pass the checks" in again.stdout
    assert tree_digest(content) == before


def test_a_pair_the_update_would_split_is_withdrawn_and_the_exit_says_so(tmp_path):
    source = tmp_path / "saved"
    shutil.copytree(SAVED, source)
    content = demo_content(tmp_path)
    run_import(content, source)
    english = content / f"releases/2019/{RARE_METALS}.en.md"
    english.write_text(english.read_text(encoding="utf-8") + "\n5. A paragraph a writer added.\n", encoding="utf-8")
    korean = content / f"releases/2019/{RARE_METALS}.ko.md"
    kept = korean.read_bytes()
    page = source / KO_BOARD / "view.do?seq=101.html"
    page.write_text(page.read_text(encoding="utf-8").replace("제19-0815호", "제19-0816호"), encoding="utf-8")
    again = run_import(content, source)
    assert korean.read_bytes() == kept
    assert (f"failed   {KO_BOARD}/view.do?seq=101.html: its other language, content/releases/2019/{RARE_METALS}"
            ".en.md, would no longer agree with it") in again.stdout
    assert again.returncode == 1
    assert check(content).returncode == 0


def test_a_profile_not_saved_as_utf8_and_a_missing_content_folder_are_plain_messages(tmp_path):
    profile = tmp_path / "profile.toml"
    profile.write_bytes(b"\xff\xfe")
    result = run_import(demo_content(tmp_path), profile=profile)
    assert result.returncode == 2 and "file: is not saved as UTF-8" in result.stderr
    missing = run_import(tmp_path / "nowhere")
    assert missing.returncode == 1 and "--content: " in missing.stderr and "is not a folder" in missing.stderr
    assert "Traceback" not in result.stderr + missing.stderr


def test_a_plain_list_after_a_hierarchy_block_stays_a_list_and_an_unsaved_photo_keeps_its_caption(tmp_path):
    source = tmp_path / "saved"
    saved_page(source, 1, "목록", """<p>□ 첫째 문단<br>&nbsp;○ 세부</p><ul><li>일반 항목 하나</li><li>일반 항목 둘</li></ul>
<figure><img src="missing.jpg" alt="없는 사진"><figcaption>저장되지 않은 사진의 설명</figcaption></figure>""")
    content = demo_content(tmp_path)
    result = run_import(content, source)
    assert result.returncode == 0, result.stdout + result.stderr
    body = imported_text(content)[0].split("\n\n", 1)[1]
    assert body == "□ 첫째 문단\n  ○ 세부\n\n* 일반 항목 하나\n* 일반 항목 둘\n\n저장되지 않은 사진의 설명\n"
    assert "image 1 (missing.jpg) was not saved beside the page" in result.stdout


def test_a_progress_bar_shows_on_a_terminal_and_not_in_a_log(tmp_path):
    import fcntl
    import pty
    import struct
    import termios
    leader, follower = pty.openpty()
    # A terminal of 24 lines of 120 columns (tqdm draws nothing in none).
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    content = demo_content(tmp_path)
    process = subprocess.run(
        [sys.executable, "-m", "pressroom", "import", "--settings", str(SETTINGS), "--content", str(content),
         "--source", str(SAVED), "--profile", str(PROFILE), "--cache", "none"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=follower, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")})
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.returncode == 1
    assert b"Importing:" in shown and b"| 0/9 [" in shown
    assert b"Importing" not in process.stdout and b"Importing" not in run_import(demo_content(tmp_path / "again")).stderr.encode()


# --- The shapes of old boards' bodies (a review as a ministry's web team) -----------------------

HWP_BODY = """<!--StartFragment-->
<p class="HStyle0"><span style="font-family:'휴먼명조'">□</span><span> 외교부는 회의를 열었다.</span></p>
<p class="HStyle0">&nbsp;</p>
<p class="HStyle0"><span>&nbsp;○ 양측은 협력하기로 했다.</span></p>
<p class="HStyle0"><span>&nbsp;&nbsp;&nbsp;&nbsp;-&nbsp;</span><span>월 1회 정보를 교환한다.</span></p>
<p class="HStyle0"><span>&nbsp;&nbsp;▷ 일시: 11.21.(목)</span></p>
<!-- 편집자 메모: 사진은 나중에 교체 --><!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->
<p><b>□ 주요 내용</b></p>
<p>&nbsp;ㅇ 세부 내용</p>
<p>ㅁ 다음 문단</p>
<p>☞ 자세한 내용은 붙임 참조</p>
<p>1. 추진 배경</p>
<p>□ 배경 설명</p>
<p><img src="p.jpg" alt=""></p><p>▲ 장관이 대표단과 악수하고 있다.</p>
<table><tr><td width="20"></td><td><p>□ 배치용 표 안의 문단</p></td></tr></table>
<table summary="일정"><tr><th>일시</th><th>내용</th></tr><tr><td><p>○ 첫 줄</p><p>- 둘째 줄</p></td><td>회의</td></tr></table>
<p>- 끝 -</p>"""


def test_a_body_exported_from_hwp_keeps_its_hierarchy_its_photo_caption_and_no_comment(tmp_path):
    source = tmp_path / "saved"
    board = source / "www.example.go.kr" / "www" / "brd" / "m_4080"
    board.mkdir(parents=True)
    photo = (HOST / "upload/editor/2019/photo_committee.jpg").read_bytes()
    (board / "p.jpg").write_bytes(photo)
    saved_page(source, 1, "한글에서 옮긴 보도자료", HWP_BODY, date="보도일시: 2021.03.04.(목) 14:00",
               info='<li class="number">제2021-917호</li>')
    content = demo_content(tmp_path)
    result = run_import(content, source)
    assert result.returncode == 0, result.stdout + result.stderr
    text = imported_text(content)[0]
    header, body = text.split("\n\n", 1)
    assert "Date: 2021-03-04 14:00\n" in header + "\n" and "Number:" not in header
    assert body == f"""□ 외교부는 회의를 열었다.
  ○ 양측은 협력하기로 했다.
    - 월 1회 정보를 교환한다.
    - 일시: 11.21.(목)

□ **주요 내용**
  ㅇ 세부 내용

□ 다음 문단
  ※ 자세한 내용은 붙임 참조

## 1. 추진 배경

□ 배경 설명

![보도자료 사진](images/2021/p-{digest_of(photo)[:12]}.jpg "▲ 장관이 대표단과 악수하고 있다.")

□ 배치용 표 안의 문단

표: 일정

| 일시 | 내용 |
|---|---|
| ○ 첫 줄<br>- 둘째 줄 | 회의 |

\\- 끝 -
"""
    assert "lines began with ▷ ㅁ ☞, which the writers' format does not have as markers" in result.stdout
    assert "the number '제2021-917호' does not match parse.number_pattern" in result.stdout
    assert check(content).returncode == 0


def test_an_english_body_keeps_its_paragraph_numbers_and_nothing_else_becomes_one(tmp_path):
    source = tmp_path / "saved"
    saved_page(source, 1, "Numbers", """<p><b>1.</b> The Ministry held talks.</p>
<p>2019. was a record year for exchanges.</p><ol start="3"><li>Third paragraph.</li><li>Fourth paragraph.</li></ol>
<ul><li>A point<ul><li>and a point inside it</li></ul></li></ul><p>- End -</p>""", board="eng/brd/m_5676",
               date="Nov. 21, 2019")
    content = demo_content(tmp_path)
    result = run_import(content, source)
    assert result.returncode == 0, result.stdout + result.stderr
    header, body = imported_text(content)[0].split("\n\n", 1)
    assert "Date: 2019-11-21 00:00\n" in header + "\n"
    assert body == """1. The Ministry held talks.

2019\\. was a record year for exchanges.

3. Third paragraph.

4. Fourth paragraph.

<!-- -->

* A point
    * and a point inside it

\\- End -
"""
    output = tmp_path / "output"
    assert run_build(content, output, SETTINGS).returncode == 0
    page = html5lib.parse((output / "en/releases/numbers/index.html").read_text(encoding="utf-8"),
                          namespaceHTMLElements=False)
    body = next(div for div in page.iter("div") if div.get("class") == "press-release__body")
    assert [element.get("start") for element in body.iter("ol")] == [None, "3"]
    assert len(body.findall("./ol")) == 2 and len(body.findall("./ul/li/ul/li")) == 1


def test_the_profiles_in_the_guide_load_and_import_the_saved_site(tmp_path):
    """docs/import.md's complete examples, in each language, are profiles
    the import takes, and they import the saved site as the shipped one."""
    guide = (ROOT / "docs" / "import.md").read_text(encoding="utf-8")
    examples = re.findall(r"```toml\n(.*?)```", guide, re.S)
    assert len(examples) == 2
    shipped = demo_content(tmp_path / "shipped")
    run_import(shipped)
    for index, example in enumerate(examples):
        profile = tmp_path / f"guide-{index}.toml"
        profile.write_text(example, encoding="utf-8")
        content = demo_content(tmp_path / f"guide-{index}")
        result = run_import(content, profile=profile)
        assert "Traceback" not in result.stderr and result.returncode == 1, result.stdout + result.stderr
        assert release_files(content) == release_files(shipped)


def test_photo_captions_emphasis_and_odd_numbers_of_old_boards_come_out_right(tmp_path):
    source = tmp_path / "saved"
    board = source / "www.example.go.kr" / "www" / "brd" / "m_4080"
    board.mkdir(parents=True)
    shutil.copy(HOST / "upload/editor/2019/photo_committee.jpg", board / "p.jpg")
    saved_page(source, 1, "캡션 시험", """
<p><img src="p.jpg" alt="양국 대표단"></p><p style="display:none">▲ 숨긴 광고 <a href="https://spam.example/">카지노</a></p>
<p><img src="p.jpg" alt="두 번째" data-import-caption="속성에 숨긴 캡션"></p>
<p><img src="p.jpg" alt="세 번째"></p><p>▲ 세미나('K-방역') 참석자들</p>
<p><strong>3.1절 기념행사 개최</strong></p><p><strong>○○○ 대사 접견</strong> 결과</p>
<p><img src="p.jpg" alt="넷째"><br>▲ 넷째 설명<br><img src="p.jpg" alt="다섯째"><br>▲ 다섯째 설명<br>□ 이어지는 항목</p>
<p><img src="missing.jpg" alt="없음"></p><p>▲ 저장되지 않은 사진의 설명문</p>
<table><caption>행사 사진 모음</caption><tr><td><img src="p.jpg" alt="여섯째"></td><td><img src="p.jpg" alt="일곱째"></td></tr></table>
<table><tr><th>구분</th><th>내용</th></tr><tr><td>|앞 파이프</td><td>가운데|파이프</td></tr></table>
<p>~~~~~~~~~~</p><p><strong>□ 주요 내용<br>○ 세부 사항</strong></p><ol start="²"><li>첨자 번호</li></ol>""",
               date="2019.11.21 2:30 PM")
    content = demo_content(tmp_path)
    result = run_import(content, source)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stdout + result.stderr
    text = imported_text(content)[0]
    assert "Date: 2019-11-21 14:30\n" in text
    assert "숨긴" not in text and "카지노" not in text and "an element hidden from readers (▲ 숨긴 광고" in result.stdout
    assert "\n**3.1절 기념행사 개최**\n" in text and "\n**○○○ 대사 접견** 결과\n" in text
    assert "\n▲ 저장되지 않은 사진의 설명문\n" in text and "\n행사 사진 모음\n" in text
    assert "\n□ 이어지는 항목\n" in text and "\n□ **주요 내용**\n  ○ **세부 사항**\n" in text
    output = tmp_path / "output"
    assert run_build(content, output, SETTINGS).returncode == 0
    [page] = (output / "ko" / "releases").glob("release-2019-1/index.html")
    body = next(div for div in html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False).iter("div")
                if div.get("class") == "press-release__body")
    captions = ["".join(caption.itertext()) for caption in body.iter("figcaption")]
    assert captions == ["▲ 세미나(‘K-방역’) 참석자들", "▲ 넷째 설명", "▲ 다섯째 설명"]
    assert [image.get("alt") for image in body.iter("img")] == ["양국 대표단", "두 번째", "세 번째", "넷째", "다섯째",
                                                                "여섯째", "일곱째"]
    assert ["".join(cell.itertext()) for cell in body.iter("td")] == ["|앞 파이프", "가운데|파이프"]
    assert not list(body.iter("pre")) and "~~~~~~~~~~" in "".join(body.itertext())
    # (typogrify binds the last word with a no-break space)
    assert [item.text.replace("\xa0", " ") for item in body.iter("li") if item.text and "첨자" in item.text] == [
        "첨자 번호"]
