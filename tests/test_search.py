"""Search in a real browser, on the fixture site: Korean queries find nouns
inside compounds and words with other particles; English queries are stemmed;
filters narrow; without JavaScript the page says so and links the listings."""

import gzip
import json

import pytest

from conftest import search_results, serve
from pressroom.search import bundle

KOREAN = [
    ("회담", "lambda-summit"),  # inside 외교장관회담을
    ("장관회담", "lambda-summit"),
    ("보호", "kappa-consular"),  # inside 재외국민보호를
    ("재외국민보호", "kappa-consular"),
    ("외교부의", "kappa-consular"),  # the text has 외교부는
    ("몽골과", "lambda-summit"),  # the text has 몽골은
    ("영사조력", "kappa-consular"),
    ("이호현", "lambda-summit"),  # a name
    ("23-0901", "kappa-consular"),  # a release number
    ("희소금속 협력", "lambda-summit"),  # two words
    ("베타 포럼", "beta-forum"),  # two words
    ("알파국", "alpha-talks"),
    ("핵심광물", "gamma-agreement"),  # a tag
    ("ODA를", "alpha-talks"),  # an acronym with a particle
    ("ODA는", "alpha-talks"),  # the text has ODA를
    ("시간", "kappa-consular"),  # the text has 24시간: Hangul after digits
]
ENGLISH = [
    ("cooperation", "alpha-talks"),
    ("signing", "gamma-agreement"),  # stemmed: the text says "signed"
    ("minister", "alpha-talks"),  # stemmed: the text says "Minister's"
    ("22-0101", "alpha-talks"),
    ("Beta Forum", "beta-forum"),
    ("Epsilon", "epsilon-statement"),
]


@pytest.fixture(scope="module")
def base(fixture_site):
    server = serve(fixture_site.root)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("query, slug", KOREAN, ids=[q for q, _ in KOREAN])
def test_korean_query_finds_the_release(base, page_at, query, slug):
    assert f"/ko/releases/{slug}/" in search_results(page_at, f"{base}/ko/search/?q={query}")[:10]


@pytest.mark.parametrize("query, slug", ENGLISH, ids=[q for q, _ in ENGLISH])
def test_english_query_finds_the_release(base, page_at, query, slug):
    assert f"/en/releases/{slug}/" in search_results(page_at, f"{base}/en/search/?q={query}")[:10]


def test_results_hold_only_the_pages_language(base, page_at):
    links = search_results(page_at, f"{base}/ko/search/?q=ODA")
    assert links and all(link.startswith("/ko/releases/") for link in links)


def test_submitting_the_form_with_enter_lists_results(base, page_at):
    page = page_at(f"{base}/en/search/", 1280)
    page.fill("#press-search-query", "Gamma")
    page.press("#press-search-query", "Enter")
    page.wait_for_function("document.querySelector('[data-press-search-status]').textContent.length > 0")
    assert page.locator("main [data-press-search-results] a").first.get_attribute("href") == \
        "/en/releases/gamma-agreement/"


def test_filters_narrow_the_results(base, page_at):
    everything = search_results(page_at, f"{base}/ko/search/?q=%EC%99%B8%EA%B5%90%EB%B6%80")  # 외교부
    narrowed = search_results(page_at, f"{base}/ko/search/?q=%EC%99%B8%EA%B5%90%EB%B6%80&category=%EC%9E%AC%EC%99%B8%EA%B5%AD%EB%AF%BC%20%EB%B3%B4%ED%98%B8")
    assert len(everything) > len(narrowed) >= 1
    assert set(narrowed) == {"/ko/releases/kappa-consular/", "/ko/releases/delta-notice/"}
    by_year = search_results(page_at, f"{base}/en/search/?year=2022")
    assert set(by_year) == {"/en/releases/alpha-talks/", "/en/releases/epsilon-statement/"}


def test_a_query_finds_releases_from_every_shard(base, page_at, fixture_site):
    """The fixture's shards hold three releases each, oldest first: alpha-talks
    (2022) is in the first, lambda-summit (July 2023) in the second and
    mu-dialogue (September 2023) in the third; the page searches the one
    bundle they are merged into."""
    assert fixture_site.html("/ko/search/").select_one("[data-bundle]")["data-bundle"] == "/ko/pagefind/"
    links = search_results(page_at, f"{base}/ko/search/?q=%ED%98%91%EB%A0%A5")  # 협력
    assert {"/ko/releases/alpha-talks/", "/ko/releases/lambda-summit/", "/ko/releases/mu-dialogue/"} <= set(links)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_merged_bundle_holds_every_release_once_and_nothing_else(fixture_site, lang):
    folder = fixture_site.root / lang / "pagefind"
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    # The fixture site is a preview build: every release file has its page.
    releases = {f"/{lang}/releases/{slug}/" for slug, release_lang in fixture_site.releases() if release_lang == lang}
    assert len(releases) > 3  # more than one shard of the fixture's three
    assert entry["languages"][lang]["page_count"] == len(releases)
    fragments = [json.loads(gzip.decompress(path.read_bytes())[len(bundle.SIGNATURE):])
                 for path in (folder / "fragment").glob("*.pf_fragment")]
    assert sorted(fragment["url"] for fragment in fragments) == sorted(releases)
    # Pagefind's own search interfaces and its worker are not published: the
    # page has its own, and runs Pagefind on the page; no filter files either
    # (the page filters by the facets in the fragments' names).
    top_level = sorted(path.name for path in folder.iterdir() if path.is_file())
    assert [name for name in top_level if not name.endswith(".pf_meta")] == [
        "pagefind-entry.json", "pagefind.js", "records.sha256",
        "wasm.en.pagefind" if lang == "en" else "wasm.unknown.pagefind"]
    assert sorted(path.name for path in folder.iterdir() if path.is_dir()) == ["fragment", "index"]


def test_every_page_has_a_search_box_for_its_language(fixture_site):
    for url, lang in (("/ko/", "ko"), ("/en/releases/alpha-talks/", "en"), ("/404.html", "ko")):
        form = fixture_site.html(url).select_one("header form[role=search]")
        assert form["action"] == f"/{lang}/search/" and form.select_one("input[type=search][name=q]")


def test_without_javascript_the_page_says_so_and_links_listings(browser, base):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}/ko/search/?q=%ED%9A%8C%EB%8B%B4")
    fallback = page.locator("[data-press-search-fallback]")
    assert fallback.is_visible()
    assert "자바스크립트" in fallback.inner_text()
    assert {a.get_attribute("href") for a in fallback.locator("a").all()} == \
        {"/ko/releases/", "/ko/categories/", "/ko/departments/"}
    context.close()


def test_a_bundle_that_does_not_count_every_record_is_refused(tmp_path, fixture_site):
    """An empty or short pagefind-entry.json stops the build rather than
    publishing a search that misses releases."""
    from pressroom.search.index import SearchIndexError, check_bundle

    shard = fixture_site.root / "ko" / "pagefind"
    count = json.loads((shard / "pagefind-entry.json").read_text())["languages"]["ko"]["page_count"]
    check_bundle(shard, "ko", count)
    with pytest.raises(SearchIndexError, match=f"indexed {count} of the {count + 1}"):
        check_bundle(shard, "ko", count + 1)
    (tmp_path / "pagefind-entry.json").write_text("")
    with pytest.raises(SearchIndexError, match="no usable"):
        check_bundle(tmp_path, "ko", count)


def test_a_long_hangul_run_gives_terms_of_bounded_length():
    """Every suffix of a Hangul run is a term; a run of thousands of
    syllables without a space must not give terms whose total length grows
    with its square, and a query inside it is still the prefix of a term."""
    from pressroom.search.terms import MAX_TERM_SYLLABLES, encode_hangul, korean_terms
    run = "".join(chr(0xAC00 + (i * 7919) % 11172) for i in range(5000))
    terms = korean_terms(run).split()
    assert len(terms) <= len(run)
    assert max(len(term) for term in terms) == len(encode_hangul(run[:MAX_TERM_SYLLABLES]))
    query = encode_hangul(run[2500:2510])
    assert any(term.startswith(query) for term in terms)
    assert korean_terms("외교장관회담") == " ".join(
        encode_hangul(word) for word in ["외교장관회담", "교장관회담", "장관회담", "관회담", "회담"])
