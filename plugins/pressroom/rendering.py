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

import hashlib
import html
import multiprocessing
import os
import pickle
import re
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from markdown import Markdown
from markupsafe import Markup
from typogrify.filters import typogrify

from . import sources as src
from .plan import url_path
from .search import search_terms

FILENAME_LINK = re.compile(r'(?P<attribute>href|src)=(?P<quote>["\'])\{filename\}(?P<target>[^"\'#?]*)(?P<rest>[^"\']*)(?P=quote)')
IMAGE_SRC = re.compile(r'(<img\b[^>]*?\ssrc=)(["\'])(?P<src>[^"\']*)\2')
FIRST_BLOCK = re.compile(r"<(?P<tag>p|li)\b[^>]*>(?P<inner>.*?)(?:</(?P=tag)>|<ul\b|<ol\b)", re.S)
SCRIPT_ELEMENT = re.compile(r"<script\b", re.I)
EMBED_ELEMENT = re.compile(r"<(?P<tag>iframe|object|embed)\b(?P<attributes>[^>]*)>", re.I)
EVENT_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.I)
URL_ATTRIBUTE = re.compile(r"\s(?:href|src|action|formaction|xlink:href|data|poster)\s*=\s*[\"']?(?P<value>[^\"'\s>]*)",
                           re.I)
EMBED_SOURCE = re.compile(r"\s(?:src|data)\s*=\s*[\"'](?P<value>[^\"']*)", re.I)


class UnsafeOutput(Exception):
    """Rendered HTML carries script although the source checks passed."""


@dataclass(frozen=True)
class Texts:
    """What listings and the search index need of a file: small enough to
    keep for every file."""
    title: str  # typeset HTML
    title_text: str  # plain text for <title>, meta tags and feeds
    summary_text: str  # plain text
    search_title: str  # search terms (search.py) of the title and number
    search_body: str  # search terms of the body and tags


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


# A root-relative address in an href or src attribute: "/ko/...", not "//host/...".
ROOT_RELATIVE_LINK = re.compile(r'(?P<attribute>\s(?:href|src)=)(?P<quote>["\'])(?P<path>/(?!/))')


def absolute_links(html_text, origin):
    """`html_text` with its root-relative links made absolute, for HTML read
    away from the site (feed readers): `origin` is FEED_DOMAIN, the address
    of the site's root. Links are root-relative when SITEURL is empty, as in
    previews; with an absolute SITEURL they are absolute already."""
    return ROOT_RELATIVE_LINK.sub(lambda m: f'{m["attribute"]}{m["quote"]}{origin.rstrip("/")}/', html_text)


def resolve_links(html_text, source, settings):
    """Pelican's {filename} links, resolved by the URL contract."""
    def replace(match):
        target = src.linked_path(source, "{filename}" + match["target"])
        if target.split("/", 1)[0] in settings["PRESSROOM_ASSET_DIRS"]:
            path = target
        else:
            path = page_path(target)
        return f'{match["attribute"]}={match["quote"]}{site_url(settings, path)}{match["rest"]}{match["quote"]}'
    return FILENAME_LINK.sub(replace, html_text)


def rewrite_images(html_text, settings):
    # Writers give image paths below content/; the page lives deeper.
    return IMAGE_SRC.sub(lambda m: f"{m[1]}{m[2]}{site_url(settings, m['src'])}{m[2]}", html_text)


def first_block_text(html_text):
    """The first paragraph, or the first item's own text, as plain text."""
    for match in FIRST_BLOCK.finditer(html_text):
        text = plain_text(match["inner"])
        if text:
            return text
    return ""


def assert_no_script(path, html_text, allowed_embeds):
    """The last line of defence behind sources.check_body: whatever Markdown
    made of the source, no page may carry script."""
    if SCRIPT_ELEMENT.search(html_text):
        raise UnsafeOutput(f"{path}: the rendered body has a <script> element")
    if EVENT_ATTRIBUTE.search(html_text):
        raise UnsafeOutput(f"{path}: the rendered body has an on…= attribute")
    for match in URL_ATTRIBUTE.finditer(html_text):
        if src.is_script_url(html.unescape(match["value"])):
            raise UnsafeOutput(f"{path}: the rendered body has a script address")
    for match in EMBED_ELEMENT.finditer(html_text):
        source = EMBED_SOURCE.search(match["attributes"])
        if not source or not any(source["value"].startswith(prefix) for prefix in allowed_embeds):
            raise UnsafeOutput(f"{path}: the rendered body has an <{match['tag']}> that is not allow-listed")


_converters = {}


def markdown_converter(settings):
    """One Markdown instance per process, configured as Pelican's reader
    configures its own (MARKDOWN plus the meta extension that takes the
    header off), and reset between files: Pelican's reader builds a new one
    for every file, which costs as much as converting it."""
    converter = _converters.get(id(settings))
    if converter is None:
        config = dict(settings["MARKDOWN"])
        config["extensions"] = [*config.get("extensions", []), *config.get("extension_configs", {}),
                                "markdown.extensions.meta"]
        converter = _converters[id(settings)] = Markdown(**config)
    converter.reset()
    return converter


def render_source(content_path, source, settings):
    """The HTML and texts of one source file."""
    with open(os.path.join(content_path, source.relative_path), encoding="utf-8") as handle:
        body = markdown_converter(settings).convert(handle.read().removeprefix("\ufeff"))
    body = rewrite_images(resolve_links(body, source, settings), settings)
    enabled = settings["PRESSROOM_TYPOGRIFY"]
    body = typeset(body, enabled)
    assert_no_script(source.path, body, settings["PRESSROOM_EMBED_ALLOWLIST"])
    title = typeset_text(source.header["title"], enabled)
    summary = source.header.get("summary")
    title_text = plain_text(title)
    tags = source.header.get("tags", "").replace(",", " ")
    return Rendered(
        texts=Texts(
            title=title,
            title_text=title_text,
            summary_text=plain_text(typeset_text(summary, enabled)) if summary else first_block_text(body),
            search_title=search_terms(f"{title_text} {source.header.get('number', '')}", source.lang),
            search_body=search_terms(f"{plain_text(body)} {tags}", source.lang),
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


def code_fingerprint():
    """The plugins' own source: a change to this code invalidates the cache."""
    digest = hashlib.sha256()
    plugins = Path(__file__).resolve().parent.parent
    for path in sorted(plugins.glob("*/*.py")):
        digest.update(path.relative_to(plugins).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class RenderCache:
    """Rendered results on disk, one file per key: first the small texts
    (title, summary), then the body, as two pickles, so that listings need
    only the first and the bodies, the bulk of an archive, stay on disk
    until their page or feed entry is written.

    With no directory the cache lives in a temporary folder for one build.
    Entries a build did not use are removed at its end, so a persistent
    cache does not grow without bound."""

    def __init__(self, directory, settings):
        self.persistent = bool(directory)
        # A temporary cache is removed by finish(), or when the build fails,
        # by TemporaryDirectory's own clean-up at exit.
        self._temporary = None if directory else tempfile.TemporaryDirectory(prefix="pressroom-render-")
        self.directory = Path(directory or self._temporary.name)
        self.salt = settings_fingerprint(settings) + code_fingerprint()
        self.used = set()

    def key(self, content_path, source):
        with open(os.path.join(content_path, source.relative_path), "rb") as handle:
            data = handle.read()
        return hashlib.sha256(self.salt.encode() + source.relative_path.encode() + b"\0" + data).hexdigest()

    def _file(self, key):
        return self.directory / key[:2] / f"{key}.pickle"

    def texts(self, key):
        """The Texts stored under key, or None."""
        self.used.add(key)
        if not self._file(key).is_file():
            return None
        with open(self._file(key), "rb") as handle:
            return pickle.load(handle)

    def body(self, key):
        with open(self._file(key), "rb") as handle:
            pickle.load(handle)
            return pickle.load(handle)

    def put(self, key, rendered):
        target = self._file(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        with open(partial, "wb") as handle:
            pickle.dump(rendered.texts, handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(rendered.body, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, target)

    def finish(self):
        """Remove what this build did not use; all of a temporary cache."""
        if not self.persistent:
            self._temporary.cleanup()
            return
        for entry in self.directory.glob("*/*.pickle"):
            if entry.stem not in self.used:
                entry.unlink()


# Set in the parent before the pool forks; the children inherit them.
_job = {}


def _render_job(index):
    """In a worker: render one file into the cache; return its small texts.
    The files to render are inherited through fork, not sent: a Source holds
    the whole text of its file."""
    key, source = _job["misses"][index]
    rendered = render_source(_job["content_path"], source, _job["settings"])
    _job["cache"].put(key, rendered)
    return rendered.texts


def render_all(content_path, sources, settings, cache, jobs):
    """({source.relative_path: Texts}, {source.relative_path: cache key},
    how many were rendered anew) for every source; misses in parallel."""
    results, keys, misses = {}, {}, []
    for source in sources:
        key = keys[source.relative_path] = cache.key(content_path, source)
        texts = cache.texts(key)
        if texts is None:
            misses.append((key, source))
        else:
            results[source.relative_path] = texts
    _job.update(content_path=content_path, settings=settings, cache=cache, misses=misses)
    if jobs > 1 and len(misses) > jobs:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            rendered = pool.map(_render_job, range(len(misses)), chunksize=16)
    else:
        rendered = [_render_job(index) for index in range(len(misses))]
    _job.clear()
    for (key, source), texts in zip(misses, rendered):
        results[source.relative_path] = texts
    return results, keys, len(misses)
