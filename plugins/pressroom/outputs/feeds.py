"""The Atom feeds of each language: every release, each category's and
each department's (a joint release is in the feed of each of its
departments).

Feed readers show entries away from the site, so every link in an entry is
absolute, and an entry's summary, plain text, is escaped once more for
Atom's <summary type="html">.
"""

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from feedgenerator import Atom1Feed

from .. import urls
from ..build import warm
from ..model import filed

# The updated time of a feed with no entries, fixed so builds are reproducible.
EPOCH = datetime(2000, 1, 1, tzinfo=ZoneInfo("UTC"))

# A root-relative address in an href or src attribute ("/ko/...", not
# "//host/..."), or a link to a place in the same page ("#fn:1", footnotes).
ROOT_RELATIVE_LINK = re.compile(r'(?P<attribute>\s(?:href|src)=)(?P<quote>["\'])(?:(?P<path>/(?!/))|(?P<fragment>#))')


def absolute_links(html_text, origin, page_address):
    """`html_text` with its root-relative links made absolute, for HTML read
    away from the site (feed readers): `origin` is FEED_DOMAIN, the address
    of the site's root, and `page_address` the absolute address of the page
    the HTML is from, which in-page links (footnotes) lead to. Links are
    root-relative when SITEURL is empty, as in previews; with an absolute
    SITEURL they are absolute already."""
    def absolute(match):
        target = f'{origin.rstrip("/")}/' if match["path"] else f"{page_address}#"
        return f'{match["attribute"]}{match["quote"]}{target}'
    return ROOT_RELATIVE_LINK.sub(absolute, html_text)


def feeds(lang, releases, plan, settings):
    """[(path, Atom XML)] of `lang`'s feeds; `releases` newest first."""
    categories = settings["PRESSROOM_CATEGORIES"]
    departments = settings["PRESSROOM_DEPARTMENTS"]
    site_name = settings["SITE_NAME"][lang]
    chosen = [(urls.feed(lang), urls.home(lang), site_name, releases)]
    for key in categories:
        items = filed(releases, "category", key)
        if items:
            chosen.append((urls.feed(lang, key), urls.category(lang, key), f"{site_name}: {categories[key][lang]}",
                           items))
    for key in departments:
        items = filed(releases, "department", key)
        if items:
            chosen.append((urls.department_feed(lang, key), urls.department(lang, key),
                           f"{site_name}: {departments[key][lang]}", items))
    # A feed shows its newest items, each as its digest covers it, and
    # links its listing (an address of urls.py): the devserver keeps a feed
    # whose items did not change (build/warm.py).
    shown = settings["PRESSROOM_FEED_MAX_ITEMS"]
    return [(path, warm.remembered(
                "feed", (path, listing.path, title, tuple(item.digest for item in items[:shown])),
                lambda path=path, listing=listing, title=title, items=items:
                feed(lang, path, listing, title, items, plan, settings)))
            for path, listing, title, items in chosen]


def feed(lang, path, listing, title, items, plan, settings):
    """The Atom XML of one feed at `path`, whose listing is at `listing`."""
    def absolute(path):
        return urls.absolute_url(settings, path)

    categories = settings["PRESSROOM_CATEGORIES"]
    atom = Atom1Feed(title=title, link=absolute(plan.get(lang, listing.page(1).key).path), feed_url=absolute(path),
                     description="", language=lang, feed_guid=absolute(path),
                     updateddate=items[0].last_change if items else EPOCH)
    for document in items[:settings["PRESSROOM_FEED_MAX_ITEMS"]]:
        atom.add_item(
            title=document.title_text,
            link=absolute(document.path),
            unique_id=absolute(document.path),
            # Atom's <summary type="html"> is HTML: plain text must be escaped
            # once more, or "<i>" in a summary would turn into markup.
            description=html.escape(document.summary_text, quote=False),
            content=absolute_links(str(document.body), settings["FEED_DOMAIN"], absolute(document.path)),
            pubdate=document.date,
            updateddate=document.last_change,
            categories=[categories[document.category][lang]],
        )
    return atom.writeString("utf-8")
