"""Skipping pages whose inputs did not change since the previous build.

Every page gets a digest of everything its template can see: the theme's
files, the settings, the plugins' code, and the page's own values, walked
structurally (a document counts by its source's bytes, its rendering inputs,
its publication state and its counterpart). A value of a kind the walk does
not know stops the build, so a new template input cannot be forgotten
silently.

A page is skipped only when its digest equals the one recorded for the same
output file by the previous build *and* that file is still the one the
previous build wrote (same inode, size and modification time): a site
rebuilt by other means, or edited by hand, is rendered in full.
"""

import hashlib
import json
import os
from datetime import date, datetime
from pathlib import Path

from ..model import Attachment, Document, Tag
from ..plan.pages import OutputPage, Pagination
from ..render.cache import code_fingerprint
from ..settings import RUN, names


def _walk(value, out):
    if isinstance(value, Document):
        out.append("document:" + value.digest)
    elif isinstance(value, OutputPage):
        out.append(f"page:{value.lang}:{value.path}:{value.title}:{value.key!r}:{value.indexable}")
    elif isinstance(value, Pagination):
        out.append(f"pagination:{value.number}:{value.count}:" + "|".join(p.path for p in value.pages))
    elif isinstance(value, (Tag, Attachment)):
        out.append(repr(value))
    elif isinstance(value, dict):
        for key in sorted(value):
            out.append(f"key:{key}")
            _walk(value[key], out)
    elif isinstance(value, (list, tuple)):
        out.append(f"sequence:{len(value)}")
        for item in value:
            _walk(item, out)
    elif value is None or isinstance(value, (str, int, float, bool, date, datetime)):
        out.append(repr(value))
    else:
        raise TypeError(f"cannot fingerprint a template value of type {type(value).__name__}; "
                        "teach incremental._walk about it")


# Settings that differ between runs without changing any page.
PER_RUN_SETTINGS = set(names(RUN))


def settings_digest(settings):
    """The settings as the templates see them: every plain value. Objects
    such as Markdown extensions are left out; the code that makes them is in
    the code fingerprint."""
    plain = []
    for key in sorted(set(settings) - PER_RUN_SETTINGS):
        tokens = [f"setting:{key}"]
        try:
            _walk(settings[key], tokens)
        except TypeError:
            continue
        plain += tokens
    return hashlib.sha256("\n".join(plain).encode()).hexdigest()


def theme_digest(theme):
    digest = hashlib.sha256()
    root = Path(theme)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def build_fingerprint(settings, theme):
    """What every output of a build depends on besides the content: the
    settings, the theme and the engine's code."""
    return hashlib.sha256(
        (settings_digest(settings) + theme_digest(theme) + code_fingerprint(settings)).encode()).hexdigest()


# Template values that are fixed code working on the plan, the settings and
# the theme's catalogs, all of which are in every page's digest already.
UNDIGESTED_VALUES = ("l10n", "localizers", "site_pages")


def page_digest(base, page, template_values):
    """The digest of one page: `template_values` is everything its template
    is given. Functions are fixed code (in the code fingerprint) working on
    the other values and the settings; the localizers are the theme's
    catalogs (in the theme digest). With no page, the digest of values that
    many pages share, to be the base of each of theirs."""
    parts = [base]
    if page is not None:
        parts += [page.lang, page.path, page.template, page.title, repr(page.key), str(page.indexable)]
        parts += [f"switch:{lang}:{target.path}" for lang, target in page.switch]
        parts += [f"alternate:{hreflang}:{target.path}" for hreflang, target in page.alternates]
    _walk({key: value for key, value in template_values.items()
           if not callable(value) and key not in UNDIGESTED_VALUES}, parts)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class PageManifest:
    """What the previous build wrote for one output folder: for each file,
    the digest of its inputs and the file's identity on disk."""

    def __init__(self, cache_path, output_name, fingerprint):
        self.file = None
        if cache_path:
            name = hashlib.sha256(os.path.abspath(output_name).encode()).hexdigest()[:16]
            self.file = Path(cache_path) / f"pages-{name}.json"
        self.base = fingerprint  # build_fingerprint()
        previous = self._load(self.file) if self.file and self.file.exists() else {}
        self.damaged = previous is None  # said in the build's summary
        self.previous = previous or {}
        self.current = {}

    @staticmethod
    def _load(file):
        """The manifest in `file`, or None if it is not one (truncated,
        corrupt, unreadable): then every page is rendered anew."""
        try:
            manifest = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return None
        valid = isinstance(manifest, dict) and all(
            isinstance(record, list) and len(record) == 2 and isinstance(record[0], str)
            and isinstance(record[1], list) and len(record[1]) == 3 for record in manifest.values())
        return manifest if valid else None

    @staticmethod
    def _identity(path):
        stat = os.stat(path)
        return [stat.st_ino, stat.st_size, stat.st_mtime_ns]

    def unchanged(self, name, digest, path):
        """True when `path` is exactly what the previous build wrote for `digest`."""
        recorded = self.previous.get(name)
        return (recorded is not None and recorded[0] == digest and os.path.isfile(path)
                and recorded[1] == self._identity(path))

    def record(self, name, digest, path):
        self.current[name] = [digest, self._identity(path)]

    def save(self):
        if self.file is None:
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        partial = self.file.with_suffix(".partial")
        try:
            partial.write_text(json.dumps(self.current), encoding="utf-8")
            os.replace(partial, self.file)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
