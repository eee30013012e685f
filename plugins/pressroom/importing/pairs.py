"""Which imported pages are one release in two languages, and its slug.

Pairing, in this order, each page in one release at most:
1. the counterpart link: a page whose counterpart link leads to a saved page
   of another language (links both ways first, then one-way links, in path
   order);
2. the release number: a page and one of another language with the same
   number, dated within PAIR_WINDOW of each other, when neither has another
   such candidate;
3. else the release has one language.

Slugs are stable across runs: a release some of whose pages were imported
before keeps that file's slug; a new one takes its slug from the English
title, else from the year and number, else from the page's own id; a slug
already taken (by any file, in any year) gets -2, -3, … in date order.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from pelican.utils import slugify

from ..content.header import is_release_slug

PAIR_WINDOW = timedelta(days=7)
MAX_SLUG = 60
SLUG_SUBSTITUTIONS = [(r"[^\w\s-]", ""), (r"_", "-"), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")]


@dataclass
class Release:
    pages: dict  # lang -> extract result (PageResult)
    slug: str = ""
    how: str = "single"  # "counterpart", "number" or "single"
    notes: list = field(default_factory=list)

    @property
    def first(self):
        return min(self.pages.values(), key=lambda page: (page.date, page.relative))


def pair(pages, languages, default_lang):
    """[Release] for `pages` (each with .relative, .lang, .date, .number and
    .counterpart_page, the saved path its counterpart link leads to)."""
    by_path = {page.relative: page for page in pages}
    partner = {}
    links = [(page, by_path[page.counterpart_page]) for page in pages
             if page.counterpart_page in by_path and by_path[page.counterpart_page].lang != page.lang]
    # Links both ways first, then one-way links, each group in path order.
    for a, b in sorted(links, key=lambda link: link[1].counterpart_page != link[0].relative):
        if a.relative not in partner and b.relative not in partner:
            partner[a.relative], partner[b.relative] = (b, "counterpart"), (a, "counterpart")
    candidates = {}
    numbered = [page for page in pages if page.number and page.relative not in partner]
    by_number = {}
    for page in numbered:
        by_number.setdefault(page.number, []).append(page)
    for page in numbered:
        candidates[page.relative] = [other for other in by_number[page.number] if other.lang != page.lang
                                     and abs(other.date - page.date) <= PAIR_WINDOW]
    for page in numbered:
        found = candidates[page.relative]
        if len(found) == 1 and [p.relative for p in candidates[found[0].relative]] == [page.relative]:
            partner.setdefault(page.relative, (found[0], "number"))
    releases, seen = [], set()
    for page in sorted(pages, key=lambda p: (p.date, p.relative)):
        if page.relative in seen:
            continue
        release = Release(pages={page.lang: page})
        seen.add(page.relative)
        if page.relative in partner:
            other, how = partner[page.relative]
            release.pages[other.lang] = other
            release.how = how
            seen.add(other.relative)
        elif page.number and len(candidates.get(page.relative, [])) > 1:
            release.notes.append(f"several pages in another language have the number {page.number}: "
                                 + ", ".join(other.relative for other in candidates[page.relative])
                                 + "; not paired")
        releases.append(release)
    for release in releases:
        _agree(release, languages, default_lang)
    return releases


def _agree(release, languages, default_lang):
    """The two pages of a pair agree on what the checks make a pair agree
    on (content/pairing.py): the page in the default language decides."""
    if len(release.pages) < 2:
        return
    leader = release.pages.get(default_lang) or release.pages[languages[0]]
    for page in release.pages.values():
        if page is leader:
            continue
        if page.departments != leader.departments:
            release.notes.append(f"{page.relative} names other departments than {leader.relative}; both are "
                                 f"filed under {', '.join(leader.departments)}")
            page.departments = leader.departments
        if page.number != leader.number:
            if page.number and leader.number:
                release.notes.append(f"{page.relative} has the number {page.number}, {leader.relative} "
                                     f"{leader.number}; both take {leader.number}")
            page.number = leader.number = leader.number or page.number


def assign_slugs(releases, existing, taken, owner):
    """Give each release its slug, no two releases one. `existing` is
    {saved path: slug} of the pages imported before; `taken` every slug
    under content/; `owner(slug, lang)` the saved path the file of that
    slug and language came from ("" for a writer's own file), or None when
    there is no such file. A release keeps a slug its pages had only
    when no other release kept it and no file of that slug in one of its
    languages belongs to another page: a page paired anew otherwise takes a
    new slug, and its old file moves."""
    kept = set()
    for release in releases:
        for slug in sorted({existing[page.relative] for page in release.pages.values()
                            if page.relative in existing}):
            if slug not in kept and all(owner(slug, lang) in (page.relative, None)
                                        for lang, page in release.pages.items()):
                release.slug = slug
                kept.add(slug)
                break
        else:
            previous = sorted({existing[page.relative] for page in release.pages.values()
                               if page.relative in existing})
            if previous:
                release.notes.append(f"its pages were imported before as {', '.join(previous)}, now paired "
                                     f"differently; it takes a slug of its own")
    taken = set(taken) | kept
    for release in releases:
        if release.slug:
            continue
        base = proposed_slug(release)
        slug, counter = base, 1
        while slug in taken:
            counter += 1
            slug = f"{base}-{counter}"
        release.slug = slug
        taken.add(slug)


def proposed_slug(release):
    english = release.pages.get("en")
    if english is not None:
        slug = _trimmed(slugify(english.title, regex_subs=SLUG_SUBSTITUTIONS))
        if is_release_slug(slug):
            return slug
    first = release.first
    if first.number:
        slug = _trimmed(slugify(f"release {first.date.year} {first.number}", regex_subs=SLUG_SUBSTITUTIONS))
        if is_release_slug(slug):
            return slug
    page_id = re.sub(r"[^a-z0-9]+", "-", first.page_id.lower()).strip("-") or "page"
    return f"release-{first.date.year}-{page_id}"[:MAX_SLUG].rstrip("-")


def _trimmed(slug):
    """At most MAX_SLUG characters, cut between words."""
    if len(slug) <= MAX_SLUG:
        return slug
    cut = slug[:MAX_SLUG + 1].rsplit("-", 1)[0]
    return cut or slug[:MAX_SLUG]
