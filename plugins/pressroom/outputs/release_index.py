"""`/{lang}/releases.json`: every release of a language, for syndication
portals and other machines.

One object a release, newest first, with absolute URLs so that a portal can
link straight to the page and to its counterpart in the other language:

    {"language": "ko", "count": 2, "releases": [
      {"slug": ..., "number": ... or null, "title": ..., "summary": ...,
       "date": "2024-03-05T10:00:00+09:00", "modified": ... or null,
       "category": key, "category_name": ..., "department": the lead key,
       "department_name": ..., "departments": [{"key": ..., "name": ...}, ...]
       (the lead first; a joint release has several), "type": "release" |
       "background" | "explanation" | "clarification", "embargo": ... or null,
       "embargo_print": {"date": "2024-05-03", "edition": "morning" |
       "evening"} or null, "distributed": ... or null, "license": {"key":
       "kogl-1", "url": ...} or null, "url": ..., "counterpart_url": ... or
       null}, ...]}

Dates are ISO 8601 with the site's time zone. Titles and summaries are plain
text. No build time is written, so an unchanged archive gives the same bytes.
"""

import json

from .. import urls
from ..build import warm


def release_index(lang, releases, settings):
    """The JSON text for `releases`, given newest first: written as
    json.dumps(..., indent=1) writes it, one release's object at a time, so
    that the devserver keeps each release's text by its digest
    (build/warm.py) and a save re-writes only the releases it changed."""
    head = json.dumps({"language": lang, "count": len(releases)}, ensure_ascii=False, indent=1)[:-2]
    if not releases:
        return head + ',\n "releases": []\n}\n'
    entries = ",\n".join(warm.remembered("release index entry", (lang, release.digest),
                                          lambda release=release: _entry_text(lang, release, settings))
                          for release in releases)
    return head + ',\n "releases": [\n' + entries + "\n ]\n}\n"


def _entry_text(lang, release, settings):
    """One release's object, indented as it stands in the list."""
    text = json.dumps(_entry(lang, release, settings), ensure_ascii=False, indent=1)
    return "\n".join("  " + line for line in text.split("\n"))


def _entry(lang, release, settings):
    categories = settings["PRESSROOM_CATEGORIES"]
    departments = settings["PRESSROOM_DEPARTMENTS"]
    return {
        "slug": release.slug,
        "number": release.number or None,
        "title": release.title_text,
        "summary": release.summary_text,
        "date": release.date.isoformat(),
        "modified": release.modified.isoformat() if release.modified else None,
        "category": release.category,
        "category_name": categories[release.category][lang],
        "department": release.department,
        "department_name": departments[release.department][lang],
        "departments": [{"key": key, "name": departments[key][lang]} for key in release.departments],
        "type": release.doc_type,
        "embargo": release.embargo.isoformat() if release.embargo else None,
        "embargo_print": {"date": release.embargo_print.date.isoformat(), "edition": release.embargo_print.edition}
        if release.embargo_print else None,
        "distributed": release.distributed.isoformat() if release.distributed else None,
        "license": {"key": release.license.key, "url": release.license.url} if release.license else None,
        "url": urls.absolute_url(settings, release.path),
        "counterpart_url": urls.absolute_url(settings, release.counterpart.path) if release.counterpart else None,
    }
