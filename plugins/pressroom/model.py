"""Releases and bilingual pages as the templates see them.

A Document joins a checked Source (its header, as the writer typed it) with
its rendered text (render/body.py): the body as typeset HTML, and the title and
summary both as typeset HTML for headings and as plain text for <title>, meta
tags and feeds, which must never carry typogrify's markup.
"""

import hashlib
import logging
import os
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from itertools import groupby

from markupsafe import Markup
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from . import urls
from .content.header import DOCUMENT_TYPES
from .content.pairing import tag_names, tag_slug
from .content.problems import ContentError
from .content.references import links_to_withheld
from .licenses import LICENSES
from .render.body import typeset_text


@dataclass(frozen=True)
class Tag:
    name: str
    slug: str
    lang: str


@dataclass(frozen=True)
class Attachment:
    path: str  # below content/, and so below the output root
    label: str
    size: int  # bytes
    pages: int = None  # a PDF's page count, when it can be read

    @property
    def viewable(self):
        """Whether a browser shows the file itself: a PDF that could be read
        (a damaged one is offered for download only)."""
        return self.kind == "PDF" and self.pages is not None

    @property
    def kind(self):
        return self.path.rsplit(".", 1)[-1].upper()

    @property
    def size_text(self):
        """Size as a press office writes it: "328 KB", "1.4 MB"."""
        if self.size < 1024 * 1024:
            return f"{max(1, round(self.size / 1024))} KB"
        return f"{self.size / (1024 * 1024):.1f} MB"


@dataclass(frozen=True)
class Unpublished:
    """Why production must not publish a release yet."""

    reason: str  # "draft", "embargo" or "scheduled"
    field: str  # the header field that says so: "status", "embargo" or "date"
    until: datetime = None  # the embargo or the date; None for a draft
    # When it is published by itself, with no change to its file: the later
    # of its embargo and its date; None for a draft, which waits for a writer.
    due: datetime = None


def why_unpublished(source, now):
    """The one decision whether a release is published at `now`: an
    Unpublished saying why not, or None. Production leaves such a release
    out; a preview shows it with a banner."""
    if source.status == "draft":
        return Unpublished("draft", "status")
    due = max(time for time in (source.embargo, source.date) if time) if source.embargo or source.date else None
    if source.embargo and source.embargo > now:
        return Unpublished("embargo", "embargo", source.embargo, due)
    if source.date and source.date > now:
        return Unpublished("scheduled", "date", source.date, due)
    return None


@dataclass(eq=False)
class Document:
    source: object  # content.discovery.Source
    texts: object  # render.body.Texts: title and summary
    rendered_key: str  # the render cache key: the file's bytes, settings and code
    cache: object  # render.cache.RenderCache, which keeps the body on disk
    sanitize: object  # render.policy.Sanitizer: every body and title a template shows passes through it
    typography: bool  # PRESSROOM_TYPOGRIFY: correction notes are typeset as titles are
    counterpart: "Document | None" = None
    tags: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    # Set by documents() from why_unpublished(), once for every release: why
    # production leaves it out, or None when it is published.
    unpublished: "Unpublished | None" = None

    @cached_property
    def digest(self):
        """Everything of this document a page can show, for build/incremental.py.
        Read only once the documents are linked to their counterparts."""
        counterpart = self.counterpart
        parts = [self.rendered_key, repr(self.texts.image_sizes), self.source.relative_path, repr(self.preview_status),
                 repr(self.attachments), repr(self.tags),
                 repr((counterpart.path, counterpart.preview_status, counterpart.lang) if counterpart else None)]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    @property
    def kind(self):
        return self.source.kind

    @property
    def slug(self):
        return self.source.slug

    @property
    def lang(self):
        return self.source.lang

    @property
    def path(self):
        """URL path below the site root; swapping the language gives the counterpart's."""
        return urls.source_page(self.source.relative_path)

    @property
    def date(self):
        return self.source.date

    @property
    def modified(self):
        return self.source.modified

    @property
    def last_change(self):
        return self.source.modified or self.source.date

    @cached_property
    def corrections(self):
        """[(time, note)], oldest first; each note is header text, typeset and
        sanitized as a title is, so that it reads like the body."""
        return [(time, Markup(self.sanitize.inline(typeset_text(note, self.typography))))
                for time, note in self.source.corrections]

    @property
    def embargo(self):
        return self.source.embargo

    @property
    def preview_status(self):
        """"draft", "embargo" or "scheduled" for a release that production
        withholds, which only a preview shows: with a banner, noindex."""
        return self.unpublished.reason if self.unpublished else None

    @property
    def year(self):
        return self.date.year

    @property
    def category(self):
        return self.source.header.get("category")

    @property
    def departments(self):
        """The release's department keys, the lead department first."""
        return self.source.departments

    @property
    def department(self):
        """The lead department's key."""
        return self.source.departments[0] if self.source.departments else None

    @property
    def doc_type(self):
        return self.source.doc_type

    @property
    def doc_type_label(self):
        """The kind of document, an msgid: "Press release" (보도자료), …"""
        return DOCUMENT_TYPES[self.source.doc_type]

    @property
    def contacts(self):
        """[content.header.Contact], grouped by department in their order."""
        return self.source.contacts

    @property
    def embargo_print(self):
        return self.source.embargo_print

    @property
    def distributed(self):
        return self.source.distributed

    @property
    def license(self):
        """The licenses.License of the release, or None."""
        return LICENSES.get(self.source.license)

    @property
    def number(self):
        return self.source.header.get("number")

    @property
    def contact(self):
        """The Contact line as free text, when it is not a contact table."""
        return None if self.source.contacts else self.source.header.get("contact") or None

    @cached_property
    def title(self):
        """Listings show each title many times: sanitized once."""
        return Markup(self.sanitize.inline(self.texts.title))

    @property
    def title_text(self):
        return self.texts.title_text

    @property
    def body(self):
        """Read from the cache each time: an archive's bodies do not all fit
        in memory at once, and a page or feed entry needs each only once. A
        damaged entry's body is rendered anew from the source (RenderCache).
        Whatever the cache holds, the allowlist's sanitizer has the last word."""
        return Markup(self.sanitize(self.cache.body(self.rendered_key, self.source)))

    @property
    def summary_text(self):
        return self.texts.summary_text


# How releases are filed: under their one category, and under each of their
# departments (a joint release is in every one's listing and feed).
FILED_UNDER = {"category": lambda release: (release.category,), "department": lambda release: release.departments}


def filed(releases, dimension, key):
    """Those of `releases` filed under `key` of `dimension` ("category" or
    "department"), in their order."""
    return [release for release in releases if key in FILED_UNDER[dimension](release)]


def by_year(releases):
    """[(year, [release, ...])] of `releases`, newest year first, each
    year's releases in their order: the year listings and the search
    page's year filter."""
    ordered = sorted(releases, key=lambda release: release.year, reverse=True)
    return [(year, list(items)) for year, items in groupby(ordered, key=lambda release: release.year)]


def attachment(content_path, path, label):
    full = os.path.join(content_path, path)
    return Attachment(path, label, os.path.getsize(full), pdf_pages(full) if path.lower().endswith(".pdf") else None)


def pdf_pages(path):
    """A PDF's page count, or None when the file cannot be read as one: a
    damaged PDF is still published, only without its count. What pypdf
    logs about a damaged file is dropped: Pelican's --fatal warnings would
    turn it into a failed build."""
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    # Above every level, so that pypdf's loggers log nothing at all: Pelican
    # fails on the record itself, whatever handles it.
    pypdf_log.setLevel(logging.CRITICAL + 1)
    try:
        return len(PdfReader(path).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        return None
    finally:
        pypdf_log.setLevel(level)


@dataclass
class Documents:
    published: list  # what this build publishes: in a preview, every document
    unpublished: list  # the releases not published yet, shown in a preview and held back by production


def documents(reading, content_path, settings, cache, sanitize, now):
    """The Documents of a reading.Reading without problems, each
    linked to its counterpart in the other language. Whether each release is
    published is decided once, here, at `now`."""
    published, unpublished = [], []
    for source in reading.sources:
        document = Document(source, reading.texts[source.relative_path], reading.keys[source.relative_path], cache,
                             sanitize, settings["PRESSROOM_TYPOGRIFY"])
        document.tags = [Tag(name, tag_slug(name), source.lang) for name in dict.fromkeys(tag_names(source))]
        document.attachments = [attachment(content_path, path, label) for path, label in source.attachments]
        if document.kind == "release":
            document.unpublished = why_unpublished(source, now)
        if document.unpublished:
            unpublished.append(document)
            if not settings["PRESSROOM_SHOW_UNPUBLISHED"]:
                continue
        published.append(document)
    if not settings["PRESSROOM_SHOW_UNPUBLISHED"]:
        problems = links_to_withheld(published, unpublished)
        if problems:
            raise ContentError(problems)
    by_slug = {}
    for document in published:
        by_slug.setdefault((document.kind, document.slug), []).append(document)
    for group in by_slug.values():
        for document in group:
            others = [d for d in group if d is not document]
            document.counterpart = others[0] if others else None
    return Documents(published, unpublished)
