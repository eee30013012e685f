"""The render cache: each file's rendered text kept on disk between builds.

An entry is keyed by the file's bytes and path, the settings that change
rendered text (those of reach RENDER in settings.py, and the packages that
render) and a fingerprint of the code that renders: every module of the
engine, not the writers' commands (commands/), which never change what a
page says. A change to any of these starts the cache afresh.
"""

import dataclasses
import hashlib
import json
import os
import secrets
import shutil
import stat
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from ..build import warm
from ..settings import RENDER, names
from .body import Texts, render_source

# Settings that change a file's rendered text, besides MARKDOWN, which holds
# extension objects and is fingerprinted by their class names and configs.
FINGERPRINT_SETTINGS = names(RENDER)
# markupever parses and serialises every body; Python's own unicodedata and
# re decide what the checks see.
FINGERPRINT_PACKAGES = ("pelican", "markdown", "typogrify", "smartypants", "markupsafe", "markupever")


def settings_fingerprint(settings):
    markdown = settings["MARKDOWN"]
    extensions = sorted(e if isinstance(e, str) else f"{type(e).__module__}.{type(e).__qualname__}:{e.getConfigs()}"
                        for e in markdown.get("extensions", []))
    other = {k: v for k, v in markdown.items() if k != "extensions"}
    parts = [repr(extensions), repr(sorted(other.items(), key=lambda kv: kv[0]))]
    parts += [f"{key}={settings[key]!r}" for key in FINGERPRINT_SETTINGS]
    parts += [f"{name}=={metadata.version(name)}" for name in FINGERPRINT_PACKAGES]
    parts.append(f"python {sys.version}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


# The package's folders of the writers' commands and of the import: they
# read and write files for writers but never change what a page says.
NOT_ENGINE_PACKAGES = ("pressroom/commands/", "pressroom/importing/")


def engine_modules():
    """The Python files whose code can change what a build writes: every
    module below plugins/ except the writers' commands, `python -m` and the
    import (which writes content/, never output/)."""
    plugins = Path(__file__).resolve().parents[2]
    return [path for path in sorted(plugins.glob("*/**/*.py"))
            if not path.relative_to(plugins).as_posix().startswith(NOT_ENGINE_PACKAGES)
            and path.relative_to(plugins).as_posix() != "pressroom/__main__.py"]


def code_fingerprint(settings):
    """The engine's own source, and the theme's catalogs of the strings a
    body contains: a change to either invalidates the cache."""
    digest = hashlib.sha256()
    plugins = Path(__file__).resolve().parents[2]
    for path in engine_modules():
        digest.update(path.relative_to(plugins).as_posix().encode() + b"\0" + path.read_bytes())
    for path in sorted(Path(settings["THEME"], "translations").glob("*/LC_MESSAGES/messages.po")):
        digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


# A cache entry is one file: a JSON header line, then the Texts as JSON, then
# the body as UTF-8. Nothing in it is code: reading a tampered entry can at
# worst give wrong text, and every part is checked against its digest first.
ENTRY_FORMAT = "pressroom-render-cache/2"
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

    def key(self, source):
        """The entry of a source read by reading.check_sources(), by the
        digest of the very bytes its header and body were read from."""
        return hashlib.sha256(self.salt.encode() + source.relative_path.encode() + b"\0"
                              + source.file_digest).hexdigest()

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
        were damaged (then the entry is discarded). The body is not read.
        In the devserver, texts read once are kept in memory (build/warm.py):
        the key is the digest of everything they were made from."""
        self.used.add(key)
        return warm.remembered("rendered texts", key, lambda: self._read_texts(key),
                               still_true=lambda texts: texts is not None)

    def _read_texts(self, key):
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


