"""Shared test tools: build a site with the real `pelican` command into a
temporary folder, and read what it wrote the way a browser or crawler would."""

import functools
import hashlib
import http.server
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "site"
# The origin pelicanconf.py gives absolute URLs (feeds, sitemap, hreflang).
ORIGIN = "http://localhost:8000"

FIXTURE_SETTINGS = FIXTURE / "fixtureconf.py"

sys.path.insert(0, str(ROOT / "plugins"))


def copy_fixture_content(folder, name="content"):
    """A writable copy of the fixture site's content, as folder/name."""
    target = Path(folder) / name
    shutil.copytree(FIXTURE / "content", target)
    return target


def write_files(content, files):
    """Write {path below content: text, dedented} into a content folder; return it."""
    for path, text in files.items():
        (content / path).parent.mkdir(parents=True, exist_ok=True)
        (content / path).write_text(textwrap.dedent(text), encoding="utf-8")
    return content


# -- the engine in this process: settings, checks, documents ------------------
# Loading settings is cheap (about a millisecond) and repeatable: Pelican
# registers the plugins' receivers again, but blinker keeps one connection a
# receiver and govdoc_markdown adds its extension only once. So every call
# loads afresh, exactly as `pressroom build` and `check` do, rather than
# sharing one settings dict that a test could change for the next.

def load_fixture_settings(content_path=None, settings_path=FIXTURE_SETTINGS, **overrides):
    """The settings as `pressroom build --settings settings_path --content
    content_path` has them (pressroom.commands.load_settings: read, then
    initialised by Pelican with the plugins, which checks them), with
    `overrides` set afterwards."""
    from pressroom.commands import load_settings

    settings = load_settings(str(settings_path), str(content_path) if content_path else None)
    settings.update(overrides)
    return settings


@dataclass
class Read:
    reading: object  # reading.Reading
    documents: object  # model.Documents, or None when there are problems
    problems: list  # content.problems.Problem: what would stop a build
    cache: object  # the temporary render cache that holds the bodies


def read_fixture(content_path, settings):
    """What a build reads of content_path before it plans a page.
    read_content() runs every check `check` runs; when it finds nothing,
    model.documents() too, which a build runs next and which refuses a
    published page linking to a withheld release. Without a cache on disk,
    as run_build() builds."""
    from pressroom.clock import build_time
    from pressroom.content.problems import ContentError
    from pressroom.model import documents
    from pressroom.reading import read_content
    from pressroom.render.cache import RenderCache
    from pressroom.render.policy import Sanitizer

    cache = RenderCache(None, settings)
    reading = read_content(str(content_path), settings, cache)
    if reading.problems:
        return Read(reading, None, reading.problems, cache)
    try:
        found = documents(reading, str(content_path), settings, cache, Sanitizer(settings), build_time(settings))
    except ContentError as error:
        return Read(reading, None, error.problems, cache)
    return Read(reading, found, [], cache)


def check_content(content_path, settings_path=FIXTURE_SETTINGS, **overrides):
    """The problems a build of content_path would stop on, found in this
    process: the same reading of the content as `pressroom build` (see
    read_fixture), without Pelican's run and the subprocess."""
    read = read_fixture(content_path, load_fixture_settings(content_path, settings_path, **overrides))
    read.cache.finish()
    return read.problems


def localizers(settings):
    """{lang: l10n.Localizer} from the theme's catalogs, as the generator has them."""
    from pressroom.l10n import Localizer

    return {lang: Localizer(lang, os.path.join(settings["THEME"], "translations"))
            for lang in settings["PRESSROOM_LANGUAGES"]}


def plan_fixture(content_path=FIXTURE / "content", settings=None):
    """(settings, Read, site.Site): the fixture site planned in this process,
    as the generator plans it before writing anything."""
    from pressroom.plan.site import plan_site

    settings = settings if settings is not None else load_fixture_settings(content_path, PRESSROOM_JOBS=1)
    read = read_fixture(content_path, settings)
    assert not read.problems, "\n".join(map(str, read.problems))
    return settings, read, plan_site(read.documents.published, settings, localizers(settings))


def run_build(content, output, settings, cache="none", jobs=None, env=None):
    """Build as `make html` does: check, then Pelican, then swap in. Without
    a cache unless given one, so that each test sees a cold build; `env`
    adds to the environment (PRESSROOM_NOW)."""
    return subprocess.run(
        [sys.executable, "-m", "pressroom", "build", "--settings", str(settings),
         "--content", str(content), "--output", str(output), "--cache", str(cache)]
        + (["--jobs", str(jobs)] if jobs else []),
        check=False, cwd=ROOT, capture_output=True, text=True, timeout=300,
        # Pelican's log lines unwrapped; publishconf.py's address as written.
        env={**{k: v for k, v in os.environ.items() if k not in ("PRESSROOM_SITEURL", "PRESSROOM_NOW")},
             "PYTHONPATH": str(ROOT / "plugins"), "COLUMNS": "400", **(env or {})},
    )


def site_files(root):
    """{path: bytes} of every file under root."""
    root = Path(root)
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def tree_digest(root):
    """Every file's path and bytes under root, as one digest."""
    digest = hashlib.sha256()
    for path in sorted(Path(root).rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class BuiltSite:
    def __init__(self, root, content):
        self.root = Path(root)
        self.content = Path(content)

    def releases(self):
        """{(slug, lang): source path} of every release file the site was built from."""
        found = {}
        for path in (self.content / "releases").glob("*/*.md"):
            slug, lang, _ = path.name.split(".")
            found[(slug, lang)] = path
        return found

    def theme_file(self, name):
        """The published file of theme/static/<name>, named by its digest
        (outputs/static.py): "css/main.css" is theme/css/main.<digest>.css."""
        folder, _, file_name = name.rpartition("/")
        stem, _, extension = file_name.rpartition(".")
        found = list((self.root / "theme" / folder).glob(f"{stem}.*.{extension}"))
        assert len(found) == 1, f"theme/static/{name} published as {found}"
        return found[0]

    def file_for(self, url):
        """The output file a URL or root-relative path is served from, or None."""
        path = unquote(urlsplit(url).path)
        if url.startswith(ORIGIN):
            path = unquote(urlsplit(url[len(ORIGIN):]).path)
        target = self.root / path.lstrip("/")
        if path.endswith("/") or target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def html(self, url):
        target = self.file_for(url)
        assert target is not None, f"no file for {url}"
        return self.parse(target)

    @staticmethod
    def parse(file):
        return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")

    def html_files(self):
        return sorted(self.root.rglob("*.html"))

    def url_of(self, file):
        relative = file.relative_to(self.root).as_posix()
        return "/" + relative.removesuffix("index.html")


def build(tmp_path_factory, name, content, settings):
    output = tmp_path_factory.mktemp(name)
    result = run_build(content, output, settings)
    assert result.returncode == 0, result.stdout + result.stderr
    return BuiltSite(output, content)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    return build(tmp_path_factory, "demo", ROOT / "content", ROOT / "pelicanconf.py")


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory):
    return build(tmp_path_factory, "fixture", FIXTURE / "content", FIXTURE / "fixtureconf.py")


@pytest.fixture(scope="session")
def published_demo_site(tmp_path_factory):
    """The demo as `make publish` builds it: publishconf.py, minified, with the
    public address (PRESSROOM_SITEURL unset)."""
    return build(tmp_path_factory, "published", ROOT / "content", ROOT / "publishconf.py")


@pytest.fixture(params=["demo", "fixture"])
def site(request):
    """Each site-wide test runs on the demo site and on the fixture site."""
    return request.getfixturevalue(f"{request.param}_site")


# -- a real browser: Debian's Chromium driven by Playwright -------------------

def search_results(page_at, url):
    """The result links the search page at `url` lists, once it says how
    many it found."""
    page = page_at(url, 1280)
    page.wait_for_function("document.querySelector('[data-press-search-status]').textContent.length > 0")
    links = [a.get_attribute("href") for a in page.locator("main [data-press-search-results] a").all()]
    page.context.close()
    return links


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page):
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now."""
    assert AXE.exists(), "axe-core is missing: make test runs npm ci"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]]


CHROMIUM = Path("/usr/bin/chromium")
# Flags for a machine with no network: no background calls home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(root):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def served_site(tmp_path_factory, name, files):
    """Build `files` ({path below content/: text}) with the fixture's
    settings and serve the site: yields its base URL (a fixture's body)."""
    folder = tmp_path_factory.mktemp(name)
    content = folder / "content"
    content.mkdir()
    write_files(content, files)
    result = run_build(content, folder / "output", FIXTURE_SETTINGS)
    assert result.returncode == 0, result.stdout + result.stderr
    server = serve(folder / "output")
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    assert CHROMIUM.exists(), "Chromium is missing: apt-get install chromium (.ci/run does)"
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_at(browser):
    contexts = []

    def open_page(url, width):
        # The pages' Content-Security-Policy refuses what these tests inject
        # (axe-core as an inline script, inline styles) and the eval() with
        # which Playwright polls a string expression. The policy itself is
        # tested without this in test_content_security_policy.py, which also
        # opens every page and runs search under it.
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        response = page.goto(url)
        assert response.ok, f"{url}: HTTP {response.status}"
        return page

    yield open_page
    for context in contexts:
        context.close()


