"""/sitemap.xml: every indexable page, with hreflang alternates for pairs.

Alternates come from the linked SitePlan, so they name only pages that are
written and indexable; notice pages and the 404 page are left out.
"""

from xml.etree import ElementTree

from .. import urls

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def sitemap_inputs(plan):
    """All that render_sitemap() reads of the plan, for build/warm.py: an
    edit that changes no address, date or pairing leaves the sitemap as it is."""
    return tuple((page.path, page.indexable, _lastmod(page),
                  tuple((hreflang, alternate.path) for hreflang, alternate in page.alternates))
                 for page in plan.pages)


def _lastmod(page):
    document = page.values.get("document")
    return document.last_change.isoformat() if document is not None and document.date is not None else None


def render_sitemap(plan, settings):
    ElementTree.register_namespace("", SITEMAP_NS)
    ElementTree.register_namespace("xhtml", XHTML_NS)
    urlset = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    for page in plan.pages:
        if not page.indexable:
            continue
        entry = ElementTree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ElementTree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = urls.absolute_url(settings, page.path)
        lastmod = _lastmod(page)
        if lastmod is not None:
            ElementTree.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = lastmod
        for hreflang, alternate in page.alternates:
            ElementTree.SubElement(entry, f"{{{XHTML_NS}}}link",
                                   rel="alternate", hreflang=hreflang, href=urls.absolute_url(settings, alternate.path))
    ElementTree.indent(urlset)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(urlset, encoding="unicode") + "\n"
