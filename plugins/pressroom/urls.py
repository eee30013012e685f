"""The URL scheme: the one home of every address the site has.

Every file the build writes, every page's key in the plan, every link from
one page to another and the slugs a page may not take are derived here;
nothing else writes a path pattern. Paths are below the site root, with
forward slashes: "ko/releases/slug/" is a folder whose page is its
index.html, "" is the root.

A page's key says what the page is independently of its language:
("release", slug), ("category", "economic", 2), ("home", 1). Two pages
with the same key in two languages are counterparts (plan/pages.py). A
listing's Address names its first page; Address.page(n) its n-th.

    /                               redirect to the default language
    /404.html                       the not-found page
    /sitemap.xml, /robots.txt
    /{lang}/                        latest releases (page 2: /{lang}/page/2/)
    /{lang}/releases/               the years;  /{lang}/releases/{year}/
    /{lang}/releases/{slug}/        a release
    /{lang}/categories/, /{lang}/categories/{key}/
    /{lang}/departments/, /{lang}/departments/{key}/
    /{lang}/tags/, /{lang}/tags/{slug}/
    /{lang}/search/, /{lang}/pagefind/      the search page, its index
    /{lang}/feeds/all.atom.xml, /{lang}/feeds/categories/{key}.atom.xml,
    /{lang}/feeds/departments/{key}.atom.xml
    /{lang}/releases.json
    /{lang}/editors/translation-status/
    /{lang}/{slug}/                 a bilingual page (about, privacy, ...)
    /{images,attachments}/...       assets keep their path below content/
    /theme/...                      the theme's static files, named by their digest
"""

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

# The folders of the content tree that hold writers' files: a release is
# releases/<year>/<slug>.<lang>.md, a page pages/<slug>.<lang>.md.
RELEASES_SOURCE_DIR = "releases"
PAGES_SOURCE_DIR = "pages"
# The asset folders (PRESSROOM_ASSET_DIRS' default) that hold a year's
# images and attachments: images/<year>/, attachments/<year>/.
IMAGES_SOURCE_DIR = "images"
ATTACHMENTS_SOURCE_DIR = "attachments"

# The first segments the site itself uses below /{lang}/.
RELEASES = "releases"
CATEGORIES = "categories"
DEPARTMENTS = "departments"
TAGS = "tags"
PAGINATION = "page"
FEEDS = "feeds"
SEARCH = "search"
SEARCH_BUNDLE = "pagefind"
EDITORS = "editors"
# A bilingual page lives at /{lang}/{slug}/, beside them: it may not take one.
RESERVED_PAGE_SLUGS = frozenset({RELEASES, CATEGORIES, DEPARTMENTS, TAGS, PAGINATION, FEEDS, SEARCH, SEARCH_BUNDLE,
                                 EDITORS})

NOT_FOUND = "404.html"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"


@dataclass(frozen=True)
class Address:
    key: tuple  # what the page is, the same in every language
    path: str  # below the site root

    def page(self, number):
        """The n-th page of the listing this Address starts."""
        return Address(self.key + (number,), self.path if number == 1 else f"{self.path}{PAGINATION}/{number}/")


def root():
    return Address(("root",), "")


def not_found():
    return Address(("not-found",), NOT_FOUND)


def home(lang):
    return Address(("home",), f"{lang}/")


def archive(lang):
    return Address(("archive",), f"{lang}/{RELEASES}/")


def year(lang, number):
    return Address(("year", number), f"{lang}/{RELEASES}/{number}/")


def release(lang, slug):
    return Address(("release", slug), f"{lang}/{RELEASES}/{slug}/")


def page(lang, slug):
    return Address(("page", slug), f"{lang}/{slug}/")


def categories(lang):
    return Address((CATEGORIES,), f"{lang}/{CATEGORIES}/")


def category(lang, key):
    return Address(("category", key), f"{lang}/{CATEGORIES}/{key}/")


def departments(lang):
    return Address((DEPARTMENTS,), f"{lang}/{DEPARTMENTS}/")


def department(lang, key):
    return Address(("department", key), f"{lang}/{DEPARTMENTS}/{key}/")


def tags(lang):
    return Address((TAGS,), f"{lang}/{TAGS}/")


def tag(lang, slug):
    # Tags belong to one language: the key carries it, so a tag page has no
    # counterpart and its language switch falls back to the tag index.
    return Address(("tag", lang, slug), f"{lang}/{TAGS}/{slug}/")


def search(lang):
    return Address((SEARCH,), f"{lang}/{SEARCH}/")


def translation_status(lang):
    return Address(("translation-status",), f"{lang}/{EDITORS}/translation-status/")


def document(kind, lang, slug):
    """The page of a release or bilingual page, or of its notice in a
    language it does not have."""
    return (release if kind == "release" else page)(lang, slug)


def release_source(year, slug, lang):
    """Where a release's file is, below content/."""
    return f"{RELEASES_SOURCE_DIR}/{year:04d}/{slug}.{lang}.md"


def source_page(relative_path):
    """The path of the page a writer's file (below content/) becomes."""
    kind, *_, name = relative_path.split("/")
    slug, lang, _ = name.split(".")
    return document("release" if kind == RELEASES_SOURCE_DIR else "page", lang, slug).path


def feed(lang, category_key=None):
    """A language's Atom feed of every release, or of one category's."""
    if category_key is None:
        return f"{lang}/{FEEDS}/all.atom.xml"
    return f"{lang}/{FEEDS}/{CATEGORIES}/{category_key}.atom.xml"


def department_feed(lang, key):
    """The Atom feed of one department's releases, joint ones included."""
    return f"{lang}/{FEEDS}/{DEPARTMENTS}/{key}.atom.xml"


def release_index(lang):
    return f"{lang}/releases.json"


def search_bundle(lang):
    """The folder of a language's search index, a Pagefind bundle (search/index.py)."""
    return f"{lang}/{SEARCH_BUNDLE}"


def file_of(path):
    """The file a path is served from: a folder's index.html."""
    return path + "index.html" if path.endswith("/") or not path else path


def theme_file(settings, name):
    """Where theme/static/<name> is below the site root, by its own name."""
    return f"{settings['THEME_STATIC_DIR']}/{name}"


def theme_asset(settings, name, digest):
    """Where the site serves theme/static/<name>: under its name with the
    digest of its bytes before the extension ("css/main.3f2a9c1b0d7e.css"),
    so that a server may let browsers keep it for a year and a change still
    reaches them at once, under a new name."""
    folder, _, file_name = name.rpartition("/")
    stem, dot, extension = file_name.rpartition(".")
    hashed = f"{stem}.{digest}.{extension}" if dot else f"{file_name}.{digest}"
    return theme_file(settings, f"{folder}/{hashed}" if folder else hashed)


@lru_cache(maxsize=None)
def url_path(path):
    """The percent-encoded URL path of a path, with its leading slash."""
    return "/" + quote(path)


def href(settings, path):
    """The address a page links to `path` by: below SITEURL ("" in previews)."""
    return settings["SITEURL"].rstrip("/") + url_path(path)


def absolute_url(settings, path):
    """The absolute address of `path`, for feeds, the sitemap and hreflang."""
    return settings["FEED_DOMAIN"].rstrip("/") + url_path(path)
