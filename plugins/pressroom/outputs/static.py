"""The files the site serves as they are: the theme's static files, and the
images and attachments that published documents use."""

import os
from pathlib import Path

from .. import urls
from . import minify


def copy_theme_static(theme, settings, out):
    static = os.path.join(theme, "static")
    for directory, _, files in os.walk(static):
        for filename in sorted(files):
            source = os.path.join(directory, filename)
            name = urls.theme_file(settings, os.path.relpath(source, static).replace(os.sep, "/"))
            if settings["PRESSROOM_MINIFY"] and filename.endswith(".css"):
                out.write(name, minify.stylesheet(Path(source).read_text(encoding="utf-8")))
            else:
                out.copy(name, source)


def copy_assets(documents, content_path, out):
    """Copy the images and attachments that `documents` use, and only those:
    an embargoed release's attachment must not leak. An asset keeps its path
    below content/ (urls.py)."""
    for path in sorted({asset for document in documents for asset in document.source.assets}):
        out.copy(path, os.path.join(content_path, path))
