"""Tests for the govdoc_markdown plugin (□ ○ - ※ bullets as nested lists)."""

import sys
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from govdoc_markdown import GovDocExtension, add_extension  # noqa: E402

EXAMPLE = """\
□ 외교부는 ... 밝혔다.
  ○ 세부 항목 ...
    - 더 세부 항목 ...
  ※ 참고 사항 ...
□ 둘째 항목
"""


def render(source, extensions=()):
    md = markdown.Markdown(extensions=[GovDocExtension(), *extensions], output_format="html5")
    soup = BeautifulSoup(md.convert(source), "html.parser")
    for ul in soup.find_all(["ul", "ol"]):
        assert all(child.name == "li" for child in ul.find_all(recursive=False)), ul
        assert not "".join(ul.find_all(string=True, recursive=False)).strip(), ul
    return soup


def own_text(element):
    """Text of an element without the text of its nested lists and notes."""
    return "".join(element.find_all(string=True, recursive=False)).strip()


def items(parent, level):
    return parent.find_all("li", class_=f"press-govlist__item--l{level}", recursive=False)


def test_example_nesting_and_classes():
    soup = render(EXAMPLE)
    top = soup.find_all("ul", recursive=False)
    assert len(top) == 1
    assert top[0]["class"] == ["press-govlist", "press-govlist--l1"]
    first, second = items(top[0], 1)
    assert first["class"] == ["press-govlist__item", "press-govlist__item--l1"]
    assert own_text(first) == "외교부는 ... 밝혔다."
    assert own_text(second) == "둘째 항목"

    (level2_list,) = first.find_all("ul", recursive=False)
    assert level2_list["class"] == ["press-govlist", "press-govlist--l2"]
    (level2,) = items(level2_list, 2)
    assert own_text(level2) == "세부 항목 ..."

    (level3_list,) = level2.find_all("ul", recursive=False)
    assert level3_list["class"] == ["press-govlist", "press-govlist--l3"]
    (level3,) = items(level3_list, 3)
    assert own_text(level3) == "더 세부 항목 ..."


def test_markers_removed_and_note_kept():
    soup = render(EXAMPLE)
    text = soup.get_text()
    for marker in "□○":
        assert marker not in text
    assert "- 더" not in text
    (note,) = soup.find_all("p")
    assert note["class"] == ["press-govlist__note"]
    assert note.get_text() == "※ 참고 사항 ..."


def test_example_note_belongs_to_level_one_item():
    soup = render(EXAMPLE)
    note = soup.find("p", class_="press-govlist__note")
    first_item = soup.find("li", class_="press-govlist__item--l1")
    assert note.parent is first_item
    assert [child.name for child in first_item.find_all(recursive=False)] == ["ul", "p"]


def test_unindented_note_attaches_to_deepest_open_item():
    soup = render("□ 항목\n○ 세부\n- 더 세부\n※ 더 세부에 대한 참고\n○ 다음 세부\n")
    note = soup.find("p", class_="press-govlist__note")
    assert note.parent is soup.find("li", class_="press-govlist__item--l3")
    level2_items = soup.find_all("li", class_="press-govlist__item--l2")
    assert len(level2_items) == 2
    assert level2_items[1].parent is level2_items[0].parent


def test_indented_note_attaches_to_item_indented_less():
    soup = render("□ 항목\n  ○ 세부\n    - 더 세부\n    ※ 세부에 대한 참고\n")
    note = soup.find("p", class_="press-govlist__note")
    assert note.parent is soup.find("li", class_="press-govlist__item--l2")


def test_items_after_note_stay_after_it():
    soup = render("□ 항목\n  ○ 첫 세부\n  ※ 항목에 대한 참고\n  ○ 둘째 세부\n")
    item = soup.find("li", class_="press-govlist__item--l1")
    children = item.find_all(recursive=False)
    assert [child.name for child in children] == ["ul", "p", "ul"]
    assert own_text(children[2].li) == "둘째 세부"


def test_note_after_blank_line_uses_indentation_of_earlier_block():
    soup = render("□ 항목\n\n  ○ 세부\n  ※ 항목에 대한 참고\n")
    note = soup.find("p", class_="press-govlist__note")
    assert note.parent is soup.find("li", class_="press-govlist__item--l1")


def test_note_at_block_start_is_standalone():
    soup = render("본문 문단입니다.\n\n※ 이 자료는 참고용입니다.\n")
    note = soup.find("p", class_="press-govnote")
    assert note.parent.name == "[document]"
    assert note.get_text() == "※ 이 자료는 참고용입니다."
    assert soup.find("ul") is None


def test_note_block_after_list_is_standalone():
    soup = render("□ 항목\n\n※ 참고\n")
    note = soup.find("p", class_="press-govnote")
    assert note.parent.name == "[document]"
    assert note.find_previous_sibling("ul")["class"] == ["press-govlist", "press-govlist--l1"]


def test_skipped_level_nests_without_empty_items():
    soup = render("□ 항목\n- 바로 세부\n○ 중간\n")
    (item,) = soup.find_all("li", class_="press-govlist__item--l1")
    lists = item.find_all("ul", recursive=False)
    assert [ul["class"][1] for ul in lists] == ["press-govlist--l3", "press-govlist--l2"]
    assert all(own_text(li) for li in soup.find_all("li"))


def test_lower_level_before_higher_level_starts_new_list():
    soup = render("○ 세부 먼저\n□ 그다음 항목\n")
    top = soup.find_all("ul", recursive=False)
    assert [ul["class"][1] for ul in top] == ["press-govlist--l2", "press-govlist--l1"]


def test_blocks_separated_by_blank_lines_merge_into_one_list():
    soup = render("□ 첫째\n\n  ○ 첫째의 세부\n\n□ 둘째\n")
    (top,) = soup.find_all("ul", recursive=False)
    first, second = items(top, 1)
    assert own_text(items(first.find("ul"), 2)[0]) == "첫째의 세부"
    assert own_text(second) == "둘째"


def test_continuation_lines_join_previous_item():
    soup = render("□ 첫 줄\n   둘째 줄\n○ 세부\n이어지는 세부\n")
    assert own_text(soup.find("li", class_="press-govlist__item--l1")) == "첫 줄\n둘째 줄"
    assert own_text(soup.find("li", class_="press-govlist__item--l2")) == "세부\n이어지는 세부"


def test_inline_markdown_is_processed():
    soup = render("□ **굵게** *기울임* [링크](https://example.go.kr) `code`\n※ 자세한 내용은 [붙임](a.pdf) 참조\n")
    item = soup.find("li")
    assert item.find("strong").get_text() == "굵게"
    assert item.find("em").get_text() == "기울임"
    assert item.find("a")["href"] == "https://example.go.kr"
    assert item.find("code").get_text() == "code"
    assert soup.find("p", class_="press-govlist__note").find("a")["href"] == "a.pdf"


def test_less_than_escaped_once():
    md = markdown.Markdown(extensions=[GovDocExtension()], output_format="html5")
    html = md.convert("□ 1 < 2 & 3\n")
    assert "1 &lt; 2 &amp; 3" in html
    assert "&amp;lt;" not in html
    assert BeautifulSoup(html, "html.parser").li.get_text() == "1 < 2 & 3"


@pytest.mark.parametrize(
    "source",
    [
        "□ 항목\n○ 세부\n- 더 세부\n",
        "  □ 항목\n○ 세부\n        - 더 세부\n",
        "    □ 항목\n  ○ 세부\n- 더 세부\n",
        "\u3000□ 항목\n\u3000\u3000○\u00a0세부\n\u3000\u3000\u3000- 더 세부\n",
    ],
)
def test_indentation_does_not_affect_level(source):
    soup = render(source)
    assert soup.find("pre") is None
    for level, text in [(1, "항목"), (2, "세부"), (3, "더 세부")]:
        (item,) = soup.find_all("li", class_=f"press-govlist__item--l{level}")
        assert own_text(item) == text
    assert soup.find(class_="press-govlist__item--l3").find_parent("li") is soup.find(
        class_="press-govlist__item--l2"
    )


def test_hangul_ieung_is_level_two_only_before_a_space():
    soup = render("□ 항목\nㅇ 세부\nㅇㅇ은 이어지는 줄\n")
    (item,) = soup.find_all("li", class_="press-govlist__item--l2")
    assert own_text(item) == "세부\nㅇㅇ은 이어지는 줄"


def test_circle_needs_a_space():
    soup = render("○○ 장관은 회담을 가졌다.\n")
    assert soup.find("ul") is None
    assert soup.p.get_text() == "○○ 장관은 회담을 가졌다."


def test_filled_markers():
    soup = render("■ 항목\n● 세부\n")
    (item,) = soup.find_all("li", class_="press-govlist__item--l1")
    assert own_text(item) == "항목"
    assert own_text(item.find("li", class_="press-govlist__item--l2")) == "세부"
    assert "■" not in soup.get_text() and "●" not in soup.get_text()


def test_markdown_list_untouched():
    soup = render("- a\n- b\n")
    assert str(soup).strip() == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"


def test_markdown_list_after_gov_list_stays_separate():
    soup = render("□ 항목\n\n- a\n- b\n\n1. one\n")
    gov, plain = soup.find_all("ul", recursive=False)
    assert gov["class"] == ["press-govlist", "press-govlist--l1"]
    assert len(items(gov, 1)) == 1
    assert not plain.has_attr("class")
    assert [li.get_text().strip() for li in plain.find_all("li")] == ["a", "b", "one"]


def test_numbered_list_untouched():
    soup = render("Intro paragraph.\n\n1. First point\n2. Second point\n\n* * *\n")
    assert [li.get_text() for li in soup.ol.find_all("li")] == ["First point", "Second point"]
    assert soup.find(class_="press-govlist") is None
    assert soup.find("hr") is not None


def test_paragraphs_untouched():
    source = "외교부는 □ 표시와 ※ 표시를 설명했다.\n둘째 줄 - 계속\n\n> 인용\n"
    plain = markdown.markdown(source, output_format="html5")
    md = markdown.Markdown(extensions=[GovDocExtension()], output_format="html5")
    assert md.convert(source) == plain


def test_gov_list_inside_markdown_list_item():
    soup = render("1. one\n\n    □ 항목\n\n2. two\n")
    gov = soup.find("ul", class_="press-govlist--l1")
    assert gov.parent.name == "li"
    assert gov.parent.parent.name == "ol"
    assert len(soup.ol.find_all("li", recursive=False)) == 2


def test_with_pelican_extensions():
    soup = render(EXAMPLE, ["markdown.extensions.extra", "markdown.extensions.smarty"])
    assert soup.find("li", class_="press-govlist__item--l3") is not None
    assert soup.find("li").get_text().startswith("외교부는 … 밝혔다.")


def test_register_handler_adds_extension_once():
    pelican = SimpleNamespace(settings={"MARKDOWN": {"extension_configs": {}}})
    add_extension(pelican)
    add_extension(pelican)
    extensions = pelican.settings["MARKDOWN"]["extensions"]
    assert len(extensions) == 1
    assert isinstance(extensions[0], GovDocExtension)
