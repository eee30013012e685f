"""`pressroom check` and `pressroom status`: every check a build runs, and
which releases lack a translation, without building.

`check` reports every problem in the content, one per line as
`path:line: field: what is wrong — how to fix it`, and exits 1 if there is any.
`status` lists the releases that lack a translation, oldest first (content/
pairing.py); like `check`, it refuses to guess when a file has problems.
"""

import sys

from babel import Locale

from ..build import locking
from ..content.pairing import languages_by_slug, missing_translations
from ..reading import read_content
from ..render.cache import RenderCache

EXIT_PROBLEMS = 1


def report(problems, stream):
    for problem in sorted(problems, key=lambda p: (p.path, p.line, p.field)):
        print(problem, file=stream)
    print(f"{len(problems)} problem(s) found; nothing was published.", file=stream)


def read_checked(settings, wait=locking.WAIT_SECONDS, purpose="check"):
    """The content after every check a build runs (reading.py). Bodies are
    rendered to be checked, through the render cache that builds use."""
    # The cache is written (a check's renders serve the next build), so it is
    # held as a build holds it; a check never prunes it.
    with locking.hold_cache(settings["PRESSROOM_CACHE_PATH"], purpose=purpose, wait=wait):
        return read_held(settings)


def read_held(settings):
    """read_checked() for a caller that holds the cache already."""
    cache = RenderCache(settings["PRESSROOM_CACHE_PATH"], settings)
    try:
        return read_content(settings["PATH"], settings, cache)
    finally:
        if not cache.persistent:
            cache.finish()


def checked_sources(settings, wait=locking.WAIT_SECONDS):
    """The sources, after every check a build runs, or None when there are
    problems, which are reported."""
    reading = read_checked(settings, wait)
    if reading.problems:
        report(reading.problems, sys.stderr)
        return None
    return reading.sources


def check(settings, wait=locking.WAIT_SECONDS):
    sources = checked_sources(settings, wait)
    if sources is None:
        return EXIT_PROBLEMS
    print(f"No problems found in {len(sources)} files under {settings['PATH']}.")
    return 0


def status(settings, wait=locking.WAIT_SECONDS):
    """Print which releases lack a translation."""
    sources = checked_sources(settings, wait)
    if sources is None:
        return EXIT_PROBLEMS
    names = {lang: Locale.parse("en").languages.get(lang, lang) for lang in settings["PRESSROOM_LANGUAGES"]}
    print(report_missing(sources, settings["PRESSROOM_LANGUAGES"], names))
    return 0


def report_missing(sources, languages, language_names):
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
