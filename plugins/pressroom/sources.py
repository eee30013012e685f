"""Find and check the writers' source files before Pelican reads them.

Every file under the content folder is accounted for here: it is a release, a
bilingual page, a static file under STATIC_PATHS, or a problem. Each problem
names the file, the line, the field, what is wrong and how to fix it, and all
problems are gathered before the build stops, so a writer fixes them in one
pass instead of one build per mistake.

The header is parsed from the raw text, not from what Pelican's reader made of
it, because only the raw text still has line numbers and the writer's exact
spelling of each key.
"""

import difflib
import os
import re
from dataclasses import dataclass, field
from datetime import datetime

RELEASES_DIR = "releases"
PAGES_DIR = "pages"

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")
HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_-]*)\s*:\s*(?P<value>.*)$")
SOURCE_NAME = re.compile(r"^(?P<slug>[^.]+)\.(?P<lang>[^.]+)\.md$")

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
}
PAGE_FIELDS = {"title": True, "summary": False, "lang": False}
PAIR_FIELDS = ("category", "department", "number")

# URL segments the site itself uses under /{lang}/; a page may not take them.
RESERVED_PAGE_SLUGS = {"releases", "categories", "departments", "tags", "page", "feeds", "search"}


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
        count = len(self.problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{count} problem(s) in the content; nothing was published.\n{lines}")


@dataclass
class Source:
    """One writer's file: where it is, what it is, and its raw header."""

    path: str  # relative to the content folder, with forward slashes
    kind: str  # "release" or "page"
    slug: str
    lang: str
    header: dict = field(default_factory=dict)  # lower-case key -> value
    lines: dict = field(default_factory=dict)  # lower-case key -> line number
    body_line: int = 1

    def line_of(self, key):
        return self.lines.get(key, 1)


def discover(content_path, settings):
    """Return (sources, problems) for every file under content_path."""
    languages = settings["PRESSROOM_LANGUAGES"]
    static_dirs = tuple(settings["STATIC_PATHS"])
    sources, problems = [], []
    for dirpath, dirnames, filenames in os.walk(content_path):
        dirnames.sort()
        for filename in sorted(filenames):
            path = os.path.relpath(os.path.join(dirpath, filename), content_path).replace(os.sep, "/")
            top = path.split("/", 1)[0]
            if top in static_dirs:
                continue
            source, problem = _classify(path, top, languages)
            if problem:
                problems.append(problem)
            else:
                sources.append(source)
    return sources, problems


def _classify(path, top, languages):
    parts = path.split("/")
    name = parts[-1]
    match = SOURCE_NAME.match(name)
    wanted = "content/releases/<YYYY>/<slug>.<lang>.md or content/pages/<slug>.<lang>.md"
    if top == RELEASES_DIR and len(parts) == 3 and match:
        kind = "release"
    elif top == PAGES_DIR and len(parts) == 2 and match:
        kind = "page"
    else:
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
    return Source(path=path, kind=kind, slug=slug, lang=lang), None


def read_header(content_path, source):
    """Fill source.header from the file's `Key: value` lines; return problems."""
    full_path = os.path.join(content_path, source.path)
    with open(full_path, "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return [Problem(source.path, line, "encoding", "the file is not saved as UTF-8",
                        "save it again as UTF-8 (in most editors: Save As, Encoding: UTF-8)")]
    text = text.removeprefix("\ufeff")
    problems = []
    last_key = None
    lines = text.split("\n")
    body_start = len(lines)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            body_start = number
            break
        match = HEADER_LINE.match(line)
        if match:
            key = match["key"].lower()
            if key in source.header:
                problems.append(Problem(source.path, number, match["key"],
                                        f"this field is given twice (first on line {source.lines[key]})",
                                        "keep one of the two lines"))
            source.header[key] = match["value"].strip()
            source.lines[key] = number
            last_key = key
        elif line.startswith("    ") and last_key:
            source.header[last_key] += " " + line.strip()
        else:
            body_start = number
            break
    source.body_line = body_start
    body = "\n".join(lines[body_start - 1:]) if body_start <= len(lines) else ""
    if not body.strip():
        problems.append(Problem(source.path, body_start, "body", "the release has no text below the header",
                                "write the body after one blank line below the last header line"))
    return problems


def check_header(source, settings):
    """Check one file's header against the writers' format."""
    allowed = RELEASE_FIELDS if source.kind == "release" else PAGE_FIELDS
    problems = []

    def problem(key, message, fix):
        problems.append(Problem(source.path, source.line_of(key), key.capitalize(), message, fix))

    for key in source.header:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0].capitalize()}'?" if close else (
                "remove the line; the fields are " + ", ".join(k.capitalize() for k in allowed))
            problem(key, f"'{key}' is not a field this site knows", hint)
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
            problems.append(Problem(source.path, 1, "file name",
                                    f"'{source.slug}' cannot be a page name",
                                    "use lowercase letters, digits and hyphens, and none of: "
                                    + ", ".join(sorted(RESERVED_PAGE_SLUGS))))
        return problems

    if not SLUG_PATTERN.match(source.slug) or not re.search("[a-z]", source.slug):
        problems.append(Problem(source.path, 1, "file name",
                                f"'{source.slug}' is not a valid release name",
                                "use lowercase ASCII letters, digits and single hyphens, with at least one letter, "
                                "e.g. korea-mongolia-talks"))

    date = source.header.get("date")
    if date:
        parsed = None
        if DATE_PATTERN.match(date):
            try:
                parsed = datetime.strptime(date, "%Y-%m-%d %H:%M")
            except ValueError:
                problem("date", f"'{date}' is not a real date and time", "check the day of the month and the hour")
        else:
            problem("date", f"'{date}' is not in the form YYYY-MM-DD HH:MM", "write it like 2023-11-21 14:30 (Korea time)")
        folder = source.path.split("/")[1]
        if parsed and str(parsed.year) != folder:
            problem("date", f"the date is in {parsed.year} but the file is in the folder {folder}",
                    f"move the file to content/releases/{parsed.year}/ or correct the date")

    for key, table in (("category", "PRESSROOM_CATEGORIES"), ("department", "PRESSROOM_DEPARTMENTS")):
        value = source.header.get(key)
        if value and value not in settings[table]:
            close = difflib.get_close_matches(value, settings[table], n=1)
            hint = f"did you mean '{close[0]}'?" if close else "use one of: " + ", ".join(settings[table])
            problem(key, f"'{value}' is not a known {key} key", hint + f" (the table is {table} in pelicanconf.py)")
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
