"""`pressroom due --since TIME`: the decision a scheduled publisher makes
before it builds (the Pages workflow's due job, `make publish-due`). Exit 0
with a line a release that became due in (since, now]; exit 3 with one line
when none did; 1 for content problems; 2 for a time that is no time.

In this process (commands.due.due on the fixture content plus a few
releases), and once as the real command in a subprocess."""

import os
import subprocess
import sys

import pytest

from conftest import ROOT, copy_fixture_content, write_files, load_fixture_settings

EMBARGO = "2030-05-02 06:00"

RELEASES = {
    # Embargoed until 06:00 on the 2nd, dated before it: due at the embargo.
    "releases/2030/sigma-talks.ko.md": f"""\
        Title: 시그마국 외교장관 회담
        Date: 2030-05-01 10:00
        Embargo: {EMBARGO}
        Category: bilateral
        Department: northeast-asia

        □ 양국 외교장관은 회담을 열었다.
        """,
    # Scheduled, with no embargo: due at its date, 2030-06-01 09:00.
    "releases/2030/tau-notice.ko.md": """\
        Title: 타우 공지
        Date: 2030-06-01 09:00
        Category: bilateral
        Department: northeast-asia

        □ 공지한다.
        """,
    # A draft under the same embargo: never due by itself.
    "releases/2030/upsilon-draft.ko.md": f"""\
        Title: 입실론 초안
        Date: 2030-05-01 10:00
        Embargo: {EMBARGO}
        Status: draft
        Category: bilateral
        Department: northeast-asia

        □ 초안이다.
        """,
}


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    return write_files(copy_fixture_content(tmp_path_factory.mktemp("due")), RELEASES)


@pytest.fixture(scope="module")
def settings(content):
    return load_fixture_settings(content, PRESSROOM_CACHE_PATH=None, PRESSROOM_JOBS=1)


def decide(settings, since, now, capsys):
    """(exit status, stdout lines, stderr) of `due --since since` as at `now`."""
    from pressroom.commands.due import due

    status = due(settings, since, environ={"PRESSROOM_NOW": now} if now else {})
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def test_a_release_whose_embargo_passed_since_the_last_publication_became_due(settings, capsys):
    status, lines, _ = decide(settings, "2030-05-02T05:45+09:00", "2030-05-02T06:01+09:00", capsys)
    assert status == 0
    assert len(lines) == 1
    assert lines[0].startswith("became due: ")
    assert lines[0].endswith("releases/2030/sigma-talks.ko.md at 2030-05-02 06:00 KST")


def test_nothing_became_due_a_minute_before_the_embargo(settings, capsys):
    status, lines, _ = decide(settings, "2030-05-02T05:45+09:00", "2030-05-02T05:59+09:00", capsys)
    assert status == 3
    assert lines == ["nothing became due between 2030-05-02 05:45 KST and 2030-05-02 05:59 KST"]


def test_a_release_due_before_the_last_publication_is_not_due_again(settings, capsys):
    """It was published by the publication at `since`."""
    status, lines, _ = decide(settings, "2030-05-02T06:00+09:00", "2030-05-02T06:30+09:00", capsys)
    assert status == 3, lines
    assert lines[0].startswith("nothing became due between 2030-05-02 06:00 KST and")


def test_the_interval_is_open_at_since_and_closed_at_now(settings, capsys):
    status, lines, _ = decide(settings, "2030-05-02T05:59:59+09:00", "2030-05-02T06:00+09:00", capsys)
    assert status == 0
    assert lines[0].endswith("sigma-talks.ko.md at 2030-05-02 06:00 KST")


def test_a_draft_never_becomes_due(settings, capsys):
    status, lines, _ = decide(settings, "2030-01-01T00:00+09:00", "2099-01-01T00:00+09:00", capsys)
    assert status == 0
    assert not any("upsilon-draft" in line for line in lines)
    assert [line.split("/")[-1] for line in lines] == ["sigma-talks.ko.md at 2030-05-02 06:00 KST",
                                                       "tau-notice.ko.md at 2030-06-01 09:00 KST"]


def test_a_scheduled_release_is_due_at_its_date(settings, capsys):
    # Nothing of it is due a month before its Date, 2030-06-01 09:00.
    status, lines, _ = decide(settings, "2030-05-01T08:00+09:00", "2030-05-01T10:00+09:00", capsys)
    assert status == 3, lines
    status, lines, _ = decide(settings, "2030-06-01T08:59+09:00", "2030-06-01T09:00+09:00", capsys)
    assert status == 0
    assert [line.split("/")[-1] for line in lines] == ["tau-notice.ko.md at 2030-06-01 09:00 KST"]


def test_since_and_now_without_an_offset_are_in_the_site_time_zone(settings, capsys):
    status, lines, _ = decide(settings, "2030-05-02T05:59", "2030-05-02T06:00", capsys)
    assert status == 0
    # 05:59 KST is 20:59 UTC the day before.
    status, lines, _ = decide(settings, "2030-05-01T20:59Z", "2030-05-01T21:01Z", capsys)
    assert status == 0
    assert lines[0].endswith("sigma-talks.ko.md at 2030-05-02 06:00 KST")


def test_without_pressroom_now_the_clock_is_now(settings, capsys):
    """By the clock, the fixture's releases (2021 to 2023) were due before
    2025 and the embargo of 2030 has not come: nothing became due since."""
    status, lines, _ = decide(settings, "2025-01-01T00:00+09:00", None, capsys)
    assert status == 3, lines
    assert lines[0].startswith("nothing became due between 2025-01-01 00:00 KST and ")


@pytest.mark.parametrize("since", ["yesterday", "2030-13-01T00:00", "", None, "9999-12-31T23:59-12:00",
                                   "0001-01-01T00:00+14:00"])
def test_a_since_that_is_no_time_is_one_line_and_exit_2(settings, capsys, since):
    status, lines, err = decide(settings, since, "2030-05-02T06:01+09:00", capsys)
    assert status == 2
    assert lines == []
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("pressroom due: --since ")
    assert ("is not a time: write it in ISO 8601" if since else "--since is needed") in err


def test_a_since_after_now_is_refused_rather_than_skipping_every_release_until_then(settings, capsys):
    """A recorded upload time from a build run as at a later PRESSROOM_NOW
    must not make every later run say "nothing became due"."""
    status, lines, err = decide(settings, "2031-01-01T00:00+09:00", "2030-05-02T06:01+09:00", capsys)
    assert status == 2
    assert lines == []
    assert "is after now" in err and len(err.strip().splitlines()) == 1


def test_a_pressroom_now_that_is_no_time_is_one_line_and_exit_2(settings, capsys):
    status, lines, err = decide(settings, "2030-05-02T05:00+09:00", "soon", capsys)
    assert status == 2
    assert "PRESSROOM_NOW='soon' is not a time" in err
    assert len(err.strip().splitlines()) == 1


def test_a_content_problem_is_reported_as_check_reports_it(tmp_path, capsys):
    content = copy_fixture_content(tmp_path)
    (content / "releases/2030").mkdir(parents=True)
    (content / "releases/2030/phi-broken.ko.md").write_text(
        "Title: 파이\nDate: 2030-05-01 10:00\nEmbargo: tomorrow\nCategory: bilateral\n"
        "Department: northeast-asia\n\n□ 본문.\n", encoding="utf-8")
    settings = load_fixture_settings(content, PRESSROOM_CACHE_PATH=None, PRESSROOM_JOBS=1)
    status, lines, err = decide(settings, "2030-05-02T05:00+09:00", "2030-05-02T06:01+09:00", capsys)
    assert status == 1
    assert lines == []
    assert "phi-broken.ko.md:3:" in err
    assert "nothing was published" in err


def run_due(content, *args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "pressroom", "due", "--settings", str(ROOT / "tests/fixtures/site/fixtureconf.py"),
         "--content", str(content), "--cache", "none", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**{k: v for k, v in os.environ.items() if k != "PRESSROOM_NOW"},
             "PYTHONPATH": str(ROOT / "plugins"), **(env or {})})


def test_the_command_decides_as_at_pressroom_now(content):
    after = run_due(content, "--since", "2030-05-02T05:45+09:00", env={"PRESSROOM_NOW": "2030-05-02T06:01+09:00"})
    assert after.returncode == 0, after.stderr
    lines = after.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("became due: ")
    assert lines[0].endswith("releases/2030/sigma-talks.ko.md at 2030-05-02 06:00 KST")
    before = run_due(content, "--since", "2030-05-02T05:45+09:00", env={"PRESSROOM_NOW": "2030-05-02T05:59+09:00"})
    assert before.returncode == 3, before.stderr
    assert before.stdout == "nothing became due between 2030-05-02 05:45 KST and 2030-05-02 05:59 KST\n"


def test_the_command_without_since_says_so_and_exits_2(content):
    result = run_due(content)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "pressroom due: --since is needed: the time of the last publication in ISO 8601, e.g. --since "
        "2024-05-02T06:00+09:00"]
    assert "Traceback" not in result.stderr
