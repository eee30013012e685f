"""Every body of the archive rendered: from the render cache when the file,
the settings and the code are unchanged, else anew, on several cores."""

from functools import partial

from ..build.pool import in_shares, merged
from ..content.problems import ContentError
from .body import images_unchanged, render_source


def render_all(content_path, sources, settings, cache, jobs):
    """({source.relative_path: Texts}, {source.relative_path: cache key},
    how many were rendered anew, problems) for every source; misses in
    parallel. A file whose body has problems has no Texts and no entry."""
    results, keys, misses = {}, {}, []
    for source in sources:
        key = keys[source.relative_path] = cache.key(source)
        texts = cache.texts(key)
        if texts is not None and not images_unchanged(settings, texts):
            texts = None  # an image was replaced by one of another size: render anew
        if texts is None:
            misses.append((key, source))
        else:
            results[source.relative_path] = texts
    shares = in_shares(partial(_render_into_cache, content_path, settings, cache), misses, jobs,
                       serial_below=jobs + 1)
    problems = []
    for (key, source), (texts, refused) in zip(misses, merged(shares, len(misses), jobs)):
        if texts is not None:
            results[source.relative_path] = texts
        problems += refused
    return results, keys, len(misses), problems


def _render_into_cache(content_path, settings, cache, misses):
    """Render each (key, source) into the cache; [(its small texts, [])]
    or [(None, its problems)], one a file."""
    results = []
    for key, source in misses:
        try:
            rendered = render_source(content_path, source, settings)
        except ContentError as error:
            results.append((None, error.problems))
            continue
        cache.put(key, rendered)
        results.append((rendered.texts, []))
    return results
