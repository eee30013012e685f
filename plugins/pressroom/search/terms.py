"""Static search with Pagefind, one bundle per language, that works in Korean.

Pagefind as it comes splits Korean on spaces only and matches word prefixes,
so `회담` does not find `외교장관회담` and `외교부의` does not find `외교부는`;
and its Korean index never splits into chunks (Pagefind issue #1211), so every
query downloads all of it. Both are solved by what we give it to index:

- Each published release becomes a small record page (in a temporary
  folder, never published) whose text is search terms, not prose.
- Korean text is turned into terms by `korean_terms()`: every run of Hangul
  syllables in a word gives itself and each of its suffixes of two or more
  syllables, so a noun inside a compound starts a term; prefix matching
  then finds it whatever particle follows. Each syllable is written as three
  ASCII letters after a "0" (`encode_hangul()`): an ASCII index splits into
  chunks like an English one, and prefix order is kept, since every syllable
  has the same width.
- The search page's script (theme/static/js/search.js) treats the query the
  same way: it strips a trailing particle from each Korean word and encodes
  it, so `외교부의` looks for the prefix `외교부`.
"""

import re
from functools import lru_cache

HANGUL_SYLLABLE_FIRST = 0xAC00
# A word's runs: Hangul syllables, or letters and digits of other scripts.
# The second excludes Hangul, so that "G20정상회의" and "24시간" give the run
# 정상회의 and 시간, encoded like any other, and not one raw term.
HANGUL_RUN_OR_WORD = re.compile(r"[\uac00-\ud7a3]+|[^\W_\uac00-\ud7a3]+")
HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
ENCODED_PREFIX = "0"


SYLLABLE_CODES = [chr(97 + n // 676) + chr(97 + n // 26 % 26) + chr(97 + n % 26) for n in range(11172)]


def encode_hangul(run):
    """'외교' -> '0' + three letters per syllable, in syllable order."""
    return ENCODED_PREFIX + "".join(SYLLABLE_CODES[ord(syllable) - HANGUL_SYLLABLE_FIRST] for syllable in run)


# A term is at most this many syllables: matching is by prefix, so a longer
# term would only find queries longer than any real one, and a run of
# thousands of syllables without a space would otherwise give terms whose
# total length grows with the square of the run's.
MAX_TERM_SYLLABLES = 20


@lru_cache(maxsize=200_000)
def _word_terms(word):
    terms = []
    for match in HANGUL_RUN_OR_WORD.finditer(word):
        run = match.group(0)
        if HANGUL_RUN.fullmatch(run):
            terms.append(encode_hangul(run[:MAX_TERM_SYLLABLES]))
            terms += [encode_hangul(run[start:start + MAX_TERM_SYLLABLES]) for start in range(1, len(run) - 1)]
        else:
            terms.append(run)
    return terms


def search_terms(text, lang):
    """The terms a record of `lang` is indexed by: Korean as korean_terms();
    other languages as their words, for Pagefind to stem. Each term once."""
    if lang == "ko":
        return korean_terms(text)
    return " ".join(dict.fromkeys(text.split()))


def korean_terms(text):
    """Index terms for Korean text; words in other scripts stay as they are.
    Each term once, in order of first appearance: repeats would only make
    the record, and the fragment each result downloads, larger."""
    return " ".join(dict.fromkeys(term for word in text.split() for term in _word_terms(word)))


