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

from dataclasses import dataclass

from .content.discovery import discover
from .content.header import check_header, check_placeholders, read_source
from .content.pairing import check_archive
from .content.references import check_references
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
    sources, problems = discover(content_path, settings)
    renderable = []
    for source in sources:
        header_problems = read_source(content_path, source)
        if not header_problems:
            # The header's lines are all fields, so the body is known and can
            # be checked even when a field's value is wrong.
            renderable.append(source)
            header_problems = check_header(source, settings) + check_placeholders(source)
        problems += header_problems
    problems += check_archive(sources, settings["PRESSROOM_LANGUAGES"])
    return sources, problems, renderable
