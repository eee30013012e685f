"""Releases and bilingual pages as the templates see them.

A Document joins a checked Source (its raw header) with the content object
Pelican's reader made from it (the Markdown body as HTML, with {filename}
links resolved). Titles and summaries are kept as the writer typed them and
turned into two forms here: typographic HTML for headings, and plain text for
<title>, meta tags and feeds, which must never carry typogrify's markup.
"""

import copy
import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from bs4 import BeautifulSoup
from markupsafe import Markup
from typogrify.filters import typogrify

# Typogrify must leave code and scripts alone in either language.
TYPOGRIFY_IGNORE_TAGS = ["pre", "code", "kbd", "samp", "script", "style"]


def typeset(html_text, enabled):
    """Typographic HTML: smart quotes and dashes, caps and widow control."""
    if not enabled:
        return Markup(html_text)
    return Markup(typogrify(html_text, TYPOGRIFY_IGNORE_TAGS))


def plain_text(markup):
    """Text without tags or entities, for attributes, <title> and feeds.

    Smart quotes stay; widow control's no-break spaces become plain spaces,
    since a <title> or a feed reader wraps lines by itself."""
    return Markup(markup).striptags().replace("\xa0", " ")


def tag_slug(name):
    """A URL segment for a tag in either script: '희소 금속' -> '희소-금속'."""
    text = unicodedata.normalize("NFKC", name).lower()
    return re.sub(r"[^\w]+", "-", text).strip("-")


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

    @property
    def kind(self):
        return self.path.rsplit(".", 1)[-1].upper()

    @property
    def size_text(self):
        """Size as a press office writes it: "328 KB", "1.4 MB"."""
        if self.size < 1024 * 1024:
            return f"{max(1, round(self.size / 1024))} KB"
        return f"{self.size / (1024 * 1024):.1f} MB"


@dataclass(eq=False)
class Document:
    source: object  # sources.Source
    content: object  # the Pelican Article or Page read from it
    typogrify_enabled: bool
    asset_url: object  # path below content/ -> its URL on the site
    counterpart: "Document | None" = None
    tags: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    # In previews only: "draft", "embargo" or "scheduled" for a release that
    # production would withhold; the page shows a banner and is noindex.
    preview_status: str = None

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
        if self.kind == "release":
            return f"{self.lang}/releases/{self.slug}/"
        return f"{self.lang}/{self.slug}/"

    @property
    def date(self):
        return self.source.date

    @property
    def modified(self):
        return self.source.modified

    @property
    def last_change(self):
        return self.source.modified or self.source.date

    @property
    def corrections(self):
        return self.source.corrections

    def withheld_reason(self, now):
        """Why production must not publish this release yet, or None."""
        if self.source.status == "draft":
            return "draft"
        if self.source.embargo and self.source.embargo > now:
            return "embargo"
        if self.date and self.date > now:
            return "scheduled"
        return None

    @property
    def embargo(self):
        return self.source.embargo

    @property
    def year(self):
        return self.date.year

    @property
    def category(self):
        return self.source.header.get("category")

    @property
    def department(self):
        return self.source.header.get("department")

    @property
    def number(self):
        return self.source.header.get("number")

    @property
    def contact(self):
        return self.source.header.get("contact")

    def _typeset_text(self, key):
        # Header values are text, not HTML: escape them before typogrify reads
        # them as HTML. Quotes stay raw so smartypants can curl them.
        return typeset(html.escape(self.source.header[key], quote=False), self.typogrify_enabled)

    @cached_property
    def title(self):
        return self._typeset_text("title")

    @cached_property
    def title_text(self):
        return plain_text(self.title)

    @cached_property
    def body(self):
        html_text = self.content.content
        if "<img" in html_text:
            # Writers give image paths below content/; the page lives deeper.
            soup = BeautifulSoup(html_text, "html.parser")
            for image in soup.find_all("img"):
                image["src"] = self.asset_url(image["src"])
            html_text = str(soup)
        return typeset(html_text, self.typogrify_enabled)

    @cached_property
    def summary_text(self):
        """The `Summary:` field, or else the first paragraph or item of the body."""
        if self.source.header.get("summary"):
            return plain_text(self._typeset_text("summary"))
        for block in BeautifulSoup(self.body, "html.parser").find_all(["p", "li"]):
            block = copy.copy(block)
            for sublist in block.find_all(["ul", "ol"]):  # an item's own text, not its children's
                sublist.decompose()
            text = " ".join(block.get_text(" ").split())
            if text:
                return text
        return ""
