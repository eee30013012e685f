"""One writer's file becomes its published text: Markdown, the body check,
the layout, the site's addresses, typography, the summary.

`render_source()` is a pure function of one checked Source, the settings
that affect its HTML (settings.RENDER) and this package's code, so its
result can be cached across builds (cache.py) and computed on several cores
(batch.py, in build/pool.py's workers):

1. Markdown, configured as Pelican's reader configures its own (MARKDOWN);
2. policy.BodyCheck reads the HTML as a browser does and refuses what a
   release may not contain;
3. layout.lay_out() adds what the genre needs (table regions, image sizes,
   Korean line breaking);
4. publish_addresses() puts the site's own addresses in (urls.py);
5. typogrify typesets the result.

A {filename} link's address depends only on the target's path (its kind,
language and slug) and SITEURL, which is part of the fingerprint; that the
target exists and is published is checked on every build, outside the cache.
"""

import html
import os
import re
from dataclasses import dataclass

from markdown import Markdown
from markupsafe import Markup
from typogrify.filters import typogrify

from .. import urls
from ..content import images, references
from ..content.problems import ContentError, Problem, locate
from ..l10n import Localizer
from ..search.terms import search_terms
from .layout import lay_out
from .policy import ALIGNMENT_STYLE, FILENAME_PREFIX, BodyCheck, body_element, serialize

# Anything but white space and the invisible characters (zero-width spaces
# and joiners, word joiner, byte order mark, soft hyphen).
VISIBLE_TEXT = re.compile(r"[^\s\u200b-\u200d\u2060\ufeff\u00ad]")
FIRST_BLOCK = re.compile(r"<(?P<tag>p|li)\b[^>]*>(?P<inner>.*?)(?:</(?P=tag)>|<ul\b|<ol\b)", re.S)


@dataclass(frozen=True)
class Texts:
    """What listings and the search index need of a file: small enough to
    keep for every file."""
    title: str  # typeset HTML
    title_text: str  # plain text for <title>, meta tags and feeds
    summary_text: str  # plain text
    search_title: str  # search terms (search/terms.py) of the title and number
    search_body: str  # search terms of the body and tags
    search_text: str  # the body's text as readers read it: the search page's excerpts
    images: tuple = ()  # ((line, src as written), …) of every image in the body
    # ((src as written, width, height), …): the sizes the body gives its
    # images, which the cache checks against the files (images_unchanged).
    image_sizes: tuple = ()
    filename_links: tuple = ()  # ((line, href), …) of every {filename} link in the body


@dataclass(frozen=True)
class Rendered:
    texts: Texts
    body: str  # typeset HTML


def typeset(html_text, enabled):
    """Typographic HTML: smart quotes and dashes, caps and widow control.
    Typogrify's filters already leave <pre>, <code>, <kbd>, <samp>, <script>
    and <style> alone; an explicit ignore list would only cost time."""
    return typogrify(html_text) if enabled else html_text


def plain_text(markup):
    """Text without tags or entities, for attributes, <title> and feeds.

    Smart quotes stay; widow control's no-break spaces become plain spaces,
    since a <title> or a feed reader wraps lines by itself."""
    return " ".join(Markup(markup).striptags().replace("\xa0", " ").split())


def typeset_text(value, enabled):
    # Header values are text, not HTML: escape them before typogrify reads
    # them as HTML. Quotes stay raw so smartypants can curl them.
    return typeset(html.escape(value, quote=False), enabled)


def link_target(source, href, settings):
    """The site path a {filename} link leads to, by the URL contract: an
    asset keeps its path below content/, a release or page becomes its page."""
    target = references.linked_path(source, href)
    return target if references.in_asset_folder(target, settings) else urls.source_page(target)


def publish_addresses(tree, source, settings):
    """Rewrite, on the parsed body, what the writer gives relative to
    content/ into the site's own addresses: {filename} links, image paths
    (the page lives deeper than content/), and Markdown's column alignment
    (style="text-align: …", which the Content-Security-Policy would block)
    into the theme's classes."""
    for node in body_element(tree).select("a[href], img[src], th[style], td[style]"):
        name = node.name.local
        if name == "a" and (node.attrs.get("href") or "").startswith(FILENAME_PREFIX):
            href = node.attrs["href"]
            rest = href[len(FILENAME_PREFIX):]
            suffix = rest[len(rest.split("#", 1)[0].split("?", 1)[0]):]
            node.attrs["href"] = urls.href(settings, link_target(source, href, settings)) + suffix
        elif name == "img" and node.attrs.get("src") is not None:
            node.attrs["src"] = urls.href(settings, node.attrs["src"])
        elif name in ("th", "td") and node.attrs.get("style") is not None:
            alignment = ALIGNMENT_STYLE.match(node.attrs["style"])
            del node.attrs["style"]
            node.attrs["class"] = " ".join(filter(None, [node.attrs.get("class"),
                                                          f"press-table__cell--{alignment['side']}"]))


def first_block_text(html_text):
    """The first paragraph, or the first item's own text, as plain text."""
    for match in FIRST_BLOCK.finditer(html_text):
        text = plain_text(match["inner"])
        if text:
            return text
    return ""


_converters = {}
_localizers = {}


def localizer(settings, lang):
    """The theme's strings in `lang`, for what the body itself says (a
    footnote's back-link, a table's name); one per process and language."""
    key = (settings["THEME"], lang)
    if key not in _localizers:
        _localizers[key] = Localizer(lang, os.path.join(settings["THEME"], "translations"))
    return _localizers[key]


def images_unchanged(settings, texts):
    """Whether the images a cached body shows still have the sizes it gives them."""
    return all(images.size(settings, written) == (tuple((width, height)) if width is not None else None)
               for written, width, height in texts.image_sizes)


def markdown_converter(settings):
    """One Markdown instance per process, configured as Pelican's reader
    configures its own (MARKDOWN), and reset between files: Pelican's reader
    builds a new one for every file, which costs as much as converting it.
    It is given the body alone: the header is read by content.header.read_source(),
    the one reader of headers, so Markdown has no meta extension."""
    converter = _converters.get(id(settings))
    if converter is None:
        config = dict(settings["MARKDOWN"])
        config["extensions"] = [*config.get("extensions", []), *config.get("extension_configs", {})]
        converter = _converters[id(settings)] = Markdown(**config)
    converter.reset()
    return converter


def convert_markdown(text, settings):
    """`text` through this process's Markdown instance. A conversion that
    fails half-way leaves the instance's parser state behind, which reset()
    does not clear and which would garble the next file: the instance is
    dropped, and the next file gets a new one."""
    try:
        return markdown_converter(settings).convert(text)
    except BaseException:
        _converters.pop(id(settings), None)
        raise


def render_source(content_path, source, settings):
    """The HTML and texts of one source file whose header is valid.

    Markdown renders the body; policy.BodyCheck reads the result as a browser
    would and refuses what a release may not contain (raising ContentError
    with the writer's lines); the site's addresses are put in on the parsed
    tree; typogrify typesets the result."""
    check = BodyCheck(tuple(settings["PRESSROOM_EMBED_ALLOWLIST"]))
    try:
        html_text = convert_markdown(source.body, settings)
    except RecursionError:
        # Python-Markdown recurses once per level of nested lists or blocks.
        raise ContentError([Problem(
            source.path, source.body_line, "body", "the body nests lists, quotes or blocks too deeply to be read",
            "a release needs three or four levels at most: remove the extra levels")]) from None
    tree = check.check(html_text)
    problems = references.body_problems(source, check, settings)
    if problems:
        raise ContentError(problems)
    images = tuple((locate(source, [image]), image) for image, _alt in check.images)
    filename_links = tuple((locate(source, [href]), href) for href in check.links
                           if href.startswith(FILENAME_PREFIX))
    image_sizes = lay_out(body_element(tree), settings, localizer(settings, source.lang).gettext)
    publish_addresses(tree, source, settings)
    enabled = settings["PRESSROOM_TYPOGRIFY"]
    body = typeset(serialize(tree), enabled)
    body_text = plain_text(body)
    if not VISIBLE_TEXT.search(body_text) and not check.images and not check.frames:
        raise ContentError([Problem(
            source.path, source.body_line, "body", "the body has no text a reader would see (only comments, "
            "spaces or invisible characters)", "write the release's text below the header")])
    # A missing title is the header check's problem; the body is checked all the same.
    title = typeset_text(source.header.get("title", ""), enabled)
    summary = source.header.get("summary")
    title_text = plain_text(title)
    tags = source.header.get("tags", "").replace(",", " ")
    return Rendered(
        texts=Texts(
            title=title,
            title_text=title_text,
            summary_text=plain_text(typeset_text(summary, enabled)) if summary else first_block_text(body),
            search_title=search_terms(f"{title_text} {source.header.get('number', '')}", source.lang),
            search_body=search_terms(f"{body_text} {tags}", source.lang),
            search_text=body_text,
            images=images,
            filename_links=filename_links,
            image_sizes=image_sizes,
        ),
        body=body,
    )


