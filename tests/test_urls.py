"""The URL scheme (pressroom/urls.py), in this process: every address the site
has, each page's language-independent key, the slugs a bilingual page may not
take, and links below SITEURL."""

import pytest
from conftest import FIXTURE, load_fixture_settings, plan_fixture
from pressroom import urls
from pressroom.content.discovery import Source
from pressroom.content.header import check_header, read_source

LANGS = ["ko", "en"]

# Every function of the scheme that gives an Address, with its arguments
# after the language, its expected path (with {lang}) and its key.
ADDRESSES = [
    (urls.home, (), "{lang}/", ("home",)),
    (urls.archive, (), "{lang}/releases/", ("archive",)),
    (urls.year, (2023,), "{lang}/releases/2023/", ("year", 2023)),
    (urls.release, ("beta-forum",), "{lang}/releases/beta-forum/", ("release", "beta-forum")),
    (urls.page, ("about",), "{lang}/about/", ("page", "about")),
    (urls.categories, (), "{lang}/categories/", ("categories",)),
    (urls.category, ("economic",), "{lang}/categories/economic/", ("category", "economic")),
    (urls.departments, (), "{lang}/departments/", ("departments",)),
    (urls.department, ("spokesperson",), "{lang}/departments/spokesperson/", ("department", "spokesperson")),
    (urls.tags, (), "{lang}/tags/", ("tags",)),
    (urls.search, (), "{lang}/search/", ("search",)),
    (urls.translation_status, (), "{lang}/editors/translation-status/", ("translation-status",)),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("function, args, path, key", ADDRESSES, ids=[a[0].__name__ for a in ADDRESSES])
def test_each_address_has_its_path_and_a_key_without_the_language(function, args, path, key, lang):
    address = function(lang, *args)
    assert address.path == path.format(lang=lang)
    assert address.key == key
    assert lang not in address.key


@pytest.mark.parametrize("lang", LANGS)
def test_a_tag_is_of_one_language_and_its_key_says_which(lang):
    address = urls.tag(lang, "알파")
    assert address.path == f"{lang}/tags/알파/"
    assert address.key == ("tag", lang, "알파")
    assert urls.tag("ko", "x").key != urls.tag("en", "x").key


def test_the_site_wide_addresses():
    assert urls.root() == urls.Address(("root",), "")
    assert urls.not_found() == urls.Address(("not-found",), "404.html")
    assert (urls.SITEMAP, urls.ROBOTS) == ("sitemap.xml", "robots.txt")


@pytest.mark.parametrize("lang", LANGS)
def test_the_files_of_a_language(lang):
    assert urls.feed(lang) == f"{lang}/feeds/all.atom.xml"
    assert urls.feed(lang, "economic") == f"{lang}/feeds/categories/economic.atom.xml"
    assert urls.release_index(lang) == f"{lang}/releases.json"
    assert urls.search_bundle(lang) == f"{lang}/pagefind"


@pytest.mark.parametrize("kind, function", [("release", urls.release), ("page", urls.page)])
@pytest.mark.parametrize("lang", LANGS)
def test_document_is_the_page_of_a_release_or_of_a_bilingual_page(kind, function, lang):
    assert urls.document(kind, lang, "beta-forum") == function(lang, "beta-forum")


def test_a_theme_file_is_below_the_theme_static_folder():
    settings = load_fixture_settings()
    assert urls.theme_file(settings, "css/main.css") == f"{settings['THEME_STATIC_DIR']}/css/main.css"
    assert urls.theme_file({"THEME_STATIC_DIR": "static"}, "js/search.js") == "static/js/search.js"


@pytest.mark.parametrize("function, args", [(urls.home, ()), (urls.year, (2023,)), (urls.category, ("economic",)),
                                            (urls.tag, ("알파",))])
def test_page_one_of_a_listing_is_its_address_and_page_n_is_below_page_n(function, args):
    first = function("ko", *args)
    assert first.page(1).path == first.path
    assert first.page(1).key == first.key + (1,)
    for number in (2, 3, 12):
        assert first.page(number).path == f"{first.path}page/{number}/"
        assert first.page(number).key == first.key + (number,)


def test_the_pages_of_a_listing_keep_their_keys_across_languages():
    assert urls.home("ko").page(2).key == urls.home("en").page(2).key
    assert urls.home("ko").page(2).path != urls.home("en").page(2).path


@pytest.mark.parametrize("relative_path, page", [
    ("releases/2023/beta-forum.ko.md", "ko/releases/beta-forum/"),
    ("releases/2022/alpha-talks.en.md", "en/releases/alpha-talks/"),
    ("pages/about.en.md", "en/about/"),
    ("pages/visit.ko.md", "ko/visit/"),
])
def test_source_page_is_the_page_a_content_file_becomes(relative_path, page):
    assert urls.source_page(relative_path) == page


def test_every_content_file_of_the_fixture_becomes_its_documents_page():
    _settings, read, _site = plan_fixture()
    for document in read.documents.published:
        assert document.path == urls.source_page(document.source.relative_path)
        assert document.path == urls.document(document.kind, document.lang, document.slug).path


@pytest.mark.parametrize("siteurl, path, expected", [
    ("", "ko/releases/beta-forum/", "/ko/releases/beta-forum/"),
    ("", "", "/"),
    ("", "ko/tags/알파/", "/ko/tags/%EC%95%8C%ED%8C%8C/"),
    ("https://x.example/press", "ko/releases/beta-forum/", "https://x.example/press/ko/releases/beta-forum/"),
    ("https://x.example/press/", "en/about/", "https://x.example/press/en/about/"),
    ("https://x.example/press", "", "https://x.example/press/"),
    ("https://x.example/press", "en/tags/q a/", "https://x.example/press/en/tags/q%20a/"),
])
def test_href_is_below_siteurl_and_percent_encoded(siteurl, path, expected):
    assert urls.href({"SITEURL": siteurl}, path) == expected


def test_absolute_url_is_below_the_feed_domain():
    settings = {"FEED_DOMAIN": "https://press.example.go.kr/", "SITEURL": ""}
    assert urls.absolute_url(settings, "ko/releases/beta-forum/") == "https://press.example.go.kr/ko/releases/beta-forum/"
    assert urls.absolute_url(settings, "ko/tags/알파/") == "https://press.example.go.kr/ko/tags/%EC%95%8C%ED%8C%8C/"


def first_segments(paths, lang):
    return {path.split("/")[1] for path in paths if path.startswith(f"{lang}/") and path.count("/") >= 2}


def test_the_reserved_page_slugs_are_every_first_segment_the_site_uses():
    settings, _read, site = plan_fixture()
    page_slugs = {page.key[1] for page in site.plan.pages if page.key[0] == "page"}
    for lang in settings["PRESSROOM_LANGUAGES"]:
        planned = first_segments([page.path for page in site.plan.pages], lang) - page_slugs
        # The files made beside the pages: feeds and the search index.
        written = first_segments([urls.feed(lang), urls.feed(lang, "economic"), urls.search_bundle(lang) + "/"],
                                 lang)
        assert planned, "the fixture plans no page below a segment of its own"
        assert planned | written <= urls.RESERVED_PAGE_SLUGS, (planned | written) - urls.RESERVED_PAGE_SLUGS
    # Each reserved slug is one the site uses: none is there by mistake.
    used = set()
    for lang in settings["PRESSROOM_LANGUAGES"]:
        used |= first_segments([page.path for page in site.plan.pages], lang) - page_slugs
        used |= first_segments([urls.feed(lang), urls.search_bundle(lang) + "/"], lang)
    assert used == urls.RESERVED_PAGE_SLUGS


def header_problems(tmp_path, slug):
    relative = f"pages/{slug}.ko.md"
    (tmp_path / "pages").mkdir()
    (tmp_path / relative).write_text("Title: 안내\n\n본문\n", encoding="utf-8")
    source = Source(path=str(tmp_path / relative), relative_path=relative, kind="page", slug=slug, lang="ko")
    assert read_source(str(tmp_path), source) == []
    return check_header(source, load_fixture_settings(FIXTURE / "content"))


@pytest.mark.parametrize("slug", sorted(urls.RESERVED_PAGE_SLUGS))
def test_a_page_cannot_take_a_reserved_slug(slug, tmp_path):
    problems = header_problems(tmp_path, slug)
    assert [(p.field, p.message) for p in problems] == [("file name", f"'{slug}' cannot be a page name")]


def test_a_page_may_take_any_other_slug(tmp_path):
    assert header_problems(tmp_path, "press-office") == []


def test_a_theme_asset_is_named_by_its_digest():
    settings = {"THEME_STATIC_DIR": "theme"}
    assert urls.theme_asset(settings, "css/main.css", "3f2a9c1b0d7e") == "theme/css/main.3f2a9c1b0d7e.css"
    assert urls.theme_asset(settings, "LICENSE", "3f2a9c1b0d7e") == "theme/LICENSE.3f2a9c1b0d7e"
    assert urls.theme_asset(settings, "logo.svg", "ab") == "theme/logo.ab.svg"
