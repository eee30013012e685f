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
SITE_NAME = {lang: name}, required; FEED_DOMAIN, the absolute origin for
feeds, the sitemap and hreflang links, required.
"""

from pelican import signals

from .generator import PressroomGenerator

DEFAULTS = {
    "PRESSROOM_LANGUAGES": ["ko", "en"],
    "PRESSROOM_CATEGORIES": {},
    "PRESSROOM_DEPARTMENTS": {},
    "PRESSROOM_PER_PAGE": 10,
    "PRESSROOM_FEED_MAX_ITEMS": 20,
    "PRESSROOM_FOOTER_PAGES": [],
    "PRESSROOM_TYPOGRIFY": True,
}


class SettingsError(Exception):
    pass


def apply_defaults(pelican):
    settings = pelican.settings
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


def get_generators(pelican):
    return PressroomGenerator


def register():
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(get_generators)
