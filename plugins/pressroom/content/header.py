"""Reading and checking the header of a writer's file.

read_source() is the only reader of headers: Pelican's readers are idle and
Markdown is given the body alone, so there is one answer to where the
header ends and what each field says. check_header() checks each field
against the writers' format (docs/writing.md) and fills the Source's typed
values; check_placeholders() refuses a finished release that still has
`make new`'s placeholders.
"""

import difflib
import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from .text import MAX_UNBROKEN, UNBROKEN_TEXT, control_characters, describe_character, shorten
from ..urls import RESERVED_PAGE_SLUGS
from .problems import Problem
from ..licenses import LICENSES
from .assets import asset_path_error

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")
DATE_FORMAT = "%Y-%m-%d %H:%M"
CORRECTION_VALUE = re.compile(r"^(?:(?P<date>\d{4}-\d{2}-\d{2} \d{2}:\d{2})\s*\|\s*)?(?P<note>.*)$")

RELEASE_FIELDS = {
    "title": True,
    "date": True,
    "category": True,
    "department": True,
    "number": False,
    "tags": False,
    "summary": False,
    "contact": False,
    "lang": False,
    "status": False,
    "type": False,
    "embargo": False,
    "embargo-print": False,
    "distributed": False,
    "license": False,
    "modified": False,
    "correction": False,
    "attachments": False,
    "source": False,
}
PAGE_FIELDS = {"title": True, "summary": False, "lang": False}
# The fields the two languages of a release must agree on: the same
# document, filed under the same keys.
PAIR_FIELDS = ("category", "department", "number", "type")
# Fields a header may give more than once, one entry a line.
REPEATABLE_FIELDS = {"correction", "contact"}
# Fields whose indented continuation lines are separate entries, not more text.
LIST_FIELDS = {"attachments"}
STATUSES = ("published", "draft")
# Type: the kind of document, and its name (an msgid of the theme's catalogs).
DOCUMENT_TYPES = {"release": "Press release", "background": "Background briefing",
                  "explanation": "Explanatory note", "clarification": "Clarification"}
# Embargo-Print: the newspapers' editions, 조간 and 석간.
PRINT_EDITIONS = ("morning", "evening")
PRINT_EMBARGO = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})\s+(?P<edition>[a-z]+)$")
# A phone number as a contact table shows it and a tel: link dials it:
# digits, spaces, hyphens and paired brackets ("(02) 2100-7777"), a leading +.
PHONE = re.compile(r"^\+?\(?[0-9][0-9 ()-]{5,30}[0-9]$")
# Fields whose values are read as keys, times, numbers or phone numbers, and
# the invisible characters that pasting leaves in them, which would make a
# right-looking value wrong ("02 2100 7777" with a no-break space).
KEYED_FIELDS = {"date", "category", "department", "number", "lang", "status", "type", "embargo", "embargo-print",
                "distributed", "license", "modified", "contact", "attachments", "source"}
INVISIBLE = {"\u00a0": "a no-break space", "\u2007": "a figure space", "\u202f": "a narrow no-break space",
             "\u200b": "a zero-width space", "\u200c": "a zero-width non-joiner", "\u200d": "a zero-width joiner",
             "\u2060": "a word joiner", "\ufeff": "a byte order mark", "\u200e": "a left-to-right mark",
             "\u200f": "a right-to-left mark", "\u202a": "a bidirectional embedding", "\u202b": "a bidirectional "
             "embedding", "\u202c": "a bidirectional pop", "\u202d": "a bidirectional override", "\u202e": "a "
             "bidirectional override", "\u2066": "a bidirectional isolate", "\u2067": "a bidirectional isolate",
             "\u2068": "a bidirectional isolate", "\u2069": "a bidirectional isolate"}
# Separators typed from a Korean keyboard or pasted from HWP in place of the
# ASCII ones the fields use.
WIDE_BAR = "｜"
WIDE_COMMAS = "、，;；"
ATTACHMENT_TYPES = ("pdf", "hwp", "hwpx", "docx", "xlsx", "zip")
# Source: what `make import` writes (importing/files.py): the saved page the
# release came from, and the digest of the file as the import wrote it.
SOURCE_VALUE = re.compile(r"^(?P<origin>\S(?:.*\S)?)\s*\|\s*sha256:(?P<digest>[0-9a-f]{16})$")

RELEASE_SLUG_RULE = ("use lowercase ASCII letters, digits and single hyphens, with at least one letter, "
                     "e.g. korea-mongolia-talks")
# The settings table that holds the valid keys of each keyed header field.
KEY_TABLES = {"category": "PRESSROOM_CATEGORIES", "department": "PRESSROOM_DEPARTMENTS"}
# Opens every piece of text that `make new` (commands/new.py) leaves for the
# writer to replace. A release that still has one is unfinished, so only a
# draft may keep it; it is plain text that no real release would contain.
PLACEHOLDER_MARKER = "[[TODO"



# A header line: a field name, then at once an ASCII colon. The name is
# ASCII letters, digits, '-' and '_', starting with a letter.
HEADER_FIELD = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_-]*):(?P<value>.*)$")
# What writers type instead, for the hints below: a space before the colon,
# or a colon from another script (full-width ：, small ﹕, ratio ∶, …).
SPACED_FIELD = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_-]*)\s+:")
OTHER_COLONS = "\uff1a\ufe55\ufe13\u2236\ua789\u02d0"
OTHER_COLON_FIELD = re.compile(rf"^(?P<key>[A-Za-z][A-Za-z0-9_-]*)\s*[{OTHER_COLONS}]")
# The one definition of a line break, for the header and the body alike, as
# Python-Markdown has it: \r\n, a lone \r, or \n.
LINE_BREAK = re.compile(r"\r\n?|\n")


def split_lines(text):
    return LINE_BREAK.split(text)


def read_source(content_path, source, raw=None):
    """Fill the source's header and body from its file (or from `raw`, its
    bytes as the caller read them); return problems.

    The header is every line before the first blank one. Each is a field,
    `Key: value` with the colon right after the key, or an indented line that
    continues the field above it; anything else is a problem, so that no line
    the writer meant as a field ends up in the body (or the other way round).
    The body, and only the body, is what Markdown is given (render/body.py)."""
    if raw is None:
        with open(os.path.join(content_path, source.relative_path), "rb") as handle:
            raw = handle.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = len(split_lines(raw[: error.start].decode("utf-8", "replace")))
        return [Problem(source.path, line, "encoding", "the file is not saved as UTF-8",
                        "save it again as UTF-8 (in most editors: Save As, Encoding: UTF-8)")]
    lines = split_lines(text.removeprefix("\ufeff"))
    fields = RELEASE_FIELDS if source.kind == "release" else PAGE_FIELDS
    problems = []
    last_key = None
    body_start = len(lines) + 1
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            body_start = number + 1
            break
        match = HEADER_FIELD.match(line)
        if match:
            problems += _read_field(source, number, match)
            last_key = match["key"].lower()
        elif line.startswith((" ", "\t")) and last_key:
            problems += _read_continuation(source, number, line.strip(), last_key, fields)
        else:
            problems.append(Problem(source.path, number, "header", *_header_line_problem(line, number, last_key)))
    source.body_line = body_start
    source.body = "\n".join(lines[body_start - 1:])
    if not source.body.strip() and not problems:
        problems.append(Problem(source.path, min(body_start, len(lines)), "body", "there is no text below the header",
                                "write the body after one blank line below the last header line"))
    return problems


def _read_field(source, number, match):
    """Take in the field `Key: value` on line `number`."""
    key = match["key"].lower()
    value = match["value"].strip()
    problems = []
    if key in source.lines and key not in REPEATABLE_FIELDS:
        problems.append(Problem(source.path, number, match["key"],
                                f"this field is given twice (first on line {source.lines[key]})",
                                "keep one of the two lines"))
    source.header[key] = value
    source.lines.setdefault(key, number)
    source.entries.setdefault(key, []).append((number, value))
    return problems


def _read_continuation(source, number, value, last_key, fields):
    """Take in an indented line: another entry of a list field, or more text
    of the field above it."""
    problems = []
    looks_like = HEADER_FIELD.match(value)
    if looks_like and looks_like["key"].lower() in fields and last_key not in LIST_FIELDS:
        problems.append(Problem(
            source.path, number, looks_like["key"],
            f"this line is indented, so it continues the field {last_key.capitalize()} above it instead "
            f"of being a field of its own", f"remove the spaces before '{looks_like['key']}:'"))
    if last_key in LIST_FIELDS:
        source.entries[last_key].append((number, value))
    else:
        source.header[last_key] += " " + value
        source.entries[last_key][-1] = (source.entries[last_key][-1][0], source.header[last_key])
    return problems


def _header_line_problem(line, number, last_key):
    """(message, fix) for a header line that is neither a field nor a
    continuation."""
    shown = shorten(line.strip())
    if match := OTHER_COLON_FIELD.match(line):
        return (f"'{shown}' has a colon that is not the ASCII ':' (a full-width '：' perhaps)",
                f"type '{match['key']}:' with the ordinary colon, in English input mode")
    if match := SPACED_FIELD.match(line):
        return (f"'{shown}' has a space before the colon", f"write '{match['key']}:' with no space before the colon")
    if line.startswith((" ", "\t")):
        return (f"the indented line '{shown}' has no field above it to continue",
                "remove the spaces, or put the line after the field it belongs to")
    if number == 1:
        return (f"the file does not start with a header: '{shown}' is not a field",
                "begin the file with the header (Title: …, Date: …), then a blank line, then the body")
    return (f"'{shown}' is in the header but is not a field ('Key: value')",
            "if the header ended above, leave one blank line between it and this line; if it is a field, write "
            "its name, a colon and the value")


def _parse_time(value):
    """A `YYYY-MM-DD HH:MM` value as a datetime, or (None, why not)."""
    if not DATE_PATTERN.match(value):
        return None, f"'{value}' is not in the form YYYY-MM-DD HH:MM"
    try:
        return datetime.strptime(value, DATE_FORMAT), None
    except ValueError:
        return None, f"'{value}' is not a real date and time"


@dataclass(frozen=True)
class Contact:
    """One row of a release's contact table."""

    department: str  # a key of the release's departments
    role: str  # "responsible" (책임자): a department's first contact; "in-charge" (담당자): the others
    person: str  # title and name, as written: "과장 홍길동"
    phone: str


@dataclass(frozen=True)
class PrintEmbargo:
    """Embargo-Print: the newspapers' edition a release may first appear in."""

    date: date
    edition: str  # one of PRINT_EDITIONS


def display_field(key):
    """A field's name as writers type it: "embargo-print" -> "Embargo-Print"."""
    return "-".join(part.capitalize() for part in key.split("-"))


class _Findings:
    """The problems found in one file's header, and how to read its times."""

    def __init__(self, source, timezone):
        self.source = source
        self.timezone = timezone
        self.problems = []

    def add(self, key, message, fix, line=None):
        self.problems.append(Problem(self.source.path, line or self.source.line_of(key), display_field(key), message,
                                     fix))

    def file_name(self, message, fix):
        self.problems.append(Problem(self.source.path, 1, "file name", message, fix))

    def time(self, key, value, line=None):
        """The field's `YYYY-MM-DD HH:MM` value in the site's zone, or None
        (and a problem) when it is not one."""
        parsed, error = _parse_time(value)
        if error:
            self.add(key, error, "write it like 2023-11-21 14:30 (Korea time), with a real day and hour", line)
            return None
        return parsed.replace(tzinfo=self.timezone)


def check_header(source, settings):
    """Check one file's header against the writers' format; fill its typed values."""
    findings = _Findings(source, ZoneInfo(settings["TIMEZONE"]))
    allowed = RELEASE_FIELDS if source.kind == "release" else PAGE_FIELDS
    _check_values(findings)
    _check_field_names(findings, allowed)
    _check_lang(findings)
    if source.kind == "page":
        if source.slug in RESERVED_PAGE_SLUGS or not SLUG_PATTERN.match(source.slug):
            findings.file_name(f"'{source.slug}' cannot be a page name",
                               "use lowercase letters, digits and hyphens, and none of: "
                               + ", ".join(sorted(RESERVED_PAGE_SLUGS)))
        return findings.problems
    if not is_release_slug(source.slug):
        findings.file_name(f"'{source.slug}' is not a valid release name", RELEASE_SLUG_RULE)
    _check_times(findings)
    _check_corrections(findings)
    _check_attachments(findings, settings)
    _check_departments(findings, settings)
    _check_contacts(findings)
    _check_release_kind(findings, settings)
    _check_source(findings)
    return findings.problems


def _check_source(findings):
    """Source, as the import writes it; the site never shows it."""
    value = findings.source.header.get("source")
    if value is not None and not SOURCE_VALUE.match(value):
        findings.add("source", f"'{shorten(value)}' is not what `make import` writes (the saved page, ' | sha256:' "
                     "and 16 hexadecimal digits)",
                     "leave the line as the import wrote it: editing the rest of the file is enough to keep it "
                     "yours, as the import never writes over a file edited since (docs/import.md, section 7)")


def _check_values(findings):
    """What no value may hold, whatever its field."""
    for key, entries in findings.source.entries.items():
        for line, value in entries:
            for character in control_characters(value):
                findings.add(key, f"the value has an invisible control character ({describe_character(character)})",
                             "retype the value: such characters come with text pasted from elsewhere", line)
            if UNBROKEN_TEXT.search(value):
                findings.add(key, f"the value has a run of more than {MAX_UNBROKEN:,} characters without a space",
                             "shorten it, or break it with spaces", line)
            hidden = sorted({character for character in value if character in INVISIBLE}) if key in KEYED_FIELDS else []
            if hidden:
                findings.add(key, f"the value has an invisible character ({describe_character(hidden[0])}, "
                             f"{INVISIBLE[hidden[0]]}) where a key, a time or a phone number is read",
                             "retype the value: such characters come with text pasted from HWP or a web page", line)


def _check_field_names(findings, allowed):
    """Every field is one of `allowed`, and every required one is there."""
    header = findings.source.header
    for key in header:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{display_field(close[0])}'?" if close else (
                "remove the line; the fields are " + ", ".join(display_field(k) for k in allowed))
            findings.add(key, f"'{display_field(key)}' is not a field this site knows", hint)
    for key, required in allowed.items():
        if required and not header.get(key):
            findings.add(key, "this required field is missing or empty",
                         f"add a line '{display_field(key)}: …' to the header at the top of the file")


def _check_lang(findings):
    source = findings.source
    lang = source.header.get("lang")
    if lang is not None and lang != source.lang:
        findings.add("lang", f"'{lang}' does not agree with the file name, which says '{source.lang}'",
                     f"write 'Lang: {source.lang}' or remove the line")


def _check_times(findings):
    """Date (in its year's folder), Status, Embargo and Modified."""
    source = findings.source
    header = source.header
    if header.get("date"):
        source.date = findings.time("date", header["date"])
        folder = source.relative_path.split("/")[1]
        if source.date and str(source.date.year) != folder:
            findings.add("date", f"the date is in {source.date.year} but the file is in the folder {folder}",
                         f"move the file to content/releases/{source.date.year}/ or correct the date")
    if "status" in header:
        source.status = header["status"].lower()
        if source.status not in STATUSES:
            findings.add("status", f"'{header['status']}' is not a status", "write 'Status: draft' or remove the line")
    if "embargo" in header:
        source.embargo = findings.time("embargo", header["embargo"])
        if source.embargo and source.date and source.embargo < source.date:
            findings.add("embargo", f"the embargo {header['embargo']} is before the release's Date {header['date']}, "
                         "when the release goes online anyway", "remove the Embargo line, or correct the Date or "
                         "the Embargo: an embargo holds a release back after its Date")
    if "modified" in header:
        source.modified = findings.time("modified", header["modified"])
        if source.modified and source.date and source.modified < source.date:
            findings.add("modified", f"the change at {header['modified']} is before the release's Date "
                         f"{header['date']}", "a correction comes after the release: check both times")


def _check_corrections(findings):
    """Each Correction has a note and a time after the Date; the latest is
    the release's Modified time when it has none."""
    source = findings.source
    for line, value in source.entries.get("correction", []):
        match = CORRECTION_VALUE.match(value)
        note = match["note"].strip()
        when = findings.time("correction", match["date"], line) if match["date"] else source.modified
        if not note:
            findings.add("correction", "the correction has no note", "say what was corrected, e.g. "
                         "'Correction: 2023-11-22 10:00 | corrected the committee's name'", line)
        elif when is None and not match["date"]:
            findings.add("correction", "the correction has no time: there is no Modified field and no time before "
                         "'|'", "write 'Correction: 2023-11-22 10:00 | what was corrected', or add a Modified line",
                         line)
        elif when is not None:
            if source.date and when < source.date:
                findings.add("correction", "the correction is dated before the release's Date",
                             "check the time before '|'", line)
            source.corrections.append((when, note))
    source.corrections.sort(key=lambda entry: entry[0])
    if source.corrections and source.modified is None:
        source.modified = source.corrections[-1][0]


def attachment_items(source):
    """(line, path, label) of each attachment the header names, as written."""
    for line, value in source.entries.get("attachments", []):
        for item in (part.strip() for part in value.split(",")):
            if item:
                path, _, label = (part.strip() for part in item.partition("|"))
                yield line, path, label


def _check_attachments(findings, settings):
    """Each attachment is a file of an allowed type below an asset folder."""
    source = findings.source
    for line, path, label in attachment_items(source):
        error = asset_path_error(path, settings)
        extension = path.rsplit(".", 1)[-1].lower() if "." in path else ""
        if error:
            findings.add("attachments", f"'{path}' {error}",
                         "give the path below content/, e.g. attachments/2023/summary.pdf", line)
        elif extension not in ATTACHMENT_TYPES:
            findings.add("attachments", f"'{path}' is not one of the file types a release may attach",
                         "attach " + ", ".join(t.upper() for t in ATTACHMENT_TYPES) + " files", line)
        else:
            source.attachments.append((path, label or path.rsplit("/", 1)[-1]))
            source.assets.append(path)


def _check_departments(findings, settings):
    """Category: one key; Department: one key or more, the lead first."""
    source = findings.source
    category = source.header.get("category")
    unknown = unknown_key("category", category, settings) if category else None
    if unknown:
        findings.add("category", *unknown)
    value = source.header.get("department")
    if not value:
        return
    wide = [character for character in value if character in WIDE_COMMAS]
    if wide:
        findings.add("department", f"'{value}' separates the departments with '{wide[0]}'",
                     "separate the department keys with an ASCII comma ',', e.g. 'Department: northeast-asia, "
                     "economic-security'")
        return
    keys = [key.strip() for key in value.split(",")]
    if "" in keys:
        findings.add("department", f"'{value}' has an empty place between commas",
                     "separate the department keys with commas, e.g. 'Department: northeast-asia, "
                     "economic-security'")
        return
    unknown = [problem for problem in (unknown_key("department", key, settings) for key in keys) if problem]
    for problem in unknown:
        findings.add("department", *problem)
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        findings.add("department", f"'{repeated[0]}' is given twice", "name each department once")
    if not unknown and not repeated:
        source.departments = keys


def _check_contacts(findings):
    """Contact: either one line of free text (shown as it is), or one line a
    person: `department-key | title and name | phone`."""
    source = findings.source
    entries = [(line, value) for line, value in source.entries.get("contact", []) if value]
    for line, value in entries:
        if WIDE_BAR in value:
            findings.add("contact", f"'{value}' separates its parts with a full-width '{WIDE_BAR}'",
                         "type the ASCII bar '|' (Shift + \\ on most keyboards) between the parts", line)
            return
    structured = [(line, value) for line, value in entries if "|" in value]
    if not structured:
        if len(entries) > 1:
            findings.add("contact", "Contact is given more than once as free text",
                         "write one line of free text, or one line a person: "
                         "'Contact: northeast-asia | 과장 홍길동 | 02-2100-7777'", entries[1][0])
        return
    contacts = []
    for line, value in entries:
        parts = [part.strip() for part in value.split("|")]
        if len(parts) != 3 or not all(parts):
            findings.add("contact", f"'{value}' is not 'department-key | title and name | phone'",
                         "write 'Contact: northeast-asia | 과장 홍길동 | 02-2100-7777', one line a person", line)
            continue
        key, person, phone = parts
        if source.departments and key not in source.departments:
            findings.add("contact", f"'{key}' is not one of this release's departments "
                         f"({', '.join(source.departments)})", "use a key from the Department line, or add the "
                         "department there", line)
            continue
        if (not PHONE.match(phone) or sum(character.isdigit() for character in phone) < 7
                or not _brackets_pair(phone)):
            findings.add("contact", f"'{phone}' is not a phone number",
                         "write it with digits and hyphens, e.g. 02-2100-7777", line)
            continue
        contacts.append((key, person, phone))
    order = {key: number for number, key in enumerate(source.departments)}
    first_of = set()
    for key, person, phone in sorted(contacts, key=lambda contact: order.get(contact[0], 0)):
        role = "in-charge" if key in first_of else "responsible"
        first_of.add(key)
        source.contacts.append(Contact(key, role, person, phone))


def _brackets_pair(text):
    depth = 0
    for character in text:
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth < 0 or depth > 1:
            return False
    return depth == 0


def _check_release_kind(findings, settings):
    """Type, Embargo-Print, Distributed and License."""
    source = findings.source
    header = source.header
    if "type" in header:
        if header["type"] in DOCUMENT_TYPES:
            source.doc_type = header["type"]
        else:
            findings.add("type", f"'{header['type']}' is not a type of document",
                         "write one of: " + ", ".join(f"{key} ({name})" for key, name in DOCUMENT_TYPES.items()))
    if "embargo-print" in header:
        _check_print_embargo(findings, header["embargo-print"])
    if "distributed" in header:
        source.distributed = findings.time("distributed", header["distributed"])
        online = source.embargo or source.date
        if source.distributed and online and source.distributed > online:
            when = f"online embargo {header['embargo']}" if source.embargo else f"Date {header['date']}"
            findings.add("distributed", f"the release is distributed at {header['distributed']}, after its {when}",
                         "a release is distributed before, or at, the time it goes online")
    license_key = header.get("license", settings["PRESSROOM_DEFAULT_LICENSE"])
    if license_key is not None and license_key not in LICENSES:
        findings.add("license", f"'{license_key}' is not a licence this site knows",
                     "write one of: " + ", ".join(LICENSES) + " (공공누리 제1유형 to 제4유형)")
    elif license_key is not None:
        source.license = license_key


def _check_print_embargo(findings, value):
    source = findings.source
    match = PRINT_EMBARGO.match(value)
    fix = "write it like 'Embargo-Print: 2024-05-03 morning' (조간) or '… evening' (석간)"
    if not match or match["edition"] not in PRINT_EDITIONS:
        findings.add("embargo-print", f"'{value}' is not a date and an edition", fix)
        return
    try:
        day = datetime.strptime(match["date"], "%Y-%m-%d").date()
    except ValueError:
        findings.add("embargo-print", f"'{match['date']}' is not a real date", fix)
        return
    if not source.header.get("embargo"):
        findings.add("embargo-print", "a print embargo needs an online one",
                     "add 'Embargo: YYYY-MM-DD HH:MM' (the online embargo), or remove this line")
    elif source.embargo and day < source.embargo.date():
        findings.add("embargo-print", f"the print embargo {match['date']} is before the online embargo "
                     f"{source.header['embargo']}", "newspapers print a release on or after its online time")
    else:
        source.embargo_print = PrintEmbargo(day, match["edition"])


def is_release_slug(slug):
    """Whether `slug` may name a release (the rule RELEASE_SLUG_RULE states)."""
    return bool(SLUG_PATTERN.match(slug)) and re.search("[a-z]", slug) is not None


def unknown_key(key, value, settings):
    """(message, fix) when `value` is not a key of the table for the field
    `key` (category or department), else None."""
    table = KEY_TABLES[key]
    if value in settings[table]:
        return None
    close = difflib.get_close_matches(value, settings[table], n=1)
    hint = f"did you mean '{close[0]}'?" if close else "use one of: " + ", ".join(settings[table])
    return f"'{value}' is not a known {key} key", hint + f" (the table is {table} in pelicanconf.py)"


def check_placeholders(source):
    """A release that is not a draft must not keep the template's placeholders:
    it would be published half-written. Draft files keep them freely."""
    if source.kind != "release" or source.status == "draft":
        return []
    message = f"the template's placeholder '{PLACEHOLDER_MARKER} …]]' is still here, but the release is not a draft"
    fix = ("replace it with the real text (delete the writer's note at the top of the body), "
           "or keep 'Status: draft' until the release is finished")
    problems = []
    for key, entries in source.entries.items():
        # A field's continuation lines are joined into its header value; only
        # repeatable and list fields keep one entry a line.
        if key not in REPEATABLE_FIELDS | LIST_FIELDS:
            entries = [(source.line_of(key), source.header[key])]
        problems += [Problem(source.path, line, key.capitalize(), message, fix)
                     for line, value in entries if PLACEHOLDER_MARKER in value]
    problems += [Problem(source.path, source.body_line + offset, "body", message, fix)
                 for offset, line in enumerate(source.body.split("\n")) if PLACEHOLDER_MARKER in line]
    return problems


