"""What the archive as a whole requires: one file a name, pairs that agree,
one spelling a tag; and which releases still lack a translation.

A release "lacks" a language when no file of that language has its slug.
missing_translations() serves `make status` (every file, drafts too) and
the build's editors' page /{lang}/editors/translation-status/ (what it
publishes). Oldest first: the release that has waited longest heads the
list.
"""

import re
import unicodedata
from dataclasses import dataclass

from .header import PAIR_FIELDS
from .problems import Problem
from .text import shorten


def tag_slug(name):
    """A URL segment for a tag in either script: '희소 금속' -> '희소-금속'.
    Letters are compared after Unicode compatibility normalization and in
    lower case, so 'Korea', 'KOREA' and 'Ｋｏｒｅａ' are one tag."""
    text = unicodedata.normalize("NFKC", name).lower()
    return re.sub(r"[^\w]+", "-", text).strip("-")


# A tag's page is a folder named by its slug: file systems allow 255 bytes.
MAX_TAG_BYTES = 200


def tag_names(source):
    return [name.strip() for name in source.header.get("tags", "").split(",") if name.strip()]


def check_tags(sources):
    """A tag is one page per language, so it must be written one way: two
    spellings with the same tag_slug() (differing only in case, Unicode
    form, spaces or punctuation) would be one URL with two names."""
    problems = []
    spellings = {}
    for source in sources:
        for name in tag_names(source):
            slug = tag_slug(name)
            if not slug:
                problems.append(Problem(source.path, source.line_of("tags"), "Tags",
                                        f"the tag '{name}' has no letter or digit", "remove it or add a word"))
                continue
            if len(slug.encode("utf-8")) > MAX_TAG_BYTES:
                problems.append(Problem(source.path, source.line_of("tags"), "Tags",
                                        f"the tag '{shorten(name)}' is too long to be the name of its page",
                                        "a tag is a word or two; separate tags with commas"))
                continue
            first, where = spellings.setdefault((source.lang, slug), (name, source.path))
            if name != first:
                problems.append(Problem(
                    source.path, source.line_of("tags"), "Tags",
                    f"the tag '{name}' is written '{first}' in {where}; the two differ only in capitals, width, "
                    "spaces and punctuation or the way their characters are encoded, and would be one tag page",
                    f"write it exactly as '{first}' (or change it in {where} too)"))
    return problems


def pair_value(source, key):
    """A pair field's value as the site reads it: the departments as a list
    in their order (so 'a,b' and 'a, b' agree), the type with its default."""
    if key == "department" and source.departments:
        return ", ".join(source.departments)
    if key == "type":
        return source.doc_type
    return source.header.get(key, "")


def _embargo_problems(members):
    """An embargo holds the release back in every language: a version with
    no Embargo while another has one would go online first, which breaks
    the embargo for the whole release. Each version gives its own time (a
    translation may lift later), but none may leave it out."""
    embargoed = [source for source in members if source.header.get("embargo")]
    if not embargoed:
        return []
    first = embargoed[0]
    return [Problem(source.path, source.line_of("date"), "Embargo",
                    f"{first.path} is under embargo until {first.header['embargo']}, but this version has no "
                    f"Embargo, so it would go online first",
                    f"add 'Embargo: {first.header['embargo']}' (or a later time, when this version may go online)")
            for source in members if not source.header.get("embargo")]


def check_archive(sources, languages):
    """Checks that need every file at once: uniqueness and pair agreement.

    A disagreement within a pair is reported on the file in the later
    language of `languages`: usually the translation, written after the
    original."""
    problems = []
    seen = {}
    for source in sources:
        key = (source.kind, source.slug, source.lang)
        if key in seen:
            problems.append(Problem(source.path, 1, "file name",
                                    f"another file already has the name {source.slug}.{source.lang}.md: {seen[key].path}",
                                    "give one of them a different name; a name is unique across all years"))
        else:
            seen[key] = source

    problems += check_tags(seen.values())

    pairs = {}
    for source in seen.values():
        if source.kind == "release":
            pairs.setdefault(source.slug, []).append(source)
    numbers = {}
    for slug, members in sorted(pairs.items()):
        first, *others = sorted(members, key=lambda s: languages.index(s.lang))
        for other in others:
            for key in PAIR_FIELDS:
                if pair_value(first, key) != pair_value(other, key):
                    problems.append(Problem(
                        other.path, other.line_of(key), key.capitalize(),
                        f"'{pair_value(other, key)}' differs from '{pair_value(first, key)}' in {first.path}",
                        f"the two languages of one release must have the same {key.capitalize()}"))
        problems += _embargo_problems(members)
        number = first.header.get("number")
        if number:
            if number in numbers:
                problems.append(Problem(first.path, first.line_of("number"), "Number",
                                        f"release number {number} is already used by {numbers[number].path}",
                                        "give this release its own number"))
            else:
                numbers[number] = first
    return problems


@dataclass(frozen=True)
class MissingTranslations:
    lang: str  # the language they lack
    releases: list  # sources (or documents), oldest first


def languages_by_slug(releases):
    """{slug: set of the languages it has} of `releases`."""
    found = {}
    for release in releases:
        found.setdefault(release.slug, set()).add(release.lang)
    return found


def missing_translations(releases, languages):
    """[MissingTranslations] for each language, in the site's order, of
    `releases` (anything with slug, lang and date)."""
    by_slug = languages_by_slug(releases)
    return [MissingTranslations(lang, sorted((r for r in releases if lang not in by_slug[r.slug]),
                                             key=lambda r: (r.date, r.slug)))
            for lang in languages]
