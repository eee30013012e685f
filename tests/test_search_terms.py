"""The search terms a record is indexed by (pressroom/search/terms.py), in this
process. (tests/test_search.py runs the search itself in a browser, and
bounds the terms of a very long Hangul run.)"""

import pytest
from pressroom.search.terms import (
    ENCODED_PREFIX,
    encode_hangul,
    korean_terms,
    search_terms,
)


def decoded(term):
    """The Hangul an encoded term stands for."""
    assert term.startswith(ENCODED_PREFIX)
    letters = term[len(ENCODED_PREFIX):]
    assert len(letters) % 3 == 0
    syllables = []
    for start in range(0, len(letters), 3):
        a, b, c = (ord(letter) - 97 for letter in letters[start:start + 3])
        syllables.append(chr(0xAC00 + a * 676 + b * 26 + c))
    return "".join(syllables)


def test_a_syllable_is_three_ascii_letters_after_the_prefix():
    assert encode_hangul("가") == ENCODED_PREFIX + "aaa"
    assert encode_hangul("각") == ENCODED_PREFIX + "aab"
    assert encode_hangul("힣") == ENCODED_PREFIX + "qnr"  # the last syllable, 11171 = 16·676 + 13·26 + 17
    assert encode_hangul("외교").isascii()
    assert len(encode_hangul("외교부")) == len(ENCODED_PREFIX) + 9


def test_encoding_keeps_prefix_order():
    """A word's prefix encodes to a prefix of its encoding (the prefix
    search relies on it), and the order of words is kept."""
    for word in ["외교장관회담", "외교부", "가나다"]:
        for end in range(1, len(word)):
            assert encode_hangul(word).startswith(encode_hangul(word[:end]))
    words = ["가", "가나", "나", "외교", "외교부", "힣"]
    assert sorted(words) == sorted(words, key=encode_hangul)
    assert not encode_hangul("회담").startswith(encode_hangul("외"))


def test_a_compound_gives_itself_and_each_suffix_of_two_or_more_syllables():
    terms = [decoded(term) for term in korean_terms("재외국민보호").split()]
    assert terms == ["재외국민보호", "외국민보호", "국민보호", "민보호", "보호"]


@pytest.mark.parametrize("word, expected", [("회담", ["회담"]), ("의", ["의"]), ("외교부", ["외교부", "교부"])])
def test_a_short_word_gives_no_one_syllable_suffix(word, expected):
    assert [decoded(term) for term in korean_terms(word).split()] == expected


def test_a_noun_inside_a_compound_starts_a_term_whatever_particle_follows():
    terms = korean_terms("외교부는 장관회담을 열었다").split()
    for query in ["외교부", "회담", "장관회담"]:
        assert any(term.startswith(encode_hangul(query)) for term in terms), query


def test_each_term_is_given_once_in_order_of_first_appearance():
    terms = korean_terms("외교부 회담 외교부 회담").split()
    assert terms == list(dict.fromkeys(terms))
    assert [decoded(term) for term in terms] == ["외교부", "교부", "회담"]


def test_words_of_other_scripts_stay_as_they_are():
    assert korean_terms("APEC 2023") == "APEC 2023"
    assert korean_terms("K-팝") == "K " + encode_hangul("팝")


def test_hangul_after_latin_letters_or_digits_is_encoded_too():
    for word, noun in [("G20정상회의", "정상회의"), ("2023년도", "년도")]:
        terms = korean_terms(word).split()
        assert any(term.startswith(encode_hangul(noun)) for term in terms), (word, terms)


def test_english_terms_are_the_words_each_once_as_written():
    """Other languages are their words, for Pagefind to stem and lowercase."""
    assert search_terms("Foreign Ministers agree; Foreign ministers meet", "en") == (
        "Foreign Ministers agree; ministers meet")
    assert search_terms("  two\tspaces\n", "en") == "two spaces"


def test_korean_records_get_korean_terms():
    assert search_terms("외교장관회담", "ko") == korean_terms("외교장관회담")
    assert search_terms("외교장관회담", "en") == "외교장관회담"
