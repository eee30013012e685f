"""Production settings (`make publish`): everything in pelicanconf.py, with
the public address. Set SITEURL to where the site is served."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = "https://press.example.go.kr"
FEED_DOMAIN = SITEURL
# Drafts, embargoed and future-dated releases stay out of production.
PRESSROOM_SHOW_UNPUBLISHED = False
