"""What a build says it did: one fact a line, each printed as `pressroom: …`.

In place of Pelican's own summary, which counts only its idle generators
("0 articles"). print(), not Pelican's console, which wraps each line to the
terminal's width (to 80 columns in a pipe or a log file) and reads
[brackets] in a path as markup.
"""

from collections import Counter
from dataclasses import dataclass


@dataclass
class BuildRecord:
    documents: list  # published documents
    releases: list  # published releases
    unpublished: list  # releases not published yet (model.Documents.unpublished)
    shown_unpublished: bool  # PRESSROOM_SHOW_UNPUBLISHED: a preview
    source_count: int
    rendered_count: int  # source files rendered anew
    discarded: set  # keys of damaged cache entries
    pages_rendered: int
    pages_skipped: int
    manifest_damaged: bool
    files_written: int
    files_changed: int
    files_removed: int
    acting_as_at: object = None  # the build's time when PRESSROOM_NOW gave it (clock.py)


def summary(build):
    """What the build did, one fact a line; in place of Pelican's own
    summary, which counts only its idle generators."""
    if build.acting_as_at is not None:
        yield f"built as at {clock_time(build.acting_as_at)} (PRESSROOM_NOW), not the clock's time"
    pages = len(build.documents) - len(build.releases)
    paired = sum(1 for d in build.releases if d.counterpart is not None)
    yield (f"{counted(len(build.releases), 'release file')} published: {counted(paired // 2, 'pair')} and "
           f"{len(build.releases) - paired} in one language only")
    yield f"{counted(pages, 'page file')} published"
    yield (f"{counted(build.source_count, 'source file')} read: {build.rendered_count} rendered anew, "
           f"{build.source_count - build.rendered_count} taken from the cache")
    if build.discarded:
        yield (f"{counted(len(build.discarded), 'damaged cache entry', 'damaged cache entries')} "
               f"discarded and rendered anew")
    yield (f"{counted(build.pages_rendered + build.pages_skipped, 'HTML page')}: {build.pages_rendered} rendered, "
           f"{build.pages_skipped} unchanged since the last build")
    if build.manifest_damaged:
        yield "the page manifest was damaged, so every page was rendered anew"
    yield (f"{counted(build.files_written, 'output file')}: {build.files_changed} new or changed, "
           f"{counted(build.files_removed, 'stale file')} removed")
    yield from unpublished_summary(build.unpublished, build.shown_unpublished)


def unpublished_summary(unpublished, shown):
    """The releases that are not published yet, as decided when they were
    read: in production, each file held back and why; in a preview, how
    many are shown with a banner."""
    if not unpublished and shown:
        yield "no release is a draft, under embargo or dated in the future"
    elif shown:
        reasons = Counter(d.unpublished.reason for d in unpublished)
        kinds = ", ".join(counted(reasons[reason], *labels) for reason, *labels in UNPUBLISHED_KINDS
                          if reasons[reason])
        one = len(unpublished) == 1
        yield (f"{counted(len(unpublished), 'release')} not yet published {'is' if one else 'are'} shown "
               f"with a banner ({kinds}); a production build (make publish) holds {'it' if one else 'them'} back")
    else:
        for document in sorted(unpublished, key=lambda d: d.source.path):
            why = document.unpublished
            source = document.source
            yield f"held back: {source.path}:{source.line_of(why.field)} — {held_back_because(why)}"
    if not shown:
        yield next_change(unpublished)


def next_change(unpublished):
    """When the published site changes by itself: the first time a release
    held back becomes due, with no change to any file; a rebuild at or after
    that time publishes it."""
    due = sorted((d.unpublished.due, d.source.path) for d in unpublished if d.unpublished.due is not None)
    if not due:
        if unpublished:
            return "next change by itself: none; no release is under embargo or dated in the future (drafts wait " \
                   "for a writer)"
        return "next change by itself: none; no release is a draft, under embargo or dated in the future"
    first = due[0][0]
    files = [path for time, path in due if time == first]
    return (f"next change by itself: {clock_time(first)}, when {', '.join(files)} "
            f"{'becomes' if len(files) == 1 else 'become'} due; a build at or after that time publishes "
            f"{'it' if len(files) == 1 else 'them'}")


# The reasons a release is not published yet (model.why_unpublished),
# in the order the summary counts them.
UNPUBLISHED_KINDS = (("draft", "draft", "drafts"), ("embargo", "under embargo", "under embargo"),
                     ("scheduled", "dated in the future", "dated in the future"))


def held_back_because(why):
    """Why production left a release out, as a line of the summary says it."""
    if why.reason == "draft":
        return "a draft (Status: draft)"
    if why.reason == "embargo":
        return f"embargoed until {clock_time(why.until)}"
    return f"dated {clock_time(why.until)}, in the future"


def clock_time(time):
    """2099-01-01 09:00 KST: a time with its zone, as a log line gives it."""
    return f"{time:%Y-%m-%d %H:%M %Z}"


def counted(number, singular, plural=None):
    """1 pair, 2 pairs."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"
