"""Search results show the words found in context, in a real browser, on
releases written for these tests: an excerpt of the release's text as
readers read it, with each match in <mark>; in Korean where the query word
stands inside a compound (회담 in 외교장관회담) or before a particle (외교부
in 외교부는), in English on the words its stem finds. The excerpt is text:
nothing a release says is read as HTML.
"""

from urllib.parse import quote

import pytest

from conftest import served_site

# Enough text before the matches that an excerpt from the start would miss them.
OPENING_KO = " ".join(["정부는 올해 상반기 주요 정책 과제의 추진 현황을 부처별로 점검하고 그 결과를 정리했다."] * 6)
OPENING_EN = " ".join(["The government reviewed the progress of its main policy tasks for the first half."] * 6)

# Two matches about 60 characters apart: one excerpt's window holds both.
BETWEEN = "양측은 지역 정세와 경제 협력 현안을 두루 살펴보고 다음 일정을 조율했으며 실무진 연락 체계도 정비했다"
assert 50 < len(BETWEEN) < 65

RELEASES = {
    "releases/2024/iota-roundtable.ko.md": f"""\
        Title: 이오타국 전문가 모임
        Date: 2024-05-21 10:00
        Category: bilateral
        Department: northeast-asia
        Summary: 전문가들이 모였다.

        □ {OPENING_KO}

          ○ 첫날 좌담에서 {BETWEEN} 둘째 날 좌담으로 이어졌다.
        """,
    "releases/2024/iota-ministers.ko.md": f"""\
        Title: 한-이오타국 장관 회동 결과
        Date: 2024-05-20 10:00
        Category: bilateral
        Department: northeast-asia
        Summary: 두 나라 장관이 만나 현안을 논의했다.

        □ {OPENING_KO}

          ○ 양국은 이번 외교장관회담을 계기로 청년 교류 사업을 늘리기로 했다.

        □ 외교부는 후속 협의를 하반기에 열 계획이라고 밝혔다.
        """,
    "releases/2024/iota-ministers.en.md": f"""\
        Title: Korea-Iota ministers meet
        Date: 2024-05-20 10:00
        Category: bilateral
        Department: northeast-asia
        Summary: The two ministers discussed pending issues.

        1. {OPENING_EN}

        2. The two sides signed a youth exchange arrangement at the Iota talks.

        3. The Ministry said the tag `<img src=x onerror=alert(1)>` must be shown as text.
        """,
}


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    yield from served_site(tmp_path_factory, "excerpts", RELEASES)


def first_result(page_at, base, lang, query):
    """(excerpt text, [marked text], [(text before, mark, text after)], the
    tag names of every element in the excerpt) of the first result."""
    page = page_at(f"{base}/{lang}/search/?q={quote(query)}", 1280)
    page.wait_for_function("document.querySelectorAll('[data-press-search-results] li').length > 0")
    return page.locator("[data-press-search-results] li").first.evaluate("""item => {
        const excerpt = item.querySelector('.press-release-list__excerpt');
        if (!excerpt) return null;
        const marks = [...excerpt.querySelectorAll('mark')];
        return {
            text: excerpt.textContent,
            marks: marks.map(mark => mark.textContent),
            around: marks.map(mark => [mark.previousSibling?.textContent ?? '', mark.textContent,
                                       mark.nextSibling?.textContent ?? '']),
            tags: [...excerpt.querySelectorAll('*')].map(element => element.tagName),
        };
    }""")


def test_a_korean_word_inside_a_compound_is_marked_where_it_stands(base, page_at):
    shown = first_result(page_at, base, "ko", "회담")
    assert shown["marks"] == ["회담"]
    before, _mark, after = shown["around"][0]
    assert before.endswith("이번 외교장관") and after.startswith("을 계기로")


def test_a_korean_word_before_a_particle_is_marked_without_it(base, page_at):
    for query in ("외교부는", "외교부의", "외교부"):
        shown = first_result(page_at, base, "ko", query)
        assert shown["marks"] == ["외교부"], query
        assert shown["around"][0][2].startswith("는 후속 협의를")


def test_a_korean_verb_form_marks_its_noun(base, page_at):
    shown = first_result(page_at, base, "ko", "교류하는")
    assert shown["marks"] == ["교류"]
    assert shown["around"][0][0].endswith("청년 ") and shown["around"][0][2].startswith(" 사업을")


def test_the_excerpt_is_the_stretch_that_holds_the_matches(base, page_at):
    shown = first_result(page_at, base, "ko", "외교장관회담 청년")
    assert shown["text"].startswith("… ") and "상반기" not in shown["text"][:30]
    assert shown["marks"] == ["외교장관회담", "청년"]


def test_the_excerpt_shows_every_match_of_the_stretch_it_chose(base, page_at):
    shown = first_result(page_at, base, "ko", "좌담")
    assert shown["marks"] == ["좌담", "좌담"]


def test_an_english_query_marks_the_words_its_stem_finds(base, page_at):
    shown = first_result(page_at, base, "en", "signing Iota")
    assert shown["marks"] == ["signed", "Iota"]
    assert shown["text"].startswith("… ")


def test_the_excerpt_is_text_and_never_html(base, page_at):
    shown = first_result(page_at, base, "en", "onerror")
    assert "<img src=x onerror=alert(1)>" in shown["text"]
    assert shown["tags"] == ["MARK"] and shown["marks"] == ["onerror"]


def test_a_release_found_by_its_title_alone_shows_its_summary(base, page_at):
    page = page_at(f"{base}/en/search/?q=meet", 1280)
    page.wait_for_function("document.querySelectorAll('[data-press-search-results] li').length > 0")
    item = page.locator("[data-press-search-results] li").first
    assert item.locator(".press-release-list__excerpt").count() == 0
    assert item.locator(".press-release-list__summary").inner_text() == "The two ministers discussed pending issues."
