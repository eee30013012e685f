"""Production settings (`make publish`): everything in pelicanconf.py, with
the public address.

The address is PRESSROOM_SITEURL from the environment when it is set, so that
one build serves wherever the site is hosted, e.g. GitHub Pages under a
sub-path (`PRESSROOM_SITEURL=https://owner.github.io/repo make publish`, which
.github/workflows/ci.yml does), and otherwise DEFAULT_SITEURL below."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

DEFAULT_SITEURL = "https://press.example.go.kr"


def public_address(value):
    """The site's address as given, without a trailing slash: "https://host"
    or "https://host/sub/path". Anything else is refused here, at once, rather
    than built into every link of the site."""
    address = value.strip().rstrip("/")
    scheme, _, rest = address.partition("://")
    if scheme not in ("http", "https") or not rest or any(c in rest for c in "?#") or any(c.isspace() for c in rest):
        raise ValueError(f"PRESSROOM_SITEURL must be an absolute http(s) address such as "
                         f"https://owner.github.io/repo, without a query or fragment; got {value!r}")
    return address


# SITEURL prefixes every internal link and FEED_DOMAIN every absolute URL
# (feeds, the sitemap, canonical and hreflang links): the plugin appends the
# page's path, starting with "/", to each. So both are the whole address,
# sub-path included; under https://owner.github.io/repo every link starts
# with https://owner.github.io/repo/.
SITEURL = public_address(os.environ.get("PRESSROOM_SITEURL") or DEFAULT_SITEURL)
FEED_DOMAIN = SITEURL
# Drafts, embargoed and future-dated releases stay out of production.
PRESSROOM_SHOW_UNPUBLISHED = False
# Smaller pages and stylesheets (plugins/pressroom/outputs/minify.py).
PRESSROOM_MINIFY = True
