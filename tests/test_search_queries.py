"""Harder Korean queries in a real browser, on releases written for these
tests: a verb or adjective form finds its noun, a release number is found in
the forms writers and readers type it, an English acronym followed by a
Korean particle finds the acronym, and a query of two words lists only the
releases that hold both.
"""

from urllib.parse import quote

import pytest

from conftest import search_results, served_site

RELEASES = {
    "releases/2024/rare-earth-recycling.ko.md": """\
        Title: 희토류 재활용 공동연구 착수
        Date: 2024-03-04 10:00
        Category: economic
        Department: economic-security
        Number: 24-0304
        Summary: 양국 연구기관이 희토류 재활용 기술을 함께 연구한다.

        □ 외교부는 KIGAM이 세타국 지질연구소와 희토류 재활용 기술 공동연구에 착수했다고 밝혔다.

          ○ 양측은 연구 성과를 해마다 공개하고 관련 인력 교류를 늘린다.
        """,
    "releases/2024/rare-earth-supply.ko.md": """\
        Title: 희토류 공급 점검회의 결과
        Date: 2024-04-08 15:00
        Category: economic
        Department: economic-security
        Number: 24-0408
        Summary: 관계 부처가 희토류 수입 동향을 점검했다.

        □ 관계 부처는 희토류 수입 동향과 비축 현황을 점검하고 공급 다변화 방안을 논의했다.
        """,
    "releases/2024/fisheries-cooperation.ko.md": """\
        Title: 한-세타국 수산 협력 약정 서명
        Date: 2024-01-15 11:00
        Category: bilateral
        Department: northeast-asia
        Number: 24-0815
        Summary: 양국이 수산자원 보호를 위한 약정에 서명했다.

        □ 양국은 수산자원 보호를 위한 협력 약정에 서명하고 공동 조사선을 운영한다.

          ○ 첫 공동 조사는 내년 봄 세타국 연안에서 개최 예정이다.
        """,
    # The verb forms themselves, in another release: so that the query as
    # typed has words that start with it, and only taking the ending off
    # finds the fisheries release. (Where no word starts with the query's,
    # Pagefind falls back to a shorter word by itself; docs/search.md,
    # Limits.)
    "releases/2024/energy-dialogue.ko.md": """\
        Title: 한-세타국 에너지 대화 결과
        Date: 2024-02-12 14:00
        Category: economic
        Department: economic-security
        Number: 24-0610
        Summary: 양국이 청정에너지 분야에서 함께 일하기로 했다.

        □ 양국은 서울에서 개최한 제3차 에너지 대화에서 청정수소 분야에서 협력하기로 합의했다.
        """,
}

FINDS = [
    ("협력하기로", "fisheries-cooperation"),  # the text has 협력: a verb form finds its noun
    ("개최한", "fisheries-cooperation"),  # the text has 개최
    ("24-0815", "fisheries-cooperation"),  # the release number as its header has it
    ("제24-0815호", "fisheries-cooperation"),  # the number as a release cites another
    ("제24-0815호를", "fisheries-cooperation"),
    ("KIGAM과", "rare-earth-recycling"),  # the text has KIGAM이
    ("KIGAM은", "rare-earth-recycling"),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    yield from served_site(tmp_path_factory, "queries", RELEASES)


def found(page_at, base, query):
    return search_results(page_at, f"{base}/ko/search/?q={quote(query)}")


@pytest.mark.parametrize("query, slug", FINDS, ids=[query for query, _slug in FINDS])
def test_a_harder_korean_query_finds_its_release(base, page_at, query, slug):
    assert f"/ko/releases/{slug}/" in found(page_at, base, query)


def test_a_verb_form_finds_its_noun_and_itself(base, page_at):
    for query in ("협력하기로", "개최한"):
        assert set(found(page_at, base, query)) == {"/ko/releases/fisheries-cooperation/",
                                                  "/ko/releases/energy-dialogue/"}


def test_a_query_of_two_words_lists_the_releases_with_both(base, page_at):
    assert set(found(page_at, base, "희토류")) == {"/ko/releases/rare-earth-recycling/",
                                                 "/ko/releases/rare-earth-supply/"}
    assert found(page_at, base, "희토류 재활용") == ["/ko/releases/rare-earth-recycling/"]
