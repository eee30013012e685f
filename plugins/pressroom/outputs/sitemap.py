"""/sitemap.xml: every indexable page, with hreflang alternates for pairs.

Alternates come from the linked SitePlan, so they name only pages that are
written and indexable; notice pages and the 404 page are left out.
"""

from xml.etree import ElementTree

from .. import urls

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def sitemap_inputs(plan):
    """All that render_sitemap() reads of the plan, for build/warm.py."""
    return tuple((page.path, page.indexable, document.digest if (document := page.values.get("document")) else None,
                  tuple((hreflang, alternate.path) for hreflang, alternate in page.alternates))
                 for page in plan.pages)


def render_sitemap(plan, settings):
    ElementTree.register_namespace("", SITEMAP_NS)
    ElementTree.register_namespace("xhtml", XHTML_NS)
    urlset = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    for page in plan.pages:
        if not page.indexable:
            continue
        entry = ElementTree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ElementTree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = urls.absolute_url(settings, page.path)
        document = page.values.get("document")
        if document is not None and document.date is not None:
            ElementTree.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = document.last_change.isoformat()
        for hreflang, alternate in page.alternates:
            ElementTree.SubElement(entry, f"{{{XHTML_NS}}}link",
                                   rel="alternate", hreflang=hreflang, href=urls.absolute_url(settings, alternate.path))
    ElementTree.indent(urlset)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(urlset, encoding="unicode") + "\n"
