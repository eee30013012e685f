"""One malformed fixture per rule: each stops the build with a message that
names the file, the line and the field.

Every case starts from a copy of the fixture site's content and breaks one
thing. Each runs in this process through the checks a build runs
(conftest.check_content: reading.read_content(), then
model.documents(), as the generator does), and asserts the Problem that
`pressroom build` prints as `path:line: field: message — fix`. A few
representative cases (END_TO_END: a header, a body's safety, a reference, a
symbolic link) also run `python -m pressroom build` (what `make html` runs)
over a copy of a previously built output folder, which must be left
untouched, and print exactly the problems the checker found."""

import os
import re
import shutil
import unicodedata
from dataclasses import dataclass

import pytest
from conftest import (
    FIXTURE_SETTINGS,
    check_content,
    copy_fixture_content,
    run_build,
    tree_digest,
)

ALPHA_EN = "releases/2022/alpha-talks.en.md"
ALPHA_KO = "releases/2022/alpha-talks.ko.md"
BETA_KO = "releases/2023/beta-forum.ko.md"
BETA_EN = "releases/2023/beta-forum.en.md"


@dataclass
class Case:
    id: str
    file: str  # the file the message must name, below content/
    field: str
    message: str  # a part of the message
    replace: tuple = ()  # (old, new) in `file`
    write: str = None  # new contents for `file`
    write_bytes: bytes = None
    extra: dict = None  # other files to create: {path below content/: text}
    links: dict = None  # symbolic links to create: {path below content/: target, below content/ or absolute}


def body_case(id, field, message, line):
    return Case(id, BETA_KO, field, message, replace=("□ 외교부는 5월 10일", f"{line}\n\n□ 외교부는 5월 10일"))


CASES = [
    Case("title-missing", ALPHA_EN, "Title", "required field is missing",
         replace=('Title: Foreign Ministers of Korea and Alpha Agree to "Deepen Cooperation"\n', "")),
    Case("title-twice", ALPHA_EN, "Title", "given twice", replace=("Date:", "Title: Again\nDate:")),
    Case("date-missing", ALPHA_EN, "Date", "required field is missing", replace=("Date: 2022-03-03 09:30\n", "")),
    Case("date-format", ALPHA_EN, "Date", "not in the form YYYY-MM-DD HH:MM",
         replace=("Date: 2022-03-03 09:30", "Date: 2022/03/03 9:30")),
    Case("date-not-real", ALPHA_EN, "Date", "not a real date",
         replace=("Date: 2022-03-03 09:30", "Date: 2022-02-30 09:30")),
    Case("date-wrong-year-folder", ALPHA_EN, "Date", "the file is in the folder 2022",
         replace=("Date: 2022-03-03 09:30", "Date: 2021-03-03 09:30")),
    Case("modified-before-date", ALPHA_EN, "Modified", "before the release's Date",
         replace=("Category:", "Modified: 2022-03-01 09:00\nCategory:")),
    Case("lang-disagrees", ALPHA_EN, "Lang", "does not agree with the file name",
         replace=("Category:", "Lang: ko\nCategory:")),
    Case("slug-invalid", "releases/2023/Beta_Forum.ko.md", "file name", "not a valid release name",
         extra={"releases/2023/Beta_Forum.ko.md": None}),
    Case("slug-taken-in-another-year", "releases/2023/alpha-talks.ko.md", "file name", "already has the name",
         extra={"releases/2023/alpha-talks.ko.md": "Title: 다른 해\nDate: 2023-01-02 10:00\nCategory: bilateral\n"
                "Department: northeast-asia\n\n□ 본문\n"}),
    Case("file-in-wrong-place", "releases/2023/notes.txt", "file name", "not in a place the site reads",
         extra={"releases/2023/notes.txt": "memo\n"}),
    Case("unknown-language", "releases/2023/beta-forum.ja.md", "file name", "not one of ko, en",
         extra={"releases/2023/beta-forum.ja.md": None}),
    Case("page-reserved-name", "pages/tags.ko.md", "file name", "cannot be a page name",
         extra={"pages/tags.ko.md": "Title: 태그\n\n본문\n"}),
    Case("page-editors-name", "pages/editors.en.md", "file name", "cannot be a page name",
         extra={"pages/editors.en.md": "Title: Editors\n\nText.\n"}),
    Case("category-unknown", BETA_KO, "Category", "did you mean 'public-diplomacy'?",
         replace=("Category: public-diplomacy", "Category: public-diplomcy")),
    Case("category-missing", BETA_KO, "Category", "required field is missing",
         replace=("Category: public-diplomacy\n", "")),
    Case("department-unknown", BETA_KO, "Department", "not a known department key",
         replace=("Department: spokesperson", "Department: press-office")),
    Case("pair-category-differs", BETA_EN, "Category", "must have the same Category",
         replace=("Category: public-diplomacy", "Category: economic")),
    Case("pair-department-differs", BETA_EN, "Department", "must have the same Department",
         replace=("Department: spokesperson", "Department: northeast-asia")),
    Case("pair-number-differs", ALPHA_EN, "Number", "must have the same Number",
         replace=("Number: 22-0101", "Number: 22-0102")),
    Case("number-used-by-two-pairs", "releases/2023/gamma-agreement.ko.md", "Number", "already used by",
         replace=("Number: 23-0502", "Number: 22-0101"),
         extra={"releases/2023/gamma-agreement.en.md": ("Number: 23-0502", "Number: 22-0101")}),
    Case("attachment-missing", BETA_KO, "Attachments", "does not exist",
         replace=("beta-forum-programme.zip", "beta-forum-agenda.zip")),
    Case("attachment-dotdot", BETA_KO, "Attachments", "outside the content folder",
         replace=("attachments/2023/beta-forum-programme.zip", "attachments/../../secret.zip")),
    Case("attachment-absolute", BETA_KO, "Attachments", "absolute path",
         replace=("attachments/2023/beta-forum-programme.zip", "/srv/files/programme.zip")),
    Case("attachment-url", BETA_KO, "Attachments", "web address",
         replace=("attachments/2023/beta-forum-programme.zip", "https://example.com/programme.zip")),
    Case("attachment-type", BETA_KO, "Attachments", "not one of the file types",
         replace=("attachments/2023/beta-forum-programme.zip", "attachments/2023/setup.exe"),
         extra={"attachments/2023/setup.exe": "MZ"}),
    Case("image-missing", BETA_KO, "image", "does not exist",
         replace=("images/2023/beta-forum.png", "images/2023/beta-forum.jpg")),
    Case("image-without-alt", BETA_KO, "image", "has no alt text",
         replace=("![베타 포럼 참석자 단체 사진]", "![]")),
    Case("image-url", BETA_KO, "image", "web address",
         replace=("images/2023/beta-forum.png", "https://example.com/forum.png")),
    Case("image-absolute", BETA_KO, "image", "absolute path",
         replace=("(images/2023/beta-forum.png", "(/images/2023/beta-forum.png")),
    Case("image-html-without-alt", BETA_KO, "image", "has no alt text",
         replace=("![베타 포럼 참석자 단체 사진](images/2023/beta-forum.png)", '<img src="images/2023/beta-forum.png">')),
    body_case("script-element", "body", "<script> runs a program", "<script>alert(1)</script>"),
    body_case("event-attribute", "body", "onclick= on <p> runs a program", '<p onclick="steal()">보도</p>'),
    body_case("javascript-markdown-link", "body", "not a web, mail or phone address", "[자세히](javascript:alert(1))"),
    body_case("javascript-html-link", "body", "not a web, mail or phone address",
              '<a href=" JavaScript:alert(1)">자세히</a>'),
    body_case("javascript-reference-link", "body", "not a web, mail or phone address",
              "[자세히][x]\n\n[x]: javascript:alert(1)"),
    body_case("image-title-with-parenthesis-from-another-site", "image", "web address",
              '![회의 사진](https://evil.example/a.png "회의 (수)")'),
    body_case("reference-image-without-alt", "image", "has no alt text",
              "![][pic]\n\n[pic]: images/2023/beta-forum.png"),
    body_case("meta-refresh", "body", "<meta> can send readers", '<meta http-equiv="refresh" content="0;url=https://x.example/">'),
    body_case("form", "body", "<form> would send", '<form action="https://x.example/"><input name="q"></form>'),
    body_case("style-attribute", "body", "style=", '<p style="background: url(https://x.example/t.png)">보도</p>'),
    body_case("control-character-in-body", "body", "control character (U+0007)", "보도\x07 내용"),
    body_case("iframe-not-allowed", "body", "not on the allow-list", '<iframe src="https://video.example/1"></iframe>'),
    body_case("embed-not-allowed", "body", "<embed> runs a plug-in", '<embed src="movie.swf">'),
    body_case("object-not-allowed", "body", "<object> runs a plug-in", '<object data="https://x.example/a"></object>'),
    body_case("broken-filename-link", "body", "names a file that does not exist",
              "[관련 보도]({filename}/releases/2023/no-such-release.ko.md)"),
    Case("empty-body", BETA_EN, "body", "no text below the header",
         write="Title: Beta Forum\nDate: 2023-05-11 10:00\nCategory: public-diplomacy\nDepartment: spokesperson\n"
               "Number: 23-0401\n\n\n"),
    Case("not-utf8", BETA_KO, "encoding", "not saved as UTF-8",
         write_bytes="Title: 베타\nDate: 2023-05-10 09:00\n\n□ 본문\n".encode("cp949")),
    Case("unknown-field-typo", BETA_EN, "Sumary", "did you mean 'Summary'?", replace=("Tags:", "Sumary: x\nTags:")),
    Case("unknown-field", BETA_EN, "Author", "not a field this site knows", replace=("Tags:", "Author: Kim\nTags:")),
    Case("status-unknown", BETA_EN, "Status", "not a status", replace=("Tags:", "Status: hidden\nTags:")),
    Case("embargo-malformed", BETA_EN, "Embargo", "not in the form", replace=("Tags:", "Embargo: tomorrow\nTags:")),
    Case("correction-without-time", BETA_EN, "Correction", "has no time",
         replace=("Tags:", "Correction: fixed a typo\nTags:")),
    Case("correction-before-date", ALPHA_EN, "Correction", "dated before the release's Date",
         replace=("Correction: 2022-03-04 10:00", "Correction: 2022-03-01 10:00")),
    Case("body-without-visible-text", BETA_EN, "body", "no text a reader would see",
         write="Title: Beta Forum\nDate: 2023-05-11 10:00\nCategory: public-diplomacy\nDepartment: spokesperson\n"
               "Number: 23-0401\n\n<!-- to be written -->\n\u200b\n"),
    body_case("filename-link-to-no-file-of-the-site", "body", "does not name a release, a page or an attachment",
              "[자세히]({filename}../2022/alpha-talks.ko)"),
    body_case("filename-link-outside-content", "body", "goes outside the content folder",
              "[자세히]({filename}/../../../etc/hostname)"),
    body_case("nested-too-deeply", "body", "nests lists, quotes or blocks too deeply", "- " * 500 + "x"),
    Case("header-full-width-colon", BETA_EN, "header", "not the ASCII ':'", replace=("Tags:", "Tags：")),
    Case("header-space-before-colon", BETA_EN, "header", "has a space before the colon",
         replace=("Tags:", "Tags :")),
    Case("header-line-without-colon", BETA_EN, "header", "is not a field", replace=("Tags:", "Tags")),
    Case("header-indented-field", BETA_EN, "Status", "continues the field Title",
         replace=("Date:", "    Status: draft\nDate:")),
    Case("header-control-character", BETA_EN, "Title", "control character (U+0007)",
         replace=("Title: Beta", "Title: Beta\x07")),
    Case("tag-differs-in-case", "releases/2022/epsilon-statement.en.md", "Tags", "is written 'ALPHA' in",
         extra={ALPHA_EN: (", Alpha", ", ALPHA")}),
    Case("tag-differs-in-unicode-form", BETA_KO, "Tags", "the way their characters are encoded",
         replace=("알파", unicodedata.normalize("NFD", "알파"))),
    Case("tag-without-letters", BETA_EN, "Tags", "has no letter or digit", replace=("Tags: ", "Tags: !!!, ")),
    Case("symlink-release", "releases/2023/linked.ko.md", "file name", "symbolic link",
         links={"releases/2023/linked.ko.md": BETA_KO}),
    Case("symlink-attachment-outside", "attachments/2023/passwd.pdf", "file name", "symbolic link",
         extra={BETA_KO: ("attachments/2023/beta-forum-programme.zip", "attachments/2023/passwd.pdf")},
         links={"attachments/2023/passwd.pdf": "/etc/passwd"}),
    Case("symlink-folder", "images/elsewhere", "file name", "symbolic link", links={"images/elsewhere": "/etc"}),
]


# The cases that also run end to end: a header field, a body's safety, a
# file a body names, and a symbolic link (found by discovery, before any
# header is read).
END_TO_END = ["title-missing", "script-element", "image-missing", "symlink-release"]


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory):
    """A site built from the intact fixture content: the 'previous output/'."""
    output = tmp_path_factory.mktemp("previous") / "output"
    result = pressroom_build(FIXTURE_SETTINGS.parent / "content", output)
    assert result.returncode == 0, result.stderr
    return output


def pressroom_build(content, output):
    return run_build(content, output, FIXTURE_SETTINGS)


def apply(case, content):
    target = content / case.file
    if case.replace:
        old, new = case.replace
        text = target.read_text(encoding="utf-8")
        assert old in text, f"{case.id}: the fixture no longer has {old!r}"
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
    if case.write is not None:
        target.write_text(case.write, encoding="utf-8")
    if case.write_bytes is not None:
        target.write_bytes(case.write_bytes)
    for path, text in (case.extra or {}).items():
        extra = content / path
        if text is None:  # a renamed copy of the case's sibling in the fixture
            shutil.copy(content / BETA_KO, extra)
        elif isinstance(text, tuple):
            extra.write_text(extra.read_text(encoding="utf-8").replace(*text), encoding="utf-8")
        else:
            extra.write_text(text, encoding="utf-8")
    for path, target in (case.links or {}).items():
        (content / path).symlink_to(target if target.startswith("/") else content / target)


def broken_content(case, folder):
    content = copy_fixture_content(folder)
    apply(case, content)
    return content


def naming(problems, content, case):
    """The problems that name the case's file and field, each as a build
    prints it: `path:line: field: message — fix` with a line number, a message
    and a fix (content/problems.py)."""
    named = [p for p in problems if os.path.abspath(p.path) == str(content / case.file) and p.field == case.field]
    for problem in named:
        assert type(problem.line) is int and problem.line >= 1, problem
        assert problem.message.strip() and problem.fix.strip(), problem
        assert "\n" not in str(problem), problem
    return named


def test_there_is_a_case_per_rule():
    assert len(CASES) >= 25
    assert len({case.id for case in CASES}) == len(CASES)
    assert set(END_TO_END) <= {case.id for case in CASES}


def test_the_intact_fixture_has_no_problem(tmp_path):
    assert check_content(copy_fixture_content(tmp_path)) == []


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_malformed_content_is_refused_naming_file_line_and_field(case, tmp_path):
    content = broken_content(case, tmp_path)

    # Rendered in this process: the worker pool only shares the files out
    # (the end-to-end cases below compare a build with the checker using it).
    problems = check_content(content, PRESSROOM_JOBS=1)

    named = naming(problems, content, case)
    assert named, f"no problem names {case.file} and {case.field}:\n" + "\n".join(map(str, problems))
    assert any(case.message in f"{p.field}: {p.message} — {p.fix}" for p in named), "\n".join(map(str, problems))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"], "the check wrote beside the content"


@pytest.mark.parametrize("case", [case for case in CASES if case.id in END_TO_END], ids=END_TO_END)
def test_malformed_content_stops_the_build_and_keeps_the_previous_site(case, tmp_path, previous_output):
    content = broken_content(case, tmp_path)
    output = tmp_path / "output"
    shutil.copytree(previous_output, output)
    before = tree_digest(output)

    result = pressroom_build(content, output)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    named = re.escape(str(content / case.file))
    lines = [line for line in result.stderr.splitlines()
             if re.match(rf"^{named}:\d+: {re.escape(case.field)}: .+ — .+", line)]
    assert lines, f"no line names {case.file} and {case.field}:\n{result.stderr}"
    assert any(case.message in line for line in lines), result.stderr
    assert tree_digest(output) == before, "the previous output was changed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "output"], "no build folder left behind"
    # The build stops on exactly the problems the in-process checker finds.
    problems = check_content(content)
    printed = result.stderr.splitlines()
    assert all(str(problem) in printed for problem in problems), result.stderr
    assert f"{len(problems)} problem(s) found; nothing was published." in printed, result.stderr
