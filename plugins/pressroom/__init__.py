"""pressroom: a bilingual press room on Pelican.

Reads each release and bilingual page once and writes two paired language
trees (/ko/ and /en/) with listings, Atom feeds, a sitemap with hreflang
alternates, a redirecting root and a 404 page. The stages, in the order a
build runs them (docs/architecture.md has one line per module):

    settings.py   the settings schema, checked once when Pelican starts
    content/      the writers' files: found, headers read and checked
    render/       each body through Markdown, checked, laid out, cached
    reading.py    content/ and render/ together: what `make check` runs
    model.py      the documents a build publishes
    plan/         every page of both trees, linked across languages
    outputs/      the pages and the files made from the plan
    search/       the search terms and the Pagefind index
    build/        the output folder, incremental pages, the worker pool
    urls.py       where every output lives (the URL scheme)
    l10n.py       the theme's strings, dates and names in each language

This module is the Pelican plugin, and only that: it checks the settings
and hands Pelican the generator (generator.py) that runs the stages. The
writers' commands (`pressroom build`, `check`, `new`, …) are in commands/.
"""


def check_settings(pelican):
    from .settings import check
    check(pelican.settings)


def get_generators(pelican):
    from .generator import PressroomGenerator
    return PressroomGenerator


def register():
    from pelican import signals
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(get_generators)
