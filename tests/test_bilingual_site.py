"""The two language trees as a reader, a crawler and a feed reader see them."""

import re
from urllib.parse import urlsplit

import pytest
from lxml import etree

from conftest import ORIGIN
from pressroom.licenses import LICENSES

LANGS = ("ko", "en")
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def other(lang):
    return "en" if lang == "ko" else "ko"


def switch_href(soup):
    links = soup.select("a.press-language-switch__link")
    assert len(links) == 1, "one language switch per page"
    return links[0]["href"]


def hreflangs(soup):
    return {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}


def is_noindex(soup):
    robots = soup.find("meta", attrs={"name": "robots"})
    return robots is not None and "noindex" in robots["content"]


def release_links(soup):
    return [a["href"] for a in soup.select(".press-release-list__title a")]


def listing_pages(site, first_url):
    """Every page of a paginated listing, following rel=next."""
    url, pages = first_url, []
    while url:
        soup = site.html(url)
        pages.append(soup)
        following = soup.select_one('.press-pagination a[rel="next"]')
        url = following["href"] if following else None
    return pages


def pairs_and_singles(site):
    releases = site.releases()
    slugs = {slug for slug, _ in releases}
    pairs = sorted(s for s in slugs if all((s, lang) in releases for lang in LANGS))
    singles = sorted((s, lang) for (s, lang) in releases if (s, other(lang)) not in releases)
    return pairs, singles


def test_every_release_file_has_its_page_in_its_language(site):
    releases = site.releases()
    assert releases, "the site has releases to check"
    for slug, lang in releases:
        soup = site.html(f"/{lang}/releases/{slug}/")
        assert soup.html["lang"] == lang
        assert not is_noindex(soup)
        assert soup.select_one("h1.press-release__title").get_text(strip=True)


def test_pairs_link_to_each_other_by_switch_and_hreflang(site):
    pairs, _ = pairs_and_singles(site)
    assert len(pairs) >= 3
    for slug in pairs:
        urls = {lang: f"/{lang}/releases/{slug}/" for lang in LANGS}
        for lang in LANGS:
            soup = site.html(urls[lang])
            assert switch_href(soup) == urls[other(lang)]
            assert hreflangs(soup) == {
                "ko": ORIGIN + urls["ko"], "en": ORIGIN + urls["en"], "x-default": ORIGIN + urls["ko"],
            }


def test_unpaired_release_switch_leads_to_an_unlisted_noindex_notice(site):
    _, singles = pairs_and_singles(site)
    assert {lang for _, lang in singles} == set(LANGS), "the site has unpaired releases in both languages"
    sitemap = (site.root / "sitemap.xml").read_text(encoding="utf-8")
    for slug, lang in singles:
        original = f"/{lang}/releases/{slug}/"
        soup = site.html(original)
        assert hreflangs(soup) == {}, "no hreflang to a translation that does not exist"
        target = switch_href(soup)
        assert site.file_for(target) is not None, "the switch never leads to a 404"
        notice = site.html(target)
        assert is_noindex(notice)
        assert notice.html["lang"] == other(lang)
        assert switch_href(notice) == original
        assert notice.find("a", href=original, lang=lang) is not None, "the notice links to the original"
        assert ORIGIN + target not in sitemap
        # Nothing in the other tree links to the notice: it is unlisted.
        for file in (site.root / other(lang)).rglob("*.html"):
            if site.url_of(file) != target:
                assert f'href="{target}"' not in file.read_text(encoding="utf-8"), file


def test_page_in_one_language_gets_a_notice_in_the_other(fixture_site):
    # content/pages/visit.ko.md has no English version.
    notice = fixture_site.html("/en/visit/")
    assert is_noindex(notice) and notice.html["lang"] == "en"
    assert switch_href(notice) == "/ko/visit/"
    assert switch_href(fixture_site.html("/ko/visit/")) == "/en/visit/"
    assert hreflangs(fixture_site.html("/ko/visit/")) == {}
    assert hreflangs(fixture_site.html("/ko/about/"))["en"] == ORIGIN + "/en/about/"


@pytest.mark.parametrize("lang", LANGS)
def test_listings_hold_exactly_their_languages_releases(site, lang):
    expected = {f"/{lang}/releases/{slug}/" for slug, l in site.releases() if l == lang}
    home = [href for page in listing_pages(site, f"/{lang}/") for href in release_links(page)]
    assert sorted(home) == sorted(expected), "the home listing holds every release of its language, once"

    listings = [f"/{lang}/"]
    for index in ("releases", "categories", "departments", "tags"):
        soup = site.html(f"/{lang}/{index}/")
        listings += [a["href"] for a in soup.select(".press-index__item a")]
    assert len(listings) > 5
    for first in listings:
        for page in listing_pages(site, first):
            assert page.html["lang"] == lang
            for href in release_links(page):
                assert href in expected, f"{first} lists {href}, which is not a {lang} release"


@pytest.mark.parametrize("lang", LANGS)
def test_feeds_hold_exactly_their_languages_releases(site, lang):
    expected = {f"{ORIGIN}/{lang}/releases/{slug}/" for slug, l in site.releases() if l == lang}
    feed_files = sorted((site.root / lang / "feeds").rglob("*.atom.xml"))
    assert len(feed_files) >= 2, "one feed for the language and at least one per category"
    for feed_file in feed_files:
        feed = etree.parse(str(feed_file)).getroot()
        links = [entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry")]
        assert links and set(links) <= expected, feed_file
        if feed_file.name == "all.atom.xml":
            assert set(links) == expected
    home = site.html(f"/{lang}/")
    feed_link = home.find("link", rel="alternate", type="application/atom+xml")
    assert site.file_for(feed_link["href"]).name == "all.atom.xml"
    assert f"/{lang}/feeds/" in feed_link["href"]


def internal_references(soup):
    for tag, attribute in (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("form", "action")):
        for element in soup.find_all(tag):
            value = element.get(attribute)
            if value is None or value.startswith(("mailto:", "tel:", "#")):
                continue
            yield value


LICENCE_PAGES = {licence.url for licence in LICENSES.values()}


def test_no_link_or_hreflang_points_to_a_missing_file(site):
    files = site.html_files()
    assert len(files) > 20
    broken = []
    for file in files:
        for url in internal_references(site.parse(file)):
            parts = urlsplit(url)
            # The theme links out only to the 공공누리 licence pages.
            if url in LICENCE_PAGES:
                continue
            assert not parts.netloc or url.startswith(ORIGIN), f"{file}: a link leaves the site: {url}"
            if site.file_for(url) is None:
                broken.append(f"{site.url_of(file)} -> {url}")
    assert broken == []


def test_sitemap_parses_and_its_alternates_resolve(site):
    urlset = etree.parse(str(site.root / "sitemap.xml")).getroot()
    entries = urlset.findall(f"{SITEMAP}url")
    locs = [entry.findtext(f"{SITEMAP}loc") for entry in entries]
    assert len(locs) == len(set(locs)) > 10
    pairs, singles = pairs_and_singles(site)
    for entry, loc in zip(entries, locs):
        page = site.html(loc)
        assert not is_noindex(page), f"{loc} is noindex but listed"
        alternates = {link.get("hreflang"): link.get("href") for link in entry.findall(f"{XHTML}link")}
        for href in alternates.values():
            assert site.file_for(href) is not None and not is_noindex(site.html(href))
        assert alternates == {k: v for k, v in hreflangs(page).items()}, f"{loc}: sitemap and page agree"
    for slug in pairs:
        for lang in LANGS:
            assert f"{ORIGIN}/{lang}/releases/{slug}/" in locs
    for slug, lang in singles:
        assert f"{ORIGIN}/{lang}/releases/{slug}/" in locs
        assert f"{ORIGIN}/{other(lang)}/releases/{slug}/" not in locs


def test_dates_are_localized(fixture_site):
    # alpha-talks: Date 2022-03-02 10:00 in Korean, 2022-03-03 09:30 in English.
    korean = fixture_site.html("/ko/releases/alpha-talks/").select_one(".press-release__meta time")
    english = fixture_site.html("/en/releases/alpha-talks/").select_one(".press-release__meta time")
    assert korean.get_text() == "2022년 3월 2일 10:00"
    assert korean["datetime"] == "2022-03-02T10:00:00+09:00"
    assert english.get_text() == "March 3, 2022 09:30"
    listing = fixture_site.html("/ko/releases/2022/").select_one(".press-release-list__meta time")
    assert listing.get_text() == "2022년 3월 2일"


def test_interface_strings_follow_the_page_language(fixture_site):
    korean = fixture_site.html("/ko/releases/alpha-talks/")
    english = fixture_site.html("/en/releases/alpha-talks/")
    assert korean.select_one("a.press-skip-link").get_text() == "본문 바로가기"
    assert english.select_one("a.press-skip-link").get_text() == "Skip to main content"
    assert "이 누리집은 대한민국 공식 전자정부 누리집입니다." in korean.select_one(".press-official-banner").get_text()
    assert korean.select_one("a.press-language-switch__link").get_text() == "English"
    assert korean.select_one("a.press-language-switch__link")["lang"] == "en"
    assert english.select_one("a.press-language-switch__link").get_text() == "한국어"


def test_english_is_typeset_and_titles_stay_plain_text(fixture_site):
    page = fixture_site.html("/en/releases/alpha-talks/")
    body = page.select_one(".press-release__body").get_text()
    assert "\u201cexpand R&D cooperation\u201d" in body, "smart quotes"
    assert "\u2014" in body, "-- becomes a dash"
    assert "Alpha\u2019s" in body, "smart apostrophe"
    assert page.select_one(".press-release__body span.caps") is not None
    assert "\u201cDeepen\xa0Cooperation\u201d" in page.select_one("h1").get_text(), "widow control in headings"

    raw = fixture_site.file_for("/en/releases/alpha-talks/").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", raw, re.S).group(1)
    assert title.startswith("Foreign Ministers of Korea and Alpha Agree to \u201cDeepen Cooperation\u201d |")
    for attribute in re.findall(r'<meta name="description" content="([^"]*)"', raw):
        assert "<" not in attribute and "&lt;span" not in attribute and "&amp;#" not in attribute
    feed = (fixture_site.root / "en" / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    feed_titles = re.findall(r"<title[^>]*>(.*?)</title>", feed, re.S)
    assert "Foreign Ministers of Korea and Alpha Agree to \u201cDeepen Cooperation\u201d" in feed_titles
    for feed_title in feed_titles:
        assert "span" not in feed_title and "&#" not in feed_title and "\xa0" not in feed_title


def test_korean_text_survives_typography(fixture_site):
    page = fixture_site.html("/ko/releases/alpha-talks/")
    text = page.select_one(".press-release__body").get_text()
    assert "ODA를 포함한 협력 방안을" in text
    assert "R&D 분야 협력" in text
    assert "(KOICA) 주관으로" in text.replace("\xa0", " ")
    raw = fixture_site.file_for("/ko/releases/alpha-talks/").read_text(encoding="utf-8")
    assert "&amp;amp;" not in raw and "&amp;nbsp;" not in raw
    title = re.search(r"<title>(.*?)</title>", raw, re.S).group(1)
    assert title.startswith("한-알파 외교장관회담 \u201c협력 강화\u201d 합의 |")


def test_korean_release_renders_the_government_bullet_hierarchy(fixture_site):
    body = fixture_site.html("/ko/releases/alpha-talks/").select_one(".press-release__body")
    top = body.select("ul.press-govlist--l1 > li")
    assert len(top) == 2
    assert top[0].select_one("ul.press-govlist--l2 > li ul.press-govlist--l3 > li") is not None
    assert top[0].select_one(".press-govlist__note").get_text().startswith("※")
    assert "□" not in body.get_text() and "○" not in body.get_text()


def test_english_release_keeps_numbered_paragraphs(fixture_site):
    items = fixture_site.html("/en/releases/alpha-talks/").select(".press-release__body > ol > li")
    assert len(items) == 2
    assert items[1].get_text().strip().startswith("The two sides")


def test_release_page_shows_the_facts_and_neighbours(fixture_site):
    page = fixture_site.html("/ko/releases/alpha-talks/")
    meta = page.select_one(".press-release__meta").get_text(" ")
    assert "22-0101" in meta and "동북아시아과" in meta and "02-000-0320" in meta
    assert page.find("a", href="/ko/categories/bilateral/") is not None
    assert page.find("a", href="/ko/tags/%EC%99%B8%EA%B5%90%EC%9E%A5%EA%B4%80%ED%9A%8C%EB%8B%B4/") is not None
    # Korean releases by date: delta-notice (2021), alpha-talks (2022), beta-forum (2023)
    assert page.select_one('.press-neighbours a[rel="prev"]')["href"] == "/ko/releases/delta-notice/"
    assert page.select_one('.press-neighbours a[rel="next"]')["href"] == "/ko/releases/beta-forum/"


def test_contact_field_overrides_the_department_contact(demo_site):
    overridden = [(slug, lang) for (slug, lang), path in demo_site.releases().items()
                  if re.search(r"^Contact:", path.read_text(encoding="utf-8"), re.M)]
    assert overridden, "the demo content shows a Contact override"
    for slug, lang in overridden:
        source = demo_site.releases()[(slug, lang)].read_text(encoding="utf-8")
        contact = re.search(r"^Contact:\s*(.*)$", source, re.M).group(1).strip()
        meta = demo_site.html(f"/{lang}/releases/{slug}/").select_one(".press-release__meta").get_text(" ")
        assert contact in " ".join(meta.split())


def test_root_redirects_to_korean_without_javascript(site):
    root = site.html("/")
    refresh = root.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh["content"] == "0; url=/ko/"
    assert hreflangs(root) == {"ko": ORIGIN + "/ko/", "en": ORIGIN + "/en/", "x-default": ORIGIN + "/ko/"}


def test_no_page_needs_javascript(site):
    """Only the search pages run a script; elsewhere a <script> is JSON-LD data."""
    for file in site.html_files():
        search_page = site.url_of(file) in ("/ko/search/", "/en/search/")
        for script in site.parse(file).find_all("script"):
            assert script.get("type") == ("module" if search_page and script.get("src") else "application/ld+json"), \
                f"{file}: a script outside the search page"
        assert "javascript:" not in file.read_text(encoding="utf-8"), file


def test_404_page_is_bilingual_and_noindex(site):
    page = site.html("/404.html")
    assert is_noindex(page)
    assert {section["lang"] for section in page.select("section.press-not-found")} == set(LANGS)
    assert page.find("a", href="/ko/") is not None and page.find("a", href="/en/") is not None


def test_listings_paginate_and_link_pages(fixture_site):
    # Four Korean releases at two per page.
    second = fixture_site.html("/ko/page/2/")
    assert second.select_one('.press-pagination a[rel="prev"]')["href"] == "/ko/"
    assert second.select_one('.press-pagination a[aria-current="page"]').get_text() == "2"
    assert len(release_links(second)) == 2


def test_tag_page_switch_leads_to_the_other_languages_tag_index(site):
    for lang in LANGS:
        tag_pages = [p for p in (site.root / lang / "tags").glob("*/index.html")]
        assert tag_pages
        for file in tag_pages:
            assert switch_href(site.html(site.url_of(file))) == f"/{other(lang)}/tags/"


def test_listing_switch_falls_back_when_the_other_tree_lacks_it(fixture_site):
    # Only a Korean release is dated 2021, so /en/releases/2021/ does not exist.
    assert fixture_site.file_for("/en/releases/2021/") is None
    assert switch_href(fixture_site.html("/ko/releases/2021/")) == "/en/releases/"
    assert switch_href(fixture_site.html("/ko/categories/bilateral/")) == "/en/categories/bilateral/"


def test_korean_text_breaks_between_words(site):
    css = site.theme_file("css/main.css").read_text(encoding="utf-8")
    assert re.search(r":lang\(ko\)\s*\{[^}]*word-break:\s*keep-all", css)


def test_filename_link_reaches_a_release_read_after_the_linking_one(fixture_site):
    # delta-notice (2021) links to beta-forum (2023) with Pelican's {filename} syntax.
    link = fixture_site.html("/ko/releases/delta-notice/").select_one(".press-release__body a")
    assert link["href"] == "/ko/releases/beta-forum/"


def test_pager_shows_a_window_of_pages_not_all_of_them():
    from pressroom import urls
    from pressroom.plan.pages import OutputPage, Pagination
    pages = [OutputPage("ko", urls.home("ko").page(n), "listing", "t") for n in range(1, 11)]
    window = Pagination(5, 10, pages).window()
    assert [p.key[-1] if p else None for p in window] == [1, None, 3, 4, 5, 6, 7, None, 10]
    assert [p.key[-1] for p in Pagination(1, 3, pages[:3]).window()] == [1, 2, 3]
