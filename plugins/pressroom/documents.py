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


@dataclass(eq=False)
class Document:
    source: object  # sources.Source
    content: object  # the Pelican Article or Page read from it
    typogrify_enabled: bool
    counterpart: "Document | None" = None
    tags: list = field(default_factory=list)

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
        return getattr(self.content, "date", None)

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

    @cached_property
    def title(self):
        # The header value is text, not HTML: escape it before typogrify reads
        # it as HTML. Quotes stay raw so smartypants can curl them.
        return typeset(html.escape(self.source.header["title"], quote=False), self.typogrify_enabled)

    @cached_property
    def title_text(self):
        return plain_text(self.title)

    @cached_property
    def body(self):
        return typeset(self.content.content, self.typogrify_enabled)

    @cached_property
    def summary_text(self):
        """The `Summary:` field, or else the first paragraph or item of the body."""
        if "summary" in self.content.metadata:
            return plain_text(typeset(self.content.metadata["summary"], self.typogrify_enabled))
        for block in BeautifulSoup(self.body, "html.parser").find_all(["p", "li"]):
            block = copy.copy(block)
            for sublist in block.find_all(["ul", "ol"]):  # an item's own text, not its children's
                sublist.decompose()
            text = " ".join(block.get_text(" ").split())
            if text:
                return text
        return ""
