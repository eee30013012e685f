"""Markdown as press officers write releases: the bullet hierarchy of Korean
government documents as nested lists, numbered paragraphs that keep their
typed numbers, and captions for tables and photos.

Korean government press releases do not use Markdown lists. They structure the
body with a fixed set of bullet characters, one item per line, where the kind
of bullet (not the indentation) gives the level:

    □ 외교부는 ... 밝혔다.          level 1 (also ■)
      ○ 세부 항목 ...               level 2 (also ● ◦ ◯, and ㅇ typed for ○)
        - 더 세부 항목 ...          level 3 (also – and ·)
      ※ 참고 사항 ...               note on an open item (here the □ one)

Plain Markdown turns such a block into one paragraph with the bullets as
text, or into a code block when the writer indents it. This plugin adds a
Python-Markdown block processor that reads such blocks as a tree and emits
nested ``<ul class="press-govlist press-govlist--lN">`` lists. The bullet
characters are dropped from the text because the theme's CSS draws them again
(``list-style-type`` strings), so they stay out of copy-and-paste and screen
readers announce a real list. The ※ is kept in the text: it means "note" and
has no list semantics. A ※ note becomes ``<p class="press-govlist__note">``
inside an open item (see GovDocListProcessor for which one), or
``<p class="press-govnote">`` on its own when it opens a block.

A quote, a table or a photo between items does not end the hierarchy: the
next ○ or - item continues under the item that was open (see
GovDocListProcessor._open_lists). TypedNumberListProcessor keeps "4." after a
quote as 4, and CaptionTreeprocessor turns "Table: …" paragraphs and image
titles into <caption> and <figcaption>.

Item text stays on the element tree, so Markdown's inline syntax (emphasis,
links, code) and extensions such as smarty still apply to it.

Pelican loads plugins from PLUGIN_PATHS by module spec, so this package is
not importable by name at build time and must stay self-contained.
``register()`` adds the extension to ``MARKDOWN["extensions"]`` once Pelican
is initialised; there are no settings of its own.
"""

import re
import weakref
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockProcessor, OListProcessor
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from pelican import signals

LIST_CLASS = "press-govlist"
ITEM_CLASS = "press-govlist__item"
ITEM_NOTE_CLASS = "press-govlist__note"
STANDALONE_NOTE_CLASS = "press-govnote"

NOTE = "※"
# Every marker writers type, by level: ◦ ◯ and ㅇ are typed for ○, – (en
# dash) and · (middle dot) for -. docs/writing.md lists the same.
LEVELS = {"□": 1, "■": 1, "○": 2, "◦": 2, "◯": 2, "ㅇ": 2, "●": 2, "-": 3, "–": 3, "·": 3}
# Markers that may touch the text ("※붙임 참조"), as writers often type them.
# The others must be followed by whitespace or end the line, so "○○ 장관" (a
# redacted name), Hangul words, "-5%" and "·" inside a word stay text.
TIGHT_MARKERS = "□■●※"
SPACED_MARKERS = "".join(marker for marker in LEVELS if marker not in TIGHT_MARKERS)
# "-" opening a block is an ordinary Markdown list, unless it is indented
# under an open gov list (see GovDocListProcessor.test).
MARKDOWN_BULLET = "-"

# A marker line: optional indentation of any width (it never changes the
# level), then a marker. \s also accepts the no-break and ideographic spaces
# that word processors leave behind.
MARKER_RE = re.compile(rf"\s*(?:(?P<tight>[{TIGHT_MARKERS}])\s*|(?P<spaced>[{re.escape(SPACED_MARKERS)}])(?:\s+|$))"
                       r"(?P<text>.*)")
# Elements that may stand between the items of one hierarchy: a quote, a
# table, a figure, a paragraph or an ordinary list. An item after them still
# belongs under the item that was open before them. A heading or a rule ends
# the hierarchy.
INTERRUPTIONS = {"blockquote", "table", "p", "ol", "ul", "pre", "div", "figure", "dl"}

# "press-govlist press-govlist--l2" -> 2; tells our lists from other <ul>.
_LIST_LEVEL_BY_CLASS = {f"{LIST_CLASS} {LIST_CLASS}--l{n}": n for n in set(LEVELS.values())}


def _list_level(element):
    """Return the level of a gov-list ``<ul>``, or None for any other element."""
    if element.tag != "ul":
        return None
    return _LIST_LEVEL_BY_CLASS.get(element.get("class"))


def _entries(block):
    """Split a block into (level, indent, lines), level None for a ※ note.

    ``indent`` is the width of the line's leading whitespace. A line without
    a marker continues the previous entry, as a soft line break does in a
    Markdown paragraph.
    """
    entries = []
    for line in block.split("\n"):
        match = MARKER_RE.match(line)
        indent = len(line) - len(line.lstrip())
        if match is None:
            entries[-1][2].append(line.lstrip())
        elif match["tight"] == NOTE:
            entries.append((None, indent, [line.lstrip()]))
        else:
            entries.append((LEVELS[match["tight"] or match["spaced"]], indent, [match["text"]]))
    return entries


class GovDocListProcessor(BlockProcessor):
    """Turn a block that opens with □ ■ ○ ● ㅇ or ※ into nested gov lists.

    A block separated from a gov list by a blank line continues that list
    (the open items are found again on the tree), because writers leave
    blank lines between □ items and between a □ item and its ○ details.
    A block that opens with ※ never merges: it is a standalone note. A block
    that opens with "-" is an ordinary Markdown list.

    Indentation never sets an item's level. It only places a ※ note, the one
    line whose marker says nothing about its level: writers indent a note
    like the items it sits among, so "  ※" under "  ○" items is a note on
    the □ item that holds them. The note goes into the deepest open item
    indented less than the note, or into the deepest open item when there
    is none (as when nothing is indented).
    """

    def __init__(self, parser):
        super().__init__(parser)
        # Indentation of the marker line of every <li> made, for placing notes
        # after a blank line too. Weak keys: entries go with each document.
        self._indents = weakref.WeakKeyDictionary()

    def test(self, parent, block):
        match = MARKER_RE.match(block.split("\n", 1)[0])
        if match is None:
            return False
        if match["spaced"] == MARKDOWN_BULLET:
            # "-" is Markdown's own bullet: a block it opens is an ordinary
            # list, unless the writer indented it under an open gov list.
            return block[:1].isspace() and bool(self._find_open_lists(parent)[0])
        # An indented block under an ordinary Markdown list belongs to that
        # list; leave it to the list processors.
        if block.startswith(" " * self.tab_length):
            after_list = len(parent) > 0 and parent[-1].tag in ("ul", "ol") and _list_level(parent[-1]) is None
            return not (parent.tag == "li" or after_list)
        return True

    def run(self, parent, blocks):
        entries = _entries(blocks.pop(0))
        # Open lists, outermost first; the last <li> of each is open.
        stack = self._open_lists(parent, entries[0][0]) if entries[0][0] is not None else []
        for level, indent, lines in entries:
            if level is None and not stack:
                element = etree.SubElement(parent, "p", {"class": STANDALONE_NOTE_CLASS})
            elif level is None:
                depth = max(
                    (i for i, ul in enumerate(stack) if self._indents[ul[-1]] < indent),
                    default=len(stack) - 1,
                )
                # Lists deeper than the note's item close, so items after the
                # note start a new list below it instead of joining one above.
                del stack[depth + 1 :]
                element = etree.SubElement(stack[-1][-1], "p", {"class": ITEM_NOTE_CLASS})
            else:
                while stack and _list_level(stack[-1]) > level:
                    stack.pop()
                if not stack or _list_level(stack[-1]) < level:
                    # A skipped level (□ then -) nests the deeper list directly
                    # in the open item; no empty intermediate item is made.
                    container = stack[-1][-1] if stack else parent
                    stack.append(etree.SubElement(container, "ul", {"class": f"{LIST_CLASS} {LIST_CLASS}--l{level}"}))
                element = etree.SubElement(stack[-1], "li", {"class": f"{ITEM_CLASS} {ITEM_CLASS}--l{level}"})
                self._indents[element] = indent
            element.text = "\n".join(lines).strip()

    @staticmethod
    def _find_open_lists(parent):
        """(open gov lists, outermost first, the elements after them) when
        ``parent`` ends with a gov list, or with one followed only by
        INTERRUPTIONS; else ([], [])."""
        children = list(parent)
        end = len(children)
        while end and _list_level(children[end - 1]) is None and children[end - 1].tag in INTERRUPTIONS:
            end -= 1
        if not end or _list_level(children[end - 1]) is None:
            return [], []
        stack = [children[end - 1]]
        while len(stack[-1][-1]) and _list_level(stack[-1][-1][-1]) is not None:
            stack.append(stack[-1][-1][-1])
        return stack, children[end:]

    @classmethod
    def _open_lists(cls, parent, level):
        """The open gov lists that an item of ``level`` continues.

        When a quote, a table or the like stands between the list and the
        item, the item belongs under the deepest open item of a higher rank
        (a ○ under the open □), and so does what stands between: it moves
        into that item, and the new item starts a list after it. A □ item
        after such elements starts a new list."""
        stack, between = cls._find_open_lists(parent)
        if not between:
            return stack
        while stack and _list_level(stack[-1]) >= level:
            stack.pop()
        if stack:
            for element in between:
                parent.remove(element)
                stack[-1][-1].append(element)
        return stack


class ListAfterGovListProcessor(BlockProcessor):
    """Keep an ordinary Markdown list out of a gov list just above it.

    Python-Markdown's list processors append the items of a list block to
    whatever ``<ul>``/``<ol>`` precedes it, so "- a" after a □ block would
    become an item of the gov list. This processor builds such a list in an
    empty holder, where nothing precedes it, and moves the result into place.
    """

    def test(self, parent, block):
        return (
            len(parent) > 0
            and _list_level(parent[-1]) is not None
            and any(self.parser.blockprocessors[name].test(parent, block) for name in ("olist", "ulist"))
        )

    def run(self, parent, blocks):
        holder = etree.Element("div")
        self.parser.parseBlocks(holder, [blocks.pop(0)])
        parent.extend(holder)


class TypedNumberListProcessor(OListProcessor):
    """Ordered lists that show the numbers the writer typed.

    English releases are numbered paragraphs, and a quote, a table or a
    figure between two of them ends Markdown's list: Python-Markdown would
    number the next list from 1 again. Here a list starts at its first typed
    number (<ol start>), and an item whose typed number is not the next one
    (4. after 2.) says its own (<li value>), so the reader sees exactly the
    numbers in the file."""

    LAZY_OL = False

    def run(self, parent, blocks):
        numbers = [int(match[2][:-1]) if match[2] else None
                   for match in map(self.CHILD_RE.match, blocks[0].split("\n")) if match]
        super().run(parent, blocks)
        last = self.lastChild(parent)
        target = last if last is not None and last.tag in self.SIBLING_TAGS else parent
        if target.tag != "ol":
            return
        items = [child for child in target if child.tag == "li"]
        shown = int(target.get("start", "1"))
        for item, typed in zip(items, [None] * (len(items) - len(numbers)) + numbers):
            shown = int(item.get("value", shown))
            if typed is not None and typed != shown:
                item.set("value", str(typed))
                shown = typed
            shown += 1


# A paragraph that opens with one of these, directly above or below a table,
# is that table's caption.
CAPTION_PREFIXES = ("Table:", "표:")
FIGURE_CLASS = "press-figure"


def caption_text(paragraph):
    """The caption a paragraph writes (its text after the prefix), or None."""
    if paragraph is None or paragraph.tag != "p" or paragraph.get("class"):
        return None
    text = (paragraph.text or "").lstrip()
    for prefix in CAPTION_PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix):].lstrip()
    return None


def lone_image(paragraph):
    """The <img> that is all a paragraph holds (alone, or alone in a link), or None."""
    if paragraph.tag != "p" or (paragraph.text or "").strip() or len(paragraph) != 1 or (paragraph[0].tail or "").strip():
        return None
    child = paragraph[0]
    if child.tag == "a" and not (child.text or "").strip() and len(child) == 1 and not (child[0].tail or "").strip():
        child = child[0]
    return child if child.tag == "img" else None


class CaptionTreeprocessor(Treeprocessor):
    """Captions for tables and figures, written as press officers write them.

    - A paragraph "Table: …" or "표: …" directly above or below a table
      becomes the table's <caption> (above wins when there are both).
    - An image alone in its paragraph becomes a <figure>, and its Markdown
      title, ![alt](path "caption"), the <figcaption>. The alt text stays
      on the image: it describes the picture, the caption tells its story.

    Runs after the inline patterns, which make the images."""

    def run(self, root):
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "table":
                    self._caption_table(parent, child)
                elif lone_image(child) is not None:
                    self._make_figure(child)

    @staticmethod
    def _caption_table(parent, table):
        children = list(parent)
        index = children.index(table)
        neighbours = [children[index - 1] if index else None, children[index + 1] if index + 1 < len(children) else None]
        for paragraph in neighbours:
            text = caption_text(paragraph)
            if text is not None:
                caption = etree.Element("caption")
                caption.text = text
                caption.extend(list(paragraph))
                table.insert(0, caption)
                parent.remove(paragraph)
                return

    @staticmethod
    def _make_figure(paragraph):
        image = lone_image(paragraph)
        paragraph.tag = "figure"
        paragraph.set("class", FIGURE_CLASS)
        # Markdown keeps a \" that the writer typed inside a "…" title.
        title = (image.attrib.pop("title", None) or "").replace('\\"', '"').strip()
        if title:
            etree.SubElement(paragraph, "figcaption").text = title


class GovDocExtension(Extension):
    """Python-Markdown extension: gov-document bullets as nested lists."""

    def extendMarkdown(self, md):
        # Above ListIndentProcessor (90) and the code block (80), so an
        # indented gov block is not read as code, and above the paragraph
        # and list processors.
        md.parser.blockprocessors.register(GovDocListProcessor(md.parser), "govdoc_list", 95)
        # Above the list processors (40, 30), below the rule (50): "- - -"
        # after a gov list is still a horizontal rule.
        md.parser.blockprocessors.register(ListAfterGovListProcessor(md.parser), "govdoc_list_break", 45)
        # In place of Python-Markdown's own ordered lists, at their priority.
        md.parser.blockprocessors.register(TypedNumberListProcessor(md.parser), "olist", 40)
        # After the inline patterns (20), which make the images.
        md.treeprocessors.register(CaptionTreeprocessor(md), "govdoc_captions", 15)


def add_extension(pelican):
    """Add one GovDocExtension to Pelican's MARKDOWN["extensions"]."""
    extensions = pelican.settings["MARKDOWN"].setdefault("extensions", [])
    if not any(isinstance(extension, GovDocExtension) for extension in extensions):
        extensions.append(GovDocExtension())


def register():
    signals.initialized.connect(add_extension)
