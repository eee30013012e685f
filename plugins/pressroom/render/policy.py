"""Which HTML a release or page body may contain: one allowlist, read twice.

A writer's file becomes HTML through Markdown, and raw HTML passes through
Markdown untouched. Whatever a browser would make of that HTML is what the
site publishes, so both readings of it here parse it as a browser does:

- `BodyCheck` (content/references.py, `make check` and every build) parses the body as
  Markdown rendered it with html5ever (markupever), the HTML5 parsing
  algorithm with scripting enabled, as browsers run it, and refuses every
  element, attribute, class and address that ELEMENTS below does not allow,
  with the writer's line and what to do instead. It also collects the images
  and links the page has, so that those are checked and copied.
- `sanitize()` runs on every body a template receives, fresh or from the
  cache: nh3 (the ammonia sanitizer, also html5ever) with the same table, so
  that a bug in the check, or a tampered cache entry, cannot publish script.

The table describes what a press release needs and nothing more: text,
headings, lists, tables, quotes, figures, images from content/, links to web,
mail and phone addresses and to other files of the site, footnotes, and
frames from PRESSROOM_EMBED_ALLOWLIST. Only elements of the HTML namespace
are allowed (no SVG or MathML), and only attributes without a namespace.

An address is read as a browser reads it (the WHATWG URL standard's first
steps): leading and trailing spaces and control characters are dropped, tabs
and newlines anywhere are removed, backslashes count as slashes, and the
scheme is what comes before the first colon. So "java&#9;script:" and
" JAVASCRIPT:" are the javascript: scheme, and "\\\\host" is another site.
"""

import re
import unicodedata
from dataclasses import dataclass, field

import markupever
import nh3
from markupever.dom import Element, Text
from govdoc_markdown import CAPTION_PREFIXES, LEVELS, NOTE

from ..content.text import (MAX_UNBROKEN, UNBROKEN_TEXT, control_characters, describe_character, is_other_host,
                             shorten, url_scheme)

HTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
# The address schemes a link may use; anything else (javascript:, data:,
# vbscript:, file:, …) is refused.
LINK_SCHEMES = ("http", "https", "mailto", "tel")
# Pelican's way of linking to another file of the site, resolved into the
# site's address by render/body.py's publish_addresses().
FILENAME_PREFIX = "{filename}"

# Classes that our own Markdown extensions and typesetting put on elements:
# the bullet hierarchy and figures (govdoc_markdown), footnotes (Markdown's
# extra), table cell alignment (render/body.py turns Markdown's
# style="text-align" into these), table regions and unbreakable runs
# (layout.py) and typogrify's spans.
GOVLIST_LEVELS = ("1", "2", "3")
CLASSES = {
    "ul": {"press-govlist", *(f"press-govlist--l{n}" for n in GOVLIST_LEVELS)},
    "li": {"press-govlist__item", *(f"press-govlist__item--l{n}" for n in GOVLIST_LEVELS)},
    "p": {"press-govlist__note", "press-govnote"},
    "div": {"footnote", "press-table"},
    "figure": {"press-figure"},
    "a": {"footnote-ref", "footnote-backref"},
    "th": {"press-table__cell--left", "press-table__cell--center", "press-table__cell--right"},
    "td": {"press-table__cell--left", "press-table__cell--center", "press-table__cell--right"},
    "span": {"caps", "amp", "dquo", "quo", "press-nowrap"},
}
# Fenced code blocks say their language: ```python gives class="language-python".
CODE_LANGUAGE_CLASS = re.compile(r"^language-[A-Za-z0-9_+#.-]{1,30}$")
# Markdown's footnotes: <sup id="fnref:1">, <li id="fn:1">, links to "#fn:1".
FOOTNOTE_ID = re.compile(r"^fn(?:ref\d*)?:[\w.:-]{1,200}$")
# Markdown's tables write column alignment as exactly this.
ALIGNMENT_STYLE = re.compile(r"^text-align: (?P<side>left|center|right);$")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
SMALL_NUMBER = re.compile(r"^[1-9][0-9]{0,3}$")

# Attributes any allowed element may have, and their kinds of value.
GLOBAL_ATTRIBUTES = {"title": "text", "lang": "language", "dir": "direction"}
TABLE_CELL = {"colspan": "number", "rowspan": "number", "style": "alignment", "class": "class"}
# Each allowed element and its own attributes (beside GLOBAL_ATTRIBUTES).
ELEMENTS = {
    "p": {"class": "class"},
    **{f"h{level}": {} for level in range(2, 7)},
    "blockquote": {"cite": "link"},
    "ul": {"class": "class"},
    "ol": {"start": "number", "reversed": "flag"},
    "li": {"class": "class", "id": "footnote-id", "value": "number"},
    "dl": {}, "dt": {}, "dd": {},
    "table": {}, "caption": {}, "thead": {}, "tbody": {}, "tfoot": {}, "tr": {},
    "th": {**TABLE_CELL, "scope": "scope"},
    "td": TABLE_CELL,
    "figure": {"class": "class"}, "figcaption": {},
    "hr": {}, "br": {}, "wbr": {},
    "pre": {}, "code": {"class": "class"}, "kbd": {}, "samp": {},
    # A table's scrolling region (layout.py): role="region", focusable
    # with tabindex="0" and named with aria-label.
    "div": {"class": "class", "role": "region", "tabindex": "tab-stop", "aria-label": "text"},
    "a": {"href": "link", "class": "class"},
    "img": {"src": "image", "alt": "text", "width": "number", "height": "number"},
    "em": {}, "strong": {}, "b": {}, "i": {}, "u": {}, "s": {}, "del": {}, "ins": {}, "mark": {}, "small": {},
    "sub": {}, "sup": {"id": "footnote-id"}, "abbr": {}, "q": {"cite": "link"}, "cite": {}, "time": {"datetime": "text"},
    "span": {"class": "class"},
    "iframe": {"src": "embed", "width": "number", "height": "number", "allowfullscreen": "flag",
               "loading": "loading"},
}

# Plain words for the elements writers most often paste, and what to do instead.
REFUSED_ELEMENTS = {
    "script": ("runs a program in the reader's browser", "remove it; the site publishes no script"),
    "noscript": ("is read differently by browsers and by checks", "remove it"),
    "style": ("restyles the page outside the site's stylesheet", "remove it; the site's design applies to every "
              "release"),
    "link": ("loads a file from elsewhere into the page", "remove it"),
    "meta": ("can send readers to another address or change how the page is read", "remove it"),
    "base": ("changes where every link of the page leads", "remove it"),
    "form": ("would send what readers type to another address", "remove it, and link to the form's own page"),
    "input": ("is part of a form, which a release cannot have", "remove it"),
    "button": ("is part of a form or a script, which a release cannot have", "remove it"),
    "textarea": ("is part of a form, which a release cannot have", "remove it"),
    "select": ("is part of a form, which a release cannot have", "remove it"),
    "object": ("runs a plug-in", "remove it; link to the file instead"),
    "embed": ("runs a plug-in", "remove it; link to the file instead"),
    "svg": ("can carry script and links that the site cannot check", "save the drawing as an image under "
            "content/images/ and show it with ![what it shows](images/…)"),
    "math": ("can carry links that the site cannot check", "write the formula as text, or as an image"),
    "h1": ("is the release's title; a body has no second one", "write ## for a heading in the body"),
    "template": ("holds markup that a script would insert", "remove it"),
    "frame": ("loads another page into this one", "remove it"),
    "frameset": ("loads other pages into this one", "remove it"),
}
GENERAL_FIX = ("remove it, or write the same with Markdown (docs/writing.md lists the HTML a release may "
               "contain)")


# Deeper than this, an element is no part of a press release, and it would
# exhaust the recursion of the tools after the check (the minifier among them).
MAX_DEPTH = 64
# An element more than MAX_DEPTH levels below <body>, for the parser's own
# selector engine (a walk up each element's ancestors in Python cost more
# than the rest of the check).
TOO_DEEP = "body" + " > *" * MAX_DEPTH


# Blocks of Unicode whose symbols writers type as bullets: arrows, general
# punctuation's bullets, mathematical operators (∙ ∘ ⊙), geometric shapes,
# miscellaneous symbols and dingbats, and the supplemental arrows; and the
# characters typed for a circle or dot (〇 ㆍ ・) and ㅁ typed for □.
BULLET_BLOCKS = ((0x2020, 0x2043), (0x2190, 0x22FF), (0x25A0, 0x27BF), (0x27F0, 0x27FF), (0x2900, 0x297F),
                 (0x2980, 0x29FF), (0x2B00, 0x2BFF))
BULLET_LOOKALIKES = "〇ㆍ・･ㅁ"
# Lead markers that go before a word inside a sentence ("참석자: ▲장관 ▲차관")
# and may open a line as well.
LEAD_MARKERS = "▲△▴"
KNOWN_MARKERS = ", ".join(f"{' '.join(m for m, level in LEVELS.items() if level == n)} (level {n})"
                         for n in sorted(set(LEVELS.values()))) + f", {NOTE} (note)"


# The line under a Markdown table's heading row: |---|:--:|, with or without
# the outer bars. Seen inside a paragraph or an item, it is a table that
# Markdown took for text.
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$|^\s*\|\s*:?-{3,}:?\s*\|\s*$")


def unknown_marker(line):
    """The bullet-like character that opens `line` (before a space), when it
    is not one of the markers govdoc_markdown knows; else None."""
    line = line.lstrip()
    if len(line) < 2 or not line[1].isspace():
        return None
    character = line[0]
    if character in LEVELS or character == NOTE or character in LEAD_MARKERS:
        return None
    if character in BULLET_LOOKALIKES or (unicodedata.category(character)[0] in "SP"
                                          and any(low <= ord(character) <= high for low, high in BULLET_BLOCKS)):
        return character
    return None


@dataclass
class Finding:
    message: str
    fix: str
    needles: tuple  # text to look for in the source to give the writer a line
    field: str = "body"


@dataclass
class BodyCheck:
    """What the writer's body, rendered by Markdown, contains and may not:
    run `check(html)`, then read `findings`, `images` ([(src, alt)]) and
    `links` (every a href, as written)."""

    embed_prefixes: tuple
    findings: list = field(default_factory=list)
    images: list = field(default_factory=list)
    links: list = field(default_factory=list)
    frames: int = 0  # allowed <iframe> elements

    def check(self, html_text):
        """Check `html_text` and return its parsed tree (see parse())."""
        tree = parse(html_text)
        for element in document_elements(tree):
            # A <body> or <html> tag inside the text gives its attributes to
            # the page's own element (onload=…): anything on them came from
            # the text.
            for key, _value in element.attrs.items():
                self._refuse(f"<{element.name.local} {key.local}=…> would change the whole page",
                             "remove the tag", f"<{element.name.local}")
        body = body_element(tree)
        count = 0
        for element in body.select("*"):  # every element, in document order, the body itself first
            count += 1
            if element.name.local != "body" or element.name.ns != HTML_NAMESPACE:
                self._element(element)
        if count > MAX_DEPTH:
            deep = body.select_one(TOO_DEEP)
            if deep is not None:
                self._refuse(f"<{deep.name.local}> is nested more than {MAX_DEPTH} elements deep",
                             "a release needs a few levels at most: remove the extra levels, or the elements "
                             "left open", f"<{deep.name.local}")
        self._layout(body)
        # Control characters as the page will have them, entities decoded,
        # in text and attribute values alike.
        published = serialize_body(body)
        self._text(published)
        # A run of text within one text node is a run in the serialized body
        # too (escaping only lengthens it): look at the text only then.
        if UNBROKEN_TEXT.search(published):
            unbroken = UNBROKEN_TEXT.search(body.text(separator=" "))
            if unbroken:
                self._refuse(f"the text has a run of more than {MAX_UNBROKEN:,} characters without a space",
                             "break it with spaces; link a long address with [words](address)", unbroken[0][:20])
        return tree

    def _layout(self, body):
        """What would come out other than the writer meant: a line opened
        by a bullet no level has (it would join the line above), a table
        without a caption, a caption next to no table."""
        for block in body.select("p, li, dd, dt"):
            own_text = "".join(node.content for node in block.children() if isinstance(node, Text))
            lines = own_text.split("\n")
            if any(TABLE_RULE.match(line) for line in lines[1:]):
                self._refuse("a table is shown as text: it follows the line above without a blank line",
                             "leave one blank line above the table (and above its 'Table:' line)",
                             next(line for line in lines if "|" in line).strip()[:20])
            for line in lines:
                character = unknown_marker(line)
                if character:
                    self._refuse(f"the line '{shorten(line.strip(), 30)}' starts with '{character}', which is not a "
                                 "marker the site knows, so it would be joined to the item above",
                                 f"start it with one of {KNOWN_MARKERS}; if the line is no item, begin it with a word",
                                 line.strip()[:20])
        for table in body.select("table"):
            if not any(child.name.local == "caption" for child in child_elements(table)):
                first = table.select_one("th, td")
                self._refuse("the table has no caption", "write a line 'Table: what the table shows' (in Korean "
                             "'표: …') directly above or below the table, with a blank line between",
                             " ".join(first.text().split())[:20] if first is not None else "", "|", "<table")
        for paragraph in body.select("p"):
            text = paragraph.text().lstrip()
            if text.startswith(CAPTION_PREFIXES) and not paragraph.attrs.get("class"):
                self._refuse(f"the caption '{shorten(text, 30)}' stands next to no table", "put it directly above "
                             "or below its table, with one blank line between, or remove it", text[:20])

    def _refuse(self, message, fix, *needles, field="body"):
        self.findings.append(Finding(message, fix, tuple(n for n in needles if n), field))

    def _text(self, text):
        for character in control_characters(text):
            self._refuse(f"the text has an invisible control character ({describe_character(character)})",
                         "delete it: such characters come with text pasted from elsewhere and break the feeds",
                         character)

    def _element(self, element):
        name = element.name.local
        if element.name.ns != HTML_NAMESPACE or name not in ELEMENTS:
            why, fix = REFUSED_ELEMENTS.get(name, ("is not one of the elements a release may contain", GENERAL_FIX))
            self._refuse(f"<{name}> {why}", fix, f"<{name}")
            return
        allowed = ELEMENTS[name]
        attributes = {}
        for key, value in element.attrs.items():
            attribute = key.local if not key.ns else f"{key.prefix or key.ns}:{key.local}"
            attributes[attribute] = value
            kind = None if key.ns else (allowed.get(attribute) or GLOBAL_ATTRIBUTES.get(attribute))
            if kind is None:
                if attribute.lower().startswith("on"):
                    self._refuse(f"the attribute {attribute}= on <{name}> runs a program in the reader's browser",
                                 "remove it; the site publishes no script", f"{attribute}=", attribute)
                else:
                    self._refuse(f"the attribute {attribute}= is not allowed on <{name}>",
                                 "remove it (docs/writing.md lists the HTML a release may contain)",
                                 f"{attribute}=", attribute)
                continue
            why = WRITER_RULES[kind](self, name, value)
            if why:
                self._refuse(why[0], why[1], value, f"{attribute}=", field="image" if kind == "image" else "body")
        if name == "img":
            self.images.append((attributes.get("src", ""), attributes.get("alt", "")))
        elif name == "a" and "href" in attributes:
            self.links.append(attributes["href"])
        elif name == "iframe":
            self.frames += 1
            if not attributes.get("title", "").strip():
                self._refuse("the <iframe> has no title", "add title=\"what it shows\" so that screen readers can "
                             "name it", "<iframe")
            if element.has_children:
                # Browsers show an iframe's content as nothing, but it is raw
                # markup that a feed reader may read otherwise.
                self._refuse("the <iframe> has something between its tags", "write <iframe …></iframe> with "
                             "nothing between them", "<iframe")

    # -- the kinds of value, as the writer gives them ---------------------------

    def _link(self, tag, value):
        if value.startswith(FILENAME_PREFIX) or value.startswith("#"):
            return None
        scheme, address = url_scheme(value)
        if scheme in LINK_SCHEMES and (scheme not in ("http", "https") or address.split(":", 1)[1].startswith("//")):
            return None
        if scheme:
            return (f"the link address '{shorten(value)}' is not a web, mail or phone address",
                    "link to https://…, mailto:… or tel:…, or to another release with {filename}/releases/…")
        return (f"the link address '{shorten(value)}' is not a full address",
                "give the full address (https://…), or link to another release with "
                "{filename}/releases/<YYYY>/<slug>.<lang>.md")

    def _image(self, tag, value):
        scheme, address = url_scheme(value)
        if re.match(r"^[A-Za-z]:[\\/]", address):
            return None  # a Windows path: content.references.asset_path_error() says it is absolute
        if scheme or is_other_host(address):
            return (f"the image '{shorten(value)}' is a web address: it would be loaded from another site",
                    "save the image under content/images/ and give its path from there, "
                    "e.g. ![Ministers at the talks](images/2023/talks.jpg)")
        return None  # content/references.py checks that the file exists inside content/

    def _embed(self, tag, value):
        if embed_allowed(value, self.embed_prefixes):
            return None
        return (f"<{tag}> from '{shorten(value)}' is not on the allow-list PRESSROOM_EMBED_ALLOWLIST",
                "remove it, or ask the web team to add the address to PRESSROOM_EMBED_ALLOWLIST in pelicanconf.py")

    def _class(self, tag, value):
        refused = [token for token in value.split() if not class_allowed(tag, token)]
        if refused:
            return (f"the class '{refused[0]}' is not one the site's stylesheet has for <{tag}>",
                    "remove the class attribute; the site styles releases itself")
        return None

    def _alignment(self, tag, value):
        if ALIGNMENT_STYLE.match(value):
            return None
        return (f"style=\"{shorten(value)}\" is not allowed", "remove it; the site's stylesheet styles every "
                "release, and a table column is aligned with :-- , :-: or --: in the Markdown table")


def class_allowed(tag, token):
    return token in CLASSES.get(tag, ()) or (tag == "code" and bool(CODE_LANGUAGE_CLASS.match(token)))


# A path segment "." or "..", written plainly or percent-encoded: a browser
# resolves it, so "https://host/embed/../x" leaves the allowed prefix.
DOT_SEGMENT = re.compile(r"(?:^|/)(?:\.|%2e){1,2}(?:[/?#]|$)", re.I)


def embed_allowed(value, prefixes):
    scheme, address = url_scheme(value)
    return (scheme == "https" and address == value and "\\" not in value and not DOT_SEGMENT.search(value)
            and any(value.startswith(prefix) for prefix in prefixes))


def _matches(pattern, message, fix):
    def rule(check, tag, value):
        return None if pattern.match(value) else (message(tag, value), fix)
    return rule


WRITER_RULES = {
    "text": lambda check, tag, value: None,
    "flag": lambda check, tag, value: None,
    "number": _matches(SMALL_NUMBER, lambda tag, value: f"'{shorten(value)}' is not a number for <{tag}>",
                       "write a whole number such as 2"),
    "scope": _matches(re.compile(r"^(?:row|col|rowgroup|colgroup)$"),
                      lambda tag, value: f"scope=\"{shorten(value)}\" is not a table scope",
                      "write scope=\"col\" for a column heading or scope=\"row\" for a row heading"),
    "language": _matches(LANGUAGE_TAG, lambda tag, value: f"lang=\"{shorten(value)}\" is not a language code",
                         "write a code such as lang=\"en\" or lang=\"ko\""),
    "direction": _matches(re.compile(r"^(?:ltr|rtl|auto)$"),
                          lambda tag, value: f"dir=\"{shorten(value)}\" is not a direction", "write ltr or rtl"),
    "region": _matches(re.compile(r"^region$"), lambda tag, value: f"role=\"{shorten(value)}\" is not allowed",
                       "remove it; the site marks table regions itself"),
    "tab-stop": _matches(re.compile(r"^0$"), lambda tag, value: f"tabindex=\"{shorten(value)}\" is not allowed",
                         "remove it; a page's reading order is the order of its text"),
    "loading": _matches(re.compile(r"^(?:lazy|eager)$"),
                        lambda tag, value: f"loading=\"{shorten(value)}\" is not allowed", "write lazy or eager"),
    "footnote-id": _matches(FOOTNOTE_ID, lambda tag, value: f"id=\"{shorten(value)}\" is not allowed",
                            "remove it; footnotes written as [^1] get their ids by themselves, and a footnote's "
                            "label has no spaces"),
    "link": BodyCheck._link,
    "image": BodyCheck._image,
    "embed": BodyCheck._embed,
    "class": BodyCheck._class,
    "alignment": BodyCheck._alignment,
}


def parse(html_text):
    """The body as a browser parses it inside a page's <body>: parsed as the
    whole page it will be part of, not as a fragment, because a fragment
    parser drops a <body onload=…> tag that a browser would give to the page."""
    return markupever.parse(f"<!DOCTYPE html><html><head></head><body>{html_text}</body></html>",
                            markupever.HtmlOptions(full_document=True))


def document_elements(tree):
    """<html>, <head> and <body>: the parser always makes exactly these."""
    return [tree.select_one("html"), tree.select_one("head"), body_element(tree)]


def child_elements(element):
    """The elements directly inside `element` (the parser's selectors have no :scope)."""
    return [child for child in element.children() if isinstance(child, Element)]


def body_element(tree):
    return tree.select_one("body")


def serialize(tree):
    """The body's content as HTML."""
    return serialize_body(body_element(tree))


def serialize_body(body):
    return body.serialize(include_self=False)


# -- the sanitizer -------------------------------------------------------------


class Sanitizer:
    """nh3 with ELEMENTS, for HTML as the site publishes it: links resolved to
    the site's own addresses (SITEURL + path), images under the site's asset
    folders, alignment as classes. Built once per settings."""

    def __init__(self, settings):
        site = settings["SITEURL"].rstrip("/")
        self.image_prefixes = tuple(f"{site}/{folder}/" for folder in settings["PRESSROOM_ASSET_DIRS"])
        self.embed_prefixes = tuple(settings["PRESSROOM_EMBED_ALLOWLIST"])
        # Frames only where the settings allow some, and never a style: the
        # alignment Markdown writes is a class by now.
        self.tags = {tag for tag in ELEMENTS if tag != "iframe" or self.embed_prefixes}
        self.attributes = {tag: set(ELEMENTS[tag]) - {"style"} for tag in self.tags}
        self.attributes["*"] = set(GLOBAL_ATTRIBUTES)

    def _filter(self, tag, attribute, value):
        kind = ELEMENTS.get(tag, {}).get(attribute) or GLOBAL_ATTRIBUTES.get(attribute)
        if kind == "class":
            kept = [token for token in value.split() if class_allowed(tag, token)]
            return " ".join(kept) or None
        if kind == "link":
            scheme, address = url_scheme(value)
            if value.startswith("#") or (scheme is None and address.startswith("/") and not is_other_host(address)):
                return value
            return value if scheme in LINK_SCHEMES else None
        if kind == "image":
            return value if value.startswith(self.image_prefixes) and not is_other_host(url_scheme(value)[1]) \
                else None
        if kind == "embed":
            return value if embed_allowed(value, self.embed_prefixes) else None
        rule = WRITER_RULES.get(kind)
        return value if rule is not None and rule(None, tag, value) is None else None

    def inline(self, html_text):
        """A title as typeset HTML: text with typogrify's spans, nothing else."""
        return nh3.clean(html_text, tags={"span"}, attributes={"span": {"class"}}, attribute_filter=self._filter,
                         url_schemes=set(), link_rel=None, strip_comments=True)

    def __call__(self, html_text):
        return nh3.clean(
            html_text, tags=self.tags, attributes=self.attributes, attribute_filter=self._filter,
            url_schemes=set(LINK_SCHEMES), link_rel=None, strip_comments=True,
        )
