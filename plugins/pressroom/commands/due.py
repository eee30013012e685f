"""`pressroom due --since TIME`: did a release become due since TIME?

The decision a scheduled publisher makes before it builds (the GitHub Pages
workflow's `due` job, `make publish-due` for a web server): a release became
due in (since, now] when it is not a draft, was withheld at `since` and is
published at `now` (model.why_unpublished at both times). Its due time is the
later of its Embargo and Date. `now` is the clock's time, or PRESSROOM_NOW
(clock.py), as for builds.

The content is read with every check `check` runs; a problem in it is
reported as `check` reports it.

Exit status:
    0  something became due: one line a release, its file and its due time;
    1  the content has problems (listed), or a setting is wrong;
    2  TIME (or PRESSROOM_NOW) is not a time, or another build holds the cache;
    3  nothing became due: one line "nothing became due between … and …".
A scheduler publishes on 0, does nothing on 3, and reports anything else.
"""

import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from .. import clock
from ..build import locking
from ..build.summary import clock_time
from ..model import why_unpublished
from .check import EXIT_PROBLEMS, checked_sources

EXIT_DUE = 0
EXIT_BAD_TIME = 2
EXIT_NOTHING_DUE = 3


def parse_since(given, settings):
    """`--since` as an aware time in the site's zone, or ValueError saying
    how to write it. As PRESSROOM_NOW: ISO 8601, an offset or the site's
    TIMEZONE."""
    zone = ZoneInfo(settings["TIMEZONE"])
    if not (given or "").strip():
        raise ValueError("--since is needed: the time of the last publication in ISO 8601, e.g. --since "
                         "2024-05-02T06:00+09:00")
    try:
        time = datetime.fromisoformat((given or "").strip())
        return (time if time.tzinfo else time.replace(tzinfo=zone)).astimezone(zone)
    except (ValueError, OverflowError):
        raise ValueError(f"--since {given!r} is not a time: write it in ISO 8601, e.g. --since "
                         f"2024-05-02T06:00+09:00 (without an offset, in {settings['TIMEZONE']})") from None


def became_due(sources, since, now):
    """[(due time, path)] of the releases withheld at `since` and published
    at `now`, earliest first."""
    found = []
    for source in sources:
        if source.kind != "release":
            continue
        before = why_unpublished(source, since)
        if before is None or before.due is None or why_unpublished(source, now) is not None:
            continue
        found.append((before.due, source.path))
    return sorted(found)


def due(settings, since, wait=locking.WAIT_SECONDS, environ=None):
    """The command: prints the decision and returns its exit status."""
    try:
        since_time = parse_since(since, settings)
        now = clock.build_time(settings, *([environ] if environ is not None else []))
    except ValueError as error:  # clock.ClockError is one
        print(f"pressroom due: {error}", file=sys.stderr)
        return EXIT_BAD_TIME
    if since_time > now:
        # A recorded upload time after now (a build run as at a later
        # PRESSROOM_NOW) would otherwise skip every release until then.
        print(f"pressroom due: --since {clock_time(since_time)} is after now ({clock_time(now)}): nothing can have "
              f"become due since a time still to come; give the time of the last real publication", file=sys.stderr)
        return EXIT_BAD_TIME
    sources = checked_sources(settings, wait)
    if sources is None:
        return EXIT_PROBLEMS
    found = became_due(sources, since_time, now)
    if not found:
        print(f"nothing became due between {clock_time(since_time)} and {clock_time(now)}")
        return EXIT_NOTHING_DUE
    for time, path in found:
        print(f"became due: {path} at {clock_time(time)}")
    return EXIT_DUE
