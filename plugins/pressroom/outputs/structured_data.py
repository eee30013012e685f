"""JSON-LD NewsArticle for a release page, for search engines and portals.

The JSON goes inside a <script> element, where HTML escaping does not apply:
"<", ">" and "&" are written as JSON escapes so that a title containing
"</script>" or "<!--" cannot end the element early.
"""

import json

from markupsafe import Markup

from .. import urls

JSON_IN_HTML = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def structured_data(document, page, settings, logo_path):
    """The <script> element of `document`'s JSON-LD, on its `page`;
    `logo_path` is the site path of the publisher's logo."""
    default_lang = settings["PRESSROOM_LANGUAGES"][0]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": urls.absolute_url(settings, page.path),
        "url": urls.absolute_url(settings, page.path),
        "headline": document.title_text,
        "inLanguage": document.lang,
        "datePublished": document.date.isoformat(),
        "dateModified": document.last_change.isoformat(),
        "description": document.summary_text,
        "publisher": {
            "@type": "GovernmentOrganization",
            "name": settings["SITE_NAME"][document.lang],
            "logo": {"@type": "ImageObject", "url": urls.absolute_url(settings, logo_path)},
        },
    }
    if document.number:
        data["identifier"] = document.number
    if document.kind == "release":
        # Online at its embargo when it has one; distributed to the press
        # (배포) before that.
        if document.embargo and document.embargo > document.date:
            data["datePublished"] = document.embargo.isoformat()
        if document.distributed:
            data["dateCreated"] = document.distributed.isoformat()
        data["genre"] = document.doc_type_label
        departments = settings["PRESSROOM_DEPARTMENTS"]
        data["sourceOrganization"] = [{"@type": "GovernmentOrganization", "name": departments[key][document.lang]}
                                      for key in document.departments]
        if document.license:
            data["license"] = document.license.url
    counterpart = document.counterpart
    if counterpart is not None and counterpart.preview_status is None:
        relation = "workTranslation" if document.lang == default_lang else "translationOfWork"
        data[relation] = {"@type": "NewsArticle", "@id": urls.absolute_url(settings, counterpart.path),
                          "inLanguage": counterpart.lang}
    text = json.dumps(data, ensure_ascii=False, indent=1).translate(JSON_IN_HTML)
    return Markup(f'<script type="application/ld+json">\n{text}\n</script>')
