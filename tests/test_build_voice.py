"""What a build says when it ends, read as a newcomer reads it in a terminal
or in a log file: our own summary, one whole line a fact, never Pelican's
"Processed 0 articles", and, for `make publish`, every release held back."""

import os
import re
import subprocess
import sys
import textwrap

import pytest

from conftest import FIXTURE, ROOT

PAGES = {
    "pages/about.ko.md": "Title: 보도자료실 소개\n\n보도자료실은 보도자료를 싣는다.\n",
    "pages/about.en.md": "Title: About the Press Room\n\nThe press room publishes press releases.\n",
    "pages/privacy.ko.md": "Title: 개인정보 처리방침\n\n이 사이트는 개인정보를 수집하지 않는다.\n",
}

PUBLISHED = {
    "releases/2023/alpha-talks.ko.md": """\
        Title: 알파 외교장관 회담 개최
        Date: 2023-03-02 10:00
        Category: bilateral
        Department: northeast-asia
        Number: 23-0101

        □ 외교부는 알파 외교장관과 회담을 개최하였다.
        """,
    "releases/2023/alpha-talks.en.md": """\
        Title: Alpha Foreign Ministers' Talks Held
        Date: 2023-03-02 10:00
        Category: bilateral
        Department: northeast-asia
        Number: 23-0101

        1. The Minister held talks with the Alpha Foreign Minister.
        """,
    "releases/2023/beta-notice.ko.md": """\
        Title: 베타 지역 여행 안전 공지
        Date: 2023-04-03 14:00
        Category: consular
        Department: overseas-safety
        Number: 23-0102

        □ 외교부는 베타 지역을 여행하는 국민에게 안전에 유의해 달라고 당부했다.
        """,
}

# One release for each reason production holds one back; the line of the
# header field that says so is the line the summary names.
UNPUBLISHED = {
    "releases/2023/zeta-draft.ko.md": """\
        Title: 제타 초안
        Date: 2023-06-01 10:00
        Category: economic
        Department: economic-security
        Status: draft

        □ 아직 공개하지 않는 초안이다.
        """,
    "releases/2023/eta-embargo.en.md": """\
        Title: Eta Embargoed
        Date: 2023-06-02 10:00
        Embargo: 2099-01-01 09:00
        Category: economic
        Department: economic-security

        1. Not to be published before the embargo lifts.
        """,
    "releases/2099/theta-future.ko.md": """\
        Title: 세타 예약
        Date: 2099-05-05 10:00
        Category: consular
        Department: overseas-safety

        □ 미래에 공개될 보도자료이다.
        """,
}

HELD_BACK = [
    "pressroom: held back: {content}/releases/2023/eta-embargo.en.md:3 — embargoed until 2099-01-01 09:00 KST",
    "pressroom: held back: {content}/releases/2023/zeta-draft.ko.md:5 — a draft (Status: draft)",
    "pressroom: held back: {content}/releases/2099/theta-future.ko.md:2 — dated 2099-05-05 10:00 KST, in the future",
    # The last line: when the published site changes with no change to a file.
    "pressroom: next change by itself: 2099-01-01 09:00 KST, when {content}/releases/2023/eta-embargo.en.md becomes "
    "due; a build at or after that time publishes it",
]


def write_content(root, files):
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def content(tmp_path):
    return write_content(tmp_path / "content", {**PAGES, **PUBLISHED, **UNPUBLISHED})


@pytest.fixture
def production_settings(tmp_path):
    settings = tmp_path / "productionconf.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(FIXTURE)!r})\nfrom fixtureconf import *\n"
                        "PRESSROOM_SHOW_UNPUBLISHED = False\n")
    return settings


def build(content, output, settings, stdout=subprocess.PIPE, extra_env=None):
    """The real build command in a 40-column terminal's environment, its
    output going to a pipe or a file, as in CI or a log."""
    env = {**{k: v for k, v in os.environ.items() if k != "PRESSROOM_SITEURL"},
           "PYTHONPATH": str(ROOT / "plugins"), "COLUMNS": "40", **(extra_env or {})}
    return subprocess.run(
        [sys.executable, "-m", "pressroom", "build", "--settings", str(settings), "--content", str(content),
         "--output", str(output), "--cache", "none"],
        cwd=ROOT, stdout=stdout, stderr=subprocess.STDOUT, text=True, timeout=300, env=env)


def summary(text):
    return [line for line in text.splitlines() if line.startswith("pressroom: ")]


def assert_no_pelican_summary(text):
    assert "Processed" not in text and "articles" not in text and "Done:" not in text, text


def test_a_production_build_lists_what_it_held_back_one_fact_a_line(content, production_settings, tmp_path):
    log = tmp_path / "build.log"
    with open(log, "w", encoding="utf-8") as handle:
        result = build(content, tmp_path / "output", production_settings, stdout=handle)
    text = log.read_text(encoding="utf-8")
    assert result.returncode == 0, text
    assert_no_pelican_summary(text)
    lines = text.splitlines()
    assert lines == summary(text), "every line the build printed is a whole line of the summary"
    assert lines[:3] == [
        "pressroom: 3 release files published: 1 pair and 1 in one language only",
        "pressroom: 3 page files published",
        "pressroom: 9 source files read: 9 rendered anew, 0 taken from the cache",
    ]
    assert re.fullmatch(r"pressroom: \d+ HTML pages: \d+ rendered, 0 unchanged since the last build", lines[3])
    assert re.fullmatch(r"pressroom: \d+ output files: \d+ new or changed, 0 stale files removed", lines[4])
    assert lines[5:] == [line.format(content=content) for line in HELD_BACK]


def test_a_preview_shows_unpublished_releases_and_holds_none_back(content, tmp_path):
    result = build(content, tmp_path / "output", FIXTURE / "fixtureconf.py")
    assert result.returncode == 0, result.stdout
    assert_no_pelican_summary(result.stdout)
    lines = result.stdout.splitlines()
    assert lines == summary(result.stdout)
    assert "held back" not in result.stdout
    assert lines[0] == "pressroom: 6 release files published: 1 pair and 4 in one language only"
    assert lines[-1] == ("pressroom: 3 releases not yet published are shown with a banner (1 draft, 1 under "
                         "embargo, 1 dated in the future); a production build (make publish) holds them back")


def test_a_build_with_nothing_to_hold_back_says_so(tmp_path, production_settings):
    content = write_content(tmp_path / "content", {**PAGES, **PUBLISHED})
    result = build(content, tmp_path / "output", production_settings)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1] == \
        "pressroom: next change by itself: none; no release is a draft, under embargo or dated in the future"


def test_pelicans_warnings_are_still_shown(content, tmp_path):
    """Pelican's own line is dropped, not what Pelican logs: a plugin's
    warning still reaches the output and, with --fatal warnings, stops the
    build."""
    plugin = tmp_path / "plugins" / "warn_once.py"
    plugin.parent.mkdir()
    plugin.write_text(textwrap.dedent("""\
        import logging
        from pelican import signals

        def warn(generators):
            logging.getLogger(__name__).warning("WARNINGFROMAPLUGIN")

        def register():
            signals.all_generators_finalized.connect(warn)
        """))
    settings = tmp_path / "warnconf.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(FIXTURE)!r})\nfrom fixtureconf import *\n"
                        f"PLUGIN_PATHS = PLUGIN_PATHS + [{str(plugin.parent)!r}]\n"
                        "PLUGINS = PLUGINS + ['warn_once']\n")
    result = build(content, tmp_path / "output", settings, extra_env={"COLUMNS": "400"})
    assert result.returncode != 0
    assert re.search(r"WARNING +WARNINGFROMAPLUGIN", result.stdout), result.stdout
    assert "The build failed" in result.stdout


@pytest.mark.parametrize("drafts, expected", [
    (1, "pressroom: 1 release not yet published is shown with a banner (1 draft); "
        "a production build (make publish) holds it back"),
    (2, "pressroom: 2 releases not yet published are shown with a banner (2 drafts); "
        "a production build (make publish) holds them back"),
])
def test_the_preview_line_counts_in_good_english(tmp_path, drafts, expected):
    draft = UNPUBLISHED["releases/2023/zeta-draft.ko.md"]
    content = write_content(tmp_path / "content", {
        **PAGES, **PUBLISHED, **{f"releases/2023/draft-{n}.ko.md": draft for n in range(drafts)}})
    result = build(content, tmp_path / "output", FIXTURE / "fixtureconf.py")
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1] == expected
