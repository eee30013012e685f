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
from babel.dates import format_date, format_time
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


# -- release numbers: PRESSROOM_RELEASE_NUMBER_FORMAT ---------------------------


def release_number(formats, lang, number):
    """The Number field as readers see it in `lang`, on the release's page and
    in every list: "제26-0912호", "No. 26-0912"."""
    return formats[lang].format(number=number)
