"""The package as a newcomer and a build meet it: the writers' commands stand
apart from the engine, so editing one changes nothing a build keeps, and
`pressroom new` does not load the build."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURE, ROOT, copy_fixture_content


def build_with(plugins, content, output, cache):
    """`pressroom build` of the fixture site with the engine in `plugins`."""
    result = subprocess.run(
        [sys.executable, "-m", "pressroom", "build", "--settings", str(FIXTURE / "fixtureconf.py"),
         "--content", str(content), "--output", str(output), "--cache", str(cache)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(plugins), "COLUMNS": "400"})
    assert result.returncode == 0, result.stderr
    return result.stdout


def kept_state(output, cache):
    """Each output file's identity and bytes, each cache file's bytes (the
    page manifest is written anew by every build, with the same bytes when
    nothing changed)."""
    state = {}
    for root, identity in ((output, True), (cache, False)):
        for path in sorted(Path(root).rglob("*")):
            if path.is_file():
                stat = path.stat()
                state[str(path)] = ((stat.st_ino, stat.st_mtime_ns) if identity else (), path.read_bytes())
    return state


@pytest.fixture
def built_twice(tmp_path):
    """A copy of plugins/ and a built fixture site with a cache; returns a
    function that edits one module of the copy, builds again and returns
    (the build's summary, whether every kept file is as it was)."""
    plugins = tmp_path / "plugins"
    shutil.copytree(ROOT / "plugins", plugins, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    content, output, cache = copy_fixture_content(tmp_path), tmp_path / "output", tmp_path / "cache"
    build_with(plugins, content, output, cache)
    before = kept_state(output, cache)

    def edit_and_build(module):
        path = plugins / "pressroom" / module
        path.write_text(path.read_text(encoding="utf-8") + "\n# an edit that changes no behaviour\n",
                        encoding="utf-8")
        summary = build_with(plugins, content, output, cache)
        return summary, kept_state(output, cache) == before

    return edit_and_build


@pytest.mark.parametrize("module", ["commands/new.py", "commands/devserver.py", "commands/__init__.py"])
def test_editing_a_writers_command_leaves_the_cache_and_every_page_untouched(built_twice, module):
    summary, untouched = built_twice(module)
    assert "0 rendered anew" in summary
    assert " 0 rendered," in summary
    assert untouched


def test_editing_the_engine_renders_anew(built_twice):
    """The other side of the rule: the engine's modules are in the cache's
    code fingerprint, so a change to one is never served from stale pages."""
    summary, untouched = built_twice("render/body.py")
    assert "0 rendered anew" not in summary
    assert not untouched


def test_new_does_not_load_the_build():
    """`pressroom new` needs the header rules, not Markdown, feeds or the
    generator."""
    probe = ("import sys, pressroom.commands.new; "
             "print(sorted(m for m in sys.modules if m.startswith(('pressroom.generator', 'pressroom.render.body', "
             "'pressroom.render.cache', 'pressroom.outputs', 'pressroom.plan', 'pressroom.search', "
             "'pressroom.commands.build'))))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_pressroom_command_is_installed():
    """`make` installs the package editable: the console script runs the
    same commands as `python -m pressroom`."""
    script = Path(sys.executable).parent / "pressroom"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    for command in ("check", "build", "new", "devserver", "status", "settings"):
        assert command in result.stdout


PROBE_PLUGIN = '''
import os
import re
from pelican import signals

REGISTERED_IN = os.getpid()


def written(path, context):
    with open(os.environ["PROBE_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()} {REGISTERED_IN} {context['page'].lang} {path}\\n")


def register():
    signals.content_written.connect(written)
'''


def test_pelicans_content_written_reaches_a_plugin_in_the_build_process(tmp_path):
    """Pages are rendered by worker processes, but another Pelican plugin's
    receiver of content_written lives in the build's process: it hears of
    every page written, there, with the page's template context."""
    (tmp_path / "probe.py").write_text(PROBE_PLUGIN, encoding="utf-8")
    settings = tmp_path / "conf.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(FIXTURE)!r})\nfrom fixtureconf import *\n"
                        f"PLUGIN_PATHS = [*PLUGIN_PATHS, {str(tmp_path)!r}]\nPLUGINS = [*PLUGINS, 'probe']\n",
                        encoding="utf-8")
    log = tmp_path / "written.log"
    result = subprocess.run(
        [sys.executable, "-m", "pressroom", "build", "--settings", str(settings), "--content", str(FIXTURE / "content"),
         "--output", str(tmp_path / "output"), "--cache", "none", "--jobs", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "PROBE_LOG": str(log)})
    assert result.returncode == 0, result.stderr
    entries = [line.split(" ", 3) for line in log.read_text(encoding="utf-8").splitlines()]
    html_pages = [path for path in (tmp_path / "output").rglob("*.html") if "pagefind" not in path.parts]
    # More pages than the pool's serial limit, so workers rendered them.
    assert len(html_pages) >= 50
    assert len(entries) == len(html_pages)
    assert all(sender == registered for sender, registered, _lang, _path in entries)
    assert {lang for _sender, _registered, lang, _path in entries} == {"ko", "en"}


def test_the_architecture_doc_has_a_line_for_every_module():
    """docs/architecture.md gives one line per module: a module added
    without its line, or a line left for a module that is gone, fails."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^- `([\w/]+\.py)`:", text, re.M))
    plugins = ROOT / "plugins"
    modules = {path.relative_to(plugins / "pressroom").as_posix() for path in (plugins / "pressroom").rglob("*.py")}
    modules = {("pressroom/" + m) if m in ("__init__.py", "__main__.py") else m for m in modules}
    modules |= {path.relative_to(plugins).as_posix() for path in (plugins / "govdoc_markdown").glob("*.py")}
    assert listed == modules
