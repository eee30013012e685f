"""What the theme needs on a checked body's tree before it is published.

The body a writer's Markdown (or raw HTML) becomes is right in content but
not yet in form. `lay_out()` adds, on the parsed tree, in both languages:

- a scrolling region around every table (focusable and named after the
  caption, so that keyboard users can scroll it and screen readers name it),
  and scope on header cells;
- the width and height of every image, read from the file, so that the page
  does not jump while images load (the cache re-checks them, body.py);
- spans that keep together what Korean and English readers never see split
  across lines: release numbers, dates and times, phone numbers, and a lead
  marker such as ▲ with the word after it;
- a no-break space before the last word of a list item that holds a
  nested list, where typogrify's widow control does not reach;
- footnote back-links titled in the page's language.

Everything added here is on policy.py's list, which the sanitizer applies
to the published body.
"""

import re

from markupever.dom import Element, Ordering, Text

from ..content import images
from .policy import child_elements

TABLE_CLASS = "press-table"
# What an item's own text can be followed by inside the item.
BLOCKS = {"ul", "ol", "div", "blockquote", "p", "table", "figure", "pre", "dl"}
NOWRAP_CLASS = "press-nowrap"

# Text inside these is shown as typed (code) or is a control's own label.
VERBATIM = {"pre", "code", "kbd", "samp", "script", "style"}

# Markers written before a word in running text ("참석자: ▲장관 ▲차관"),
# which stay with that word.
BOUND_MARKERS = "▲△▴▶▷►◆◇●◎•☞➢➤"
WEEKDAY = r"\((?:[월화수목금토일]|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?\)"
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
CLOCK = r"\d{1,2}:\d{2}(?:\s?[~–-]\s?\d{1,2}:\d{2})?"
# What never breaks inside, in the order tried at each position: the longest
# readings first.
KEEP_TOGETHER = re.compile("|".join([
    r"제\s?\d{1,4}-\d{1,5}\s?호",  # release number: 제26-0912호
    r"(?:\+\d{1,3}[-\s])?\(?\d{1,3}\)?[-.]\d{3,4}[-.]\d{4}",  # phone: 02-2100-7136, +82-2-2100-7136
    rf"(?:\d{{4}}\.\s?)?\d{{1,2}}\.\s?\d{{1,2}}\.(?:\s?{WEEKDAY})?(?:\s{CLOCK})?",  # 2024.9.10.(화) 15:30
    rf"(?:\d{{4}}년\s?)?\d{{1,2}}월\s?\d{{1,2}}일(?:\s?{WEEKDAY})?(?:\s{CLOCK})?",  # 9월 10일(화)
    rf"\d{{4}}-\d{{2}}-\d{{2}}(?:\s{CLOCK})?",  # 2024-09-10
    rf"{MONTH}\s\d{{1,2}}(?:,\s\d{{4}})?(?:\s?{WEEKDAY})?(?:\s{CLOCK})?",  # September 10, 2024 (Tue.)
    rf"\d{{1,2}}\s{MONTH}(?:\s\d{{4}})?",  # 10 September 2024
    r"(?:오전|오후)\s?\d{1,2}시(?:\s?\d{1,2}분)?",  # 오후 3시 30분
    CLOCK,  # 15:30~17:00
    r"\d{2}-\d{3,4}(?!\d)",  # release number without 제…호: 26-0912
    # ▲ and the word after it; no more than a word's length, or the run
    # would be wider than a phone's screen.
    rf"[{BOUND_MARKERS}]\s?[^\s{BOUND_MARKERS}]{{1,10}}",
]))


# Every KEEP_TOGETHER run starts with one of these: a text without any
# needs no closer look (most of a release's text nodes).
KEEP_TOGETHER_START = re.compile(rf"[0-9제+(JFMASOND{BOUND_MARKERS}]|오[전후]")


def lay_out(body, settings, gettext):
    """Add to `body` (a parsed, checked body) what the theme needs;
    return the images' sizes as ((src as written, width, height), …), with
    None for a file that cannot be read as an image (content.references.check_references
    reports it). `gettext` translates the theme's strings into the body's language."""
    for table in body.select("table"):
        _region(table, gettext)
    sizes = []
    for image in body.select("img[src]"):
        written = image.attrs["src"]
        size = images.size(settings, written)
        sizes.append((written, *(size or (None, None))))
        if size:
            image.attrs["width"], image.attrs["height"] = (str(value) for value in size)
    for link in body.select("a.footnote-backref"):
        number = link.attrs.get("href", "").rpartition(":")[2]
        link.attrs["title"] = gettext("Back to footnote %(number)s in the text", number=number)
    for item in body.select("li"):
        _bind_last_word(item)
    _keep_text_together(body)
    return tuple(sizes)


def _keep_text_together(element):
    """_keep_together() on every text inside `element` but verbatim text."""
    for child in list(element.children()):
        if isinstance(child, Text):
            if KEEP_TOGETHER_START.search(child.content):
                _keep_together(child)
        elif isinstance(child, Element) and child.name.local not in VERBATIM:
            _keep_text_together(child)


def _region(table, gettext):
    """Wrap `table` in a region that scrolls sideways on its own, named after
    its caption, and give its header cells their scope."""
    caption = table.select_one("caption")
    name = " ".join(caption.text().split()) if caption is not None else ""
    region = table.create_element("div", {"class": TABLE_CLASS, "role": "region", "tabindex": "0",
                                          "aria-label": name or gettext("Table")}, ordering=Ordering.BEFORE)
    region.attach(table)
    for cell in table.select("th:not([scope])"):
        row = cell.parent
        in_head = row.parent is not None and row.parent.name.local == "thead"
        cell.attrs["scope"] = "col" if in_head or all(c.name.local == "th" for c in child_elements(row)) \
            else "row"


def _bind_last_word(item):
    """In an item that holds a nested list (or a table, a quote moved into
    it), join its own last two words with
    a no-break space, so its text never ends with a word alone on a line."""
    nested = next((child for child in child_elements(item) if child.name.local in BLOCKS), None)
    if nested is None:
        return
    before = nested.prev_sibling
    if isinstance(before, Text):
        text = before.content.rstrip()
        head, space, last = text.rpartition(" ")
        if space and head.strip() and last:
            before.content = f"{head}\xa0{last}" + before.content[len(text):]


def _keep_together(text):
    """Split `text` so that each KEEP_TOGETHER run is in a no-wrap span."""
    content = text.content
    matches = [m for m in KEEP_TOGETHER.finditer(content) if any(c.isspace() or c in "-~–." for c in m[0])
               or m[0][0] in BOUND_MARKERS]
    if not matches:
        return
    parent = text.parent
    position = 0
    for match in matches:
        if match.start() > position:
            _insert_text(text, content[position:match.start()])
        span = parent.create_element("span", {"class": NOWRAP_CLASS})
        span.create_text(match[0])
        text.attach(span, ordering=Ordering.BEFORE)
        position = match.end()
    text.content = content[position:]
    if not text.content:
        text.detach()


def _insert_text(anchor, value):
    """Put a text node holding `value` just before `anchor`."""
    holder = anchor.parent.create_element("span")
    node = holder.create_text(value)
    anchor.attach(node, ordering=Ordering.BEFORE)
    holder.detach()
