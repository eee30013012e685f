"""The files the site serves as they are: the theme's static files, and the
images and attachments that published documents use."""

import hashlib
import os
from pathlib import Path

from .. import urls
from . import minify

# Enough of a SHA-256 digest that two versions of one file never share a name.
DIGEST_LENGTH = 12
# What production minifies of theme/static/, by the file's extension.
MINIFIERS = {".css": minify.stylesheet, ".js": minify.script}


class ThemeFiles:
    """theme/static/ as the site serves it: each file (minified in
    production, for stylesheets and scripts) under a name that carries its digest
    (urls.theme_asset), which templates ask for by the file's own name."""

    def __init__(self, theme, settings):
        self.settings = settings
        self.files = {}  # name below theme/static -> (site path, source file, minified text or None)
        static = os.path.join(theme, "static")
        for directory, _, files in os.walk(static):
            for filename in sorted(files):
                source = os.path.join(directory, filename)
                name = os.path.relpath(source, static).replace(os.sep, "/")
                text = None
                minifier = MINIFIERS.get(os.path.splitext(filename)[1]) if settings["PRESSROOM_MINIFY"] else None
                if minifier:
                    text = minifier(Path(source).read_text(encoding="utf-8"))
                data = text.encode("utf-8") if text is not None else Path(source).read_bytes()
                digest = hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]
                self.files[name] = (urls.theme_asset(settings, name, digest), source, text)

    def path(self, name):
        """The site path of theme/static/<name>."""
        if name not in self.files:
            raise LookupError(f"theme/static/{name} does not exist; a template asks for it")
        return self.files[name][0]

    def copy(self, out):
        for name in sorted(self.files):
            path, source, text = self.files[name]
            if text is None:
                out.copy(path, source)
            else:
                out.write(path, text)


def copy_assets(documents, content_path, out):
    """Copy the images and attachments that `documents` use, and only those:
    an embargoed release's attachment must not leak. An asset keeps its path
    below content/ (urls.py)."""
    for path in sorted({asset for document in documents for asset in document.source.assets}):
        out.copy(path, os.path.join(content_path, path))
