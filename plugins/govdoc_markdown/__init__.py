"""Render the bullet hierarchy of Korean government documents as nested lists.

Korean government press releases do not use Markdown lists. They structure the
body with a fixed set of bullet characters, one item per line, where the kind
of bullet (not the indentation) gives the level:

    □ 외교부는 ... 밝혔다.          level 1 (also ■)
      ○ 세부 항목 ...               level 2 (also ●, and ㅇ typed for ○)
        - 더 세부 항목 ...          level 3
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

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from pelican import signals

LIST_CLASS = "press-govlist"
ITEM_CLASS = "press-govlist__item"
ITEM_NOTE_CLASS = "press-govlist__note"
STANDALONE_NOTE_CLASS = "press-govnote"

NOTE = "※"
LEVELS = {"□": 1, "■": 1, "○": 2, "●": 2, "ㅇ": 2, "-": 3}

# A marker line: optional indentation of any width (it never changes the
# level), then a marker. ○, ㅇ and - must be followed by whitespace or end
# the line, so "○○ 장관" (a redacted name), Hangul words and "-5%" stay text.
# □ ■ ● ※ may touch the text ("※붙임 참조"), as writers often type them.
# \s also accepts the no-break and ideographic spaces that word processors
# leave behind.
MARKER_RE = re.compile(r"\s*(?:(?P<tight>[□■●※])\s*|(?P<spaced>[○ㅇ-])(?:\s+|$))(?P<text>.*)")

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
        if match is None or match["spaced"] == "-":
            return False
        # An indented block under an ordinary Markdown list belongs to that
        # list; leave it to the list processors.
        if block.startswith(" " * self.tab_length):
            after_list = len(parent) > 0 and parent[-1].tag in ("ul", "ol") and _list_level(parent[-1]) is None
            return not (parent.tag == "li" or after_list)
        return True

    def run(self, parent, blocks):
        entries = _entries(blocks.pop(0))
        # Open lists, outermost first; the last <li> of each is open.
        stack = self._open_lists(parent) if entries[0][0] is not None else []
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
    def _open_lists(parent):
        """Return the open gov lists when ``parent`` ends with one, else []."""
        if not len(parent) or _list_level(parent[-1]) is None:
            return []
        stack = [parent[-1]]
        while len(stack[-1][-1]) and _list_level(stack[-1][-1][-1]) is not None:
            stack.append(stack[-1][-1][-1])
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


def add_extension(pelican):
    """Add one GovDocExtension to Pelican's MARKDOWN["extensions"]."""
    extensions = pelican.settings["MARKDOWN"].setdefault("extensions", [])
    if not any(isinstance(extension, GovDocExtension) for extension in extensions):
        extensions.append(GovDocExtension())


def register():
    signals.initialized.connect(add_extension)
