"""This project's settings for `make bench`, with ten releases a listing page
as a ministry would set it (the demo's six only make its nine releases
paginate) and as plain Pelican's DEFAULT_PAGINATION is in baseline (b)."""

import os
import sys

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
from pelicanconf import *  # noqa: E402,F403

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
THEME = os.path.join(REPO, "theme")
PLUGIN_PATHS = [os.path.join(REPO, "plugins")]
PRESSROOM_PER_PAGE = 10
