"""The one reader of a file's header (content/header.py read_source): one definition of
a line, every header line a field or a continuation, and Markdown given the
body alone."""

import pytest

from conftest import FIXTURE

from pressroom.commands import load_settings
from pressroom.render.body import render_source
from pressroom.content.discovery import Source
from pressroom.content.header import read_source

HEADER = ["Title: 회의 개최", "Date: 2023-06-01 10:00", "Category: bilateral", "Department: spokesperson"]
BODY = ["□ 외교부는 회의를 열었다.", "", "Status: draft 라는 글은 본문의 글이다."]


def read(tmp_path, text):
    path = tmp_path / "releases" / "2023" / "talks.ko.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    source = Source(path=str(path), relative_path="releases/2023/talks.ko.md", kind="release", slug="talks",
                    lang="ko")
    return source, read_source(str(tmp_path), source)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_every_kind_of_line_break_gives_the_same_header_and_body(tmp_path, newline):
    source, problems = read(tmp_path, newline.join(HEADER + [""] + BODY) + newline)
    assert problems == []
    assert source.header == {"title": "회의 개최", "date": "2023-06-01 10:00", "category": "bilateral",
                             "department": "spokesperson"}
    assert source.body_line == len(HEADER) + 2
    assert source.body == "\n".join(BODY) + "\n"


def test_a_lone_carriage_return_ends_a_line_for_markdown_too(tmp_path):
    """What the header reader takes as two lines, Markdown renders as two
    lines as well: a field after a lone CR is a field, not body text."""
    source, problems = read(tmp_path, "\n".join(HEADER) + "\rStatus: draft\n\n□ 본문\n")
    assert problems == []
    assert source.header["status"] == "draft"
    assert "Status" not in source.body


@pytest.mark.parametrize("line, message, fix", [
    ("Tags：회의", "not the ASCII ':'", "type 'Tags:' with the ordinary colon"),
    ("Tags ﹕ 회의", "not the ASCII ':'", "type 'Tags:'"),
    ("Contact : 대변인실", "has a space before the colon", "write 'Contact:' with no space"),
    ("Contact\t: 대변인실", "has a space before the colon", "write 'Contact:'"),
    ("Tags 회의", "is in the header but is not a field", "leave one blank line"),
    ("<script>alert(1)</script>", "is in the header but is not a field", "leave one blank line"),
])
def test_a_header_line_that_is_not_a_field_is_named_with_a_hint(tmp_path, line, message, fix):
    source, problems = read(tmp_path, "\n".join(HEADER + [line, ""] + BODY))
    assert [(p.line, p.field) for p in problems] == [(len(HEADER) + 1, "header")]
    assert message in problems[0].message and fix in problems[0].fix


def test_an_indented_field_is_said_to_continue_the_one_above(tmp_path):
    source, problems = read(tmp_path, "\n".join([HEADER[0], "    Status: draft", *HEADER[1:], ""] + BODY))
    assert [(p.line, p.field) for p in problems] == [(2, "Status")]
    assert "continues the field Title" in problems[0].message
    assert source.header["title"] == "회의 개최 Status: draft"


def test_an_indented_line_continues_a_value(tmp_path):
    source, problems = read(tmp_path, "\n".join(HEADER + ["Summary: 외교부는 오늘", "    회의를 열었다.", ""] + BODY))
    assert problems == []
    assert source.header["summary"] == "외교부는 오늘 회의를 열었다."


def test_a_file_that_starts_with_its_body_is_told_so(tmp_path):
    source, problems = read(tmp_path, "\n".join(BODY))
    assert [(p.line, p.field) for p in problems] == [(1, "header")]
    assert "does not start with a header" in problems[0].message


def test_markdown_is_given_the_body_alone(tmp_path):
    """A header value never reaches the rendered body, whatever it holds."""
    content = tmp_path / "content"
    content.mkdir()
    settings = load_settings(str(FIXTURE / "fixtureconf.py"), str(content))
    source, problems = read(content, "\n".join(HEADER + ["Summary: <b>굵게</b> 요약", ""] + BODY))
    assert problems == []
    body = render_source(str(content), source, settings).body
    assert "요약" not in body and "Title" not in body and "<b>" not in body
    assert "<p>Status: draft 라는 글은 본문의" in body
