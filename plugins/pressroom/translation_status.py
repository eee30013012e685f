"""`make status`: which releases still lack a translation.

A release "lacks" a language when no file of that language has its slug. The
same function serves the command, which reads every file under content/
(drafts and embargoed releases too, marked as such), and the build, which
writes the editors' page /{lang}/editors/translation-status/ from the
releases it publishes (in production: only what readers can see). The page
is noindex and linked from nowhere: it is a work list, not content.

Oldest first: the release that has waited longest for its translation
heads the list.
"""

from dataclasses import dataclass


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


def report(sources, languages, language_names):
    """The command's text: counts, then one line a release, oldest first."""
    releases = [source for source in sources if source.kind == "release"]
    by_slug = languages_by_slug(releases)
    complete = sum(1 for found in by_slug.values() if found >= set(languages))
    lines = [f"{len(by_slug)} releases: {complete} in every language, {len(by_slug) - complete} waiting for a "
             f"translation."]
    for missing in missing_translations(releases, languages):
        lines += ["", f"Missing {language_names[missing.lang]}: {len(missing.releases)}"]
        for source in missing.releases:
            status = " [draft]" if source.status == "draft" else ""
            if source.embargo:
                status += f" [embargo {source.embargo:%Y-%m-%d %H:%M}]"
            lines.append(f"  {source.date:%Y-%m-%d}  {source.path}{status}  {source.header.get('title', '')}")
    return "\n".join(lines)
