"""benchconf.py minified as `make publish` minifies (publishconf.py's
PRESSROOM_MINIFY): the build whose search download make bench measures, the
files readers download."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchconf import *  # noqa: E402,F403
from publishconf import PRESSROOM_MINIFY  # noqa: E402,F401
