"""The built sites in a real browser: Debian's Chromium driven by Playwright.

Accessibility (axe-core, WCAG 2.0/2.1 A and AA) at desktop and phone widths
in both languages, keyboard use, the language switch, and printing.
Screenshots for human review go to tests/artifacts/screenshots/ (ignored by git).
"""

import io

import pytest
from pypdf import PdfReader

from conftest import ROOT, axe_violations, serve

SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
WIDTHS = {"desktop": 1280, "phone": 375}

# Per site: the pages the audit names, by language.
AUDITED = {
    "demo": {
        "ko": ["/ko/", "/ko/page/2/", "/ko/categories/economic/",
               "/ko/releases/korea-mongolia-rare-metals-committee/", "/ko/releases/public-diplomacy-week-2023/",
               "/ko/about/", "/404.html", "/ko/search/?q=%ED%9D%AC%EC%86%8C%EA%B8%88%EC%86%8D",
               "/ko/editors/translation-status/"],
        "en": ["/en/", "/en/page/2/", "/en/categories/economic/",
               "/en/releases/korea-mongolia-rare-metals-committee/", "/en/releases/public-diplomacy-week-2023/",
               "/en/about/", "/en/search/?q=minerals", "/en/editors/translation-status/"],
    },
    "fixture": {
        "ko": ["/ko/", "/ko/page/2/", "/ko/categories/bilateral/", "/ko/releases/alpha-talks/",
               "/ko/releases/delta-notice/", "/ko/releases/mu-dialogue/", "/ko/about/", "/404.html"],
        "en": ["/en/", "/en/page/2/", "/en/categories/bilateral/", "/en/releases/alpha-talks/",
               "/en/releases/delta-notice/", "/en/releases/mu-dialogue/", "/en/about/"],
    },
}
RELEASE_WITH_EVERYTHING = {"demo": "korea-mongolia-rare-metals-committee", "fixture": "alpha-talks"}


@pytest.fixture(scope="session", params=["demo", "fixture"])
def served(request):
    """(name, site, base URL) of a built site served on loopback."""
    site = request.getfixturevalue(f"{request.param}_site")
    server = serve(site.root)
    yield request.param, site, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_axe_finds_no_wcag_a_or_aa_violation(served, page_at, lang, width):
    name, site, base = served
    problems = {}
    for path in AUDITED[name][lang]:
        page = page_at(base + path, width)
        violations = axe_violations(page)
        if violations:
            problems[path] = violations
        page.context.close()
    assert problems == {}


def test_axe_harness_reports_violations(served, page_at):
    """The audit above can fail: the same harness flags a page broken on purpose."""
    name, site, base = served
    page = page_at(base + "/en/", 1280)
    page.evaluate("""() => document.querySelector('main').insertAdjacentHTML('beforeend',
        '<p style="color:#bbb;background:#fff">faint</p><img src="/theme/images/logo.svg">')""")
    found = " ".join(axe_violations(page))
    assert "color-contrast" in found and "image-alt" in found


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_first_tab_is_the_skip_link_and_it_moves_focus_into_main(served, page_at, lang):
    name, site, base = served
    page = page_at(f"{base}/{lang}/releases/{RELEASE_WITH_EVERYTHING[name]}/", 1280)
    page.keyboard.press("Tab")
    focused = page.evaluate("({cls: document.activeElement.className, text: document.activeElement.textContent})")
    assert focused["cls"] == "press-skip-link"
    assert focused["text"] == {"ko": "본문 바로가기", "en": "Skip to main content"}[lang]
    box = page.locator("a.press-skip-link").bounding_box()
    assert box["y"] >= 0 and box["height"] > 0, "the focused skip link is on screen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)"), \
        "the next Tab continues inside the main content"


FOCUS_STYLE = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  return {tag: e.tagName, text: e.textContent.trim().slice(0, 40), outline: s.outlineStyle,
          outlineWidth: parseFloat(s.outlineWidth), shadow: s.boxShadow, background: s.backgroundColor};
}"""


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_tab_stop_shows_a_visible_focus_indicator(served, page_at, lang):
    name, site, base = served
    for path in (f"/{lang}/releases/{RELEASE_WITH_EVERYTHING[name]}/", f"/{lang}/page/2/"):
        page = page_at(base + path, 1280)
        stops = page.evaluate("document.querySelectorAll('a[href], button, input, select, textarea').length")
        unseen = []
        for _ in range(stops):
            page.keyboard.press("Tab")
            style = page.evaluate(FOCUS_STYLE)
            if style["tag"] == "BODY":
                break
            visible = (style["outline"] != "none" and style["outlineWidth"] >= 2) or style["shadow"] != "none"
            if not visible:
                unseen.append(style)
        assert stops > 10
        assert unseen == []


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_language_switch_reaches_the_counterpart(served, page_at, lang):
    name, site, base = served
    slug = RELEASE_WITH_EVERYTHING[name]
    other = "en" if lang == "ko" else "ko"
    page = page_at(f"{base}/{lang}/releases/{slug}/", 375)
    page.locator("a.press-language-switch__link").click()
    page.wait_for_url(f"{base}/{other}/releases/{slug}/")
    assert page.evaluate("document.documentElement.lang") == other


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_printed_release_has_the_facts_and_no_navigation(served, page_at, lang):
    name, site, base = served
    path = f"/{lang}/releases/{RELEASE_WITH_EVERYTHING[name]}/"
    page = page_at(base + path, 1280)
    title = page.locator("h1").inner_text()
    date = page.locator(".press-release__meta time").inner_text()
    number = page.locator(".press-release__meta dd").first.inner_text()
    first_words = " ".join(page.locator(".press-release__body li").first.inner_text().split()[:4])
    navigation = [page.locator(selector).first.inner_text() for selector in
                  (".press-skip-link", ".press-nav__link", ".press-language-switch__link", ".press-footer__operator")]

    # Text extraction spaces CJK and Latin runs apart and wraps long lines:
    # compare with all white space removed.
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(page.pdf())).pages)

    def squeezed(value):
        return "".join(value.split())

    for fact in (title, date, number, first_words):
        assert squeezed(fact) in text, f"{fact!r} missing from the printed page"
    assert path in text, "the printed page carries its address"
    for chrome in navigation:
        assert squeezed(chrome) not in text, f"{chrome!r} printed"


def test_screenshots_for_review(served, page_at):
    name, site, base = served
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for lang in ("ko", "en"):
        for label, width in WIDTHS.items():
            page = page_at(f"{base}/{lang}/releases/{RELEASE_WITH_EVERYTHING[name]}/", width)
            target = SCREENSHOTS / f"{name}-{lang}-{label}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 10_000
            # The page never scrolls sideways at this width.
            assert page.evaluate("document.documentElement.scrollWidth") <= width
