"""The time a build acts at: the clock, or PRESSROOM_NOW.

Whether a release is published (model.why_unpublished) depends on the time.
PRESSROOM_NOW, an ISO 8601 time in the environment ("2024-05-02T06:00+09:00",
or without an offset in the site's TIMEZONE), makes a build act as at that
time: a preview of what goes online at 06:00, and tests at a minute before
and after an embargo. Without it, a build uses the clock.
"""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

ENVIRONMENT = "PRESSROOM_NOW"


class ClockError(ValueError):
    """PRESSROOM_NOW is set but is not a time."""


def build_time(settings, environ=os.environ):
    """The build's `now`, in the site's time zone."""
    zone = ZoneInfo(settings["TIMEZONE"])
    given = environ.get(ENVIRONMENT)
    if not given:
        return datetime.now(zone)
    try:
        time = datetime.fromisoformat(given.strip())
        # A time at the edge of the calendar overflows when moved to the zone.
        return (time if time.tzinfo else time.replace(tzinfo=zone)).astimezone(zone)
    except (ValueError, OverflowError):
        raise ClockError(f"{ENVIRONMENT}={given!r} is not a time: write it in ISO 8601, e.g. "
                         f"{ENVIRONMENT}=2024-05-02T06:00+09:00, or unset it to build as at the clock's time") from None


def is_given(environ=os.environ):
    return bool(environ.get(ENVIRONMENT))
