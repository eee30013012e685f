"""Reading the content: every check of every file, with each body rendered once.

`make check`, `make status` and every build begin here, so that what `make
check` accepts is exactly what a build publishes:

1. check_sources(): where each file is (content/discovery.py), its header
   (read by the one header reader, content/header.py), and what the archive
   as a whole requires (content/pairing.py);
2. render.batch.render_all(): each body through Markdown, then read as a
   browser reads it and checked against the allowlist (from the render
   cache when the file, the settings and the code are unchanged; an entry
   is stored only for a body without problems);
3. content.references.check_references(): the files the bodies' images and
   {filename} links name, which can change while the bodies do not, on
   every run.
"""

import copy
import hashlib
import os
from dataclasses import dataclass

from .content.discovery import discover
from .content.assets import is_regular_file
from .content.header import attachment_items, check_header, check_placeholders, read_source
from .content.pairing import check_archive
from .content.references import check_references
from .build import warm
from .render.batch import render_all


@dataclass
class Reading:
    sources: list  # every release and page file found
    texts: dict  # relative path -> render.body.Texts, for the files without problems
    keys: dict  # relative path -> render cache key
    rendered_count: int  # files rendered anew, not taken from the cache
    problems: list


def read_content(content_path, settings, cache):
    sources, problems, renderable = check_sources(content_path, settings)
    texts, keys, rendered_count, body_problems = render_all(content_path, renderable, settings, cache,
                                                           settings["PRESSROOM_JOBS"])
    problems += body_problems
    for source in renderable:
        if source.relative_path in texts:
            problems += check_references(source, texts[source.relative_path], settings)
    return Reading(sources, texts, keys, rendered_count, problems)


def check_sources(content_path, settings):
    """The checks of every file that need no rendering: where it is, its
    header, and what the archive as a whole requires. Return (sources,
    problems, the sources whose body can be rendered); read_content() renders
    those and checks what they became."""
    found, problems = discover(content_path, settings)
    sources, renderable = [], []
    for source in found:
        with open(os.path.join(content_path, source.relative_path), "rb") as handle:
            raw = handle.read()
        # In the devserver, a file whose bytes did not change since the last
        # save is not read and checked again (build/warm.py).
        file_digest = hashlib.sha256(raw).digest()
        checked, assets, header_problems, body_known, _attachments = warm.remembered(
            "checked source", (source.path, source.relative_path, file_digest),
            lambda source=source, raw=raw: _check_source(content_path, source, raw, settings),
            still_true=lambda checked: checked[4] == attachments_found(checked[0], settings))
        # A copy: check_references() adds the body's images to its assets.
        source = copy.copy(checked)
        source.assets = list(assets)
        source.file_digest = file_digest
        sources.append(source)
        if body_known:
            renderable.append(source)
        problems += header_problems
    problems += check_archive(sources, settings["PRESSROOM_LANGUAGES"])
    return sources, problems, renderable


def _check_source(content_path, source, raw, settings):
    """(the source read from `raw` and checked, its assets so far, its
    problems, whether its body is known, attachments_found())."""
    header_problems = read_source(content_path, source, raw)
    if header_problems:
        return source, list(source.assets), header_problems, False, ()
    # The header's lines are all fields, so the body is known and can be
    # checked even when a field's value is wrong.
    header_problems = check_header(source, settings) + check_placeholders(source)
    return source, list(source.assets), header_problems, True, attachments_found(source, settings)


def attachments_found(source, settings):
    """Which of the files the header attaches are there: the one thing
    check_header() reads from the disk besides the file itself."""
    return tuple(is_regular_file(settings["PATH"], path) for _line, path, _label in attachment_items(source))
