"""An old page's body, converted to the writers' Markdown (docs/writing.md).

markdownify does the conversion; BodyConverter teaches it the writers'
format: text is escaped so that nothing the old page says as text becomes
markup; only the constructs below are written, every other element giving
its text alone; elements no reader sees as text (script, forms, what the
page hid) give nothing, and embedded objects (video, iframes) a note:

- paragraphs, line breaks, headings (from ## down, as # is the title),
  quotes, lists, emphasis, <sub> and <sup>;
- the □ ○ - ※ hierarchy one item a line, with its markers and the
  indentation the guide shows (lay_out_hierarchy, after markdownify);
- numbered paragraphs as the old page typed them ("1. …");
- tables as Markdown tables with a "Table:"/"표:" caption, or, when cells
  are merged, as an HTML table the allowlist accepts;
- images and links to saved files as the files the import copies
  (files.ImportContext names the copies), links to other saved releases as
  {filename} links, once their slugs are known (PAGE_LINK tokens).

Whatever could not be kept (an image without its file, a link to a page
that was not saved) is a note in the import's report.
"""

import html
import re
import unicodedata
from dataclasses import dataclass, field

from bs4 import CData, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag
from markdownify import MarkdownConverter, abstract_inline_conversion

from govdoc_markdown import LEVELS, MARKER_RE, NOTE

from ..content.text import CONTROL_CHARACTER, shorten, url_scheme
from ..render.policy import unknown_marker

# Nodes of a parsed page that are no text (bs4 has them as strings).
NOT_TEXT = (Comment, CData, Declaration, Doctype, ProcessingInstruction)
# Elements whose content no reader of the old page saw as the release's text.
NOT_CONTENT = {"script", "style", "noscript", "template", "button", "input", "select", "option", "textarea",
               "label", "head", "title", "meta", "link", "base", "map", "area", "dialog", "nav"}
# Elements readers saw that the writers' format cannot hold (docs/writing.md,
# section 11): left out, each with a note, so that a person can put back
# what mattered (a video as a link, a chart as an image).
EMBEDDED = {"iframe", "object", "embed", "applet", "audio", "video", "canvas", "svg", "math"}
# Inline styles that hide an element from every reader: what an old site
# hid (often links a compromised site was made to carry) is not its text.
HIDING_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)",
                          re.IGNORECASE)
# Deeper than this, a body's elements are no document's structure, and
# converting them would take more stack than Python has.
MAX_DEPTH = 100
# Spaces word processors and old editors leave, read as plain spaces.
SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Characters no reader sees, dropped from the text.
INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Marks a link to another saved page until its release's path is known.
PAGE_LINK = re.compile(r"\[(?P<text>(?:\\.|[^\]\\])*)\]\(\x00(?P<page>[^\x00]*)\x00\)")
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
# What an image with no description is described as, for its notes.
GENERIC_ALT = {"ko": "보도자료 사진", "en": "Photo from the release"}
TABLE_PREFIX = {"ko": "표", "en": "Table"}
# Descriptions that describe nothing (KWCAG asks what the image shows).
UNINFORMATIVE_ALT = re.compile(r"^(?:사진|이미지|그림|photo|image|picture|img|\S+\.(?:jpe?g|png|gif|webp|bmp))\s*\d*$",
                               re.IGNORECASE)
# How an old board marks the caption under a photo.
PHOTO_CAPTION_MARK = "▲"
# A grid of photos is laid out in a table whose cells hold a photo and at
# most a caption of this many characters.
MAX_PHOTO_CAPTION = 200
# Elements that start a new line inside a table cell.
CELL_BLOCKS = {"p", "div", "ul", "ol", "li", "table", "tr", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "dl"}


@dataclass
class Conversion:
    markdown: str
    notes: list = field(default_factory=list)
    copies: list = field(default_factory=list)  # [files.Copied] the body names


def clean_text(text):
    """Text as the import writes it: no control or invisible characters,
    every kind of space a space, in Unicode's composed form."""
    text = CONTROL_CHARACTER.sub("", INVISIBLE.sub("", SPACES.sub(" ", text)))
    return unicodedata.normalize("NFC", text)


def one_line(text):
    """Text as one line of the header or of a caption: clean_text(), every
    run of whitespace one space."""
    return " ".join(clean_text(text).split())


def escape_markdown(text):
    """Text that Markdown gives back as the same text: no emphasis, code,
    link, HTML or character reference can start in it."""
    text = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;")
    return re.sub(r"([*_`\[\]])", r"\\\1", text)


def convert(body, page, context):
    """The Markdown of `body` (a bs4 element) of `page` (extract.ReleasePage).
    `context` (files.ImportContext) copies the files it names and knows the
    saved release pages."""
    depth = _depth(body)
    if depth > MAX_DEPTH:
        raise BodyTooDeep(f"the body's elements are nested {depth} deep (at most {MAX_DEPTH} can be converted)")
    for node in body.find_all(string=True):
        if isinstance(node, NOT_TEXT):
            # Comments (Word's <!--[if gte mso 9]>…, editors' notes) and
            # declarations: never text a reader saw.
            node.extract()
        else:
            node.replace_with(NavigableString(clean_text(str(node))))
    notes = []
    hidden = [element for element in body.find_all(True) if _hidden(element)]
    for element in hidden:
        if element.parent is not None and not element.decomposed:
            shown = _shown(element)
            links = [anchor.get("href", "") for anchor in element.find_all("a")]
            notes.append(f"an element hidden from readers ({shown or 'no text'}"
                         + (f"; links to {', '.join(link[:60] for link in links[:3])}" if links else "")
                         + ") was left out")
            element.decompose()
    for element in body.find_all(EMBEDDED):
        if not element.decomposed:
            address = element.get("src") or element.get("data") or ""
            notes.append(f"an embedded <{element.name}>{f' ({address[:80]})' if address else ''} was left out: the "
                         f"site does not show it; link to it or show a picture instead")
            element.decompose()
    for element in body.find_all(NOT_CONTENT):
        element.decompose()
    converter = BodyConverter(page=page, context=context, captions=_caption_photos(body))
    converter.notes += notes
    markdown = converter.convert_soup(body)
    markdown = lay_out_hierarchy(markdown, converter.notes)
    return Conversion(markdown=markdown.strip() + "\n", notes=converter.notes, copies=converter.copies)


def _caption_photos(body):
    """{id of an <img>: its caption} from the line the old board put under
    a photo: a paragraph that opens with ▲ right after a paragraph holding
    only the photo, or the line after the photo's line break in the same
    paragraph (or cell of a grid of photos), up to the next line break or
    photo. The caption's nodes leave the body; convert_img writes them
    back as text if the photo was not saved."""
    captions = {}
    for image in body.find_all("img"):
        paragraph = image.find_parent(["p", "td", "th"])
        if paragraph is None or image.parent is not paragraph or image.find_parent("figure") is not None:
            continue
        before = []  # what stands before the photo on its line
        for node in image.previous_siblings:
            if getattr(node, "name", None) == "br":
                break
            if not _blank(node):
                before.append(node)
        line = []
        for node in image.next_siblings:
            if getattr(node, "name", None) == "br" and line:
                break
            if getattr(node, "name", None) == "img" or isinstance(node, Tag) and node.find("img") is not None:
                break
            if not _blank(node):
                line.append(node)
        text = " ".join(" ".join(str(node) if isinstance(node, NavigableString) else node.get_text(" ")
                                 for node in line).split())
        if not before and text.startswith(PHOTO_CAPTION_MARK):
            captions[id(image)] = text
            for node in line:
                node.extract()
            continue
        rest = [node for node in image.next_siblings if not _blank(node)]
        others = [node for node in image.previous_siblings if not _blank(node)]
        following = paragraph.find_next_sibling()
        if (not others and not rest and paragraph.name == "p" and following is not None and following.name == "p"
                and following.get_text(" ").strip().startswith(PHOTO_CAPTION_MARK) and following.find("img") is None):
            captions[id(image)] = " ".join(following.get_text(" ").split())
            following.decompose()
    return captions


def _blank(node):
    """Whitespace, or a line break, between the parts of a paragraph."""
    return isinstance(node, NavigableString) and not node.strip() or getattr(node, "name", None) == "br"


def _link(text, destination):
    """A Markdown link, one a line when its text spans line breaks (each
    line may become an item of its own)."""
    return "\n".join(f"[{line.strip()}]({destination})" + line[len(line.rstrip()):] if line.strip() else line
                     for line in text.split("\n"))


def _line_by_line(conversion):
    """A markdownify inline conversion applied to each line of its text."""
    def convert(self, el, text, parent_tags):
        if "\n" not in text.strip():
            return conversion(self, el, text, parent_tags)
        return "\n".join(conversion(self, el, line, parent_tags) if line.strip() else line
                         for line in text.split("\n"))
    return convert


class BodyTooDeep(Exception):
    """A body nested too deeply to convert."""


def _depth(root):
    """How deeply elements nest below `root`, counted without recursion."""
    deepest, stack = 0, [(root, 0)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack += [(child, depth + 1) for child in element.children if isinstance(child, Tag)]
    return deepest


def _hidden(element):
    """Whether the old page hid `element` from every reader."""
    return (element.has_attr("hidden") or str(element.get("aria-hidden", "")).strip().lower() == "true"
            or bool(HIDING_STYLE.search(str(element.get("style", "")))))


class BodyConverter(MarkdownConverter):
    def __init__(self, page, context, captions):
        # "*" for the old page's lists: "-" is the writers' level-3 marker.
        super().__init__(heading_style="atx", bullets="*", escape_asterisks=False, escape_underscores=False,
                         escape_misc=False, strong_em_symbol="*", sub_symbol="<sub>", sup_symbol="<sup>",
                         newline_style="spaces", autolinks=False)
        self.page = page
        self.context = context
        self.notes = []
        self.copies = []
        self.tables = 0
        self.images = 0
        self.captioned = set()  # the <figure>s whose image carries their caption
        self.captions = captions  # id(<img>) -> the ▲ caption under it (_caption_photos)
        headings = [int(element.name[1]) for element in page.body.find_all(re.compile(r"^h[1-6]$"))]
        self.top_heading = min(headings, default=2)

    def escape(self, text, parent_tags):
        text = escape_markdown(text)
        if "td" in parent_tags:
            return text  # a cell's text is one line of a row; _cell_inline escapes its '|'
        # At the start of a line, these would open a heading, a quote, a
        # list or a rule, or underline the line above as a heading.
        text = re.sub(r"^(\s*)([#>+|])", r"\1\\\2", text)
        # '=' and '~' (which opens a fence) are no characters Markdown
        # escapes: a reference to each is.
        text = re.sub(r"^(\s*)=", r"\1&#61;", text)
        return re.sub(r"^(\s*)~", r"\1&#126;", text) if text else ""

    def process_text(self, el, parent_tags=None):
        text = super().process_text(el, parent_tags)
        previous = el.previous_sibling
        if isinstance(previous, Tag) and previous.name == "br":
            text = text.lstrip(" ")
        return text

    def convert_hN(self, n, el, text, parent_tags):
        heading = " ".join(text.split())
        if not heading or heading == escape_markdown(self.page.title):
            return ""
        level = min(6, max(2, n - self.top_heading + 2))
        if "_inline" in parent_tags:
            return heading
        return f"\n\n{'#' * level} {heading}\n\n"

    def convert_a(self, el, text, parent_tags):
        text = text.strip()
        href = el.get("href", "")
        if not text:
            return ""
        scheme, address = url_scheme(href)
        saved = self.context.resolve(self.page, href)
        if saved is not None:
            if self.context.is_release_page(saved):
                return _link(text, f"\x00{saved}\x00")
            copied = self.context.copy_file(self.page, saved, link_text=el.get_text(" "))
            if copied is not None:
                self.copies.append(copied)
                return _link(text, f"{{filename}}/{copied.path}")
            self.notes.append(f"the link '{_shown(el)}' leads to {saved}, which is not a file a release may "
                              f"attach; kept as text")
            return text
        if scheme in ("http", "https") and not self.context.is_old_site(href):
            return _link(text, _destination(address))
        if scheme in ("mailto", "tel"):
            return _link(text, _destination(address))
        if scheme and scheme not in LINK_SCHEMES:
            self.notes.append(f"the link '{_shown(el)}' is a '{scheme}:' address, not a web, e-mail or phone "
                              f"address; kept as text")
        elif href and not href.startswith("#"):
            self.notes.append(f"the link '{_shown(el)}' ({href[:80]}) leads to nothing that was saved; kept as text")
        return text

    def convert_img(self, el, text, parent_tags):
        self.images += 1
        source = el.get("src", "")
        saved = self.context.resolve(self.page, source)
        copied = self.context.copy_image(self.page, saved) if saved else None
        if copied is None:
            self.notes.append(f"image {self.images} ({source[:80]}) was not saved beside the page, or is not a "
                              f"JPEG, PNG, GIF or WebP picture; left out")
            # Its caption, taken from the line under it, stays as that line.
            return f"\n\n{escape_markdown(self.captions[id(el)])}\n\n" if id(el) in self.captions else ""
        self.copies.append(copied)
        alt = one_line(el.get("alt", ""))
        caption = ""
        figure = el.find_parent("figure")
        if figure is not None and figure.find("figcaption") is not None:
            caption = one_line(figure.find("figcaption").get_text(" "))
        caption = caption or self.captions.get(id(el), "")
        if not alt:
            alt = one_line(el.get("title", ""))
        if not alt:
            alt = GENERIC_ALT[self.page.lang]
            self.notes.append(f"image {self.images} ({copied.path}) has no description (alt text); it was given "
                              f"'{alt}': write what it shows")
        elif UNINFORMATIVE_ALT.match(alt):
            self.notes.append(f"image {self.images} ({copied.path}) is described only as '{alt}': write what it "
                              f"shows")
        if caption and figure is not None:
            self.captioned.add(id(figure))
        title = f' "{_curly_quotes(caption)}"' if caption else ""
        image = f"![{escape_markdown(alt)}]({copied.path}{title})"
        if "_inline" in parent_tags or el.find_parent(["p", "li", "td", "th", "a"]) is not None and not figure:
            return image
        return f"\n\n{image}\n\n"

    def convert_li(self, el, text, parent_tags):
        # An item that types its own marker (□ ○ - ※) or number ("1.") is
        # a line of the hierarchy or a numbered paragraph, not a list item
        # with a second bullet.
        stripped = text.strip()
        if MARKER_RE.match(stripped) and not stripped.startswith("\\") or re.match(r"^\d+\.\s", stripped):
            return f"\n{stripped}\n" if el.find_parent("li") is None else f"\n{stripped}"
        if not stripped:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = int(parent["start"]) if _whole_number(parent.get("start", "")) else 1
            bullet = f"{start + len(el.find_previous_siblings('li'))}."
        else:
            bullet = "*"
        # Python-Markdown nests what is indented four spaces under an item.
        lines = stripped.split("\n")
        body = "\n".join([lines[0]] + [f"    {line}" if line.strip() else "" for line in lines[1:]])
        # Numbered items are paragraphs, a blank line apart, as writers
        # write numbered paragraphs (docs/writing.md, section 9).
        return f"{bullet} {body}\n" + ("\n" if bullet != "*" else "")

    def convert_list(self, el, text, parent_tags):
        converted = super().convert_list(el, text, parent_tags)
        previous = el.find_previous_sibling()
        if previous is not None and previous.name in ("ol", "ul") and previous.name != el.name \
                and not {"li", "pre"} & parent_tags:
            # Markdown would make this list more items of the one before it:
            # a comment (never published) ends that one.
            return "\n\n<!-- -->\n\n" + converted.lstrip("\n")
        return converted

    convert_ol = convert_ul = convert_list

    def convert_pre(self, el, text, parent_tags):
        # A fence longer than any run of backticks in the code, so that the
        # code cannot close it and go on as Markdown.
        if not text.strip("\n"):
            return ""
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
        return f"\n\n{fence}\n{text.strip(chr(10))}\n{fence}\n\n"

    # Python-Markdown has no ~~strikethrough~~; the allowlist has <del>.
    convert_del = convert_s = convert_strike = _line_by_line(abstract_inline_conversion(lambda self: "<del>"))
    # Emphasis around a line break ("<b>□ 주요 내용<br>○ 세부</b>") is
    # emphasis on each line: each line may become an item of its own.
    convert_b = convert_strong = _line_by_line(MarkdownConverter.convert_b)
    convert_em = convert_i = _line_by_line(MarkdownConverter.convert_em)

    def convert_figure(self, el, text, parent_tags):
        return f"\n\n{text.strip()}\n\n" if text.strip() else ""

    def convert_figcaption(self, el, text, parent_tags):
        # The caption is the image's title (convert_img); alone (its image
        # was not saved, say), a paragraph.
        return "" if id(el.find_parent("figure")) in self.captioned else f"\n\n{text.strip()}\n\n"

    def process_tag(self, node, parent_tags=None):
        # A table is converted from its cells (convert_table), not from the
        # text markdownify would make of its children first.
        if node.name == "table":
            return self.convert_table(node, "", parent_tags or set())
        return super().process_tag(node, parent_tags)

    def convert_table(self, el, text, parent_tags):
        rows = _rows(el)
        cells = [cell for row in rows for cell in row]
        filled = [cell for cell in cells if cell.get_text(strip=True) or cell.find("img") is not None]
        if len(filled) <= 1 or all(cell.find("img") is not None and len(cell.get_text(strip=True)) <= MAX_PHOTO_CAPTION
                                   for cell in filled):
            # A table that lays out the page (one cell with content, beside
            # spacer cells) or a grid of photos: its content is the content,
            # after its caption.
            caption = el.find("caption")
            heading = (f"\n\n{escape_markdown(one_line(caption.get_text(' ')))}\n\n"
                       if caption is not None and caption.get_text(strip=True) else "")
            return heading + "".join(f"\n\n{self._cell_blocks(cell)}\n\n" for cell in filled)
        self.tables += 1
        caption = el.find("caption")
        caption_text = one_line(caption.get_text(" ")) if caption is not None else ""
        caption_text = caption_text or one_line(el.get("summary", "") or el.get("title", ""))
        if not caption_text:
            caption_text = f"{TABLE_PREFIX[self.page.lang]} {self.tables}"
            self.notes.append(f"table {self.tables} has no caption; it was given '{caption_text}': write what "
                              f"the table shows")
        merged = any(_span(cell, "colspan") > 1 or _span(cell, "rowspan") > 1 for cell in cells)
        if merged or el.find("table") is not None:
            return "\n\n" + self._html_table(rows, caption_text) + "\n\n"
        width = max(len(row) for row in rows)
        lines = [f"{TABLE_PREFIX[self.page.lang]}: {escape_markdown(caption_text)}", ""]
        for index, row in enumerate(rows):
            texts = [self._cell_inline(cell) for cell in row] + [""] * (width - len(row))
            lines.append("| " + " | ".join(texts) + " |")
            if index == 0:
                lines.append("|" + "---|" * width)
        return "\n\n" + "\n".join(lines) + "\n\n"

    def _cell_inline(self, cell):
        """A cell's content on one line, its paragraphs and line breaks
        joined by <br> (HWP puts every line of a cell in a <p>)."""
        parts, inline = [], []
        for child in cell.children:
            if isinstance(child, Tag) and child.name in CELL_BLOCKS:
                parts += ["".join(inline), self._children(child, {"_inline", "td"})]
                inline = []
            else:
                inline.append(self.process_element(child, parent_tags={"_inline", "td"}))
        parts.append("".join(inline))
        lines = [line.strip() for part in parts for line in part.replace("  \n", "\n").split("\n") if line.strip()]
        return "<br>".join(line.replace("|", "\\|") for line in lines)

    def _cell_blocks(self, cell):
        return self._children(cell, set()).strip()

    def _children(self, element, parent_tags):
        """The Markdown of an element's content, without the element's own
        conversion (a cell's ' |')."""
        return "".join(self.process_element(child, parent_tags=parent_tags | {element.name})
                       for child in element.children)

    def _html_table(self, rows, caption_text):
        """A table with merged cells, as HTML (Markdown has no merged cells):
        text only in its cells (what else was in them is noted), a heading
        cell's scope from its row: a row of headings heads columns."""
        lines = ["<table>", f"<caption>{html.escape(caption_text, quote=False)}</caption>"]
        for index, row in enumerate(rows):
            cells = []
            heading_row = index == 0 or all(cell.name == "th" for cell in row)
            for cell in row:
                tag = "th" if cell.name == "th" or index == 0 else "td"
                attributes = ""
                if tag == "th":
                    attributes += f' scope="{"col" if heading_row else "row"}"'
                lost = [name for name, found in (("an image", cell.find("img")), ("a link", cell.find("a", href=True)))
                        if found is not None]
                if lost:
                    self.notes.append(f"table {self.tables} has merged cells, so it was written as HTML with text "
                                      f"only: {' and '.join(lost)} in the cell '{_shown(cell)[:40]}' became text")
                for name in ("colspan", "rowspan"):
                    if _span(cell, name) > 1:
                        attributes += f' {name}="{_span(cell, name)}"'
                text = "<br>".join(html.escape(one_line(part), quote=False)
                                   for part in _cell_lines(cell) if part.strip())
                cells.append(f"<{tag}{attributes}>{text}</{tag}>")
            lines.append("<tr>" + "".join(cells) + "</tr>")
        lines.append("</table>")
        return "\n".join(lines)


def _rows(table):
    """The rows of `table`, not of a table inside it, each a list of cells."""
    rows = []
    for row in table.find_all("tr"):
        if row.find_parent("table") is table:
            rows.append([cell for cell in row.find_all(["td", "th"], recursive=False)])
    return [row for row in rows if row]


def _span(cell, name):
    value = str(cell.get(name, "1")).strip()
    return min(int(value), 100) if _whole_number(value) and int(value) > 0 else 1


def _whole_number(value):
    """ASCII digits only ("²" is a digit to str.isdigit, not to int())."""
    value = str(value).strip()
    return value.isascii() and value.isdecimal() and len(value) <= 6


def _cell_lines(cell):
    """A cell's text, a line for each of its paragraphs, line breaks and
    the cells of a table inside it."""
    lines, current = [], []
    for node in cell.descendants:
        if isinstance(node, NavigableString):
            current.append(str(node))
        elif node.name in ("br", "p", "div", "li", "tr", "td", "th") and current:
            lines.append("".join(current))
            current = []
    if current:
        lines.append("".join(current))
    return lines


def _curly_quotes(text):
    """A caption's straight quotes as typographic ones, as typogrify would
    set them: a straight one would end the image's title (Markdown reads
    either kind there, and `\\"` escapes neither)."""
    parts = text.split('"')
    text = "".join(part + ("“" if index % 2 == 0 else "”") for index, part in enumerate(parts[:-1])) + parts[-1]
    # An apostrophe opens a quote after a space or a bracket, else closes one.
    return re.sub(r"(?:(?<=^)|(?<=[\s(\[{“]))'", "‘", text).replace("'", "’")


def _shown(element):
    """An element's text, shortened, for a note."""
    return shorten(element.get_text(" "), 60)


def _destination(address):
    """An address as a Markdown link destination: no space or bracket in it."""
    return re.sub(r"[\s()<>]", lambda match: f"%{ord(match[0]):02X}", address)


# A short numbered or lettered line that heads the □ ○ items below it, as
# 설명자료 number their parts ("1. 추진 배경", "가. 예방 체계"): a heading,
# which ends the hierarchy above it (govdoc_markdown moves a paragraph into
# the open item instead).
SECTION_LINE = re.compile(r"^(?:(?P<number>\d{1,2})|(?P<letter>[가-하]))\.\s+\S.{0,38}$")
# The line that ends a Korean release: "- 끝 -".
END_LINE = re.compile(r"^-\s*(?:끝|End|END)\.?\s*-$")
# Lines of dashes alone ("-", "---", "- - -"): an empty item or a rule in
# Markdown, text on the old page.
DASH_LINE = re.compile(r"^-[\s-]*$")
# "2019. was a record year": a year, not a paragraph's number.
YEAR_DOT = re.compile(r"^(\d{4,})\.(\s)")
# A marker or a paragraph number inside the emphasis the old page gave it:
# "**□ 주요 내용**", "**□** 외교부는", "**1.** The Ministry".
EMPHASISED_MARKER = re.compile(r"^(?P<emphasis>\*\*?)(?:(?P<marker>[□■●※])(?P<space>\s*)|"
                               r"(?P<spaced>[○◦◯ㅇ]|\d{1,3}\.)(?P<after>\s+|(?=\*)))(?P<rest>.*)$")
# Bullets the writers' format does not have (render/policy.py refuses them
# at the start of a line), as the writers' markers: those typed for one of
# them, and ☞ ("see") as a note; any other takes the level below the item
# it follows.
BULLET_EQUIVALENTS = {"ㅁ": "□", "〇": "○", "ㆍ": "·", "・": "·", "･": "·", "☞": "※"}


def lay_out_hierarchy(markdown, notes=None):
    """The □ ○ - ※ items of the converted text, one a line, as the guide
    writes them: a blank line before each □ group, none inside it, ○ under
    □ indented two spaces, - four, a ※ note indented under the item it
    follows. A line without a marker right after an item (a line break in
    the old page) joins that item: each item is one line. Bullets the
    format does not have become its markers (with a note); text that
    Markdown would take for structure (a year and a dot, a line of
    dashes, "- 끝 -") stays text."""
    lines = markdown.split("\n")
    out = []
    level = None  # the level of the open item; None before any, or after a heading
    joinable = False  # the last line is an item or a note a next line continues
    fence = Fence()
    replaced = []
    for index, line in enumerate(lines):
        if fence.inside(line) or line.strip().startswith(("|", "<", ">")):
            out.append(line)
            joinable = False
            continue
        line = _unemphasised(line)
        stripped = line.strip()
        character = unknown_marker(stripped) if stripped else None
        if character:
            marker = BULLET_EQUIVALENTS.get(character) or ("○" if level in (None, 1) else "-")
            replaced.append(character)
            stripped = marker + " " + stripped[1:].strip()
        match = MARKER_RE.match(stripped) if stripped else None
        marker = (match["tight"] or match["spaced"]) if match else None
        if marker == "-" and (level is None or END_LINE.match(stripped) or DASH_LINE.match(stripped)):
            marker = None  # a line of its own, or an ordinary list outside a hierarchy
        if marker is None:
            if not stripped:
                out.append("")
                joinable = False
            elif joinable and out and out[-1].strip():
                out[-1] = out[-1].rstrip() + " " + stripped
            elif SECTION_LINE.match(stripped) and _items_follow(lines, index):
                out += ["", ("## " if SECTION_LINE.match(stripped)["number"] else "### ") + stripped, ""]
                level = None
            else:
                if stripped.startswith("#"):
                    level = None
                out.append(_as_text(line.rstrip()))
            continue
        text = match["text"].strip() if marker != NOTE else stripped[1:].strip()
        if marker == NOTE:
            indent = 0 if level is None else 2 if level == 1 else 4
        else:
            indent = 2 * (LEVELS[marker] - 1)
        while out and not out[-1].strip():
            out.pop()
        if out and (marker != NOTE and LEVELS[marker] == 1 or level is None):
            out.append("")
        out.append(" " * indent + f"{marker} {text}".rstrip())
        level = level if marker == NOTE else LEVELS[marker]
        joinable = True
    if replaced and notes is not None:
        notes.append(f"lines began with {' '.join(dict.fromkeys(replaced))}, which the writers' format does not "
                     f"have as markers; they were written with the markers □ ○ - ※ (docs/writing.md, section 8)")
    return _one_blank_line("\n".join(out))


def _unemphasised(line):
    """The line with a marker or paragraph number taken out of its emphasis."""
    match = EMPHASISED_MARKER.match(line.strip())
    if not match:
        return line
    marker = match["marker"] or match["spaced"]
    rest = match["rest"]
    closing = match["emphasis"]
    if rest.startswith(closing):
        rest = rest[len(closing):].lstrip()  # "**□** 외교부는": the emphasis held the marker alone
    else:
        rest = closing + rest
    return f"{marker} {rest}".rstrip()


def _items_follow(lines, index):
    """Whether the next line with text after `index` is a □ or ○ item."""
    for line in lines[index + 1:]:
        if line.strip():
            found = MARKER_RE.match(line.strip())
            return bool(found) and (found["tight"] or found["spaced"]) in ("□", "■", "○", "◦", "◯", "ㅇ", "●")
    return False


def _as_text(line):
    """A line that Markdown would read as structure the old page did not
    have, escaped: a year before a dot, a line of dashes, "- 끝 -"."""
    stripped = line.lstrip()
    indent = line[:len(line) - len(stripped)]
    if DASH_LINE.match(stripped) or END_LINE.match(stripped):
        return indent + "\\" + stripped
    return indent + YEAR_DOT.sub(r"\1\\.\2", stripped)


def _one_blank_line(markdown):
    """Runs of blank lines (from empty paragraphs and dropped elements) as
    one, but inside a fenced code block."""
    out, fence = [], Fence()
    for line in markdown.split("\n"):
        if fence.inside(line):
            out.append(line)
        elif line.strip() or (out and out[-1].strip()):
            out.append(line if line.strip() else "")
    return "\n".join(out)


class Fence:
    """Whether a line is part of a fenced code block (convert_pre writes
    them): the fence opens with a run of backticks and closes only with a
    line of as many or more."""

    def __init__(self):
        self.open = None

    def inside(self, line):
        match = re.match(r"^(`{3,})\s*$", line.strip())
        if self.open is None:
            if match:
                self.open = match[1]
                return True
            return False
        if match and len(match[1]) >= len(self.open):
            self.open = None
        return True
