"""The search page's filters, and what each says of a release: its facets.

The search page narrows its results and counts what each filter's choices
would leave by itself (theme/static/js/search.js), from each result's name,
and reads no Pagefind filter file. A Pagefind filter file lists every page
under one of its values, by number: about 20 KB a filter at 10,000 releases,
gzip or not, and counting every choice needs every filter's file (four on a
first query, and a search for each filter). The name of a release's
fragment carries its facets instead (bundle.merge() names it
`{lang}_{facets}_{place}_{digest}`): a few bytes a release in the metadata
that every query reads anyway.

A release's facets are one field a filter, in FILTERS order, joined by ".";
a field is the codes of the release's values joined by "-" (a joint release
has several departments), or "" when it has none. A value's code is its
place in its table (DOCUMENT_TYPES, PRESSROOM_CATEGORIES,
PRESSROOM_DEPARTMENTS), or the year itself, so a code does not change when
releases come and go, and a kept search shard's names stay true. The search
page's options carry the same codes (data-facet), from filter_options().
"""

from ..content.header import DOCUMENT_TYPES
from ..model import FILED_UNDER, by_year, filed
from .bundle import FIELD_SEPARATOR, VALUE_SEPARATOR

# The filters, in the order of the facets' fields and of the form's controls.
FILTERS = ("type", "category", "department", "year")


def _code(table, key):
    return str(list(table).index(key))


def release_facets(release, settings):
    """The facets of `release`, as its fragment's name carries them."""
    values = {
        "type": [_code(DOCUMENT_TYPES, release.doc_type)],
        "category": [_code(settings["PRESSROOM_CATEGORIES"], key) for key in FILED_UNDER["category"](release)],
        "department": [_code(settings["PRESSROOM_DEPARTMENTS"], key) for key in FILED_UNDER["department"](release)],
        "year": [str(release.year)],
    }
    return FIELD_SEPARATOR.join(VALUE_SEPARATOR.join(values[name]) for name in FILTERS)


def filter_options(lang, releases, settings, gettext):
    """[(filter, [(label, code)])] in FILTERS order: the choices of each
    filter that `releases` (of `lang`) have, in the order of their table,
    years newest first."""
    categories, departments = settings["PRESSROOM_CATEGORIES"], settings["PRESSROOM_DEPARTMENTS"]
    options = {
        "type": [(gettext(label), _code(DOCUMENT_TYPES, key)) for key, label in DOCUMENT_TYPES.items()
                 if any(release.doc_type == key for release in releases)],
        "category": [(names[lang], _code(categories, key)) for key, names in categories.items()
                     if filed(releases, "category", key)],
        "department": [(names[lang], _code(departments, key)) for key, names in departments.items()
                       if filed(releases, "department", key)],
        "year": [(str(year), str(year)) for year, _releases in by_year(releases)],
    }
    return [(name, options[name]) for name in FILTERS]
