"""The site plan: every page of both trees, from the documents and the settings.

plan_site() is a pure function: it reads nothing from disk and writes
nothing, so the same documents and settings always give the same plan, and
a test can plan a site without building one. Every address comes from
urls.py; the plan only decides which pages exist and what each shows.
"""

from dataclasses import dataclass

from .. import urls
from ..content.pairing import missing_translations
from ..model import by_year, filed
from ..search.facets import filter_options
from .pages import OutputPage, SitePlan

# The main menu: the address of each entry and its label (a msgid); an entry
# with no page in a language is left out of that language's menu.
NAVIGATION = ((lambda lang: urls.home(lang).page(1), "Latest"), (urls.archive, "By year"),
              (urls.categories, "By category"), (urls.departments, "By department"), (urls.tags, "Tags"),
              (lambda lang: urls.page(lang, "about"), "About"))


@dataclass
class Site:
    plan: SitePlan  # linked across languages
    releases: dict  # lang -> that language's releases, newest first
    search_shards: dict  # lang -> [releases of each shard], oldest first (search/index.py)


def plan_site(documents, settings, localizers):
    """The linked plan of every page of `documents` (the published ones, or
    in a preview every one) in every language of the settings."""
    languages = settings["PRESSROOM_LANGUAGES"]
    plan = SitePlan(languages)
    releases_by_lang, shards = {}, {}
    all_releases = [d for d in documents if d.kind == "release"]
    for lang in languages:
        # Each language's releases, newest first: listings, feeds, the search
        # shards and releases.json all take them in this order.
        releases = releases_by_lang[lang] = sorted(
            (d for d in all_releases if d.lang == lang), key=lambda d: (d.date, d.slug), reverse=True)
        shards[lang] = search_shards(releases[::-1], settings["PRESSROOM_SEARCH_SHARD_SIZE"])
        _plan_language(plan, lang, releases, [d for d in documents if d.kind == "page" and d.lang == lang],
                       settings, localizers[lang].gettext, shards[lang])
    _plan_notices(plan, documents, languages, localizers)
    _plan_editors_pages(plan, all_releases, languages, localizers)
    plan.link()
    return Site(plan, releases_by_lang, shards)


def _plan_language(plan, lang, releases, pages, settings, _, shards):
    """Every page of one language's tree but the notices and editors' pages."""
    home = urls.home(lang).page(1).key
    for newer, release, older in zip([None] + releases[:-1], releases, releases[1:] + [None]):
        plan.add(OutputPage(lang, urls.release(lang, release.slug), "release", release.title_text,
                            {"document": release, "newer": newer, "older": older},
                            indexable=release.preview_status is None, fallbacks=(home,)))
    for page_doc in pages:
        plan.add(OutputPage(lang, urls.page(lang, page_doc.slug), "page", page_doc.title_text,
                            {"document": page_doc}, fallbacks=(home,)))
    plan.add_listing(lang, urls.home(lang), "listing", _("Latest press releases"), releases,
                     settings["PRESSROOM_PER_PAGE"], values={"feed": urls.feed(lang)})
    _plan_years(plan, lang, releases, settings, _)
    _plan_keyed_listings(plan, lang, releases, settings, _)
    _plan_tags(plan, lang, releases, settings, _)
    plan.add(OutputPage(lang, urls.search(lang), "search", _("Search press releases"), {
        "search_bundle": urls.href(settings, urls.search_bundle(lang) + "/") if shards else "",
        "search_filters": filter_options(lang, releases, settings, _),
    }))


def _plan_years(plan, lang, releases, settings, _):
    """A listing a year, newest first, and their index."""
    years = []
    for year, items in by_year(releases):
        listing = plan.add_listing(lang, urls.year(lang, year), "listing", _("Press releases of %(year)s", year=year),
                                   items, settings["PRESSROOM_PER_PAGE"], fallbacks=(urls.archive(lang).key,))
        years.append((str(year), listing[0], len(items)))
    plan.add(OutputPage(lang, urls.archive(lang), "index", _("Press releases by year"), {"entries": years}))


def _plan_keyed_listings(plan, lang, releases, settings, _):
    """A listing for each category and department that has releases, in the
    order of the settings' tables, and the index of each."""
    for dimension, index, table, index_title, feed_of in (
        ("category", urls.categories(lang), settings["PRESSROOM_CATEGORIES"], _("Press releases by category"),
         urls.feed),
        ("department", urls.departments(lang), settings["PRESSROOM_DEPARTMENTS"], _("Press releases by department"),
         urls.department_feed),
    ):
        entries = []
        for key, names in table.items():
            items = filed(releases, dimension, key)
            if not items:
                continue
            feed = feed_of(lang, key)
            listing = plan.add_listing(lang, getattr(urls, dimension)(lang, key), "listing", names[lang], items,
                                       settings["PRESSROOM_PER_PAGE"], fallbacks=(index.key,), values={"feed": feed})
            entries.append((names[lang], listing[0], len(items)))
        plan.add(OutputPage(lang, index, "index", index_title, {"entries": entries}))


def _plan_tags(plan, lang, releases, settings, _):
    """A listing for each tag of the language, by name, and their index."""
    tags = {}
    for release in releases:
        for tag in release.tags:
            tags.setdefault(tag, []).append(release)
    entries = []
    for tag, items in sorted(tags.items(), key=lambda pair: pair[0].name):
        listing = plan.add_listing(lang, urls.tag(lang, tag.slug), "listing", _("Tag: %(tag)s", tag=tag.name), items,
                                   settings["PRESSROOM_PER_PAGE"], fallbacks=(urls.tags(lang).key,))
        entries.append((tag.name, listing[0], len(items)))
    plan.add(OutputPage(lang, urls.tags(lang), "index", _("Tags"), {"entries": entries}))


def _plan_notices(plan, documents, languages, localizers):
    """A noindex notice at the address of each missing translation, so that
    swapping /ko/ and /en/ in an address never ends in a 404."""
    for document in documents:
        if document.counterpart is not None:
            continue
        for lang in languages:
            if lang == document.lang:
                continue
            plan.add(OutputPage(lang, urls.document(document.kind, lang, document.slug), "notice",
                                localizers[lang].gettext("Not available in this language"), {"original": document},
                                indexable=False, fallbacks=(urls.home(lang).page(1).key,)))


def _plan_editors_pages(plan, releases, languages, localizers):
    """The editors' translation-status page of each language, and the 404 page."""
    untranslated = [(missing.lang, [(release, plan.get(release.lang, urls.release(release.lang, release.slug).key))
                                    for release in missing.releases])
                    for missing in missing_translations(releases, languages)]
    for lang in languages:
        plan.add(OutputPage(lang, urls.translation_status(lang), "translation_status",
                            localizers[lang].gettext("Translation status"), {"missing": untranslated},
                            indexable=False, fallbacks=(urls.home(lang).page(1).key,)))
    default = languages[0]
    plan.add(OutputPage(default, urls.not_found(), "404", localizers[default].gettext("Page not found"),
                        indexable=False, fallbacks=(urls.home(default).page(1).key,)))


def search_shards(releases, size):
    """[releases of each shard]: `releases`, oldest first, cut into shards of
    `size` (PRESSROOM_SEARCH_SHARD_SIZE), each indexed by Pagefind on its own
    (search/index.py says why)."""
    return [releases[start:start + size] for start in range(0, len(releases), size)]


def root_redirect(plan, settings):
    """The page at /, which sends a reader to the default language's home."""
    default = plan.languages[0]
    home = plan.get(default, urls.home(default).page(1).key)
    root = OutputPage(default, urls.root(), "redirect", settings["SITE_NAME"][default], indexable=False,
                      values={"target": home})
    root.alternates, root.switch = home.alternates, home.switch
    return root


def navigation(plan, lang, gettext):
    """[(label, page)] of the main menu in `lang`."""
    return [(gettext(label), target) for address, label in NAVIGATION
            if (target := plan.get(lang, address(lang).key))]
