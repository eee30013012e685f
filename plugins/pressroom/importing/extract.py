"""One saved page read with the profile: its title, date, departments,
number, body element, attachment links and counterpart link.

A page is parsed as a browser parses it (html5lib, the WHATWG algorithm),
since that is how its readers saw the old site. read_page() returns a
ReleasePage, or raises NotARelease (none of title, date and body is there:
a list page, say) or PageFailure (a release page the import cannot take,
with the reason).
"""

import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from bs4 import BeautifulSoup

from .convert import one_line
from .saved import UnreadablePage, decode

NUMBER_FROM_NAME = re.compile(r"(\d+)(?!.*\d)")
# No press release of a ministry's web archive is older; an earlier year is
# a typing error of the old site's.
FIRST_YEAR = 1900
# A time within a few characters after a date: "2019.11.21.(목) 14:00".
# 오전/오후 (AM/PM) before or after it makes it a time of a 12-hour clock.
TIME_AFTER_DATE = re.compile(r"^[^\d]{0,12}?(?P<before>오전|오후|AM|PM|[ap]\.m\.)?\s*(?P<hour>\d{1,2}):(?P<minute>[0-5]\d)"
                             r"(?!\d)\s*(?P<after>AM|PM|am|pm|[ap]\.m\.)?", re.IGNORECASE)
AFTERNOON = {"오후", "pm", "p.m."}
MERIDIEM_AFTER = re.compile(r"^\s*(AM|PM|[ap]\.m\.)", re.IGNORECASE)


class NotARelease(Exception):
    """A matched page that is not a release page."""


class PageFailure(Exception):
    """A release page the import cannot take, and why."""


@dataclass
class Link:
    href: str
    text: str


@dataclass
class ReleasePage:
    relative: str  # below SOURCE
    lang: str
    title: str
    date: datetime
    departments: list  # department keys, in the order the page names them
    number: str  # or None
    body: object  # the bs4 element of the body, its chrome removed
    attachments: list  # [Link]
    counterpart: str  # the href of the counterpart link, or None
    page_id: str  # the id in the page's file name, for a slug of last resort
    notes: list = field(default_factory=list)  # what a person should look at, in plain words


def read_page(saved_file, profile, settings):
    with open(saved_file.full, "rb") as handle:
        raw = handle.read()
    try:
        text, _ = decode(raw, profile.encoding)
    except UnreadablePage as error:
        raise PageFailure(f"unreadable encoding: {error}")
    soup = BeautifulSoup(text, "html5lib")
    found = {name: soup.select_one(profile.compiled[name]) for name in ("title", "date", "body")}
    if not any(found.values()):
        raise NotARelease("not a release page: nothing matches select.title, select.date or select.body")
    missing = [name for name, element in found.items() if element is None]
    if missing:
        raise PageFailure("; ".join(f"no element matches select.{name} \"{profile.selectors[name]}\""
                                    for name in missing))
    notes = []
    title = plain_text(found["title"])
    if not title:
        raise PageFailure(f"the title (select.title \"{profile.selectors['title']}\") is empty")
    date = _date(plain_text(found["date"]), profile)
    lang = profile.lang_of(saved_file.relative)
    departments = _departments(soup, profile, settings, lang, notes)
    number = _number(soup, profile, notes)
    attachments = []
    if "attachments" in profile.compiled:
        for element in soup.select(profile.compiled["attachments"]):
            for anchor in [element] if element.name == "a" else element.find_all("a"):
                if anchor.get("href"):
                    attachments.append(Link(anchor["href"], plain_text(anchor)))
    counterpart = None
    if "counterpart" in profile.compiled:
        element = soup.select_one(profile.compiled["counterpart"])
        anchor = element if element is None or element.name == "a" else element.find("a")
        counterpart = anchor.get("href") if anchor is not None else None
    body = found["body"]
    # What the profile drops, and the parts read into the header, leave the
    # body; so do the parts of the page no reader sees.
    dropped = [compiled for name, compiled in profile.compiled.items() if name in ("attachments", "counterpart")]
    for selector in profile.remove + dropped:
        for element in body.select(selector):
            element.decompose()
    name = posixpath.basename(saved_file.relative)
    match = NUMBER_FROM_NAME.search(name)
    page_id = match[1] if match else re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return ReleasePage(relative=saved_file.relative, lang=lang, title=title, date=date,
                       departments=departments, number=number, body=body, attachments=attachments,
                       counterpart=counterpart, page_id=page_id, notes=notes)


def plain_text(element):
    """An element's text as one line, as the header takes it: no control or
    invisible characters, every run of whitespace one space."""
    return one_line(element.get_text(" ")) if element is not None else ""


def _date(text, profile):
    for date_format in profile.date_formats:
        match = date_format.pattern.search(text)
        if match:
            try:
                found = datetime.strptime(" ".join(match[0].split()), " ".join(date_format.text.split()))
            except ValueError:
                continue
            if not FIRST_YEAR <= found.year:
                raise PageFailure(f"the date '{match[0]}' (select.date) is before {FIRST_YEAR}; correct it on the "
                                  f"saved page or leave the page out")
            after = text[match.end():]
            if "%H" in date_format.text:
                # "2019.11.21 2:30 PM": the format's hour on a 12-hour clock.
                meridiem = MERIDIEM_AFTER.match(after)
                found = found.replace(hour=_on_clock(found.hour, meridiem and meridiem[1]))
            elif time := TIME_AFTER_DATE.match(after):
                # "2019.11.21.(목) 14:00": a time soon after the date, which
                # no format spelled out, is still the release's time.
                if int(time["hour"]) < 24:
                    found = found.replace(hour=_on_clock(int(time["hour"]), time["before"] or time["after"]),
                                          minute=int(time["minute"]))
            return found
    formats = ", ".join(f'"{date_format.text}"' for date_format in profile.date_formats)
    raise PageFailure(f"no date: '{text[:60]}' (select.date) matches none of parse.date_formats ({formats})")


def _on_clock(hour, meridiem):
    """The hour on a 24-hour clock of `hour` said with 오전/오후 (AM/PM), if any."""
    if not meridiem or hour > 12:
        return hour
    return hour % 12 + (12 if meridiem.lower() in AFTERNOON else 0)


def _key_text(text):
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _departments(soup, profile, settings, lang, notes):
    """The departments the page names, as keys, in the order it names them;
    the profile's default when it names none."""
    text = ""
    if "department" in profile.compiled:
        text = plain_text(soup.select_one(profile.compiled["department"]))
    found = []
    if text:
        haystack = _key_text(text)
        names = sorted(((_key_text(names[name_lang]), key) for key, names in settings["PRESSROOM_DEPARTMENTS"].items()
                        for name_lang in settings["PRESSROOM_LANGUAGES"] if names.get(name_lang)),
                       key=lambda item: -len(item[0]))
        taken = [False] * len(haystack)
        for name, key in names:
            start = haystack.find(name)
            while start >= 0:
                if not any(taken[start:start + len(name)]):
                    taken[start:start + len(name)] = [True] * len(name)
                    found.append((start, key))
                start = haystack.find(name, start + 1)
    keys = []
    for _, key in sorted(found):
        if key not in keys:
            keys.append(key)
    if keys:
        return keys
    if profile.department is None:
        named = f"'{text[:60]}'" if text else "no department"
        raise PageFailure(f"unknown department: the page names {named}, which matches no department name in "
                          f"pelicanconf.py, and the profile has no defaults.department")
    if text:
        notes.append(f"the department '{text[:60]}' matches no department name in pelicanconf.py; filed under "
                     f"the default '{profile.department}'")
    return [profile.department]


def _number(soup, profile, notes):
    if "number" not in profile.compiled:
        return None
    text = plain_text(soup.select_one(profile.compiled["number"]))
    if not text:
        return None
    if profile.number_pattern is None:
        return text
    match = profile.number_pattern.search(text)
    if match is None or not match[1]:
        notes.append(f"the number '{text[:40]}' does not match parse.number_pattern; imported without a number")
        return None
    return match[1]
