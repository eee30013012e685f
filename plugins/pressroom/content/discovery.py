"""Finding the writers' files: every file under content/ is accounted for.

A file is a release (releases/<year>/<slug>.<lang>.md), a bilingual page
(pages/<slug>.<lang>.md), a file under an asset folder (images,
attachments), or a problem: a symbolic link is always one, since nothing
from outside content/ is published.
"""

import os
import re
from dataclasses import dataclass, field
from datetime import datetime

from ..urls import PAGES_SOURCE_DIR, RELEASES_SOURCE_DIR
from .problems import Problem

SOURCE_NAME = re.compile(r"^(?P<slug>[^.]+)\.(?P<lang>[^.]+)\.md$")


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
    file_digest: bytes = None  # sha256 of the bytes the header and body were read from
    # Typed values, filled by check_header() when the header is valid.
    date: datetime = None
    modified: datetime = None
    embargo: datetime = None
    status: str = "published"
    corrections: list = field(default_factory=list)  # [(datetime, note)], oldest first
    doc_type: str = "release"  # a key of header.DOCUMENT_TYPES
    departments: list = field(default_factory=list)  # department keys, the lead department first
    contacts: list = field(default_factory=list)  # [header.Contact], grouped by department in their order
    embargo_print: object = None  # header.PrintEmbargo, or None
    distributed: datetime = None
    license: str = None  # a key of licenses.LICENSES, or None for none
    attachments: list = field(default_factory=list)  # [(path below content/, label)]
    assets: list = field(default_factory=list)  # every file below content/ the release uses

    def line_of(self, key):
        return self.lines.get(key, 1)


def display_path(content_path, relative_path):
    """The path a writer can open: relative to the current folder when inside it."""
    full = os.path.abspath(os.path.join(content_path, relative_path))
    relative = os.path.relpath(full)
    return full if relative.startswith("..") else relative.replace(os.sep, "/")


# Hidden files and editors' swap, lock and backup files (.DS_Store,
# .name.md.swp, .#name.md, name.md~, #name.md#) sit beside a file being
# edited; they are not content, and a preview must not fail on them.
EDITOR_FILE = re.compile(r"^\.|~$|^#.*#$")


def discover(content_path, settings):
    """Return (sources, problems) for every file under content_path, except
    hidden and editors' files."""
    languages = settings["PRESSROOM_LANGUAGES"]
    shown = display_paths(content_path)
    sources, problems = [], []

    def walk(directory, prefix):
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        folders = []
        for entry in entries:
            relative = prefix + entry.name
            if entry.is_symlink():
                # A link to a folder or a file would publish what lies outside
                # content/: every link is a problem, and none is followed.
                problems.append(Problem(
                    shown(relative), 1, "file name",
                    "this is a symbolic link; the site publishes only files that are really inside content/",
                    "replace the link with a copy of the file or folder it points to"))
            elif EDITOR_FILE.search(entry.name):
                continue
            elif entry.is_dir():
                folders.append(entry)
            elif not in_asset_folder(relative, settings):
                source, problem = _classify(shown(relative), relative, languages)
                if problem:
                    problems.append(problem)
                else:
                    sources.append(source)
        for entry in folders:
            walk(entry.path, prefix + entry.name + "/")

    walk(content_path, "")
    return sources, problems


def display_paths(content_path):
    """display_path() for one content folder, made once: the files' paths
    only differ after it."""
    full = os.path.abspath(content_path)
    inside = os.path.relpath(full)
    if inside.startswith(".."):
        return lambda relative: f"{full}/{relative}"
    if inside == ".":
        return lambda relative: relative
    start = inside.replace(os.sep, "/")
    return lambda relative: f"{start}/{relative}"


def release_slugs(content_path, settings):
    """{slug: [paths]} of every release already under the content folder, in
    any year folder and any language."""
    found, _ = discover(content_path, settings)
    taken = {}
    for source in found:
        if source.kind == "release":
            taken.setdefault(source.slug, []).append(source.path)
    return taken


def source_kind(relative):
    """"release" or "page" when `relative` (below content/) is a place where
    the site reads a writer's file, else None."""
    parts = relative.split("/")
    if not SOURCE_NAME.match(parts[-1]):
        return None
    if parts[0] == RELEASES_SOURCE_DIR and len(parts) == 3:
        return "release"
    if parts[0] == PAGES_SOURCE_DIR and len(parts) == 2:
        return "page"
    return None


def in_asset_folder(path, settings):
    """Whether `path` (below content/) starts with one of PRESSROOM_ASSET_DIRS."""
    return path.split("/", 1)[0] in settings["PRESSROOM_ASSET_DIRS"]


def _classify(path, relative, languages):
    """`path` is the file's display_path()."""
    match = SOURCE_NAME.match(relative.split("/")[-1])
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
