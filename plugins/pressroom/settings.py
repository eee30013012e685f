"""The settings schema: every setting the press room reads, in one table.

Each Setting has its default (None: it must be set), what its value must be,
one line of documentation, and its reach: whether it changes the rendered
text of a file (RENDER: part of the render cache's fingerprint, render/
cache.py), only whole pages (PAGE: part of every page's digest, build/
incremental.py), or neither (RUN: where and how fast a build runs).
check() fills in the defaults and refuses, naming the setting, a value the
press room cannot work with; it runs once, when Pelican starts (the
plugin's `initialized` receiver, again for the overrides a command
line gives). docs/settings.md is generated from this
table by `pressroom settings` and a test keeps the two equal.

Pelican's own settings that the press room reads or requires a value of
are here too, marked as Pelican's: their defaults are Pelican's.
"""

import os
from dataclasses import dataclass
from string import Formatter
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from .licenses import LICENSES
from .urls import ATTACHMENTS_SOURCE_DIR, IMAGES_SOURCE_DIR

RENDER, PAGE, RUN = "render", "page", "run"


class SettingsError(Exception):
    """A setting the press room cannot work with; the message names it."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: object  # for Pelican's settings with a required value: that value
    expects: str  # what the value must be, in words, for the message and the docs
    doc: str
    reach: str = PAGE
    pelican: bool = False  # one of Pelican's own settings
    required: bool = False  # no default: pelicanconf.py must set it
    required_value: bool = False  # a Pelican setting the press room needs set to `default`


def _text(value):
    return isinstance(value, str)


def _texts(value):
    return isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value)


def _switch(value):
    """True or False; 1 and 0 as Python reads them, but not "False", which is true."""
    return isinstance(value, (bool, int)) and value in (0, 1)


def _whole(value):
    return type(value) is int and value > 0


def _language_codes(value):
    """Two or more different ISO 639 codes that Babel knows, each two or three
    lowercase ASCII letters: a code is a folder of the site (/ko/), an
    hreflang, a message catalog's folder and the first part of each search
    fragment's "_"-separated name (search/bundle.py), so nothing else
    (no "pt_br", "EN" or "../x") can be one."""
    def known(code):
        if not (isinstance(code, str) and 2 <= len(code) <= 3 and code.isascii() and code.isalpha()
                and code.islower()):
            return False
        try:
            return str(Locale.parse(code)) == code
        except UnknownLocaleError:
            return False
    # Each code is checked before the set, which needs them hashable.
    return (isinstance(value, (list, tuple)) and all(map(known, value))
            and len(value) >= 2 and len(set(value)) == len(value))


def _per_language(value, settings):
    return isinstance(value, dict) and all(isinstance(value.get(lang), str) and value[lang]
                                           for lang in settings["PRESSROOM_LANGUAGES"])


def _table(value, settings):
    return isinstance(value, dict) and all(isinstance(key, str) and _per_language(names, settings)
                                           for key, names in value.items())


def _origin(value):
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def _optional_path(value):
    return value is None or isinstance(value, (str, os.PathLike))


def _frame_source(prefix):
    """Whether a prefix is one the Content-Security-Policy can allow exactly:
    the rule is the policy's own (outputs/security_policy.py), imported here
    only when there is a prefix to check, so that a command that loads the
    settings does not load the outputs."""
    from .outputs.security_policy import EmbedAllowlistError, frame_source

    try:
        frame_source(prefix)
    except EmbedAllowlistError:
        return False
    return True


def _zone(value):
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return False
    return True


def _contact(value):
    return isinstance(value, dict) and all(isinstance(value.get(key), str) for key in ("phone", "email"))


def release_number_format_problem(formats, languages):
    """What is wrong with PRESSROOM_RELEASE_NUMBER_FORMAT, or None: it needs a
    form for each language, each with {number} and no other placeholder."""
    example = "e.g. {'ko': '제{number}호', 'en': 'No. {number}'}"
    if not isinstance(formats, dict):
        return f"PRESSROOM_RELEASE_NUMBER_FORMAT must be a dict of a form per language, {example}"
    for lang in languages:
        form = formats.get(lang)
        if not isinstance(form, str):
            return (f"PRESSROOM_RELEASE_NUMBER_FORMAT has no form for '{lang}', a language of PRESSROOM_LANGUAGES; "
                    f"add one, {example}")
        try:
            fields = [(name, spec, conversion) for _text, name, spec, conversion in Formatter().parse(form)
                      if name is not None]
        except ValueError as error:
            return (f"PRESSROOM_RELEASE_NUMBER_FORMAT['{lang}'] is {form!r}, which is not a form ({error}); "
                    f"write {{number}} where the number goes and {{{{ or }}}} for a brace")
        if not fields or any(field != ("number", "", None) for field in fields):
            return (f"PRESSROOM_RELEASE_NUMBER_FORMAT['{lang}'] is {form!r}: it must contain {{number}}, and no "
                    f"other placeholder, where the release's Number goes, {example}")
    return None


SCHEMA = (
    # -- the site ---------------------------------------------------------------
    Setting("PRESSROOM_LANGUAGES", ["ko", "en"],
            "a list of two or more different language codes that Babel knows, each two or three lowercase "
            "letters (\"ko\", \"en\")",
            "The languages, default first: / redirects to it and hreflang=\"x-default\" names it."),
    Setting("SITE_NAME", None, "a name per language",
            "The site's name in each language: page titles, the header, feeds.", required=True),
    Setting("SITE_LOGO", "images/logo.svg", "a path below theme/static/",
            "The header's mark and the favicon; a neutral mark, not the national emblem."),
    Setting("SITE_OPERATOR", None, "a name per language",
            "The agency that operates the site, as the footer's identifier line names it (\"이 누리집은 … 운영하는 "
            "누리집입니다\").", required=True),
    Setting("SITE_ADDRESS", None, "a text per language", "The footer's postal address.", required=True),
    Setting("SITE_CONTACT", None, "a dict with 'phone' and 'email'", "The footer's contact line.", required=True),
    Setting("FEED_DOMAIN", None, "an origin such as https://press.example.go.kr",
            "The absolute origin of feeds, the sitemap, hreflang and canonical links.", pelican=True, required=True),
    Setting("TIMEZONE", None, "a time zone name such as Asia/Seoul",
            "The zone of every time writers give (Date, Embargo, …) and every time shown; Pelican sets UTC "
            "when it is not given.", pelican=True),
    Setting("SITEURL", "", "an address prefix, \"\" for the root",
            "Prefixes every internal link.", reach=RENDER, pelican=True),
    # -- what writers may write -------------------------------------------------
    Setting("PRESSROOM_CATEGORIES", {}, "a dict of key -> a name per language",
            "The keys writers use in Category:, and their URL segments."),
    Setting("PRESSROOM_DEPARTMENTS", {}, "a dict of key -> a name per language (and 'phone', 'email')",
            "The keys writers use in Department:, with each department's contact."),
    Setting("PRESSROOM_ASSET_DIRS", [IMAGES_SOURCE_DIR, ATTACHMENTS_SOURCE_DIR], "a list of folder names",
            "Folders under content/ for images and attachments; only the files a published release uses are "
            "copied.", reach=RENDER),
    Setting("PRESSROOM_EMBED_ALLOWLIST", [], "a list of https:// origins, or address prefixes ending in /",
            "Where an <iframe> in a body may load from; the Content-Security-Policy allows frames from these "
            "alone. <object> and <embed> are never allowed.", reach=RENDER),
    Setting("PRESSROOM_RELEASE_NUMBER_FORMAT", {"ko": "제{number}호", "en": "No. {number}"},
            "a form per language, each with {number}",
            "How a release's Number is shown on its page and in every list."),
    Setting("PRESSROOM_DEFAULT_LICENSE", None, "a key of licenses.py (kogl-1 … kogl-4), or None",
            "The 공공누리 (KOGL) type of a release that has no License: field; None: no licence is stated."),
    Setting("PRESSROOM_ACCESSIBLE_FORMAT_CONTACT", None, "an email address, or None",
            "Where readers ask for an attachment in an accessible format; said under every release's "
            "attachments."),
    Setting("PRESSROOM_TYPOGRIFY", True, "True or False",
            "Typographic quotes, dashes and widow control in titles and bodies.", reach=RENDER),
    # -- pages ------------------------------------------------------------------
    Setting("PRESSROOM_PER_PAGE", 10, "a whole number above 0", "Releases per listing page."),
    Setting("PRESSROOM_FEED_MAX_ITEMS", 20, "a whole number above 0", "Entries per Atom feed."),
    Setting("PRESSROOM_FOOTER_PAGES", [], "a list of page slugs", "The bilingual pages every footer links to."),
    Setting("PRESSROOM_SHOW_UNPUBLISHED", False, "True or False",
            "True in previews: drafts, embargoed and future-dated releases are built with a banner. False in "
            "production: they are left out of every page, listing, feed and the sitemap."),
    Setting("PRESSROOM_MINIFY", False, "True or False", "Minify pages, stylesheets and scripts (publishconf.py)."),
    Setting("PRESSROOM_SEARCH_SHARD_SIZE", 1000, "a whole number above 0",
            "Releases per search-index shard and language: each is indexed by a Pagefind process of its own "
            "(about 150 MB for 1,000 Korean releases) and kept in the cache, an edit re-indexes only its shard, "
            "and the shards are merged into the one bundle a language publishes."),
    # -- how a build runs -------------------------------------------------------
    Setting("PRESSROOM_CACHE_PATH", ".cache/pressroom", "a folder, or None for no cache",
            "Where rendered text, the page manifest and the search shards are kept between builds.", reach=RUN),
    Setting("PRESSROOM_JOBS", os.cpu_count() or 1, "a whole number above 0",
            "Processes that render files and pages in parallel; 1 renders serially.", reach=RUN),
    Setting("PRESSROOM_SEARCH_LATER", False, "True or False",
            "Set by the devserver: a language whose releases changed keeps its published search bundle in this "
            "build, and its shards are indexed and merged by a build that follows at once, so that the pages show an edit without waiting for "
            "Pagefind.", reach=RUN),
    Setting("PRESSROOM_PUBLISHED_OUTPUT", None, "a folder",
            "Set by the build command, which writes into a fresh folder: the folder the site is swapped into.",
            reach=RUN, pelican=True),
    Setting("OUTPUT_PATH", "output", "a folder", "Where Pelican writes.", reach=RUN, pelican=True),
    # -- Pelican's settings the press room replaces -----------------------------
    Setting("TYPOGRIFY", False, "False", "The plugin typesets text itself (PRESSROOM_TYPOGRIFY), so that titles "
            "stay plain text in <title> and feeds.", pelican=True, required_value=True),
    Setting("USE_FOLDER_AS_CATEGORY", False, "False", "A release's category comes only from its Category: field.",
            pelican=True, required_value=True),
    Setting("DEFAULT_CATEGORY", "", "\"\"", "A release's category comes only from its Category: field.",
            pelican=True, required_value=True),
    Setting("FORMATTED_FIELDS", [], "[]", "Summaries are plain text like titles.", pelican=True,
            required_value=True),
    Setting("THEME_STATIC_PATHS", [], "[]", "The plugin copies theme/static itself.", pelican=True,
            required_value=True),
    Setting("DELETE_OUTPUT_DIRECTORY", False, "False", "The plugin removes stale files and leaves unchanged ones "
            "untouched.", pelican=True, required_value=True),
)

BY_NAME = {setting.name: setting for setting in SCHEMA}

CHECKS = {
    "PRESSROOM_LANGUAGES": lambda value, settings: _language_codes(value),
    "SITE_NAME": _per_language,
    "SITE_LOGO": lambda value, settings: _text(value),
    "SITE_OPERATOR": _per_language,
    "SITE_ADDRESS": _per_language,
    "SITE_CONTACT": lambda value, settings: _contact(value),
    "FEED_DOMAIN": lambda value, settings: _origin(value),
    "SITEURL": lambda value, settings: _text(value),
    "PRESSROOM_DEFAULT_LICENSE": lambda value, settings: value is None or value in LICENSES,
    "PRESSROOM_ACCESSIBLE_FORMAT_CONTACT": lambda value, settings: value is None or (
        isinstance(value, str) and value.count("@") == 1 and " " not in value),
    "PRESSROOM_CATEGORIES": _table,
    "PRESSROOM_DEPARTMENTS": _table,
    "PRESSROOM_ASSET_DIRS": lambda value, settings: _texts(value),
    "PRESSROOM_EMBED_ALLOWLIST": lambda value, settings: _texts(value) and all(map(_frame_source, value)),
    "PRESSROOM_TYPOGRIFY": lambda value, settings: _switch(value),
    "PRESSROOM_PER_PAGE": lambda value, settings: _whole(value),
    "PRESSROOM_FEED_MAX_ITEMS": lambda value, settings: _whole(value),
    "PRESSROOM_FOOTER_PAGES": lambda value, settings: _texts(value),
    "PRESSROOM_SHOW_UNPUBLISHED": lambda value, settings: _switch(value),
    "PRESSROOM_MINIFY": lambda value, settings: _switch(value),
    "TIMEZONE": lambda value, settings: value is None or _zone(value),
    "PRESSROOM_SEARCH_SHARD_SIZE": lambda value, settings: _whole(value),
    "PRESSROOM_CACHE_PATH": lambda value, settings: _optional_path(value),
    "PRESSROOM_JOBS": lambda value, settings: _whole(value),
}


def check(settings):
    """Fill in the defaults and refuse settings the press room cannot work
    with, naming the first such setting and what it must be."""
    for setting in SCHEMA:
        if not setting.pelican and not setting.required:
            settings.setdefault(setting.name, setting.default)
    for setting in SCHEMA:
        value = settings.get(setting.name)
        if setting.required_value:
            # Each required value is "off" (False, "", []): None and () are off too.
            if value:
                raise SettingsError(f"set {setting.name} = {setting.expects}: {setting.doc}")
        elif setting.required and value is None:
            raise SettingsError(f"{setting.name} must be set ({setting.expects}): {setting.doc}")
        elif setting.name in CHECKS and not CHECKS[setting.name](value, settings):
            raise SettingsError(f"{setting.name} must be {setting.expects}, not {value!r}")
    if set(settings.get("STATIC_PATHS", [])) & set(settings["PRESSROOM_ASSET_DIRS"]):
        raise SettingsError("leave the asset folders out of STATIC_PATHS; the plugin copies only "
                            "the files that published releases use, so no embargoed attachment leaks")
    problem = release_number_format_problem(settings["PRESSROOM_RELEASE_NUMBER_FORMAT"],
                                            settings["PRESSROOM_LANGUAGES"])
    if problem:
        raise SettingsError(f"{problem}")


def names(reach):
    """The names of the settings of one reach, in the schema's order."""
    return tuple(setting.name for setting in SCHEMA if setting.reach == reach)


def reference():
    """docs/settings.md: the schema as a table, for writers of pelicanconf.py."""
    lines = ["# Settings", "",
             "<!-- Generated from plugins/pressroom/settings.py by `pressroom settings > docs/settings.md`; "
             "tests/test_settings.py keeps it current. -->", "",
             "Every setting the press room reads. *Changes* says what a different value changes: "
             "the rendered text of every file (`render`: the render cache starts afresh), pages (`page`: the pages "
             "it reaches are rendered again) or neither (`run`). Pelican's own settings are marked *(Pelican)*; "
             "those with a required value must be set to it in pelicanconf.py.", "",
             "| Setting | Default | Value | Changes | What it does |", "| --- | --- | --- | --- | --- |"]
    for setting in SCHEMA:
        if setting.required_value:
            default = f"must be `{setting.default!r}`"
        elif setting.name == "PRESSROOM_JOBS":
            default = "the number of CPUs"
        elif setting.required:
            default = "required"
        elif setting.default is None:
            default = "`None`"
        else:
            default = f"`{setting.default!r}`"
        name = f"`{setting.name}`" + (" *(Pelican)*" if setting.pelican else "")
        cells = [name, default, setting.expects, setting.reach, setting.doc]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"
