"""The old site as it was saved: which files are release pages, their text,
and which saved file an address in a page leads to.

A mirror (`wget --mirror`) keeps the site's folders, a browser's "save page"
puts a page's files in a folder beside it; either way, an address in a page
leads to a file below SOURCE: relative to the page, from the site's root
(`site.root` below SOURCE), or, for an absolute address on the old site
(`site.url`), from that root too. wget writes a '?' of an address as it is,
or as '@' with --restrict-file-names=windows; both are tried.
"""

import codecs
import glob
import os
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import charset_normalizer
from bs4.dammit import EncodingDetector

from ..content.assets import is_regular_file

# The labels of Korean legacy encodings, as pages declare them, and the
# decoder browsers use for them all (the WHATWG Encoding Standard maps each
# to windows-949, a superset of EUC-KR; so does Python's cp949).
KOREAN_LEGACY = {"euc-kr", "euc_kr", "euckr", "ks_c_5601-1987", "ks_c_5601", "ksc5601", "ksc_5601", "korean",
                 "windows-949", "x-windows-949", "cp949", "ms949", "uhc", "iso-ir-149", "csksc56011987", "csEUCKR"}
# Labels the Encoding Standard maps to its 'replacement' decoder: browsers
# show such a page as one replacement character, never its text.
REPLACEMENT = {"iso-2022-kr", "csiso2022kr", "hz-gb-2312", "iso-2022-cn", "iso-2022-cn-ext", "replacement"}
# What detection may decide for a page that declares nothing: the encodings
# Korean sites were written in. Another guess (a Cyrillic code page for a
# page that mixes UTF-8 and EUC-KR, say) is refused, not believed.
DETECTABLE = {"cp949", "utf-8", "ascii"}
# How far into a page a browser looks for its <meta charset> (HTML's
# prescan reads the first 1024 bytes; old pages put it later, after
# comments, so a little more is read).
DECLARATION_WINDOW = 4096


# A folder named like a host (www.example.go.kr, example.com:8080), as wget
# --mirror names the folder of each site it saves.
# (with --restrict-file-names=windows, a port after '+': example.com+8080).
HOST_FOLDER = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[:+]\d+)?$", re.IGNORECASE)


class UnreadablePage(Exception):
    """A saved page whose bytes cannot be read as text."""


@dataclass
class SavedFile:
    relative: str  # below SOURCE, with forward slashes
    full: str


def find_pages(source_dir, globs):
    """(the saved files the profile's globs match, the matches that are or go
    through a symbolic link), each once, in path order (glob's rules: '**'
    crosses folders). A link is never read: it could lead out of SOURCE."""
    found, links = {}, set()
    for pattern in globs:
        for relative in glob.glob(pattern, root_dir=source_dir, recursive=True):
            full = os.path.join(source_dir, relative)
            relative = relative.replace(os.sep, "/")
            if _through_link(source_dir, relative):
                links.add(relative)
            elif os.path.isfile(full):
                found[relative] = SavedFile(relative, full)
    return [found[key] for key in sorted(found)], sorted(links)


def _through_link(root, relative):
    path = root
    for part in relative.split("/"):
        path = os.path.join(path, part)
        if os.path.islink(path):
            return True
    return False


def decode(raw, fallback=None):
    """(text, encoding name) of a saved page, read as a browser reads it: a
    byte order mark, else the page's own <meta charset> or http-equiv
    declaration, else UTF-8 if the bytes are UTF-8, else the profile's
    fallback, else what charset-normalizer detects. UnreadablePage when the
    bytes are not text in the encoding found: a page is never read with
    characters replaced."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                      (codecs.BOM_UTF16_BE, "utf-16-be")):
        if raw.startswith(bom):
            return _strict(raw[len(bom):], name, "its byte order mark")
    declared = EncodingDetector.find_declared_encoding(raw[:DECLARATION_WINDOW], is_html=True)
    if declared:
        name = _browser_encoding(declared)
        if name is None:
            raise UnreadablePage(f"it declares the encoding '{declared}', which browsers do not read either")
        # HTML: a page that says it is UTF-16 in its own bytes cannot be
        # (they would not be ASCII), so browsers read it as UTF-8.
        if name.startswith("utf-16"):
            name = "utf-8"
        return _strict(raw, name, f"its declaration charset={declared}")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if fallback:
        return _strict(raw, _browser_encoding(fallback) or fallback, f"parse.encoding = \"{fallback}\"")
    best = charset_normalizer.from_bytes(raw).best()
    name = _browser_encoding(best.encoding) if best is not None else None
    if name not in DETECTABLE:
        guess = f"; detection guessed {best.encoding}, which a Korean government site would not use" if best else ""
        raise UnreadablePage(f"it declares no encoding and is not UTF-8{guess}; it may mix encodings: set "
                             f"parse.encoding in the profile (e.g. \"cp949\") if the old site used one")
    return _strict(raw, name, f"detection ({best.encoding})")


def _browser_encoding(label):
    """The Python codec a browser would decode `label` with, or None when
    browsers read it as nothing (the Encoding Standard's 'replacement')."""
    label = label.strip().lower()
    if label in {name.lower() for name in KOREAN_LEGACY}:
        return "cp949"
    if label in ("utf8", "unicode-1-1-utf-8"):
        return "utf-8"
    if label in REPLACEMENT:
        return None
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _strict(raw, name, reason):
    try:
        return raw.decode(name), name
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise UnreadablePage(f"the bytes at line {line} are not {name} (the encoding from {reason}); the page "
                             f"may be damaged or saved in another encoding")


class SavedSite:
    """Which saved file an address in a saved page leads to."""

    def __init__(self, source_dir, profile):
        self.source_dir = source_dir
        self.site_url = profile.site_url
        self.site_root = profile.site_root

    def is_old_site(self, address):
        """Whether `address` is on the old site (site.url's host, by http or
        https, as old sites served both)."""
        if not self.site_url:
            return False
        parts = urlsplit(address.strip())
        return parts.scheme.lower() in ("http", "https") and parts.netloc.lower() == urlsplit(self.site_url).netloc.lower()

    def _root_of(self, page_relative):
        """The folder below SOURCE that holds the site's root: site.root,
        else the host folder a mirror saved the page under (wget names it
        after the host, www.example.go.kr), else SOURCE itself."""
        if self.site_root:
            return self.site_root
        first = page_relative.split("/", 1)[0]
        return first if "/" in page_relative and HOST_FOLDER.match(first) else ""

    def resolve(self, page_relative, address):
        """The relative path below SOURCE of the saved file `address` (as
        written in the page at `page_relative`) leads to, or None."""
        address = (address or "").strip()
        if not address or address.startswith("#"):
            return None
        parts = urlsplit(address)
        if parts.scheme or parts.netloc:
            if not self.is_old_site(address):
                return None
            path = posixpath.join(self._root_of(page_relative), unquote(parts.path).lstrip("/"))
        elif parts.path.startswith("/"):
            path = posixpath.join(self._root_of(page_relative), unquote(parts.path).lstrip("/"))
        else:
            folder = posixpath.dirname(page_relative)
            path = posixpath.join(folder, unquote(parts.path)) if parts.path else page_relative
        path = posixpath.normpath(path)
        if path.startswith("../") or path == ".." or path.startswith("/"):
            return None
        candidates = [path]
        if parts.query:
            query = unquote(parts.query)
            candidates = [f"{path}?{query}", f"{path}@{query}", f"{path}?{query}.html", f"{path}@{query}.html",
                          path]
        else:
            candidates += [path + ".html", posixpath.join(path, "index.html")]
        for candidate in candidates:
            # A regular file with no symbolic link on the way, as for content/.
            if is_regular_file(self.source_dir, candidate):
                return candidate
        return None
