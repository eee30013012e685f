"""`make new` starts a release from the template.

Each test starts from a copy of the fixture site's content and runs the real
command (`python -m pressroom new`, or `make new` itself), then looks at the
files it wrote and runs `python -m pressroom check` over them, as a writer
would."""

import os
import pty
import re
import select
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import FIXTURE, ROOT, copy_fixture_content, run_build
from pressroom.commands import new as new_release
from pressroom.content import header as sources
from pressroom.commands import load_settings

SETTINGS = FIXTURE / "fixtureconf.py"
SEOUL = ZoneInfo("Asia/Seoul")
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
HEADER_FIELDS = ["Title", "Date", "Category", "Department", "Number", "Tags", "Summary", "Contact", "Attachments",
                 "Status"]
VALUES = {"slug": "omega-visit", "lang": "both", "category": "bilateral", "department": "northeast-asia"}


@pytest.fixture
def content(tmp_path):
    return copy_fixture_content(tmp_path)


def pressroom(command, content, *args):
    """`python -m pressroom COMMAND` with stdin not a terminal, as in CI."""
    return subprocess.run(
        [sys.executable, "-m", "pressroom", command, "--settings", str(SETTINGS), "--content", str(content), *args],
        cwd=ROOT, env=ENV, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120,
    )


def new(content, **values):
    return pressroom("new", content, *(f"--{name}={value}" for name, value in values.items()))


def make_new(content, env=ENV, **variables):
    """`make new VARIABLE=…` with the virtualenv as it is: `-o` keeps make from
    reinstalling packages when requirements.txt is newer than the venv."""
    return subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/bin/.build-installed", "new", f"CONTENT={content}",
         *(f"{name}={value}" for name, value in variables.items())],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120,
    )


def files(content):
    return {path: path.read_bytes() for path in content.rglob("*") if path.is_file()}


def header(path):
    """[(field, value)] of a file's header, in order."""
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return [tuple(part.strip() for part in line.split(":", 1)) for line in head.split("\n")]


def body(path):
    return path.read_text(encoding="utf-8").split("\n\n", 1)[1]


def check_passes(content):
    result = pressroom("check", content)
    assert result.returncode == 0, result.stderr
    assert "No problems found" in result.stdout


def test_both_languages_are_written_today_in_the_year_folder_and_pass_check(content):
    before = datetime.now(SEOUL).replace(second=0, microsecond=0)
    result = new(content, **VALUES)
    after = datetime.now(SEOUL)
    assert result.returncode == 0, result.stderr

    written = sorted((content / "releases").glob("*/omega-visit.*.md"))
    assert [path.name for path in written] == ["omega-visit.en.md", "omega-visit.ko.md"]
    for path in written:
        fields = dict(header(path))
        assert [name for name, _ in header(path)] == HEADER_FIELDS
        date = datetime.strptime(fields["Date"], "%Y-%m-%d %H:%M").replace(tzinfo=SEOUL)
        assert before <= date <= after, f"{fields['Date']} is not now in Seoul"
        assert path.parent.name == str(date.year)
        assert fields["Status"] == "draft"
        assert fields["Category"] == "bilateral" and fields["Department"] == "northeast-asia"
        assert fields["Title"].startswith("[[TODO:") and fields["Summary"].startswith("[[TODO:")
        assert f"Wrote {path}" in result.stdout

    ko, en = (content / "releases" / written[0].parent.name / f"omega-visit.{lang}.md" for lang in ("ko", "en"))
    # One release in two languages: the fields a pair must share agree.
    assert [dict(header(ko))[name] for name in ("Category", "Department", "Number")] == \
        [dict(header(en))[name] for name in ("Category", "Department", "Number")]
    # The genre of each language: the □ ○ - ※ hierarchy, numbered paragraphs.
    ko_lines = body(ko).split("-->\n\n", 1)[1].split("\n")
    assert [line.strip()[0] for line in ko_lines if line.strip()] == ["□", "○", "-", "※", "□", "○"]
    assert re.findall(r"^(\d+)\. \[\[TODO", body(en), re.M) == ["1", "2", "3"]
    for path in (ko, en):
        note, text = body(path).split("-->\n\n", 1)
        # Every line of the outline is a placeholder, recognisably so.
        assert all("[[TODO: " in line for line in text.split("\n") if line.strip())
        # The writer's note is an HTML comment: two hyphens in a row would end or break it.
        note = note.removeprefix("<!--")
        assert "--" not in note and "Embargo: YYYY-MM-DD HH:MM" in note

    check_passes(content)


def test_the_date_and_the_folder_are_in_the_site_timezone(content):
    """15:30 UTC on December 31 is already the next year in Seoul: the file
    goes in that year's folder, dated as Seoul's clock says."""
    settings = load_settings(str(SETTINGS), str(content))
    values = dict(VALUES, lang="ko")
    written = new_release.write_releases(str(content), values, settings,
                                         now=datetime(2030, 12, 31, 15, 30, 42, tzinfo=timezone.utc))
    path = content / "releases" / "2031" / "omega-visit.ko.md"
    assert [Path(p) for p in written] == [path]
    assert dict(header(path))["Date"] == "2031-01-01 00:30"
    check_passes(content)


def test_a_draft_from_the_template_builds_as_a_draft(content, tmp_path):
    """The placeholders and the writer's note do not break the preview build."""
    assert new(content, **VALUES).returncode == 0
    result = run_build(content, tmp_path / "output", SETTINGS)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "output" / "ko" / "releases" / "omega-visit" / "index.html").read_text(encoding="utf-8")
    assert "press-status-banner" in page and "press-govlist--l3" in page
    assert (tmp_path / "output" / "en" / "releases" / "omega-visit" / "index.html").is_file()


@pytest.mark.parametrize("slug, lang", [("alpha-talks", "ko"), ("delta-notice", "en"), ("epsilon-statement", "both")])
def test_a_slug_already_used_in_any_year_or_language_is_refused(content, slug, lang):
    before = files(content)
    result = new(content, **dict(VALUES, slug=slug, lang=lang))
    assert result.returncode == 1
    assert f"SLUG: '{slug}' is already used by" in result.stderr
    assert f"/{slug}." in result.stderr  # names the file that has it
    assert "Nothing was written." in result.stderr
    assert files(content) == before


@pytest.mark.parametrize("name, value, message, listed", [
    ("category", "economy", "CATEGORY: 'economy' is not a known category key — did you mean 'economic'?",
     [f"{key}  " for key in ("economic", "bilateral", "multilateral", "consular", "public-diplomacy")]
     + ["경제외교 / Economic Diplomacy"]),
    ("department", "press-office", "DEPARTMENT: 'press-office' is not a known department key",
     [f"{key}  " for key in ("spokesperson", "economic-security", "northeast-asia", "overseas-safety")]
     + ["재외국민안전과 / Overseas Koreans Safety Division"]),
    ("lang", "kr", "LANG: 'kr' is not one of ko, en, both", ["ko  ", "en  ", "both  "]),
    ("slug", "Omega_Visit", "SLUG: 'Omega_Visit' is not a valid release name — " + sources.RELEASE_SLUG_RULE, []),
    ("slug", "2031-01", "SLUG: '2031-01' is not a valid release name", []),
])
def test_an_invalid_value_is_refused_with_the_valid_choices(content, name, value, message, listed):
    before = files(content)
    result = new(content, **dict(VALUES, **{name: value}))
    assert result.returncode == 1
    assert message in result.stderr
    for choice in listed:
        assert choice in result.stderr
    assert files(content) == before


def test_a_missing_value_without_a_terminal_names_the_variable(content):
    before = files(content)
    result = new(content, slug="omega-visit", lang="ko", category="bilateral")
    assert result.returncode == 1
    assert "DEPARTMENT is missing — give it on the command line" in result.stderr
    assert "northeast-asia" in result.stderr  # the valid keys are listed
    assert files(content) == before


def test_make_new_writes_the_file(content):
    result = make_new(content, SLUG="omega-visit", LANG="en", CATEGORY="consular", DEPARTMENT="overseas-safety")
    assert result.returncode == 0, result.stdout + result.stderr
    # LANG=en is the release's language, not the command's locale.
    assert "Locale could not be set" not in result.stderr
    [path] = (content / "releases").glob("*/omega-visit.*.md")
    assert path.name == "omega-visit.en.md"
    assert dict(header(path))["Department"] == "overseas-safety"
    check_passes(content)


@pytest.mark.parametrize("environment_lang", ["C.UTF-8", "en"])
def test_make_new_takes_lang_only_from_its_command_line(content, environment_lang):
    """LANG is the shell's locale too; one from the environment, even one that
    happens to be a valid choice, is not taken for the release's language."""
    before = files(content)
    result = make_new(content, env={**ENV, "LANG": environment_lang},
                      SLUG="omega-visit", CATEGORY="consular", DEPARTMENT="overseas-safety")
    assert result.returncode != 0
    assert "LANG is missing — give it on the command line" in result.stderr
    assert files(content) == before


def converse(args, exchanges, timeout=60):
    """Run a command on a pseudo-terminal, as a writer at a terminal would;
    for each (prompt, answer), wait for the prompt and type the answer.
    Return (everything it printed, exit status)."""
    main, child = pty.openpty()
    process = subprocess.Popen(args, stdin=child, stdout=child, stderr=child, cwd=ROOT, env=ENV)
    os.close(child)
    output, position = b"", 0
    deadline = time.monotonic() + timeout

    def read():
        nonlocal output
        ready, _, _ = select.select([main], [], [], max(0.0, deadline - time.monotonic()))
        assert ready, f"no output for {timeout} s; so far:\n{output.decode('utf-8', 'replace')}"
        try:
            chunk = os.read(main, 4096)
        except OSError:  # EIO: the command has exited and closed the terminal
            chunk = b""
        output += chunk
        return chunk

    try:
        for prompt, answer in exchanges:
            while (found := output.find(prompt.encode(), position)) < 0:
                assert read(), f"ended before asking {prompt!r}:\n{output.decode('utf-8', 'replace')}"
            position = found + len(prompt)
            os.write(main, answer.encode() + b"\n")
        while read():
            pass
        return output.decode("utf-8", "replace"), process.wait(timeout=timeout)
    finally:
        os.close(main)
        if process.poll() is None:
            process.kill()


def test_missing_values_are_asked_for_in_a_terminal(content):
    output, status = converse(
        [sys.executable, "-m", "pressroom", "new", "--settings", str(SETTINGS), "--content", str(content)],
        [("SLUG: ", "alpha-talks"), ("SLUG: ", "omega-visit"), ("LANG: ", "both"),
         ("CATEGORY: ", "economy"), ("CATEGORY: ", "bilateral"), ("DEPARTMENT: ", "northeast-asia")],
    )
    assert status == 0, output
    assert "'alpha-talks' is already used by" in output  # asked again, not refused
    assert "did you mean 'economic'?" in output
    assert "경제외교 / Economic Diplomacy" in output and "동북아시아과 / Northeast Asian Affairs Division" in output
    assert sorted(path.name for path in (content / "releases").glob("*/omega-visit.*.md")) == \
        ["omega-visit.en.md", "omega-visit.ko.md"]
    check_passes(content)


def test_make_new_asks_in_a_terminal(content):
    output, status = converse(
        ["make", "--no-print-directory", "-o", ".venv/bin/.build-installed", "new", f"CONTENT={content}", "LANG=ko"],
        [("SLUG: ", "omega-visit"), ("CATEGORY: ", "consular"), ("DEPARTMENT: ", "overseas-safety")],
    )
    assert status == 0, output
    assert "LANG: " not in output  # given on the command line
    assert "Locale could not be set" not in output
    assert [path.name for path in (content / "releases").glob("*/omega-visit.*.md")] == ["omega-visit.ko.md"]


def test_values_given_are_checked_before_anything_is_asked(content):
    settings = load_settings(str(SETTINGS), str(content))

    def ask(prompt):
        raise AssertionError(f"asked {prompt!r} although CATEGORY was already wrong")

    with pytest.raises(new_release.Refused) as refusal:
        new_release.resolve({"slug": "omega-visit", "category": "economy"}, settings, {}, ask=ask)
    assert refusal.value.problems[0].startswith("CATEGORY: 'economy' is not a known category key")


def test_an_injected_answer_fills_the_value_that_is_missing(content):
    settings = load_settings(str(SETTINGS), str(content))
    answers = iter(["", "press-office", "spokesperson"])
    said = []
    values = new_release.resolve(dict(VALUES, department=""), settings, {}, ask=lambda prompt: next(answers),
                                 say=said.append)
    assert values == dict(VALUES, department="spokesperson")
    assert "DEPARTMENT is required" in said
    assert any("'press-office' is not a known department key" in line for line in said)


def test_a_release_published_with_the_placeholders_left_in_is_refused(content):
    assert new(content, **dict(VALUES, lang="ko")).returncode == 0
    [path] = (content / "releases").glob("*/omega-visit.ko.md")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Status: draft\n", ""), encoding="utf-8")

    result = pressroom("check", content)
    assert result.returncode == 1
    placeholder = "the template's placeholder '[[TODO …]]' is still here, but the release is not a draft — "
    assert f"{path}:1: Title: {placeholder}" in result.stderr
    assert f"{path}:7: Summary: {placeholder}" in result.stderr
    # The writer's note opens the body, on the line after the blank one.
    assert f"{path}:11: body: {placeholder}" in result.stderr
    assert "nothing was published" in result.stderr

    # Written out, with the note gone, the same release passes.
    finished = [line for line in text.split("\n\n", 1)[0].split("\n") if line != "Status: draft"]
    finished = "\n".join(finished).replace(
        "[[TODO: 보도자료 제목]]", "오메가 방문").replace("[[TODO: 목록과 피드에 보일 한 문장 요약]]", "오메가를 방문했다.")
    path.write_text(finished + "\n\n□ 외교부는 오메가를 방문했다고 밝혔다.\n  ○ 세부 내용.\n", encoding="utf-8")
    check_passes(content)
