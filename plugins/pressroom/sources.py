"""Find the writers' source files, read their headers, and say what is wrong.

Every file under the content folder is accounted for here: it is a release, a
bilingual page, a file under an asset folder (images, attachments), or a
problem (a symbolic link is always one: nothing from outside content/ is
published). Each problem names the file, the line, the field, what is wrong
and how to fix it, and all problems are gathered before the build stops, so a
writer fixes them in one pass instead of one build per mistake.

read_source() is the only reader of headers: Pelican's readers are idle and
Markdown is given the body alone, so there is one answer to where the header
ends and what each field says. The body is checked after Markdown has
rendered it (html_policy.py, through reading.py); body_problems() and
check_references() turn what that check finds into problems here. The same
checks run in `make check` (see __main__.py) and at the start of every build
(generator.py).
"""

import difflib
import os
import posixpath
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from . import images
from .html_policy import (MAX_UNBROKEN, UNBROKEN_TEXT, control_characters, describe_character, is_other_host, shorten,
                          url_scheme)

RELEASES_DIR = "releases"
PAGES_DIR = "pages"

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")
DATE_FORMAT = "%Y-%m-%d %H:%M"
SOURCE_NAME = re.compile(r"^(?P<slug>[^.]+)\.(?P<lang>[^.]+)\.md$")
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
    "embargo": False,
    "modified": False,
    "correction": False,
    "attachments": False,
}
PAGE_FIELDS = {"title": True, "summary": False, "lang": False}
PAIR_FIELDS = ("category", "department", "number")
# Fields a header may give more than once, one entry a line.
REPEATABLE_FIELDS = {"correction"}
# Fields whose indented continuation lines are separate entries, not more text.
LIST_FIELDS = {"attachments"}
STATUSES = ("published", "draft")
ATTACHMENT_TYPES = ("pdf", "hwp", "hwpx", "docx", "xlsx", "zip")

# URL segments the site itself uses under /{lang}/; a page may not take them.
RESERVED_PAGE_SLUGS = {"releases", "categories", "departments", "tags", "page", "feeds", "search", "pagefind",
                       "editors"}
RELEASE_SLUG_RULE = ("use lowercase ASCII letters, digits and single hyphens, with at least one letter, "
                     "e.g. korea-mongolia-talks")
# The settings table that holds the valid keys of each keyed header field.
KEY_TABLES = {"category": "PRESSROOM_CATEGORIES", "department": "PRESSROOM_DEPARTMENTS"}
# Opens every piece of text that `make new` (new_release.py) leaves for the
# writer to replace. A release that still has one is unfinished, so only a
# draft may keep it; it is plain text that no real release would contain.
PLACEHOLDER_MARKER = "[[TODO"


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    fix: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.field}: {self.message} — {self.fix}"


class ContentError(Exception):
    """The content has problems a writer must fix; the build publishes nothing."""

    def __init__(self, problems):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.field))
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the content; nothing was published.\n{lines}")


@dataclass
class Source:
    """One writer's file: where it is, what it is, and what its header says."""

    path: str  # as the writer sees it from the project folder, e.g. content/releases/2023/x.ko.md
    relative_path: str  # below the content folder, with forward slashes
    kind: str  # "release" or "page"
    slug: str
    lang: str
    header: dict = field(default_factory=dict)  # lower-case key -> value
    lines: dict = field(default_factory=dict)  # lower-case key -> line number
    entries: dict = field(default_factory=dict)  # lower-case key -> [(line, value)] for repeatable and list fields
    body_line: int = 1
    body: str = ""
    # Typed values, filled by check_header() when the header is valid.
    date: datetime = None
    modified: datetime = None
    embargo: datetime = None
    status: str = "published"
    corrections: list = field(default_factory=list)  # [(datetime, note)], oldest first
    attachments: list = field(default_factory=list)  # [(path below content/, label)]
    assets: list = field(default_factory=list)  # every file below content/ the release uses

    def line_of(self, key):
        return self.lines.get(key, 1)


def display_path(content_path, relative_path):
    """The path a writer can open: relative to the current folder when inside it."""
    full = os.path.abspath(os.path.join(content_path, relative_path))
    relative = os.path.relpath(full)
    return full if relative.startswith("..") else relative.replace(os.sep, "/")


def check_sources(content_path, settings):
    """The checks of every file that need no rendering: where it is, its
    header, and what the archive as a whole requires. Return (sources,
    problems, the sources whose body can be rendered); reading.py renders
    those and checks what they became."""
    sources, problems = discover(content_path, settings)
    renderable = []
    for source in sources:
        header_problems = read_source(content_path, source)
        if not header_problems:
            # The header's lines are all fields, so the body is known and can
            # be checked even when a field's value is wrong.
            renderable.append(source)
            header_problems = check_header(source, settings) + check_placeholders(source)
        problems += header_problems
    problems += check_archive(sources, settings["PRESSROOM_LANGUAGES"])
    return sources, problems, renderable


# Hidden files and editors' swap, lock and backup files (.DS_Store,
# .name.md.swp, .#name.md, name.md~, #name.md#) sit beside a file being
# edited; they are not content, and a preview must not fail on them.
EDITOR_FILE = re.compile(r"^\.|~$|^#.*#$")


def discover(content_path, settings):
    """Return (sources, problems) for every file under content_path, except
    hidden and editors' files."""
    languages = settings["PRESSROOM_LANGUAGES"]
    sources, problems = [], []
    for dirpath, dirnames, filenames in os.walk(content_path):
        # os.walk lists a link to a folder among the folders and does not go
        # into it; a link to a file is among the files. Either would publish
        # what lies outside content/, so every link is a problem, and only
        # real folders are walked.
        for name in sorted(dirnames + filenames):
            if os.path.islink(os.path.join(dirpath, name)):
                relative = os.path.relpath(os.path.join(dirpath, name), content_path).replace(os.sep, "/")
                problems.append(Problem(
                    display_path(content_path, relative), 1, "file name",
                    "this is a symbolic link; the site publishes only files that are really inside content/",
                    "replace the link with a copy of the file or folder it points to"))
        dirnames[:] = sorted(name for name in dirnames
                             if not EDITOR_FILE.search(name) and not os.path.islink(os.path.join(dirpath, name)))
        for filename in sorted(name for name in filenames if not EDITOR_FILE.search(name)):
            relative = os.path.relpath(os.path.join(dirpath, filename), content_path).replace(os.sep, "/")
            if os.path.islink(os.path.join(dirpath, filename)) or in_asset_folder(relative, settings):
                continue
            source, problem = _classify(content_path, relative, languages)
            if problem:
                problems.append(problem)
            else:
                sources.append(source)
    return sources, problems


def source_kind(relative):
    """"release" or "page" when `relative` (below content/) is a place where
    the site reads a writer's file, else None."""
    parts = relative.split("/")
    if not SOURCE_NAME.match(parts[-1]):
        return None
    if parts[0] == RELEASES_DIR and len(parts) == 3:
        return "release"
    if parts[0] == PAGES_DIR and len(parts) == 2:
        return "page"
    return None


def in_asset_folder(path, settings):
    """Whether `path` (below content/) starts with one of PRESSROOM_ASSET_DIRS."""
    return path.split("/", 1)[0] in settings["PRESSROOM_ASSET_DIRS"]


def _classify(content_path, relative, languages):
    match = SOURCE_NAME.match(relative.split("/")[-1])
    path = display_path(content_path, relative)
    wanted = "content/releases/<YYYY>/<slug>.<lang>.md or content/pages/<slug>.<lang>.md"
    kind = source_kind(relative)
    if kind is None:
        return None, Problem(
            path, 1, "file name", "this file is not in a place the site reads, so it would never be published",
            f"move or rename it to {wanted} (lang is one of {', '.join(languages)})",
        )
    slug, lang = match["slug"], match["lang"]
    if lang not in languages:
        return None, Problem(
            path, 1, "file name", f"the language part '.{lang}.' is not one of {', '.join(languages)}",
            f"rename the file to {slug}.{languages[0]}.md or {slug}.{languages[-1]}.md",
        )
    return Source(path=path, relative_path=relative, kind=kind, slug=slug, lang=lang), None


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


def read_source(content_path, source):
    """Fill the source's header and body from its file; return problems.

    The header is every line before the first blank one. Each is a field,
    `Key: value` with the colon right after the key, or an indented line that
    continues the field above it; anything else is a problem, so that no line
    the writer meant as a field ends up in the body (or the other way round).
    The body, and only the body, is what Markdown is given (rendering.py)."""
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
            key = match["key"].lower()
            value = match["value"].strip()
            if key in source.lines and key not in REPEATABLE_FIELDS:
                problems.append(Problem(source.path, number, match["key"],
                                        f"this field is given twice (first on line {source.lines[key]})",
                                        "keep one of the two lines"))
            source.header[key] = value
            source.lines.setdefault(key, number)
            source.entries.setdefault(key, []).append((number, value))
            last_key = key
            continue
        if line.startswith((" ", "\t")) and last_key:
            value = line.strip()
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
            continue
        problems.append(Problem(source.path, number, "header", *_header_line_problem(line, number, last_key)))
    source.body_line = body_start
    source.body = "\n".join(lines[body_start - 1:])
    if not source.body.strip() and not problems:
        problems.append(Problem(source.path, min(body_start, len(lines)), "body", "there is no text below the header",
                                "write the body after one blank line below the last header line"))
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


def check_header(source, settings):
    """Check one file's header against the writers' format; fill its typed values."""
    allowed = RELEASE_FIELDS if source.kind == "release" else PAGE_FIELDS
    timezone = ZoneInfo(settings["TIMEZONE"])
    problems = []

    def problem(key, message, fix, line=None):
        problems.append(Problem(source.path, line or source.line_of(key), key.capitalize(), message, fix))

    def time_field(key, value, line=None):
        parsed, error = _parse_time(value)
        if error:
            problem(key, error, "write it like 2023-11-21 14:30 (Korea time), with a real day and hour", line)
            return None
        return parsed.replace(tzinfo=timezone)

    for key, entries in source.entries.items():
        for line, value in entries:
            for character in control_characters(value):
                problem(key, f"the value has an invisible control character ({describe_character(character)})",
                        "retype the value: such characters come with text pasted from elsewhere", line)
            if UNBROKEN_TEXT.search(value):
                problem(key, f"the value has a run of more than {MAX_UNBROKEN:,} characters without a space",
                        "shorten it, or break it with spaces", line)
    for key in source.header:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0].capitalize()}'?" if close else (
                "remove the line; the fields are " + ", ".join(k.capitalize() for k in allowed))
            problem(key, f"'{key.capitalize()}' is not a field this site knows", hint)
    for key, required in allowed.items():
        if required and not source.header.get(key):
            problem(key, "this required field is missing or empty",
                    f"add a line '{key.capitalize()}: …' to the header at the top of the file")

    lang = source.header.get("lang")
    if lang is not None and lang != source.lang:
        problem("lang", f"'{lang}' does not agree with the file name, which says '{source.lang}'",
                f"write 'Lang: {source.lang}' or remove the line")

    if source.kind == "page":
        if source.slug in RESERVED_PAGE_SLUGS or not SLUG_PATTERN.match(source.slug):
            problems.append(Problem(source.path, 1, "file name", f"'{source.slug}' cannot be a page name",
                                    "use lowercase letters, digits and hyphens, and none of: "
                                    + ", ".join(sorted(RESERVED_PAGE_SLUGS))))
        return problems

    if not is_release_slug(source.slug):
        problems.append(Problem(source.path, 1, "file name", f"'{source.slug}' is not a valid release name",
                                RELEASE_SLUG_RULE))

    if source.header.get("date"):
        source.date = time_field("date", source.header["date"])
        folder = source.relative_path.split("/")[1]
        if source.date and str(source.date.year) != folder:
            problem("date", f"the date is in {source.date.year} but the file is in the folder {folder}",
                    f"move the file to content/releases/{source.date.year}/ or correct the date")

    if "status" in source.header:
        source.status = source.header["status"].lower()
        if source.status not in STATUSES:
            problem("status", f"'{source.header['status']}' is not a status", "write 'Status: draft' or remove the line")
    if "embargo" in source.header:
        source.embargo = time_field("embargo", source.header["embargo"])

    if "modified" in source.header:
        source.modified = time_field("modified", source.header["modified"])
        if source.modified and source.date and source.modified < source.date:
            problem("modified", f"the change at {source.header['modified']} is before the release's Date "
                    f"{source.header['date']}", "a correction comes after the release: check both times")
    for line, value in source.entries.get("correction", []):
        match = CORRECTION_VALUE.match(value)
        note = match["note"].strip()
        when = time_field("correction", match["date"], line) if match["date"] else source.modified
        if not note:
            problem("correction", "the correction has no note", "say what was corrected, e.g. "
                    "'Correction: 2023-11-22 10:00 | corrected the committee's name'", line)
        elif when is None and not match["date"]:
            problem("correction", "the correction has no time: there is no Modified field and no time before '|'",
                    "write 'Correction: 2023-11-22 10:00 | what was corrected', or add a Modified line", line)
        elif when is not None:
            if source.date and when < source.date:
                problem("correction", "the correction is dated before the release's Date",
                        "check the time before '|'", line)
            source.corrections.append((when, note))
    source.corrections.sort(key=lambda entry: entry[0])
    if source.corrections and source.modified is None:
        source.modified = source.corrections[-1][0]

    for line, value in source.entries.get("attachments", []):
        for item in (part.strip() for part in value.split(",")):
            if not item:
                continue
            path, _, label = (part.strip() for part in item.partition("|"))
            error = asset_path_error(path, settings)
            extension = path.rsplit(".", 1)[-1].lower() if "." in path else ""
            if error:
                problem("attachments", f"'{path}' {error}",
                        "give the path below content/, e.g. attachments/2023/summary.pdf", line)
            elif extension not in ATTACHMENT_TYPES:
                problem("attachments", f"'{path}' is not one of the file types a release may attach",
                        "attach " + ", ".join(t.upper() for t in ATTACHMENT_TYPES) + " files", line)
            else:
                source.attachments.append((path, label or path.rsplit("/", 1)[-1]))
                source.assets.append(path)

    for key in KEY_TABLES:
        value = source.header.get(key)
        unknown = unknown_key(key, value, settings) if value else None
        if unknown:
            problem(key, *unknown)
    return problems


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


# The characters an asset's path may not have: a browser would decode '%',
# stop at '?' or '#' and turn '\\' into '/', so such a path would not name the
# file that is copied; quotes, <, > and control characters have no place in
# a file name. Each folder and file name is non-empty and starts and ends
# with a visible character.
ASSET_PATH = re.compile(r'^[^%?#\\"<>`/\x00-\x1f\x7f\s](?:[^%?#\\"<>`/\x00-\x1f\x7f]*[^%?#\\"<>`/\x00-\x1f\x7f\s])?'
                        r'(?:/[^%?#\\"<>`/\x00-\x1f\x7f\s](?:[^%?#\\"<>`/\x00-\x1f\x7f]*[^%?#\\"<>`/\x00-\x1f\x7f\s])?)*$')


def asset_path_error(path, settings):
    """Why `path` cannot name a file below content/, or None if it can."""
    scheme, address = url_scheme(path)
    if scheme and not re.match(r"^[A-Za-z]:[\\/]", address) or is_other_host(address):
        return "is a web address; a file is expected here"
    if address.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", address):
        return "is an absolute path; give it relative to the content folder"
    segments = address.replace("\\", "/").split("/")
    if ".." in segments:
        return "goes outside the content folder with '..'"
    if "." in segments:
        return "has a folder named '.'; give the path without it"
    if not ASSET_PATH.match(path):
        return ("has a character a web address would change (%, ?, #, \\, a quote, < or >, or a space at the "
                "start or end of a name)")
    if not in_asset_folder(path, settings):
        return "is not in one of the folders " + ", ".join(f"content/{d}/" for d in settings["PRESSROOM_ASSET_DIRS"])
    if not is_regular_file(settings["PATH"], path):
        return "does not exist (or is a symbolic link, which the site does not follow)"
    return None


def is_regular_file(root, relative):
    """Whether `relative` names a regular file below `root` with no symbolic
    link on the way: the file that is checked is the file that is copied."""
    path = root
    for part in relative.split("/"):
        path = os.path.join(path, part)
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            return False
        if stat.S_ISLNK(mode):
            return False
    return stat.S_ISREG(mode)


def locate(source, needles):
    """The line of the source's body where the first of `needles` that the
    body contains (in any case) is found, else the body's first line. The
    checks read the rendered HTML; this only points the writer to the place."""
    lines = source.body.split("\n")
    for needle in needles:
        wanted = needle.lower()
        for offset, line in enumerate(lines):
            if wanted in line.lower():
                return source.body_line + offset
    return source.body_line


IMAGE_FIX = ("put the image under content/images/ and give its path from there, "
             "e.g. ![Ministers at the talks](images/2023/talks.jpg)")


def body_problems(source, check, settings):
    """Problems of a body that html_policy.BodyCheck has read: everything it
    refused, and images without alt text. Depends on the file alone, so a
    result without problems can be cached (rendering.py)."""
    problems = [Problem(source.path, locate(source, finding.needles), finding.field, finding.message, finding.fix)
                for finding in check.findings]
    for src, alt in check.images:
        if not alt.strip():
            problems.append(Problem(source.path, locate(source, [src] if src else ["<img", "!["]), "image",
                                    f"the image '{src}' has no alt text",
                                    "describe the image in the brackets: ![what the image shows](…)"))
    for href in check.links:
        error = filename_link_error(source, href, settings) if href.startswith("{filename}") else None
        if error:
            problems.append(Problem(source.path, locate(source, [href]), "body", f"the link '{href}' {error}",
                                    "write {filename}/releases/<YYYY>/<slug>.<lang>.md, {filename}/pages/<slug>."
                                    "<lang>.md or {filename}/attachments/<YYYY>/<file>"))
    return problems


def filename_link_error(source, href, settings):
    """Why a {filename} link cannot name a file of the site, or None: it must
    lead, inside content/, to a release, a page or a file of an asset folder
    (whether that file exists is check_references()' question)."""
    target = linked_path(source, href)
    if target == ".." or target.startswith("../") or target.startswith("/"):
        return "goes outside the content folder"
    if ("/" in target and in_asset_folder(target, settings)) or source_kind(target):
        return None
    return "does not name a release, a page or an attachment"


def check_references(source, texts, settings):
    """Problems of the files a body's images and {filename} links name, which
    can change without the body changing, so this runs on every build: each
    must exist inside content/. The images and linked assets become the
    source's assets, copied to the output."""
    problems = []
    for line, src in texts.images:
        error = asset_path_error(src, settings) or images.problem(settings, src)
        if error:
            problems.append(Problem(source.path, line, "image", f"'{src}' {error}", IMAGE_FIX))
        else:
            source.assets.append(src)
    for line, href in texts.filename_links:
        target = linked_path(source, href)
        if in_asset_folder(target, settings):
            error = asset_path_error(target, settings)
            if error:
                problems.append(Problem(source.path, line, "body", f"the link '{href}' names a file that {error}",
                                        "link to a file below content/attachments/ or content/images/"))
            else:
                source.assets.append(target)
        elif not is_regular_file(settings["PATH"], target):
            problems.append(Problem(source.path, line, "body", f"the link '{href}' names a file that does not exist",
                                    "write {filename}/releases/<YYYY>/<slug>.<lang>.md with the exact name of the "
                                    "other file"))
    return problems


def linked_path(source, href):
    """The file a Pelican {filename} link names, below the content folder:
    from the content folder when it starts with '/', else from the linking
    file's own folder."""
    target = href[len("{filename}"):].split("#", 1)[0].split("?", 1)[0]
    if not target.startswith("/"):
        target = posixpath.join(posixpath.dirname(source.relative_path), target)
    return posixpath.normpath(target.lstrip("/"))


def tag_slug(name):
    """A URL segment for a tag in either script: '희소 금속' -> '희소-금속'.
    Letters are compared after Unicode compatibility normalization and in
    lower case, so 'Korea', 'KOREA' and 'Ｋｏｒｅａ' are one tag."""
    text = unicodedata.normalize("NFKC", name).lower()
    return re.sub(r"[^\w]+", "-", text).strip("-")


# A tag's page is a folder named by its slug: file systems allow 255 bytes.
MAX_TAG_BYTES = 200


def tag_names(source):
    return [name.strip() for name in source.header.get("tags", "").split(",") if name.strip()]


def check_tags(sources):
    """A tag is one page per language, so it must be written one way: two
    spellings with the same tag_slug() (differing only in case, Unicode
    form, spaces or punctuation) would be one URL with two names."""
    problems = []
    spellings = {}
    for source in sources:
        for name in tag_names(source):
            slug = tag_slug(name)
            if not slug:
                problems.append(Problem(source.path, source.line_of("tags"), "Tags",
                                        f"the tag '{name}' has no letter or digit", "remove it or add a word"))
                continue
            if len(slug.encode("utf-8")) > MAX_TAG_BYTES:
                problems.append(Problem(source.path, source.line_of("tags"), "Tags",
                                        f"the tag '{shorten(name)}' is too long to be the name of its page",
                                        "a tag is a word or two; separate tags with commas"))
                continue
            first, where = spellings.setdefault((source.lang, slug), (name, source.path))
            if name != first:
                problems.append(Problem(
                    source.path, source.line_of("tags"), "Tags",
                    f"the tag '{name}' is written '{first}' in {where}; the two differ only in capitals, width, "
                    "spaces and punctuation or the way their characters are encoded, and would be one tag page",
                    f"write it exactly as '{first}' (or change it in {where} too)"))
    return problems


def check_archive(sources, languages):
    """Checks that need every file at once: uniqueness and pair agreement.

    A disagreement within a pair is reported on the file in the later
    language of `languages`: usually the translation, written after the
    original."""
    problems = []
    seen = {}
    for source in sources:
        key = (source.kind, source.slug, source.lang)
        if key in seen:
            problems.append(Problem(source.path, 1, "file name",
                                    f"another file already has the name {source.slug}.{source.lang}.md: {seen[key].path}",
                                    "give one of them a different name; a name is unique across all years"))
        else:
            seen[key] = source

    problems += check_tags(seen.values())

    pairs = {}
    for source in seen.values():
        if source.kind == "release":
            pairs.setdefault(source.slug, []).append(source)
    numbers = {}
    for slug, members in sorted(pairs.items()):
        first, *others = sorted(members, key=lambda s: languages.index(s.lang))
        for other in others:
            for key in PAIR_FIELDS:
                if first.header.get(key) != other.header.get(key):
                    problems.append(Problem(
                        other.path, other.line_of(key), key.capitalize(),
                        f"'{other.header.get(key, '')}' differs from '{first.header.get(key, '')}' in {first.path}",
                        f"the two languages of one release must have the same {key.capitalize()}"))
        number = first.header.get("number")
        if number:
            if number in numbers:
                problems.append(Problem(first.path, first.line_of("number"), "Number",
                                        f"release number {number} is already used by {numbers[number].path}",
                                        "give this release its own number"))
            else:
                numbers[number] = first
    return problems
