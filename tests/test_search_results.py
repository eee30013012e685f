"""The search page's result list in a real browser, on releases written for
these tests: twenty-five pairs about the made-up country Theta (세타국),
built with the fixture site's settings, whose shards of three releases are
merged into one bundle a language (nine shards).

Every match is reachable ten at a time through a real "more results" button;
the count is announced in the live region; the address records the order and
how many pages are shown, and the back button comes back to the same list;
newest first orders the matches of every shard by date; each filter choice
shows how many matches it would leave; axe-core finds nothing with results
showing.
"""

from urllib.parse import quote

import pytest

from conftest import axe_violations, served_site

COUNT = 25
TOPICS = [("기후", "climate"), ("보건", "health"), ("교육", "education"), ("에너지", "energy"), ("문화", "culture")]
CATEGORIES = {"bilateral": ("양자외교", "Bilateral Relations"), "economic": ("경제외교", "Economic Diplomacy"),
              "consular": ("재외국민 보호", "Consular Affairs")}
# Every fourth release is a joint one, of a second department too; every
# fifth a background briefing.
DEPARTMENTS = {"northeast-asia": ("동북아시아과", "Northeast Asian Affairs Division"),
               "economic-security": ("경제안보외교과", "Economic Security Diplomacy Division")}
TYPES = {"release": ("보도자료", "Press release"), "background": ("보도참고자료", "Background briefing")}
QUERY = {"ko": "세타국", "en": "Theta"}
SHOWN = {"ko": "검색 결과 {count}건 중 {shown}건 표시", "en": "{shown} of {count} results shown"}
ALL_SHOWN = {"ko": "검색 결과 {count}건", "en": "{count} results"}


def theta(number):
    """(slug, date, year, category key) of release `number`: every release
    in a month of its own, so that newest first has one answer."""
    year, month = 2019 + number % 5, 1 + number // 5 * 2
    date = f"{year}-{month:02d}-{10 + number % 7:02d} {9 + number % 8:02d}:00"
    return f"theta-council-{number + 1}", date, year, list(CATEGORIES)[number % 3]


def departments_of(number):
    return ["northeast-asia", "economic-security"] if number % 4 == 0 else ["northeast-asia"]


def type_of(number):
    return "background" if number % 5 == 0 else "release"


def theta_files():
    files = {}
    for number in range(COUNT):
        slug, date, year, category = theta(number)
        topic_ko, topic_en = TOPICS[number % len(TOPICS)]
        header = (f"Date: {date}\nCategory: {category}\nDepartment: {', '.join(departments_of(number))}\n"
                  f"Type: {type_of(number)}\nNumber: {year % 100}-{5000 + number}\n")
        files[f"releases/{year}/{slug}.ko.md"] = (
            f"Title: 한-세타국 {topic_ko} 협의회 제{number + 1}차 회의 개최\n{header}"
            f"Summary: 양국 대표단이 {topic_ko} 분야의 협력 사업을 점검했다.\n\n"
            f"□ 외교부는 세타국 정부와 {topic_ko} 분야 협의회 제{number + 1}차 회의를 열고 후속 사업을 점검했다고 밝혔다.\n\n"
            f"  ○ 양측은 다음 회의를 이듬해 세타국 수도에서 열기로 했다.\n")
        files[f"releases/{year}/{slug}.en.md"] = (
            f"Title: Korea-Theta {topic_en.capitalize()} Council holds meeting no. {number + 1}\n{header}"
            f"Summary: The two delegations reviewed their joint {topic_en} projects.\n\n"
            f"1. The Ministry of Foreign Affairs held meeting no. {number + 1} of the Korea-Theta {topic_en} council "
            f"with the Government of Theta and reviewed the follow-up projects.\n\n"
            f"2. The two sides will meet again next year in the capital of Theta.\n")
    return files


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    yield from served_site(tmp_path_factory, "theta", theta_files())


def search_page(page_at, base, lang, width=1280, **parameters):
    address = f"{base}/{lang}/search/?q={quote(QUERY[lang])}" + "".join(
        f"&{name}={quote(str(value))}" for name, value in parameters.items())
    return page_at(address, width)


def wait_for_results(page, count):
    page.wait_for_function(f"document.querySelectorAll('[data-press-search-results] li').length === {count}"
                           " && document.querySelector('[data-press-search-status]').textContent.length > 0")


def links(page):
    return [a.get_attribute("href") for a in page.locator("[data-press-search-results] a").all()]


def status(page):
    return page.locator("[data-press-search-status]").inner_text()


def newest_first(lang):
    by_date = sorted(range(COUNT), key=lambda number: theta(number)[1], reverse=True)
    return [f"/{lang}/releases/{theta(number)[0]}/" for number in by_date]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_match_is_reachable_ten_at_a_time(base, page_at, lang):
    page = search_page(page_at, base, lang)
    wait_for_results(page, 10)
    assert page.locator("[data-press-search-status]").get_attribute("role") == "status"
    assert status(page) == SHOWN[lang].format(shown=10, count=COUNT)
    more = page.locator("[data-press-search-more]")
    assert more.is_visible() and more.evaluate("button => button.tagName") == "BUTTON"
    more.focus()
    page.keyboard.press("Enter")
    wait_for_results(page, 20)
    # Focus goes to the first result added, so a keyboard user reads on.
    assert page.evaluate("document.activeElement.getAttribute('href')") == links(page)[10]
    assert status(page) == SHOWN[lang].format(shown=20, count=COUNT)
    assert "page=2" in page.url
    more.click()
    wait_for_results(page, COUNT)
    assert more.is_hidden()
    assert status(page) == ALL_SHOWN[lang].format(count=COUNT)
    assert sorted(links(page)) == sorted(newest_first(lang))
    assert "page=3" in page.url


def test_a_list_of_ten_or_fewer_has_no_more_button(base, page_at):
    page = search_page(page_at, base, "en", year=2019)
    wait_for_results(page, 5)
    assert status(page) == "5 results"
    assert page.locator("[data-press-search-more]").is_hidden()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_newest_first_orders_the_matches_of_every_shard_by_date(base, page_at, lang):
    page = search_page(page_at, base, lang, sort="newest", page=3)
    wait_for_results(page, COUNT)
    assert links(page) == newest_first(lang)
    assert page.locator("#press-search-sort").input_value() == "newest"


def test_the_address_brings_back_the_same_list(base, page_at):
    page = search_page(page_at, base, "en", sort="newest")
    wait_for_results(page, 10)
    page.locator("[data-press-search-more]").click()
    wait_for_results(page, 20)
    assert links(page) == newest_first("en")[:20]
    page.locator("[data-press-search-results] a").nth(14).click()
    page.wait_for_url(f"{base}{newest_first('en')[14]}")
    page.go_back()
    wait_for_results(page, 20)
    assert links(page) == newest_first("en")[:20]
    assert "sort=newest" in page.url and "page=2" in page.url


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_each_filter_choice_shows_how_many_matches_it_would_leave(base, page_at, lang):
    index = 0 if lang == "ko" else 1
    bilateral = CATEGORIES["bilateral"][index]
    page = search_page(page_at, base, lang, category=bilateral)
    wait_for_results(page, 9)
    page.wait_for_function("[...document.querySelectorAll('#press-search-year option')].some(o => o.dataset.label)")

    # A category's count is the query's matches in it, whatever category is chosen.
    for key, names in CATEGORIES.items():
        matches = sum(1 for number in range(COUNT) if theta(number)[3] == key)
        assert option_labels(page, "category")[names[index]] == f"{names[index]} ({matches})"
    # A year's count is the query's matches in it within the chosen category.
    for year in range(2019, 2024):
        matches = sum(1 for number in range(COUNT) if theta(number)[2] == year and theta(number)[3] == "bilateral")
        assert option_labels(page, "year")[str(year)] == f"{year} ({matches})"


def option_labels(page, name):
    return {option.get_attribute("value"): option.inner_text()
            for option in page.locator(f"#press-search-{name} option").all() if option.get_attribute("value")}


def hrefs(lang, numbers):
    return {f"/{lang}/releases/{theta(number)[0]}/" for number in numbers}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_joint_release_is_found_and_counted_under_each_of_its_departments(base, page_at, lang):
    index = 0 if lang == "ko" else 1
    joint = [number for number in range(COUNT) if len(departments_of(number)) == 2]
    page = search_page(page_at, base, lang, department=DEPARTMENTS["economic-security"][index])
    wait_for_results(page, len(joint))
    page.wait_for_function("[...document.querySelectorAll('#press-search-type option')].some(o => o.dataset.label)")
    assert set(links(page)) == hrefs(lang, joint)
    # The department's own counts leave its choice out: every release is
    # northeast Asia's, the joint ones economic security's too.
    assert option_labels(page, "department") == {
        DEPARTMENTS["northeast-asia"][index]: f"{DEPARTMENTS['northeast-asia'][index]} ({COUNT})",
        DEPARTMENTS["economic-security"][index]: f"{DEPARTMENTS['economic-security'][index]} ({len(joint)})"}
    # The other filters count within the joint releases.
    for key, names in TYPES.items():
        within = sum(1 for number in joint if type_of(number) == key)
        assert option_labels(page, "type")[names[index]] == f"{names[index]} ({within})"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_filter_without_words_lists_and_counts_every_release_it_chooses(base, page_at, lang):
    index = 0 if lang == "ko" else 1
    background = [number for number in range(COUNT) if type_of(number) == "background"]
    page = page_at(f"{base}/{lang}/search/?type={quote(TYPES['background'][index])}&sort=newest", 1280)
    wait_for_results(page, len(background))
    page.wait_for_function("[...document.querySelectorAll('#press-search-year option')].some(o => o.dataset.label)")
    assert links(page) == [href for href in newest_first(lang) if href in hrefs(lang, background)]
    assert status(page) == ALL_SHOWN[lang].format(count=len(background))
    assert option_labels(page, "type") == {
        names[index]: f"{names[index]} ({sum(1 for number in range(COUNT) if type_of(number) == key)})"
        for key, names in TYPES.items()}
    for key, names in CATEGORIES.items():
        within = sum(1 for number in background if theta(number)[3] == key)
        assert option_labels(page, "category")[names[index]] == f"{names[index]} ({within})"


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("width", [375, 1280])
def test_the_search_interface_with_results_has_no_axe_violation(base, page_at, lang, width):
    page = search_page(page_at, base, lang, width)
    wait_for_results(page, 10)
    page.locator("[data-press-search-more]").click()
    wait_for_results(page, 20)
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("asked, shown", [("0", 10), ("-1", 10), ("abc", 10), ("99999", COUNT)])
def test_a_page_number_from_the_address_shows_at_most_the_pages_there_are(base, page_at, asked, shown):
    page = search_page(page_at, base, "en", page=asked)
    wait_for_results(page, shown)
    if asked == "99999":
        assert "page=3" in page.url


def test_a_filter_value_the_page_does_not_offer_is_ignored(base, page_at):
    page = search_page(page_at, base, "en", year=1999)
    wait_for_results(page, 10)
    assert status(page) == SHOWN["en"].format(shown=10, count=COUNT)
    assert page.locator("#press-search-year").input_value() == ""


def test_a_korean_query_of_particles_only_finds_nothing(base, page_at):
    page = page_at(f"{base}/ko/search/?q={quote('!! ~')}", 1280)
    page.wait_for_function("document.querySelector('[data-press-search-status]').textContent.length > 0")
    assert status(page) == "검색어와 일치하는 보도자료가 없습니다."
    assert links(page) == []
