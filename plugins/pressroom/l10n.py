"""Dates and interface strings per language, through Babel and gettext catalogs.

Pelican's own date formatting goes through the process locale, and a machine
without ko_KR makes it drop every article silently. Babel carries its own CLDR
data, so "2023년 11월 21일" and "November 21, 2023" come out the same on every
machine.

The theme's strings are written in English in the templates and translated by
gettext catalogs in theme/translations/<lang>/LC_MESSAGES/messages.po. A string
with no translation stops the build: a Korean page with an English label is a
defect, not a fallback.
"""

import os
from functools import lru_cache

from babel import Locale
from babel.core import LOCALE_ALIASES
from babel.dates import format_date, format_datetime, format_skeleton, format_time
from babel.messages.pofile import read_po

# The language the templates' msgids are written in; it needs no catalog.
SOURCE_LANGUAGE = "en"


class MissingTranslation(Exception):
    pass


class Localizer:
    """Everything a template needs to speak one language."""

    def __init__(self, lang, translations_dir):
        self.lang = lang
        self.locale = Locale.parse(lang)
        self.catalog_path = os.path.join(translations_dir, lang, "LC_MESSAGES", "messages.po")
        self.messages = {}
        if lang != SOURCE_LANGUAGE:
            with open(self.catalog_path, "rb") as handle:
                catalog = read_po(handle, locale=lang)
            self.messages = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}

    def gettext(self, message, **values):
        """Translate `message`; `values` fill its %(name)s placeholders."""
        if self.lang == SOURCE_LANGUAGE:
            text = message
        elif message in self.messages:
            text = self.messages[message]
        else:
            raise MissingTranslation(
                f"{self.catalog_path}: the theme string {message!r} has no translation; "
                f"add a msgid/msgstr pair for it"
            )
        return text % values if values else text

    # Listings show the same dates again and again; Babel's formatting is
    # worth remembering per value.
    @lru_cache(maxsize=None)
    def date(self, value):
        return format_date(value, format="long", locale=self.locale)

    @lru_cache(maxsize=None)
    def time(self, value):
        return format_time(value, format="HH:mm", locale=self.locale)

    def datetime(self, value):
        return f"{self.date(value)} {self.time(value)}"

    def datetime_with_zone(self, value):
        """A time a reader must act on, such as an embargo's end, with its
        time zone: "January 1, 2099 09:00 (KST, UTC+9)"."""
        return self.gettext("%(time)s (%(zone)s)", time=self.datetime(value), zone=zone_name(value))

    # The dates of a release's head, in the form the ministry's documents
    # write them (document_date() below).
    def document_date(self, value, weekday=True, again=False):
        return document_date(value, self.lang, weekday, again)

    def document_datetime(self, value, weekday=True):
        return document_datetime(value, self.lang, weekday)

    def language_name(self):
        """The language's own name for itself, as a language switch shows it."""
        return self.locale.get_display_name(self.locale).capitalize()

    @property
    def territory_locale(self):
        """The language with its usual territory, as Open Graph wants it: ko_KR."""
        return LOCALE_ALIASES.get(self.lang, self.lang)

    def name_of(self, lang):
        """Another language's name in this one: "Korean" in English, "영어" in Korean."""
        return Locale.parse(lang).get_display_name(self.locale)


def zone_name(value):
    """The time zone of an aware datetime, by its abbreviation and offset:
    "KST, UTC+9". Every time in a header is in the site's TIMEZONE (content/header.py).
    A zone whose abbreviation is only its offset ("+04") is named by the offset
    alone: "UTC+4"."""
    offset = int(value.utcoffset().total_seconds()) // 60
    hours, minutes = divmod(abs(offset), 60)
    utc = "UTC" + (f"{'-' if offset < 0 else '+'}{hours}" if offset else "") + (f":{minutes:02}" if minutes else "")
    abbreviation = value.tzname()
    return utc if abbreviation[:1] in "+-" or abbreviation == utc else f"{abbreviation}, {utc}"


# -- the dates of a release's head ---------------------------------------------

# The form a ministry's document writes a date in: "2024. 5. 2.(목)" in Korean,
# "Thursday, May 2, 2024" in English; Babel (CLDR) patterns, keyed by (weekday,
# again). `again` is a second date in the same line, after a first that gave the
# year: Korean leaves the year out ("(지면) 5. 3.(금) 조간"), English keeps it.
DOCUMENT_DATES = {
    "ko": {(True, False): "y. M. d.(E)", (False, False): "y. M. d.",
           (True, True): "M. d.(E)", (False, True): "M. d."},
    "en": {(True, False): "EEEE, MMMM d, y", (False, False): "MMMM d, y",
           (True, True): "EEEE, MMMM d, y", (False, True): "MMMM d, y"},
}
# How a time follows that date: "2024. 5. 2.(목) 06:00", "Thursday, May 2, 2024, 06:00".
DOCUMENT_TIMES = {"ko": "{date} HH:mm", "en": "{date}, HH:mm"}
# A language without a form of its own: CLDR's, by skeleton.
DOCUMENT_SKELETONS = {True: "yMMMMEEEEd", False: "yMMMMd"}


def document_date(value, lang, weekday=True, again=False):
    """A date (or a datetime's date) of a release's head in `lang`: "2024. 5. 2.(목)",
    "Thursday, May 2, 2024"; without the weekday, "2024. 5. 2.", "May 2, 2024"."""
    pattern = DOCUMENT_DATES.get(lang, {}).get((weekday, again))
    if pattern is None:
        return format_skeleton(DOCUMENT_SKELETONS[weekday], value, locale=Locale.parse(lang))
    return format_date(value, format=pattern, locale=Locale.parse(lang))


def document_datetime(value, lang, weekday=True):
    """A time of a release's head in `lang`: "2024. 5. 2.(목) 06:00",
    "Thursday, May 2, 2024, 06:00" (in the time's own zone, the site's)."""
    pattern = DOCUMENT_DATES.get(lang, {}).get((weekday, False))
    if pattern is None:
        return f"{document_date(value, lang, weekday)} {format_time(value, format='HH:mm', locale=Locale.parse(lang))}"
    return format_datetime(value, format=DOCUMENT_TIMES[lang].format(date=pattern), locale=Locale.parse(lang))


# -- release numbers: PRESSROOM_RELEASE_NUMBER_FORMAT ---------------------------


def release_number(formats, lang, number):
    """The Number field as readers see it in `lang`, on the release's page and
    in every list: "제26-0912호", "No. 26-0912"."""
    return formats[lang].format(number=number)
