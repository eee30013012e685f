"""Reading the content: every check of every file, with each body rendered once.

`make check`, `make status` and every build begin here, so that what `make
check` accepts is exactly what a build publishes:

1. sources.check_sources(): where each file is, its header (read by the one
   header reader), and what the archive as a whole requires;
2. rendering.render_all(): each body through Markdown, then read as a browser
   reads it and checked against html_policy's allowlist (from the render
   cache when the file, the settings and the code are unchanged; an entry is
   stored only for a body without problems);
3. sources.check_references(): the files the bodies' images and {filename}
   links name, which can change while the bodies do not, on every run.
"""

from dataclasses import dataclass

from . import sources as src
from .rendering import render_all


@dataclass
class Reading:
    sources: list  # every release and page file found
    texts: dict  # relative path -> rendering.Texts, for the files without problems
    keys: dict  # relative path -> render cache key
    rendered_count: int  # files rendered anew, not taken from the cache
    problems: list


def read_content(content_path, settings, cache):
    sources, problems, renderable = src.check_sources(content_path, settings)
    texts, keys, rendered_count, body_problems = render_all(content_path, renderable, settings, cache,
                                                           settings["PRESSROOM_JOBS"])
    problems += body_problems
    for source in renderable:
        if source.relative_path in texts:
            problems += src.check_references(source, texts[source.relative_path], settings)
    return Reading(sources, texts, keys, rendered_count, problems)
