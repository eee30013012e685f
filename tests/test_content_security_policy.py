"""The Content-Security-Policy that every page carries in a <meta> element
(plugins/pressroom/outputs/security_policy.py says why each directive is there).

In the built files: exactly one policy per page, in <head> before anything
that loads, with the directives expected, and frame-src from
PRESSROOM_EMBED_ALLOWLIST. In Chromium: no page of the demo breaks the policy,
as a preview on localhost or as production under its public address; search
runs Pagefind's WebAssembly on the page under it, with no worker; and the
controls show that the policy does refuse an inline script, an inline style,
a worker, WebAssembly without 'wasm-unsafe-eval' and frames off the
allow-list, and that the test sees it.
"""

import shutil
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURE, build, serve
from pressroom.outputs.security_policy import EmbedAllowlistError, content_security_policy, frame_source

# publishconf.py's DEFAULT_SITEURL: the tests build without PRESSROOM_SITEURL.
PRODUCTION = "https://press.example.go.kr"
EXPECTED = {
    "default-src": ["'none'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "worker-src": ["'none'"],
    "connect-src": ["'self'"],
    "img-src": ["'self'"],
    "style-src": ["'self'"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
}
EMBEDS = ["https://www.youtube-nocookie.com/embed/", "https://player.example.org"]
# Queries the demo's content matches (test_browser.py searches for them too),
# and a release each must find.
SEARCHES = {"ko": "희소금속", "en": "minerals"}
FOUND = "korea-mongolia-rare-metals-committee"


def parse(file):
    # html5lib places elements as a browser does, also in minified pages
    # that leave out optional tags.
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html5lib")


def policy_elements(soup):
    return [meta for meta in soup.find_all("meta")
            if (meta.get("http-equiv") or "").strip().lower() == "content-security-policy"]


def directives(policy):
    """{directive name: [source expressions]} of a policy string."""
    parsed = {}
    for directive in filter(str.strip, policy.split(";")):
        name, *values = directive.split()
        assert name.lower() not in parsed, f"{name} given twice in {policy!r}"
        parsed[name.lower()] = values
    return parsed


def policy_problems(file, expected):
    """What is wrong with the policy element of one page, or []."""
    soup = parse(file)
    elements = policy_elements(soup)
    if len(elements) != 1:
        return [f"{len(elements)} policy elements"]
    meta, problems = elements[0], []
    if meta.parent is not soup.head:
        problems.append(f"the policy is in <{meta.parent.name}>, not <head>")
    if before := meta.find_all_previous(["script", "link", "style"]):
        problems.append(f"the policy comes after {[element.name for element in before]}")
    if (found := directives(meta["content"])) != expected:
        problems.append(f"the policy is {found}")
    return problems


@pytest.fixture(params=["demo", "fixture", "published_demo"])
def any_site(request):
    return request.getfixturevalue(f"{request.param}_site")


def test_every_page_has_one_policy_first_in_head(any_site):
    files = any_site.html_files()
    assert len(files) > 20
    problems = {str(file.relative_to(any_site.root)): found for file in files
                if (found := policy_problems(file, EXPECTED))}
    assert not problems


def test_no_page_has_inline_script_or_style(any_site):
    """What the policy would refuse, found in the files: style attributes,
    <style> elements, on…= handlers and inline script other than JSON-LD."""
    found = []
    for file in any_site.html_files():
        soup = parse(file)
        name = file.relative_to(any_site.root)
        found += [f"{name}: style= on <{element.name}>" for element in soup.find_all(style=True)]
        found += [f"{name}: <style>" for _ in soup.find_all("style")]
        found += [f"{name}: {attribute}= on <{element.name}>" for element in soup.find_all(True)
                  for attribute in element.attrs if attribute.lower().startswith("on")]
        found += [f"{name}: inline <script type={script.get('type')}>" for script in soup.find_all("script")
                  if not script.get("src") and script.get("type") != "application/ld+json"]
    assert not found


def test_the_stylesheet_has_the_table_alignment_classes():
    css = (Path(__file__).resolve().parent.parent / "theme" / "static" / "css" / "main.css").read_text()
    for side in ("left", "center", "right"):
        assert f".press-table__cell--{side} {{ text-align: {side}; }}" in css


# -- PRESSROOM_EMBED_ALLOWLIST -> frame-src -------------------------------------

@pytest.fixture(scope="module")
def embedding_site(tmp_path_factory):
    """The fixture site with two embed prefixes allowed."""
    settings = tmp_path_factory.mktemp("embed-settings") / "embedconf.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(FIXTURE)!r})\nfrom fixtureconf import *\n"
                        f"PRESSROOM_EMBED_ALLOWLIST = {EMBEDS!r}\n", encoding="utf-8")
    return build(tmp_path_factory, "embedding", FIXTURE / "content", settings)


def test_frame_src_lists_exactly_the_allowed_embeds(embedding_site):
    expected = dict(EXPECTED, **{"frame-src": EMBEDS})
    problems = {str(file.relative_to(embedding_site.root)): found for file in embedding_site.html_files()
                if (found := policy_problems(file, expected))}
    assert not problems


def test_the_policy_is_the_same_string_however_often_asked():
    settings = {"PRESSROOM_EMBED_ALLOWLIST": list(EMBEDS)}
    assert content_security_policy(settings) is content_security_policy(dict(settings))
    assert directives(content_security_policy({"PRESSROOM_EMBED_ALLOWLIST": []})) == EXPECTED


@pytest.mark.parametrize("prefix", ["https://www.youtube-nocookie.com/embed", "https://host/embed/?list=1",
                                    "https://host/a;script-src *", "https://host/a b/", "javascript:alert(1)",
                                    "*", "//host/embed/", "https://user@host/"])
def test_an_allowed_embed_a_policy_cannot_express_is_refused(prefix):
    with pytest.raises(EmbedAllowlistError, match="PRESSROOM_EMBED_ALLOWLIST"):
        frame_source(prefix)


@pytest.mark.parametrize("prefix", ["https://www.youtube-nocookie.com/embed/", "https://player.example.org",
                                    "https://player.example.org/", "http://localhost:8080/videos/"])
def test_an_origin_or_a_path_ending_in_a_slash_is_taken_as_it_is(prefix):
    assert frame_source(prefix) == prefix


# -- in Chromium ------------------------------------------------------------------

# Runs before any script of each document: records every violation in the
# page and reports it to the test, which keeps it across navigations.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const violation = {page: location.href, directive: event.effectiveDirective, blocked: event.blockedURI,
                     sample: event.sample};
  window.__violations.push(violation);
  window.__reportViolation(violation);
}, true);
"""


class Watched:
    """A browser context whose pages report to `violations` (events and
    Chromium's console messages about the policy) and `errors`."""

    def __init__(self, browser, init_scripts=(), **options):
        self.context = browser.new_context(**options)
        self.violations, self.errors, self.console = [], [], []
        self.context.expose_binding("__reportViolation", lambda source, violation: self.violations.append(violation))
        for script in (RECORD_VIOLATIONS, *init_scripts):
            self.context.add_init_script(script)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"{self.page.url}: {error}"))

    def _console(self, message):
        self.console.append(message.text)
        if "Content Security Policy" in message.text:
            self.violations.append({"page": self.page.url, "console": message.text})

    def open(self, url, redirects=False):
        """Load `url`, and the page it `redirects` to if it does."""
        response = self.page.goto(url)
        assert response.ok, f"{url}: HTTP {response.status}"
        if redirects:
            self.page.wait_for_url(lambda current: current != url)
            self.page.wait_for_load_state()
        # A round trip through the page's task queue: the reports of what it
        # refused while loading have arrived when it returns.
        self.page.evaluate("() => new Promise((done) => setTimeout(done))")

    def search(self, lang, query):
        """Type a query into the search page's form and submit it: the
        hrefs found."""
        self.page.fill("#press-search-query", query)
        self.page.press("#press-search-query", "Enter")
        self.page.wait_for_url(f"**/{lang}/search/?q=*")
        # A function, not a string: the policy refuses eval(), which
        # Playwright uses to poll a string expression.
        self.page.wait_for_function("() => document.querySelector('[data-press-search-status]').textContent.length > 0")
        return [link.get_attribute("href") for link in self.page.locator("main [data-press-search-results] a").all()]

    def close(self):
        self.context.close()


@pytest.fixture
def watched(browser):
    opened = []

    def open_context(*init_scripts, **options):
        opened.append(Watched(browser, init_scripts, **options))
        return opened[-1]

    yield open_context
    for context in opened:
        context.close()


@pytest.fixture(scope="module")
def preview(demo_site):
    """The demo as `make serve` serves it: the preview on localhost."""
    server = serve(demo_site.root)
    yield f"http://localhost:{server.server_address[1]}"
    server.shutdown()


def redirects(file):
    """Whether the page at `file` sends the browser on (the root does)."""
    return any((meta.get("http-equiv") or "").lower() == "refresh"
               for meta in BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").find_all("meta"))


def route_production(context, site):
    """Serve `site` to `context` as if from its public address, so that
    'self' is that origin and the pages' absolute addresses are the site's."""
    def fulfil(route):
        file = site.file_for(unquote(urlsplit(route.request.url).path))
        if file is None:
            route.fulfill(status=404, body="not found")
        else:
            route.fulfill(path=str(file))

    context.route(f"{PRODUCTION}/**", fulfil)


def test_no_page_of_the_preview_breaks_the_policy(demo_site, preview, watched):
    browser = watched()
    files = demo_site.html_files()
    assert {"ko", "en"} <= {demo_site.url_of(file).split("/")[1] for file in files}
    assert any("application/ld+json" in file.read_text(encoding="utf-8") for file in files), \
        "the pages opened should include inline JSON-LD, which the policy must let be"
    for file in files:
        browser.open(preview + quote(demo_site.url_of(file)), redirects(file))
    assert not browser.violations
    assert not browser.errors


def test_no_page_of_production_breaks_the_policy(published_demo_site, watched):
    search_page = published_demo_site.html("/en/search/")
    assert search_page.find("script", src=True)["src"].startswith(f"{PRODUCTION}/"), \
        "the production build should address its assets under SITEURL"
    browser = watched()
    route_production(browser.context, published_demo_site)
    for file in published_demo_site.html_files():
        browser.open(PRODUCTION + quote(published_demo_site.url_of(file)), redirects(file))
    assert not browser.violations
    assert not browser.errors


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("where", ["preview", "production"])
def test_search_runs_pagefind_on_the_page_under_the_policy(request, watched, lang, where):
    """Pagefind compiles its WebAssembly on the page: the search page asks
    for no worker, though the browser has them, and the bundle has none."""
    browser = watched()
    if where == "production":
        site = request.getfixturevalue("published_demo_site")
        route_production(browser.context, site)
        base = PRODUCTION
    else:
        site = request.getfixturevalue("demo_site")
        base = request.getfixturevalue("preview")
    requested = []
    browser.page.on("request", lambda sent: requested.append(urlsplit(sent.url).path))
    browser.open(f"{base}/{lang}/search/")
    assert browser.page.evaluate("typeof Worker") == "function"
    found = browser.search(lang, SEARCHES[lang])
    assert any(href.rstrip("/").endswith(f"/{lang}/releases/{FOUND}") for href in found), found
    assert f"/{lang}/pagefind/pagefind.js" in requested
    assert not browser.page.workers
    assert not [path for path in requested if "worker" in path]
    assert not (site.root / lang / "pagefind" / "pagefind-worker.js").exists()
    assert not browser.violations
    assert not browser.errors


# -- the controls: what the policy refuses, the test sees -------------------------

@pytest.fixture(scope="module")
def tampered(demo_site, tmp_path_factory):
    """A served copy of the demo with pages changed as an attacker (or a
    careless template) might change them."""
    root = tmp_path_factory.mktemp("tampered") / "site"
    shutil.copytree(demo_site.root, root)

    def change(path, old, new):
        file = root / path
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    change("en/index.html", "</head>", "<script>window.__inlineRan = true;</script>\n</head>")
    change("en/about/index.html", '<main id="main"', '<main style="outline: 5px solid red" id="main"')
    # The search page with a policy that leaves WebAssembly out.
    change("ko/search/index.html", " &#39;wasm-unsafe-eval&#39;", "")
    server = serve(root)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_an_inline_script_is_refused_and_seen(tampered, watched):
    browser = watched()
    browser.open(f"{tampered}/en/")
    assert browser.page.evaluate("window.__inlineRan") is None
    events = [v for v in browser.violations if v.get("directive")]
    assert [(v["directive"], v["blocked"]) for v in events] == [("script-src-elem", "inline")]
    assert any("inline script" in v.get("console", "") for v in browser.violations)


def test_an_inline_style_is_refused_and_seen(tampered, watched):
    browser = watched()
    browser.open(f"{tampered}/en/about/")
    assert browser.page.evaluate("getComputedStyle(document.querySelector('main')).outlineWidth") != "5px"
    assert [v["directive"] for v in browser.violations if v.get("directive")] == ["style-src-attr"]


def test_webassembly_is_refused_without_wasm_unsafe_eval(tampered, watched):
    """The control for 'wasm-unsafe-eval': without it, Pagefind on the page
    cannot compile its WebAssembly, and search finds nothing."""
    browser = watched()
    browser.open(f"{tampered}/ko/search/?q={quote(SEARCHES['ko'])}")
    browser.page.wait_for_function("() => window.__violations.length > 0")
    assert {v["directive"] for v in browser.violations if v.get("directive")} == {"script-src"}
    assert not browser.page.locator("main [data-press-search-results] a").count()


def test_a_worker_is_refused_and_seen(demo_site, preview, watched):
    """The control for worker-src 'none': a worker of a script of the site,
    which script-src alone would allow, is refused."""
    browser = watched()
    browser.open(f"{preview}/en/search/")
    script = browser.page.locator("script[src]").first.get_attribute("src")
    browser.page.evaluate("(script) => { try { new Worker(script, {type: 'module'}); } catch (error) {} }", script)
    browser.page.wait_for_function("() => window.__violations.length > 0")
    assert [v["directive"] for v in browser.violations if v.get("directive")] == ["worker-src"]
    assert not browser.page.workers


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_frames_load_only_from_the_allowed_embeds(embedding_site, tmp_path, watched):
    root = tmp_path / "site"
    shutil.copytree(embedding_site.root, root)
    page = root / "en" / "about" / "index.html"
    frames = {
        "https://www.youtube-nocookie.com/embed/abc": True,
        "https://player.example.org/any/path": True,
        "https://www.youtube-nocookie.com/watch?v=abc": False,  # outside the path prefix
        "https://elsewhere.example/embed/abc": False,
    }
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", "".join(
        f'<iframe src="{src}" title="embed {number}"></iframe>\n' for number, src in enumerate(frames)) + "</main>"),
        encoding="utf-8")
    server = serve(root)
    try:
        browser = watched()
        loaded = []
        for embedder in {origin(src) for src in frames}:
            browser.context.route(f"{embedder}/**", lambda route: (loaded.append(route.request.url),
                                                                 route.fulfill(body="<p>embedded</p>",
                                                                               content_type="text/html")))
        browser.open(f"http://127.0.0.1:{server.server_address[1]}/en/about/")
        browser.page.wait_for_function("() => window.__violations.length >= 2")
        assert sorted(loaded) == sorted(src for src, allowed in frames.items() if allowed)
        # A cross-origin address is reported by its origin only.
        assert sorted((v["directive"], v["blocked"]) for v in browser.violations if v.get("directive")) == \
            sorted(("frame-src", origin(src)) for src, allowed in frames.items() if not allowed)
    finally:
        server.shutdown()
