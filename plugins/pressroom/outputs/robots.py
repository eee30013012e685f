"""/robots.txt: everything may be crawled; the sitemap says what there is."""

from .. import urls


def robots(settings):
    return f"User-agent: *\nAllow: /\nSitemap: {urls.absolute_url(settings, urls.SITEMAP)}\n"
