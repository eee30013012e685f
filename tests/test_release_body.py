"""Release bodies as press officers write them, as a reader sees them.

The fixture pair mu-dialogue (tests/fixtures/site/content/releases/2023/)
has every construct of the genre: numbered paragraphs around a quote, a
table and a photo; the □ ○ - ※ hierarchy interrupted by a quote and a table,
with the variant markers; captions for the table and the photo; release
numbers, dates, times, phone numbers and ▲ lists in running text; footnotes.
"""

import subprocess
import sys

import pytest
from PIL import Image

from conftest import FIXTURE, ROOT, copy_fixture_content, run_build, serve, tree_digest

SLUG = "mu-dialogue"
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"


def body(site, lang):
    return site.html(f"/{lang}/releases/{SLUG}/").select_one(".press-release__body")


def own_text(element):
    """An element's own text, without that of the elements inside it."""
    return " ".join("".join(element.find_all(string=True, recursive=False)).split())


def shown_numbers(body_element):
    """The number a browser shows for each item of the body's top-level
    ordered lists: HTML's ordinal values (start, then value or +1)."""
    shown = []
    for ol in body_element.find_all("ol", recursive=False):
        number = int(ol.get("start", 1))
        for li in ol.find_all("li", recursive=False):
            number = int(li.get("value", number))
            shown.append(number)
            number += 1
    return shown


def item_starting(root, level, words):
    (item,) = [li for li in root.select(f"li.press-govlist__item--l{level}") if own_text(li).startswith(words)]
    return item


def test_english_paragraphs_keep_their_typed_numbers_across_quote_table_and_figure(fixture_site):
    english = body(fixture_site, "en")
    assert shown_numbers(english) == [1, 2, 3, 4, 5, 6]
    # The quote, the table and the photo stand between the paragraphs, not inside them.
    assert [child.name for child in english.find_all(True, recursive=False)][:6] == \
        ["ol", "blockquote", "ol", "div", "ol", "figure"]


def test_typed_numbers_are_kept_even_when_they_skip(tmp_path):
    from govdoc_markdown import GovDocExtension
    import markdown
    from bs4 import BeautifulSoup
    html = markdown.Markdown(extensions=[GovDocExtension()], output_format="html5").convert(
        "4. four\n\n> quote\n\n5. five\n\n7. seven\n8. eight\n")
    assert shown_numbers(BeautifulSoup(f"<div>{html}</div>", "html.parser").div) == [4, 5, 7, 8]


def test_korean_hierarchy_survives_quote_and_table(fixture_site):
    korean = body(fixture_site, "ko")
    first = item_starting(korean, 1, "외교부는")
    # The ○ after the quote is still under the first □, and so are the quote and the table.
    after_quote = item_starting(korean, 2, "양측은 다음 일정에")
    assert after_quote.find_parent("li", class_="press-govlist__item--l1") is first
    assert first.find("blockquote") is not None
    table = after_quote.find("table")
    assert table is not None and table.find_parent("li") is after_quote
    # The - after the table continues under that ○.
    detail = item_starting(korean, 3, "실무협의 결과는")
    assert detail.find_parent("li", class_="press-govlist__item--l2") is after_quote
    # ◦ is level 2; · and – are level 3 under it.
    variant = item_starting(korean, 2, "양측은 개발협력")
    for words in ("사업 목록은", "세부 예산은"):
        assert item_starting(korean, 3, words).find_parent("li", class_="press-govlist__item--l2") is variant
    # The markers are drawn by the stylesheet, not left in the text.
    assert not set("□○◦·–") & set(korean.get_text())


def test_captions_become_caption_and_figcaption(fixture_site):
    for lang, caption, figcaption in [
        ("ko", "후속 협의 일정", "▲ 양국 차관이 9.12.(화) 회담에 앞서 악수하고 있다 (외교부 제공)"),
        ("en", "Follow-up meetings", "The two vice ministers shake hands before the talks on Sept. 12 (Tue.) (photo: MOFA)"),
    ]:
        page_body = body(fixture_site, lang)
        assert " ".join(page_body.table.caption.get_text().split()) == caption
        assert not any(p.get_text().lstrip().startswith(("Table:", "표:")) for p in page_body.find_all("p"))
        region = page_body.table.parent
        assert region["role"] == "region" and region["tabindex"] == "0" and region["aria-label"] == caption
        assert [th["scope"] for th in page_body.table.thead.find_all("th")] == ["col", "col", "col"]
        figure = page_body.find("figure")
        assert " ".join(figure.figcaption.get_text().split()) == figcaption
        image = figure.img
        assert image["alt"] and image["alt"] not in figcaption and not image.has_attr("title")
        assert (image["width"], image["height"]) == ("960", "640")
        published = fixture_site.file_for(image["src"])
        assert published.read_bytes() == (FIXTURE / "content" / "images" / "2023" / "mu-dialogue.jpg").read_bytes()


def test_footnote_back_link_speaks_the_page_language(fixture_site):
    assert body(fixture_site, "ko").select_one("a.footnote-backref")["title"] == "본문의 각주 1 위치로 돌아가기"
    assert body(fixture_site, "en").select_one("a.footnote-backref")["title"] == "Back to footnote 1 in the text"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_tables_have_borders_and_the_page_never_scrolls_sideways(fixture_site, page_at, lang):
    server = serve(fixture_site.root)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{lang}/releases/{SLUG}/"
        for width in (320, 375):
            page = page_at(url, width)
            cell = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('.press-table th'));
                return [s.borderTopStyle, s.borderTopWidth, s.backgroundColor]; }""")
            assert cell[0] == "solid" and cell[1] == "1px" and cell[2] not in ("rgba(0, 0, 0, 0)", "transparent")
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"body-{lang}-{width}.png"), full_page=True)
    finally:
        server.shutdown()


# Each kept-together run's text as it must appear, unsplit, in the page.
KEPT_TOGETHER = {
    "ko": ["제23-0912호", "9.12.(화) 15:30", "02-2100-7136", "▲ 외교부", "▲ 뮤", "2023년 9월 12일(화)",
           "오후 3시 30분", "10.5.(목) 10:00", "11.20.(월) 14:00~16:00"],
    "en": ["September 12, 2023 (Tue.)", "02-2100-7136", "▲ the", "Oct. 5 (Thu.) 10:00"],
}

LINES_OF = """(words) => {
  const found = {};
  const walker = document.createTreeWalker(document.querySelector('.press-release__body'), NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  for (const word of words) {
    for (const node of nodes) {
      const at = node.data.replace(/\\u00a0/g, ' ').indexOf(word);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at); range.setEnd(node, at + word.length);
      found[word] = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
      break;
    }
  }
  return found;
}"""


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_numbers_dates_and_lead_markers_never_split(fixture_site, page_at, lang):
    server = serve(fixture_site.root)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{lang}/releases/{SLUG}/"
        page = page_at(url, 320)
        for width in range(320, 481, 8):
            page.set_viewport_size({"width": width, "height": 900})
            lines = page.evaluate(LINES_OF, KEPT_TOGETHER[lang])
            assert set(lines) == set(KEPT_TOGETHER[lang]), f"not found in the page: {set(KEPT_TOGETHER[lang]) - set(lines)}"
            split = {word: count for word, count in lines.items() if count != 1}
            assert not split, f"split across lines at {width} px: {split}"
    finally:
        server.shutdown()


def test_item_with_children_never_ends_with_a_lone_word(fixture_site, page_at):
    server = serve(fixture_site.root)
    try:
        page = page_at(f"http://127.0.0.1:{server.server_address[1]}/ko/releases/{SLUG}/", 320)
        for width in range(320, 481, 8):
            page.set_viewport_size({"width": width, "height": 900})
            alone = page.evaluate("""() => [...document.querySelectorAll('.press-govlist__item')].map(li => {
                  // The item's own text just before the first block inside it.
                  const block = [...li.children].find(e => ['UL', 'DIV', 'BLOCKQUOTE'].includes(e.tagName));
                  let node = block && block.previousSibling;
                  while (node && node.nodeType === 3 && !node.data.trim()) node = node.previousSibling;
                  if (!node || node.nodeType !== 3 || !/[ \\u00a0]/.test(node.data.trim())) return null;
                  const text = node.data.replace(/\\s+$/, '');
                  const cut = Math.max(text.lastIndexOf(' '), text.lastIndexOf('\\u00a0'));
                  const before = Math.max(text.lastIndexOf(' ', cut - 1), text.lastIndexOf('\\u00a0', cut - 1));
                  const top = (from, to) => { const r = document.createRange(); r.setStart(node, from);
                    r.setEnd(node, to); const rects = [...r.getClientRects()].filter(x => x.width > 0);
                    return Math.round(rects[rects.length - 1].top); };
                  return [text.slice(cut + 1), top(cut + 1, text.length), top(before + 1, cut)];
                }).filter(found => found && found[1] !== found[2])""")
            assert not alone, f"a last word alone on its line at {width} px: {alone}"
    finally:
        server.shutdown()


# -- what the build refuses ------------------------------------------------------

HEADER = "Title: 시험\nDate: 2023-09-12 15:00\nCategory: bilateral\nDepartment: spokesperson\n\n"


def check(tmp_path, body_text, images=()):
    content = tmp_path / "content"
    (content / "releases" / "2023").mkdir(parents=True)
    (content / "releases" / "2023" / "test.ko.md").write_text(HEADER + body_text, encoding="utf-8")
    for name, data in images:
        (content / "images" / "2023").mkdir(parents=True, exist_ok=True)
        (content / "images" / "2023" / name).write_bytes(data)
    result = subprocess.run([sys.executable, "-m", "pressroom", "check", "--settings", str(FIXTURE / "fixtureconf.py"),
                             "--content", str(content)], cwd=ROOT, capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT / "plugins"), "COLUMNS": "400", "PATH": "/usr/bin:/bin"})
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize("marker", ["▷", "◇", "◆", "▶", "➢", "•", "ㅁ", "〇"])
def test_unknown_bullet_is_reported_with_the_known_markers(tmp_path, marker):
    code, output = check(tmp_path, f"□ 첫 항목\n  ○ 세부\n  {marker} 모르는 기호의 항목\n")
    assert code != 0
    assert f"test.ko.md:8: body: the line '{marker} 모르는 기호의 항목' starts with '{marker}'" in output
    assert "□ ■ (level 1), ○ ◦ ◯ ㅇ ● (level 2), - – · (level 3), ※ (note)" in output
    assert "Traceback" not in output


def test_lead_marker_and_known_markers_are_not_reported(tmp_path):
    code, output = check(tmp_path, "□ 항목\n  ◯ 세부\n    · 더 세부\n    – 또 세부\n\n참석자는 다음과 같다.\n▲ 장관 ▲ 차관\n")
    assert code == 0, output


@pytest.mark.parametrize("text, expected", [
    ("| a | b |\n|---|---|\n| 1 | 2 |\n", "the table has no caption"),
    ("<table><tr><td>1</td></tr></table>\n", "the table has no caption"),
    ("표: 일정\n\n□ 항목\n", "the caption '표: 일정' stands next to no table"),
])
def test_table_captions_are_required_where_they_belong(tmp_path, text, expected):
    code, output = check(tmp_path, text)
    assert code != 0 and expected in output, output


@pytest.mark.parametrize("name, data, expected", [
    ("photo.jpg", b"<html><script>alert(1)</script></html>", "is not a JPEG, PNG, GIF or WebP image"),
    ("drawing.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "is not a JPEG, PNG, GIF or WebP image"),
])
def test_an_image_must_be_a_picture(tmp_path, name, data, expected):
    code, output = check(tmp_path, f"□ 사진\n\n![사진](images/2023/{name})\n", images=[(name, data)])
    assert code != 0 and f"'images/2023/{name}' {expected}" in output, output


def test_an_image_named_for_another_format_is_refused(tmp_path):
    png = tmp_path / "p.png"
    Image.new("RGB", (4, 3)).save(png)
    code, output = check(tmp_path, "![사진](images/2023/photo.jpg)\n", images=[("photo.jpg", png.read_bytes())])
    assert code != 0 and "is a PNG image under a name ending '.jpg'; name it .png" in output, output


def test_replacing_an_image_with_another_size_rebuilds_as_a_cold_build(tmp_path):
    content = copy_fixture_content(tmp_path)
    settings, cache = FIXTURE / "fixtureconf.py", tmp_path / "cache"
    assert run_build(content, tmp_path / "warm", settings, cache=cache).returncode == 0
    Image.new("RGB", (300, 200), (10, 20, 30)).save(content / "images" / "2023" / "mu-dialogue.jpg")
    warm = run_build(content, tmp_path / "warm", settings, cache=cache)
    cold = run_build(content, tmp_path / "cold", settings)
    assert warm.returncode == 0 and cold.returncode == 0, warm.stderr + cold.stderr
    assert 'width="300" height="200"' in (tmp_path / "warm" / "ko" / "releases" / SLUG / "index.html").read_text()
    assert tree_digest(tmp_path / "warm") == tree_digest(tmp_path / "cold")


# -- the guide's examples --------------------------------------------------------

def guide_examples():
    """(lang, body) of every ```example block in docs/writing.md: Korean in
    the Korean guide, English in the English one."""
    text = (ROOT / "docs" / "writing.md").read_text(encoding="utf-8")
    korean, english = text.split("\n## English guide\n")
    return [(lang, block.split("\n```", 1)[0]) for lang, part in (("ko", korean), ("en", english))
            for block in part.split("```example\n")[1:]]


def test_the_guide_has_examples_in_both_languages():
    assert {lang for lang, _ in guide_examples()} == {"ko", "en"}


@pytest.mark.parametrize("index", range(len(guide_examples())))
def test_every_guide_example_builds_as_the_guide_says(tmp_path, index):
    lang, example = guide_examples()[index]
    content = tmp_path / "content"
    (content / "releases" / "2023").mkdir(parents=True)
    (content / "images" / "2023").mkdir(parents=True)
    Image.new("RGB", (640, 480), (90, 120, 150)).save(content / "images" / "2023" / "example-photo.jpg")
    (content / "releases" / "2023" / f"example.{lang}.md").write_text(HEADER + example + "\n", encoding="utf-8")
    result = run_build(content, tmp_path / "out", FIXTURE / "fixtureconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    from bs4 import BeautifulSoup
    page = BeautifulSoup((tmp_path / "out" / lang / "releases" / "example" / "index.html").read_text(), "html.parser")
    shown = page.select_one(".press-release__body")
    if "Table:" in example or "표:" in example:
        assert shown.find("table").caption.get_text().strip()
    if "![" in example:
        assert shown.find("figure").figcaption.get_text().strip() and shown.find("figure").img["width"] == "640"
    if "[^1]" in example:
        assert shown.select_one("a.footnote-backref")["title"] != "Jump back to footnote 1 in the text"
    typed = [int(line.split(".")[0]) for line in example.splitlines() if line[:1].isdigit() and ". " in line[:4]]
    if typed:
        assert shown_numbers(shown) == typed
    if lang == "ko" and "○" in example and ">" in example:
        (quote,) = shown.find_all("blockquote")
        assert quote.find_parent("li", class_="press-govlist__item--l1") is not None


def test_a_picture_of_too_many_pixels_is_refused_without_a_traceback(tmp_path):
    huge = tmp_path / "huge.png"
    Image.new("1", (20000, 20000)).save(huge)  # a few kilobytes, 400 million pixels
    code, output = check(tmp_path, "![사진](images/2023/huge.png)\n", images=[("huge.png", huge.read_bytes())])
    assert code != 0 and "'images/2023/huge.png' has more pixels than a photo on a page needs" in output, output
    assert "Traceback" not in output


def test_a_long_run_after_a_lead_marker_does_not_widen_the_page(tmp_path, page_at):
    content = tmp_path / "content"
    (content / "releases" / "2023").mkdir(parents=True)
    (content / "releases" / "2023" / "long.ko.md").write_text(
        HEADER + "□ 참석자: ▲" + "가" * 300 + " ▲" + "https://example.org/" + "a" * 200 + "\n", encoding="utf-8")
    assert run_build(content, tmp_path / "out", FIXTURE / "fixtureconf.py").returncode == 0
    server = serve(tmp_path / "out")
    try:
        page = page_at(f"http://127.0.0.1:{server.server_address[1]}/ko/releases/long/", 320)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        server.shutdown()


@pytest.mark.parametrize("above", ["□ 항목", "1. Para", "본문 단락", "표: 일정"])
def test_a_table_without_a_blank_line_above_is_reported(tmp_path, above):
    code, output = check(tmp_path, f"{above}\n| 일시 | 회의 |\n|---|---|\n| 10.5. | 실무협의 |\n")
    assert code != 0 and "test.ko.md:7: body: a table is shown as text" in output, output


def test_the_title_never_breaks_inside_a_word_at_320_px(fixture_site, page_at):
    server = serve(fixture_site.root)
    try:
        page = page_at(f"http://127.0.0.1:{server.server_address[1]}/en/releases/{SLUG}/", 320)
        # Each word of the title on one line: a word split by the browser has two rects.
        split = page.evaluate("""() => { const node = document.querySelector('.press-release__title').firstChild;
            const words = [...node.data.matchAll(/[^\\s\\u00a0]+/g)];
            return words.filter(m => { const r = document.createRange(); r.setStart(node, m.index);
              r.setEnd(node, m.index + m[0].length);
              return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1; }).map(m => m[0]); }""")
        assert split == []
    finally:
        server.shutdown()


def test_the_release_number_never_splits_on_the_page_or_in_lists(fixture_site, page_at):
    server = serve(fixture_site.root)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        for url in (f"/ko/releases/{SLUG}/", "/ko/", f"/en/releases/{SLUG}/", "/en/"):
            page = page_at(base + url, 320)
            for width in range(320, 481, 16):
                page.set_viewport_size({"width": width, "height": 900})
                lines = page.evaluate("""() => [...document.querySelectorAll(
                    '.press-release__number, .press-release-list__number')].map(e => {
                      const r = document.createRange(); r.selectNodeContents(e);
                      return new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top))).size; })""")
                assert lines and set(lines) == {1}, f"{url} at {width} px: {lines}"
    finally:
        server.shutdown()
