"""pressroom: a bilingual press room on Pelican.

Reads each release and bilingual page once and writes two paired language
trees (/ko/ and /en/) with listings, Atom feeds, a sitemap with hreflang
alternates, a redirecting root and a 404 page. See generator.py.

Settings, with their defaults:

PRESSROOM_LANGUAGES = ["ko", "en"]
    The languages, default first: "/" redirects to it and hreflang="x-default"
    names it.
PRESSROOM_CATEGORIES = {}
    key -> {lang: name}. The keys writers use in `Category:`, and URL segments.
PRESSROOM_DEPARTMENTS = {}
    key -> {lang: name, "phone": ..., "email": ...}, for `Department:`.
PRESSROOM_PER_PAGE = 10
    Releases per listing page.
PRESSROOM_FEED_MAX_ITEMS = 20
    Entries per Atom feed.
PRESSROOM_FOOTER_PAGES = []
    Slugs of bilingual pages linked from every footer.
PRESSROOM_TYPOGRIFY = True
    Typographic quotes, dashes and widow control in titles and bodies.
PRESSROOM_SHOW_UNPUBLISHED = False
    True in previews (`make html`): drafts, embargoed and future-dated
    releases are built with a banner. False in production (`make publish`):
    they are left out of every page, listing, feed and the sitemap.
PRESSROOM_ASSET_DIRS = ["images", "attachments"]
    Folders under content/ for images and attachments. Only the files that a
    published release uses are copied to the output.
PRESSROOM_CACHE_PATH = ".cache/pressroom"
    Where rendered text (Markdown, links, typography) is kept between builds,
    keyed by each file's bytes, the settings that affect it and this code.
    None turns the cache off.
PRESSROOM_PUBLISHED_OUTPUT = OUTPUT_PATH
    Set by the build command, which writes into a fresh folder: the folder
    the site will be swapped into, under which the cache records its pages.
PRESSROOM_JOBS = number of CPUs
    Processes that render files and pages in parallel; 1 renders serially.
PRESSROOM_SEARCH_SHARD_SIZE = 1000
    Releases per search-index shard, per language (search.py): each shard is
    indexed by a Pagefind process of its own, which needs about 150 MB for
    1,000 Korean releases, and an edit re-indexes only its shard; each shard
    adds a few kilobytes to a search's download.
PRESSROOM_MINIFY = False
    Minify HTML pages and stylesheets (minify.py); publishconf.py turns it on.
PRESSROOM_RELEASE_NUMBER_FORMAT = {"ko": "제{number}호", "en": "No. {number}"}
    How a release's Number is shown in each language, on its page and in
    every list: {number} is the Number as written. One form per language of
    PRESSROOM_LANGUAGES, each with {number}; the build refuses anything else.
PRESSROOM_EMBED_ALLOWLIST = []
    https:// address prefixes from which an <iframe> in a body may load, e.g.
    ["https://www.youtube-nocookie.com/embed/"]; the page's
    Content-Security-Policy allows frames from these alone. Nothing by
    default. <object> and <embed> are never allowed (html_policy.py).
SITE_NAME = {lang: name}, required; FEED_DOMAIN, the absolute origin for
feeds, the sitemap and hreflang links, required.
"""

import os

from pelican import signals

from .generator import PressroomGenerator
from .localization import release_number_format_problem

DEFAULTS = {
    "PRESSROOM_LANGUAGES": ["ko", "en"],
    "PRESSROOM_CATEGORIES": {},
    "PRESSROOM_DEPARTMENTS": {},
    "PRESSROOM_PER_PAGE": 10,
    "PRESSROOM_FEED_MAX_ITEMS": 20,
    "PRESSROOM_FOOTER_PAGES": [],
    "PRESSROOM_TYPOGRIFY": True,
    "PRESSROOM_SHOW_UNPUBLISHED": False,
    "PRESSROOM_ASSET_DIRS": ["images", "attachments"],
    "PRESSROOM_EMBED_ALLOWLIST": [],
    "PRESSROOM_RELEASE_NUMBER_FORMAT": {"ko": "제{number}호", "en": "No. {number}"},
    "PRESSROOM_SEARCH_SHARD_SIZE": 1000,
    "PRESSROOM_MINIFY": False,
    "PRESSROOM_CACHE_PATH": ".cache/pressroom",
    "PRESSROOM_JOBS": os.cpu_count() or 1,
}


class SettingsError(Exception):
    pass


def apply_defaults(pelican):
    check_settings(pelican.settings)


def check_settings(settings):
    """Fill in the defaults and refuse settings the plugin cannot work with."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    for key in ("SITE_NAME", "FEED_DOMAIN"):
        if not settings.get(key):
            raise SettingsError(f"pelicanconf.py: {key} must be set for the pressroom plugin")
    if settings.get("TYPOGRIFY"):
        raise SettingsError("pelicanconf.py: set TYPOGRIFY = False and PRESSROOM_TYPOGRIFY = True; the plugin "
                            "typesets text itself so that titles stay plain text in <title> and feeds")
    if settings.get("USE_FOLDER_AS_CATEGORY") or settings.get("DEFAULT_CATEGORY"):
        raise SettingsError("pelicanconf.py: set USE_FOLDER_AS_CATEGORY = False and DEFAULT_CATEGORY = ''; "
                            "a release's category comes only from its Category: field")
    if settings.get("FORMATTED_FIELDS"):
        raise SettingsError("pelicanconf.py: set FORMATTED_FIELDS = []; summaries are plain text like titles")
    if settings.get("THEME_STATIC_PATHS") or settings.get("DELETE_OUTPUT_DIRECTORY"):
        raise SettingsError("pelicanconf.py: set THEME_STATIC_PATHS = [] and DELETE_OUTPUT_DIRECTORY = False; the "
                            "plugin copies theme/static itself and removes stale files, leaving unchanged files "
                            "untouched")
    if set(settings.get("STATIC_PATHS", [])) & set(settings["PRESSROOM_ASSET_DIRS"]):
        raise SettingsError("pelicanconf.py: leave the asset folders out of STATIC_PATHS; the plugin copies only "
                            "the files that published releases use, so no embargoed attachment leaks")
    problem = release_number_format_problem(settings["PRESSROOM_RELEASE_NUMBER_FORMAT"],
                                            settings["PRESSROOM_LANGUAGES"])
    if problem:
        raise SettingsError(f"pelicanconf.py: {problem}")


def get_generators(pelican):
    return PressroomGenerator


def register():
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(get_generators)
