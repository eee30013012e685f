"""What leaves the site for other machines: /{lang}/releases.json for
syndication portals, Atom entries read in feed readers, and the production
build (`make publish`) with its absolute addresses and minified files."""

import json
import re
from datetime import datetime

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from conftest import ORIGIN

ATOM = "{http://www.w3.org/2005/Atom}"
PUBLIC = "https://press.example.go.kr"


@pytest.mark.parametrize("lang, other", [("ko", "en"), ("en", "ko")])
def test_releases_json_lists_every_release_newest_first(fixture_site, lang, other):
    index = json.loads((fixture_site.root / lang / "releases.json").read_text(encoding="utf-8"))
    entries = index["releases"]
    sources = {slug for slug, release_lang in fixture_site.releases() if release_lang == lang}
    assert index["language"] == lang and index["count"] == len(entries)
    assert {entry["slug"] for entry in entries} == sources
    dates = [datetime.fromisoformat(entry["date"]) for entry in entries]
    assert dates == sorted(dates, reverse=True) and all(date.utcoffset() is not None for date in dates)
    for entry in entries:
        assert set(entry) == {"slug", "number", "title", "summary", "date", "modified", "category",
                              "category_name", "department", "department_name", "departments", "type", "embargo",
                              "embargo_print", "distributed", "license", "url", "counterpart_url"}
        page = fixture_site.html(entry["url"])
        assert entry["url"] == f"{ORIGIN}/{lang}/releases/{entry['slug']}/"
        assert page.select_one("h1").get_text(" ", strip=True).replace("\xa0", " ") == entry["title"]  # widow control
        has_counterpart = (entry["slug"], other) in fixture_site.releases()
        if has_counterpart:
            assert entry["counterpart_url"] == f"{ORIGIN}/{other}/releases/{entry['slug']}/"
            assert fixture_site.file_for(entry["counterpart_url"]) is not None
        else:
            assert entry["counterpart_url"] is None


def test_releases_json_gives_number_category_and_department(fixture_site):
    entries = {e["slug"]: e for e in json.loads((fixture_site.root / "en" / "releases.json").read_text())["releases"]}
    alpha = entries["alpha-talks"]
    source = fixture_site.releases()[("alpha-talks", "en")].read_text(encoding="utf-8")
    header = dict(line.split(": ", 1) for line in source.split("\n\n", 1)[0].splitlines() if ": " in line)
    assert alpha["number"] == header["Number"]
    assert alpha["category"] == header["Category"] and alpha["department"] == header["Department"]
    page = fixture_site.html(alpha["url"])
    assert alpha["category_name"] in page.get_text() and alpha["department_name"] in page.get_text()


def feed_links(site, feed):
    """Every href and src inside the entries' HTML content of a feed."""
    tree = etree.parse(str(site.root / feed))
    links = []
    for content in tree.iter(f"{ATOM}content"):
        soup = BeautifulSoup(content.text, "html.parser")
        links += [tag.get("href") or tag.get("src") for tag in soup.find_all(["a", "img"])]
    return links


def test_links_inside_feed_entries_are_absolute_in_previews(fixture_site):
    links = feed_links(fixture_site, "ko/feeds/all.atom.xml") + feed_links(fixture_site, "en/feeds/all.atom.xml")
    own = [link for link in links if link.startswith(ORIGIN)]
    assert own, "the fixture's entries link to the site (an image, an attachment, another release)"
    assert [link for link in links if not re.match(r"https?://|mailto:", link)] == []
    assert [link for link in own if fixture_site.file_for(link) is None] == []


def test_the_production_build_uses_the_public_address_everywhere(published_demo_site):
    site = published_demo_site
    release = site.parse(site.root / "en" / "releases" / "korea-mongolia-rare-metals-committee" / "index.html")
    assert release.select_one("link[rel=canonical]")["href"] == \
        f"{PUBLIC}/en/releases/korea-mongolia-rare-metals-committee/"
    assert all(a["href"].startswith((PUBLIC + "/", "#", "mailto:", "tel:", "https://")) for a in release.select("a"))
    feed = etree.parse(str(site.root / "en" / "feeds" / "all.atom.xml"))
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")] + [e.text for e in feed.iter(f"{ATOM}id")]
    assert links and all(link.startswith(PUBLIC + "/") for link in links)
    assert json.loads((site.root / "ko" / "releases.json").read_text())["releases"][0]["url"].startswith(PUBLIC + "/")


def test_the_production_build_is_minified(published_demo_site, demo_site):
    def words(html):
        return " ".join(BeautifulSoup(html, "html.parser").select_one("main").get_text(" ").split())

    for page in ("ko/index.html", "en/releases/korea-mongolia-rare-metals-committee/index.html"):
        minified = (published_demo_site.root / page).read_text(encoding="utf-8")
        preview = (demo_site.root / page).read_text(encoding="utf-8")
        # No line breaks or indentation left, but in the JSON-LD script.
        assert "\n" not in re.sub(r"<script[^>]*>.*?</script>", "", minified, flags=re.S)
        assert minified.count('"') < 0.8 * preview.count('"'), "attribute values are left quoted"
        # The same words reach the reader.
        assert words(minified) == words(preview).replace(ORIGIN, PUBLIC)
    css = published_demo_site.theme_file("css/main.css").read_text(encoding="utf-8")
    assert "/*" not in css and "\n" not in css.strip()
    assert len(css) < 0.8 * len(demo_site.theme_file("css/main.css").read_text(encoding="utf-8"))
    # The search script without its comments and indentation; that it still
    # runs, test_content_security_policy.py's production search shows.
    script = published_demo_site.theme_file("js/search.js").read_text(encoding="utf-8")
    assert "// " not in script and "\n  " not in script
    assert len(script) < 0.7 * len(demo_site.theme_file("js/search.js").read_text(encoding="utf-8"))


def structured(page):
    return json.loads(page.find("script", type="application/ld+json").string)


@pytest.mark.parametrize("lang, other, relation", [("ko", "en", "workTranslation"), ("en", "ko", "translationOfWork")])
def test_a_paired_release_page_has_sharing_tags_and_news_article_data(fixture_site, lang, other, relation):
    url = f"{ORIGIN}/{lang}/releases/alpha-talks/"
    page = fixture_site.html(url)
    meta = {tag.get("property") or tag.get("name"): tag["content"] for tag in page.find_all("meta", content=True)}
    title = page.select_one("h1").get_text(" ", strip=True).replace("\xa0", " ")
    assert meta["og:type"] == "article" and meta["og:url"] == url and meta["og:title"] == title
    assert meta["og:locale"].startswith(lang) and meta["og:image"].startswith(ORIGIN + "/")
    assert meta["twitter:card"] == "summary" and meta["twitter:title"] == title
    assert meta["og:description"] == meta["description"] == meta["twitter:description"] != ""
    data = structured(page)
    assert data["@type"] == "NewsArticle" and data["url"] == url and data["headline"] == title
    assert data["inLanguage"] == lang
    published = datetime.fromisoformat(data["datePublished"])
    assert published == datetime.fromisoformat(meta["article:published_time"])
    assert datetime.fromisoformat(data["dateModified"]) >= published
    assert data["publisher"]["@type"] == "GovernmentOrganization" and data["publisher"]["name"]
    assert data[relation] == {"@type": "NewsArticle", "@id": f"{ORIGIN}/{other}/releases/alpha-talks/",
                              "inLanguage": other}
    assert ({"workTranslation", "translationOfWork"} - {relation}).isdisjoint(data)


def test_a_release_in_one_language_names_no_translation(fixture_site):
    data = structured(fixture_site.html("/ko/releases/lambda-summit/"))
    assert data["inLanguage"] == "ko"
    assert "workTranslation" not in data and "translationOfWork" not in data
