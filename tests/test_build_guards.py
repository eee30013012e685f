"""A build never publishes a site that silently lacks a release."""

import os
import re
import stat
import textwrap

import pytest

from conftest import FIXTURE, ROOT, copy_fixture_content, run_build
from pressroom.l10n import Localizer, MissingTranslation


@pytest.fixture
def content(tmp_path):
    """A writable copy of the fixture site's content."""
    return copy_fixture_content(tmp_path)


def build(tmp_path, content, settings=FIXTURE / "fixtureconf.py"):
    return run_build(content, tmp_path / "output", settings)


def test_fixture_copy_builds(tmp_path, content):
    result = build(tmp_path, content)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "output" / "ko" / "releases" / "beta-forum" / "index.html").is_file()


def test_a_first_build_makes_an_output_folder_a_web_server_can_read(tmp_path, content):
    """The build stages into a private temporary folder; the output folder it
    becomes must have the mode of any new folder, not 0700."""
    umask = os.umask(0o022)
    try:
        result = build(tmp_path, content)
    finally:
        os.umask(umask)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE((tmp_path / "output").stat().st_mode) == 0o755


def test_exception_in_plugin_code_while_reading_fails_the_build(tmp_path, content):
    # Pelican's own generators catch such an exception, log "Could not process",
    # drop the file and exit 0. Here a plugin's Markdown extension fails on
    # one file, in a worker process; the build must fail, not lose the file.
    english = content / "releases" / "2023" / "beta-forum.en.md"
    english.write_text(english.read_text() + "\nEXPLODE\n")
    plugin = tmp_path / "plugins" / "explode_on_read"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text(textwrap.dedent("""
        from markdown import Extension
        from markdown.preprocessors import Preprocessor
        from pelican import signals

        class Explode(Preprocessor):
            def run(self, lines):
                if "EXPLODE" in lines:
                    raise RuntimeError("plugin failure while reading")
                return lines

        class ExplodeExtension(Extension):
            def extendMarkdown(self, md):
                md.preprocessors.register(Explode(md), "explode", 1)

        def add(pelican):
            pelican.settings["MARKDOWN"].setdefault("extensions", []).append(ExplodeExtension())

        def register():
            signals.initialized.connect(add)
    """))
    settings = tmp_path / "explodingconf.py"
    settings.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(FIXTURE)!r})
        from fixtureconf import *
        PLUGIN_PATHS = PLUGIN_PATHS + [{str(plugin.parent)!r}]
        PLUGINS = PLUGINS + ["explode_on_read"]
    """))
    result = build(tmp_path, content, settings)
    assert result.returncode != 0
    assert "plugin failure while reading" in result.stdout + result.stderr
    assert not (tmp_path / "output").exists(), "nothing was published"


def test_file_in_a_place_the_site_does_not_read_fails_the_build(tmp_path, content):
    (content / "releases" / "2023" / "forgotten-release.md").write_text("Title: x\n\nbody\n")
    (content / "press-notes.md").write_text("Title: y\n\nbody\n")
    result = build(tmp_path, content)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "releases/2023/forgotten-release.md:1: file name:" in output
    assert "press-notes.md:1: file name:" in output


def test_editors_swap_and_backup_files_beside_a_release_are_not_content(tmp_path, content):
    folder = content / "releases" / "2023"
    for name in (".beta-forum.en.md.swp", ".#beta-forum.en.md", "beta-forum.en.md~", "#beta-forum.en.md#",
                 ".DS_Store"):
        (folder / name).write_bytes(b"\x00 not a release")
    result = build(tmp_path, content)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "output" / "en" / "releases" / "beta-forum" / "index.html").is_file()


def test_every_problem_is_reported_at_once_with_file_line_and_field(tmp_path, content):
    korean = content / "releases" / "2023" / "beta-forum.ko.md"
    korean.write_text(korean.read_text().replace("Category: public-diplomacy", "Category: public-diplomcy"))
    english = content / "releases" / "2022" / "alpha-talks.en.md"
    english.write_text(english.read_text().replace("Date: 2022-03-03 09:30", "Date: 2022-02-30 09:30"))
    result = build(tmp_path, content)
    assert result.returncode != 0
    output = re.sub(r"\s+", " ", result.stdout + result.stderr)
    assert "releases/2023/beta-forum.ko.md:3: Category: 'public-diplomcy' is not a known category key" in output
    assert "did you mean 'public-diplomacy'?" in output
    assert "releases/2022/alpha-talks.en.md:2: Date: '2022-02-30 09:30' is not a real date" in output


def test_missing_translation_of_a_theme_string_is_an_error():
    korean = Localizer("ko", ROOT / "theme" / "translations")
    assert korean.gettext("Skip to main content") == "본문 바로가기"
    with pytest.raises(MissingTranslation, match="messages.po"):
        korean.gettext("A string nobody translated")


def test_every_theme_string_has_a_korean_translation():
    korean = Localizer("ko", ROOT / "theme" / "translations")
    templates = [path.read_text(encoding="utf-8") for path in (ROOT / "theme" / "templates").rglob("*.html")]
    code = [path.read_text(encoding="utf-8") for path in (ROOT / "plugins" / "pressroom").rglob("*.py")]
    strings = set()
    for text in templates + code:
        strings |= set(re.findall(r"""(?:\b_|gettext)\(\s*["']([^"']+)["']""", text))
    assert len(strings) > 30
    missing = sorted(s for s in strings if s not in korean.messages)
    assert missing == []
