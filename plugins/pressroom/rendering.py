"""The per-file work of a build: Markdown, links, typography, summary, safety.

Everything here is a pure function of one source file, the settings that
affect its HTML and this code, so its result can be cached across builds and
computed on several cores:

- `render_source()` turns one checked Source into Rendered text: the body
  and the small Texts (title, summary) that listings show;
- `RenderCache` keeps results on disk, keyed by the file's bytes, the
  settings fingerprint and a fingerprint of the code that produced them;
- `render_all()` serves hits from the cache and renders the misses in a pool
  of processes.

A {filename} link's address depends only on the target's path (its kind,
language and slug) and SITEURL, which is part of the fingerprint; that the
target exists and is published is checked on every build, outside the cache.
"""

import dataclasses
import hashlib
import html
import json
import multiprocessing
import os
import re
import secrets
import shutil
import stat
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from markdown import Markdown
from markupsafe import Markup
from typogrify.filters import typogrify

from . import images
from . import sources as src
from .body_layout import lay_out
from .localization import Localizer
from .html_policy import ALIGNMENT_STYLE, FILENAME_PREFIX, BodyCheck, body_element, serialize
from .plan import url_path
from .search import search_terms

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
    search_title: str  # search terms (search.py) of the title and number
    search_body: str  # search terms of the body and tags
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


def page_path(relative_path):
    """The URL path of the page a release or page source becomes."""
    kind, *_, name = relative_path.split("/")
    slug, lang, _ = name.split(".")
    return f"{lang}/releases/{slug}/" if kind == src.RELEASES_DIR else f"{lang}/{slug}/"


def site_url(settings, path):
    return settings["SITEURL"].rstrip("/") + url_path(path)


# A root-relative address in an href or src attribute ("/ko/...", not
# "//host/..."), or a link to a place in the same page ("#fn:1", footnotes).
ROOT_RELATIVE_LINK = re.compile(r'(?P<attribute>\s(?:href|src)=)(?P<quote>["\'])(?:(?P<path>/(?!/))|(?P<fragment>#))')


def absolute_links(html_text, origin, page_address):
    """`html_text` with its root-relative links made absolute, for HTML read
    away from the site (feed readers): `origin` is FEED_DOMAIN, the address
    of the site's root, and `page_address` the absolute address of the page
    the HTML is from, which in-page links (footnotes) lead to. Links are
    root-relative when SITEURL is empty, as in previews; with an absolute
    SITEURL they are absolute already."""
    def absolute(match):
        target = f'{origin.rstrip("/")}/' if match["path"] else f"{page_address}#"
        return f'{match["attribute"]}{match["quote"]}{target}'
    return ROOT_RELATIVE_LINK.sub(absolute, html_text)


def link_target(source, href, settings):
    """The site path a {filename} link leads to, by the URL contract: an
    asset keeps its path below content/, a release or page becomes its page."""
    target = src.linked_path(source, href)
    return target if src.in_asset_folder(target, settings) else page_path(target)


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
            node.attrs["href"] = site_url(settings, link_target(source, href, settings)) + suffix
        elif name == "img" and node.attrs.get("src") is not None:
            node.attrs["src"] = site_url(settings, node.attrs["src"])
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
    It is given the body alone: the header is read by sources.read_source(),
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

    Markdown renders the body; html_policy reads the result as a browser
    would and refuses what a release may not contain (raising ContentError
    with the writer's lines); the site's addresses are put in on the parsed
    tree; typogrify typesets the result."""
    check = BodyCheck(tuple(settings["PRESSROOM_EMBED_ALLOWLIST"]))
    try:
        html_text = convert_markdown(source.body, settings)
    except RecursionError:
        # Python-Markdown recurses once per level of nested lists or blocks.
        raise src.ContentError([src.Problem(
            source.path, source.body_line, "body", "the body nests lists, quotes or blocks too deeply to be read",
            "a release needs three or four levels at most: remove the extra levels")]) from None
    tree = check.check(html_text)
    problems = src.body_problems(source, check, settings)
    if problems:
        raise src.ContentError(problems)
    images = tuple((src.locate(source, [image]), image) for image, _alt in check.images)
    filename_links = tuple((src.locate(source, [href]), href) for href in check.links
                           if href.startswith(FILENAME_PREFIX))
    image_sizes = lay_out(body_element(tree), settings, localizer(settings, source.lang).gettext)
    publish_addresses(tree, source, settings)
    enabled = settings["PRESSROOM_TYPOGRIFY"]
    body = typeset(serialize(tree), enabled)
    body_text = plain_text(body)
    if not VISIBLE_TEXT.search(body_text) and not check.images and not check.frames:
        raise src.ContentError([src.Problem(
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
            images=images,
            filename_links=filename_links,
            image_sizes=image_sizes,
        ),
        body=body,
    )


# Settings that change a file's rendered text. MARKDOWN holds extension
# objects, so it is fingerprinted by their class names and configs.
FINGERPRINT_SETTINGS = ("SITEURL", "PRESSROOM_TYPOGRIFY", "PRESSROOM_ASSET_DIRS", "PRESSROOM_EMBED_ALLOWLIST")
FINGERPRINT_PACKAGES = ("pelican", "markdown", "typogrify", "smartypants", "markupsafe")


def settings_fingerprint(settings):
    markdown = settings["MARKDOWN"]
    extensions = sorted(e if isinstance(e, str) else f"{type(e).__module__}.{type(e).__qualname__}:{e.getConfigs()}"
                        for e in markdown.get("extensions", []))
    other = {k: v for k, v in markdown.items() if k != "extensions"}
    parts = [repr(extensions), repr(sorted(other.items(), key=lambda kv: kv[0]))]
    parts += [f"{key}={settings[key]!r}" for key in FINGERPRINT_SETTINGS]
    parts += [f"{name}=={metadata.version(name)}" for name in FINGERPRINT_PACKAGES]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def code_fingerprint(settings):
    """The plugins' own source, and the theme's catalogs of the strings a
    body contains: a change to either invalidates the cache."""
    digest = hashlib.sha256()
    plugins = Path(__file__).resolve().parent.parent
    for path in sorted(plugins.glob("*/*.py")):
        digest.update(path.relative_to(plugins).as_posix().encode() + b"\0" + path.read_bytes())
    for path in sorted(Path(settings["THEME"], "translations").glob("*/LC_MESSAGES/messages.po")):
        digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


# A cache entry is one file: a JSON header line, then the Texts as JSON, then
# the body as UTF-8. Nothing in it is code: reading a tampered entry can at
# worst give wrong text, and every part is checked against its digest first.
ENTRY_FORMAT = "pressroom-render-cache/1"
ENTRY_SUFFIX = ".entry"
HEADER_LIMIT = 1024  # bytes: a longer first line is no header of ours
TEMPORARY_SUFFIX = ".tmp"


class DamagedEntry(Exception):
    """A cache entry that is not exactly what put() wrote under its key."""


def part_digest(key, name, data):
    """The digest of one part of an entry, bound to the entry's key and the
    part's name, so that an entry (or a part) copied elsewhere fails. It
    detects corruption and mistakes, not a forger: anyone who can read this
    code can compute it, so it is no signature."""
    return hashlib.sha256(f"{ENTRY_FORMAT}\0{key}\0{name}\0".encode() + data).hexdigest()


def _is_part(value):
    """A header's [length, sha256 hex digest] of one part."""
    return (isinstance(value, list) and len(value) == 2 and type(value[0]) is int and value[0] >= 0
            and isinstance(value[1], str) and len(value[1]) == 64)


def _tuples(value):
    """JSON's lists as the tuples a frozen Texts holds, at any depth."""
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value


def texts_to_json(texts):
    return json.dumps(dataclasses.asdict(texts), ensure_ascii=False, separators=(",", ":")).encode()


def texts_from_json(data):
    values = json.loads(data.decode("utf-8"))
    if not isinstance(values, dict):
        raise DamagedEntry("the texts are not an object")
    return Texts(**{name: _tuples(value) for name, value in values.items()})


class RenderCache:
    """Rendered results on disk, one file per key: first the small texts
    (title, summary), then the body, each with its length and digest in a
    header line, so that listings read only the first and the bodies, the
    bulk of an archive, stay on disk until their page or feed entry is
    written.

    An entry that is damaged in any way (truncated, flipped, edited, of an
    older format, unreadable, gone) is deleted and counted in `discarded`,
    and its file is rendered anew: by render_all() when its texts are read,
    by body() when only its body is found damaged, so a page never shows a
    damaged body and a damaged cache never stops a build.

    With no directory the cache lives in a temporary folder for one build.
    Entries a build did not use are removed at its end, so a persistent
    cache does not grow without bound."""

    def __init__(self, directory, settings):
        self.persistent = bool(directory)
        # A temporary cache is removed by finish(), or when the build fails,
        # by TemporaryDirectory's own clean-up at exit.
        self._temporary = None if directory else tempfile.TemporaryDirectory(prefix="pressroom-render-")
        self.directory = Path(directory or self._temporary.name)
        self.salt = settings_fingerprint(settings) + code_fingerprint(settings)
        # What body() needs to render a damaged entry's file anew: the
        # content folder Pelican gives the generator, and the settings.
        self.content_path = settings["PATH"]
        self.settings = settings
        self.used = set()
        self.discarded = set()  # keys of damaged entries, deleted and rendered anew

    def key(self, content_path, source):
        with open(os.path.join(content_path, source.relative_path), "rb") as handle:
            data = handle.read()
        return hashlib.sha256(self.salt.encode() + source.relative_path.encode() + b"\0" + data).hexdigest()

    def _file(self, key):
        return self.directory / key[:2] / f"{key}{ENTRY_SUFFIX}"

    def _open(self, key):
        """(handle, header) of the entry under key, positioned at its texts,
        with its size checked against the header; None if there is none."""
        try:
            # Not blocking on a FIFO someone put there; only a file is read.
            handle = open(os.open(self._file(key), os.O_RDONLY | os.O_NONBLOCK), "rb")
        except FileNotFoundError:
            return None
        except OSError as error:
            raise DamagedEntry(error) from error
        try:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise DamagedEntry("not a file")
            line = handle.readline(HEADER_LIMIT)
            header = json.loads(line.decode("utf-8")) if line.endswith(b"\n") else None
            if not (isinstance(header, dict) and header.get("format") == ENTRY_FORMAT and header.get("key") == key
                    and all(_is_part(header.get(name)) for name in ("texts", "body"))):
                raise DamagedEntry("no valid header")
            if os.fstat(handle.fileno()).st_size != len(line) + header["texts"][0] + header["body"][0]:
                raise DamagedEntry("the entry is not as long as its header says")
            return handle, header
        except BaseException:
            handle.close()
            raise

    @staticmethod
    def _read_part(handle, header, key, name):
        length, digest = header[name]
        data = handle.read(length)
        if len(data) != length or part_digest(key, name, data) != digest:
            raise DamagedEntry(f"the {name} part does not match its digest")
        return data

    def _discard(self, key):
        self.discarded.add(key)
        try:
            self._file(key).unlink()
        except IsADirectoryError:
            shutil.rmtree(self._file(key), ignore_errors=True)
        except OSError:
            pass  # gone already, or not ours to delete: put() replaces it, or says why it cannot

    def texts(self, key):
        """The Texts stored under key, or None when there are none or they
        were damaged (then the entry is discarded). The body is not read."""
        self.used.add(key)
        try:
            opened = self._open(key)
            if opened is None:
                return None
            handle, header = opened
            with handle:
                return texts_from_json(self._read_part(handle, header, key, "texts"))
        except (DamagedEntry, OSError, ValueError, TypeError, RecursionError):  # ValueError: bad UTF-8 or JSON
            self._discard(key)
            return None

    def body(self, key, source):
        """The body stored under key; if it is damaged or gone, the body of
        `source` rendered anew, and stored again."""
        try:
            opened = self._open(key)
            if opened is not None:
                handle, header = opened
                with handle:
                    handle.seek(header["texts"][0], os.SEEK_CUR)
                    return self._read_part(handle, header, key, "body").decode("utf-8")
        except (DamagedEntry, OSError, ValueError, RecursionError):
            pass
        self._discard(key)
        rendered = render_source(self.content_path, source, self.settings)
        self.put(key, rendered)
        return rendered.body

    def put(self, key, rendered):
        texts = texts_to_json(rendered.texts)
        body = rendered.body.encode("utf-8")
        header = {"format": ENTRY_FORMAT, "key": key, "texts": [len(texts), part_digest(key, "texts", texts)],
                  "body": [len(body), part_digest(key, "body", body)]}
        target = self._file(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        # A new name of its own (O_EXCL: never an existing file, nor a link
        # someone left there), removed again if anything goes wrong.
        partial = target.with_name(f"{key}.{os.getpid()}.{secrets.token_hex(4)}{TEMPORARY_SUFFIX}")
        try:
            with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb") as handle:
                handle.write(json.dumps(header).encode() + b"\n" + texts + body)
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise

    def finish(self):
        """Remove what this build did not use, and whatever else is in the
        entries' folders (temporary files a failed write left, entries of
        older formats); all of a temporary cache."""
        if not self.persistent:
            self._temporary.cleanup()
            return
        for path in self.directory.glob("[0-9a-f][0-9a-f]/*"):
            if path.suffix == ENTRY_SUFFIX and path.stem in self.used and path.is_file():
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


# Set in the parent before the pool forks; the children inherit them.
_job = {}


def _render_job(index):
    """In a worker: render one file into the cache; return its small texts.
    The files to render are inherited through fork, not sent: a Source holds
    the whole text of its file."""
    key, source = _job["misses"][index]
    try:
        rendered = render_source(_job["content_path"], source, _job["settings"])
    except src.ContentError as error:
        return None, error.problems
    _job["cache"].put(key, rendered)
    return rendered.texts, []


def render_all(content_path, sources, settings, cache, jobs):
    """({source.relative_path: Texts}, {source.relative_path: cache key},
    how many were rendered anew, problems) for every source; misses in
    parallel. A file whose body has problems has no Texts and no entry."""
    results, keys, misses = {}, {}, []
    for source in sources:
        key = keys[source.relative_path] = cache.key(content_path, source)
        texts = cache.texts(key)
        if texts is not None and not images_unchanged(settings, texts):
            texts = None  # an image was replaced by one of another size: render anew
        if texts is None:
            misses.append((key, source))
        else:
            results[source.relative_path] = texts
    _job.update(content_path=content_path, settings=settings, cache=cache, misses=misses)
    if jobs > 1 and len(misses) > jobs:
        # concurrent.futures rather than multiprocessing.Pool: a worker that
        # dies (a crash in a C library, the kernel's out-of-memory killer)
        # fails the build with BrokenProcessPool instead of hanging it.
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            rendered = list(pool.map(_render_job, range(len(misses)), chunksize=16))
    else:
        rendered = [_render_job(index) for index in range(len(misses))]
    _job.clear()
    problems = []
    for (key, source), (texts, refused) in zip(misses, rendered):
        if texts is not None:
            results[source.relative_path] = texts
        problems += refused
    return results, keys, len(misses), problems
