"""The generator that reads every release once and writes both language trees.

Pelican's built-in translations leave translations out of listings and feeds,
and i18n_subsites re-reads the content once per language. Here one run reads
each file once, plans every page of every language (sources -> documents ->
plan), links the plan across languages, and only then renders.

Nothing is dropped quietly: every file under content/ is either published or
reported as a problem that stops the build, and after writing, every release
and page is checked to have its page in the output.
"""

import html
import multiprocessing
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from itertools import groupby
from pathlib import Path
from zoneinfo import ZoneInfo

from feedgenerator import Atom1Feed
from pelican import signals
from pelican.generators import Generator

from . import minify, search
from . import sources as src
from .documents import Attachment, Document, Tag, why_unpublished
from .html_policy import Sanitizer
from .incremental import PageManifest, page_digest
from .localization import Localizer, release_number
from .output import OutputFiles
from .plan import OutputPage, SitePlan, url_path
from .release_index import release_index
from .reading import read_content
from .rendering import RenderCache, absolute_links, site_url
from .security_policy import content_security_policy
from .sitemap import render_sitemap
from .structured_data import structured_data
from .translation_status import missing_translations


# The main menu: plan keys and their labels (msgids); a key with no page in a
# language is left out of that language's menu.
NAVIGATION = ((("home", 1), "Latest"), (("archive",), "By year"), (("categories",), "By category"),
              (("departments",), "By department"), (("tags",), "Tags"), (("page", "about"), "About"))

# Where each language's Pagefind shards go (/{lang}/pagefind/{n}/), the
# digest of the records each was made from, the bundle files the site never
# uses (Pagefind's own search interfaces: our page has its own script), and
# those only the first shard needs (the others are merged into it and use
# its script and WebAssembly).
SEARCH_BUNDLE = "pagefind"
SEARCH_DIGEST_FILE = "records.sha256"
SEARCH_UNUSED_FILES = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")
SEARCH_FIRST_SHARD_ONLY = ("pagefind.js", "pagefind-worker.js", "wasm.")

# The updated time of a feed with no entries, fixed so builds are reproducible.
EPOCH = datetime(2000, 1, 1, tzinfo=ZoneInfo("UTC"))


class SourceNotPublished(Exception):
    """A source file that passed every check has no page in the output."""


class PressroomGenerator(Generator):
    def generate_context(self):
        self.languages = self.settings["PRESSROOM_LANGUAGES"]
        self.documents = self._read_documents()
        self.releases = [d for d in self.documents if d.kind == "release"]
        self.localizers = {
            lang: Localizer(lang, os.path.join(self.theme, "translations")) for lang in self.languages
        }
        self.plan = self._plan()
        self.plan.link()

    # -- reading -----------------------------------------------------------------

    def _read_documents(self):
        self.cache = RenderCache(self.settings["PRESSROOM_CACHE_PATH"], self.settings)
        self.sanitize = Sanitizer(self.settings)
        reading = read_content(self.path, self.settings, self.cache)
        if reading.problems:
            raise src.ContentError(reading.problems)
        sources, rendered, keys, self.rendered_count = reading.sources, reading.texts, reading.keys, \
            reading.rendered_count

        self.source_count = len(sources)
        now = datetime.now(ZoneInfo(self.settings["TIMEZONE"]))
        documents = []
        # Every release that is not published yet, shown in a preview and left
        # out by production: the build's summary lists them from here.
        self.unpublished = []
        for source in sources:
            document = self._document(source, rendered[source.relative_path], keys[source.relative_path])
            if document.kind == "release":
                document.unpublished = why_unpublished(source, now)
            if document.unpublished:
                self.unpublished.append(document)
                if not self.settings["PRESSROOM_SHOW_UNPUBLISHED"]:
                    continue
            documents.append(document)
        self._check_links_to_withheld(documents)

        by_slug = {}
        for document in documents:
            by_slug.setdefault((document.kind, document.slug), []).append(document)
        for group in by_slug.values():
            for document in group:
                others = [d for d in group if d is not document]
                document.counterpart = others[0] if others else None
        return documents

    def _check_links_to_withheld(self, documents):
        """A published page must not link to a release production withholds:
        the link would lead to a 404 once published."""
        if self.settings["PRESSROOM_SHOW_UNPUBLISHED"] or not self.unpublished:
            return
        withheld = {document.source.relative_path: document for document in self.unpublished}
        problems = [
            src.Problem(document.source.path, line, "body",
                        f"the link '{href}' leads to a release that is not published yet "
                        f"({withheld[src.linked_path(document.source, href)].unpublished.reason})",
                        "remove the link, or publish both releases together")
            for document in documents
            for line, href in document.texts.filename_links
            if src.linked_path(document.source, href) in withheld
        ]
        if problems:
            raise src.ContentError(problems)

    def _document(self, source, texts, rendered_key):
        document = Document(source, texts, rendered_key, self.cache, self.sanitize,
                            self.settings["PRESSROOM_TYPOGRIFY"])
        document.tags = [Tag(name, src.tag_slug(name), source.lang) for name in dict.fromkeys(src.tag_names(source))]
        document.attachments = [
            Attachment(path, label, os.path.getsize(os.path.join(self.path, path)))
            for path, label in source.attachments
        ]
        return document

    # -- planning ----------------------------------------------------------------

    def _plan(self):
        plan = SitePlan(self.languages)
        per_page = self.settings["PRESSROOM_PER_PAGE"]
        self.search_shards = {}
        # Each language's releases, newest first: listings, feeds, the search
        # shards and releases.json all take them in this order.
        self.releases_by_lang = {}
        for lang in self.languages:
            _ = self.localizers[lang].gettext
            releases = self.releases_by_lang[lang] = sorted(
                (d for d in self.releases if d.lang == lang), key=lambda d: (d.date, d.slug), reverse=True
            )
            for newer, release, older in zip([None] + releases[:-1], releases, releases[1:] + [None]):
                plan.add(OutputPage(lang, ("release", release.slug), release.path, "release", release.title_text,
                                    {"document": release, "newer": newer, "older": older},
                                    indexable=release.preview_status is None, fallbacks=(("home", 1),)))
            for page_doc in (d for d in self.documents if d.kind == "page" and d.lang == lang):
                plan.add(OutputPage(lang, ("page", page_doc.slug), page_doc.path, "page", page_doc.title_text,
                                    {"document": page_doc}, fallbacks=(("home", 1),)))

            plan.add_listing(lang, ("home",), f"{lang}/", "listing", _("Latest press releases"), releases, per_page,
                             values={"feed": self._feed_path(lang, None)})

            by_year = groupby(sorted(releases, key=lambda d: d.year, reverse=True), key=lambda d: d.year)
            years = []
            for year, items in by_year:
                items = list(items)
                pages = plan.add_listing(lang, ("year", year), f"{lang}/releases/{year}/", "listing",
                                         _("Press releases of %(year)s", year=year), items, per_page,
                                         fallbacks=(("archive",),))
                years.append((str(year), pages[0], len(items)))
            plan.add(OutputPage(lang, ("archive",), f"{lang}/releases/", "index", _("Press releases by year"),
                                {"entries": years}))

            for dimension, folder, table, index_title in (
                ("category", "categories", self.settings["PRESSROOM_CATEGORIES"], _("Press releases by category")),
                ("department", "departments", self.settings["PRESSROOM_DEPARTMENTS"],
                 _("Press releases by department")),
            ):
                entries = []
                for key, names in table.items():
                    items = [r for r in releases if getattr(r, dimension) == key]
                    if not items:
                        continue
                    pages = plan.add_listing(
                        lang, (dimension, key), f"{lang}/{folder}/{key}/", "listing", names[lang], items, per_page,
                        fallbacks=((folder,),),
                        values={"feed": self._feed_path(lang, key) if dimension == "category" else None},
                    )
                    entries.append((names[lang], pages[0], len(items)))
                plan.add(OutputPage(lang, (folder,), f"{lang}/{folder}/", "index", index_title, {"entries": entries}))

            tags = {}
            for release in releases:
                for tag in release.tags:
                    tags.setdefault(tag, []).append(release)
            entries = []
            for tag, items in sorted(tags.items(), key=lambda pair: pair[0].name):
                # Tags belong to one language: the key carries it, so a tag page
                # has no counterpart and its switch falls back to the tag index.
                pages = plan.add_listing(lang, ("tag", lang, tag.slug), f"{lang}/tags/{tag.slug}/", "listing",
                                         _("Tag: %(tag)s", tag=tag.name), items, per_page, fallbacks=(("tags",),))
                entries.append((tag.name, pages[0], len(items)))
            plan.add(OutputPage(lang, ("tags",), f"{lang}/tags/", "index", _("Tags"), {"entries": entries}))

            self.search_shards[lang] = self._search_shards(lang, releases[::-1])
            plan.add(OutputPage(lang, ("search",), f"{lang}/search/", "search", _("Search press releases"), {
                "search_bundles": [self.href(f"{folder}/") for folder, _releases in self.search_shards[lang]],
                "filter_options": {
                    "category": [names[lang] for key, names in self.settings["PRESSROOM_CATEGORIES"].items()
                                 if any(r.category == key for r in releases)],
                    "department": [names[lang] for key, names in self.settings["PRESSROOM_DEPARTMENTS"].items()
                                   if any(r.department == key for r in releases)],
                    "year": [label for label, _page, _count in years],
                },
            }))

        self._plan_notices(plan)
        untranslated = [(missing.lang, [(release, plan.get(release.lang, ("release", release.slug)))
                                        for release in missing.releases])
                        for missing in missing_translations(self.releases, self.languages)]
        for lang in self.languages:
            plan.add(OutputPage(
                lang, ("translation-status",), f"{lang}/editors/translation-status/", "translation_status",
                self.localizers[lang].gettext("Translation status"), {"missing": untranslated},
                indexable=False, fallbacks=(("home", 1),)))
        default = self.languages[0]
        plan.add(OutputPage(default, ("not-found",), "404.html", "404", self.localizers[default].gettext(
            "Page not found"), indexable=False, fallbacks=(("home", 1),)))
        return plan

    def _plan_notices(self, plan):
        """A noindex notice at the URL of each missing translation, so that
        swapping /ko/ and /en/ in an address never ends in a 404."""
        for document in self.documents:
            if document.counterpart is not None:
                continue
            for lang in self.languages:
                if lang == document.lang:
                    continue
                path = document.path.replace(f"{document.lang}/", f"{lang}/", 1)
                title = self.localizers[lang].gettext("Not available in this language")
                plan.add(OutputPage(lang, (document.kind, document.slug), path, "notice", title,
                                    {"original": document}, indexable=False, fallbacks=(("home", 1),)))

    # -- writing -----------------------------------------------------------------

    def _feed_path(self, lang, category):
        if category is None:
            return f"{lang}/feeds/all.atom.xml"
        return f"{lang}/feeds/categories/{category}.atom.xml"

    def absolute_url(self, path):
        return self.settings["FEED_DOMAIN"].rstrip("/") + url_path(path)

    def href(self, path):
        return site_url(self.settings, path)

    def _template_values(self, page):
        localizer = self.localizers[page.lang]
        categories = self.settings["PRESSROOM_CATEGORIES"]
        departments = self.settings["PRESSROOM_DEPARTMENTS"]
        return {
            "page": page,
            "lang": page.lang,
            "_": localizer.gettext,
            "l10n": localizer,
            "localizers": self.localizers,
            "site_name": self.settings["SITE_NAME"][page.lang],
            "href": self.href,
            "absolute_url": self.absolute_url,
            "category_name": lambda key: categories[key][page.lang],
            "department_info": lambda key: departments[key],
            "release_number": lambda number: release_number(
                self.settings["PRESSROOM_RELEASE_NUMBER_FORMAT"], page.lang, number),
            "nav_page": lambda key: self.plan.get(page.lang, key),
            "footer_pages": [p for p in (self.plan.get(page.lang, ("page", slug))
                                         for slug in self.settings["PRESSROOM_FOOTER_PAGES"]) if p],
            "navigation": [(localizer.gettext(label), target) for key, label in NAVIGATION
                           if (target := self.plan.get(page.lang, key))],
            "language_feed": self._feed_path(page.lang, None),
            "structured_data": lambda document: structured_data(document, page, self),
            "content_security_policy": content_security_policy(self.settings),
            **page.values,
        }

    def generate_output(self, writer):
        # Pelican's writer is not used: OutputFiles leaves unchanged files
        # untouched and renders on several cores.
        published = self.settings.get("PRESSROOM_PUBLISHED_OUTPUT") or self.output_path
        self.out = OutputFiles(self.output_path, published)
        self.manifest = PageManifest(self.settings["PRESSROOM_CACHE_PATH"], published, self.settings, self.theme)
        with search.temporary_folder() as search_work:
            # Pagefind indexes while the page workers render: the parent
            # process would only wait for them otherwise.
            self._render_pages(self._root_redirect_page(), *self.plan.pages,
                               meanwhile=lambda: self._index_search(search_work))
            self._publish_search_bundles()
        self._copy_theme_static()
        self._copy_assets()
        for lang in self.languages:
            self._write_feeds(lang)
            self.out.write(f"{lang}/releases.json", release_index(
                lang, self.releases_by_lang[lang], self.settings, self.absolute_url))
        self.out.write("sitemap.xml", render_sitemap(self.plan, self.absolute_url, self._lastmod))
        self.out.write("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {self.absolute_url('sitemap.xml')}\n")
        removed = self.out.finish()
        self.manifest.save()
        self.cache.finish()
        self._account_for_sources(removed)

    def _render(self, page):
        context = dict(self.context, **self._template_values(page))
        text = self.get_template(page.template).render(context)
        if self.settings["PRESSROOM_MINIFY"]:
            text = minify.page(text)
        self.out.write(page.save_as, text)
        signals.content_written.send(os.path.join(self.output_path, page.save_as), context=context)

    def _render_pages(self, *pages, meanwhile):
        """Render the pages whose inputs changed since the previous build;
        keep the others as they are (incremental.py). Run `meanwhile()` in
        this process while worker processes render."""
        digests, stale = {}, []
        for page in pages:
            digest = digests[page.save_as] = page_digest(self.manifest.base, page, self._template_values(page))
            if self.manifest.unchanged(page.save_as, digest, os.path.join(self.out.published, page.save_as)):
                self.out.keep(page.save_as)
            else:
                stale.append(page)
        self.pages_skipped, self.pages_rendered = len(pages) - len(stale), len(stale)
        jobs = self.settings["PRESSROOM_JOBS"]
        if jobs <= 1 or len(stale) < 50:
            for page in stale:
                self._render(page)
            meanwhile()
        else:
            _rendering.update(generator=self, pages=stale, jobs=jobs)
            # concurrent.futures, as in rendering.render_all(): a worker
            # that dies fails the build instead of hanging it.
            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
                shares = [pool.submit(_render_share, share) for share in range(jobs)]
                meanwhile()
                for share in shares:
                    written, changed, discarded = share.result()
                    self.out.merge(written, changed)
                    self.cache.discarded |= discarded
            _rendering.clear()
        for name, digest in digests.items():
            self.manifest.record(name, digest, self.out.current(name))

    def _root_redirect_page(self):
        default = self.languages[0]
        home = self.plan.get(default, ("home", 1))
        root = OutputPage(default, ("root",), "", "redirect", self.settings["SITE_NAME"][default], indexable=False,
                          values={"target": home})
        root.alternates, root.switch = home.alternates, home.switch
        return root

    def _search_shards(self, lang, releases):
        """[(folder, releases)]: `releases`, oldest first, cut into shards of
        PRESSROOM_SEARCH_SHARD_SIZE, each a Pagefind bundle of its own
        (search.py says why)."""
        size = self.settings["PRESSROOM_SEARCH_SHARD_SIZE"]
        return [(f"{lang}/{SEARCH_BUNDLE}/{number}", releases[start:start + size])
                for number, start in enumerate(range(0, len(releases), size))]

    def _search_records(self, lang, releases):
        """{file name: record page} of each of `releases`, in `lang`."""
        categories = self.settings["PRESSROOM_CATEGORIES"]
        departments = self.settings["PRESSROOM_DEPARTMENTS"]
        localizer = self.localizers[lang]
        records = {}
        for release in releases:
            category, department = categories[release.category][lang], departments[release.department][lang]
            texts = release.texts
            body = f"{texts.search_body} {search.search_terms(f'{category} {department}', lang)}"
            records[f"{release.slug}.html"] = search.record_page(
                lang, self.href(release.path), release.title_text, release.summary_text, localizer.date(release.date),
                texts.search_title, body, {"category": category, "department": department, "year": str(release.year)})
        return records

    def _index_search(self, work):
        """Index each shard of each language with Pagefind into `work`,
        unless its records are exactly those its published bundle was made
        from. One shard's records at a time are held in memory."""
        self.search_kept, self.search_digests, self.search_bundles = [], {}, {}
        for lang in self.languages:
            for folder, releases in self.search_shards[lang]:
                records = self._search_records(lang, releases)
                digest = self.search_digests[folder] = search.records_digest(records)
                published = os.path.join(self.out.published, folder, SEARCH_DIGEST_FILE)
                if os.path.isfile(published) and Path(published).read_text(encoding="utf-8") == digest:
                    self.search_kept.append(folder)
                else:
                    self.search_bundles[folder] = search.index_shard(
                        lang, records, Path(work) / str(len(self.search_bundles)))

    def _publish_search_bundles(self):
        for folder in self.search_kept:
            for name, _path in search.bundle_files(os.path.join(self.out.published, folder)):
                self.out.keep(f"{folder}/{name}")
        first_shards = {shards[0][0] for shards in self.search_shards.values() if shards}
        for folder, bundle in self.search_bundles.items():
            for name, path in search.bundle_files(bundle):
                unused = name.startswith(SEARCH_UNUSED_FILES) or (
                    folder not in first_shards and name.startswith(SEARCH_FIRST_SHARD_ONLY))
                if not unused:
                    self.out.copy(f"{folder}/{name}", path)
            self.out.write(f"{folder}/{SEARCH_DIGEST_FILE}", self.search_digests[folder])

    def _copy_theme_static(self):
        static = os.path.join(self.theme, "static")
        for directory, _, files in os.walk(static):
            for filename in sorted(files):
                source = os.path.join(directory, filename)
                relative = os.path.relpath(source, static).replace(os.sep, "/")
                name = f"{self.settings['THEME_STATIC_DIR']}/{relative}"
                if self.settings["PRESSROOM_MINIFY"] and filename.endswith(".css"):
                    self.out.write(name, minify.stylesheet(Path(source).read_text(encoding="utf-8")))
                else:
                    self.out.copy(name, source)

    def _copy_assets(self):
        """Copy the images and attachments that published documents use, and
        only those: an embargoed release's attachment must not leak."""
        for path in sorted({asset for document in self.documents for asset in document.source.assets}):
            self.out.copy(path, os.path.join(self.path, path))

    @staticmethod
    def _lastmod(document):
        return document.last_change

    def _write_feeds(self, lang):
        releases = self.releases_by_lang[lang]
        categories = self.settings["PRESSROOM_CATEGORIES"]
        site_name = self.settings["SITE_NAME"][lang]
        feeds = [(None, site_name, releases)]
        for key in categories:
            items = [r for r in releases if r.category == key]
            if items:
                feeds.append((key, f"{site_name}: {categories[key][lang]}", items))
        limit = self.settings["PRESSROOM_FEED_MAX_ITEMS"]
        for category, title, items in feeds:
            path = self._feed_path(lang, category)
            listing = self.plan.get(lang, ("home", 1) if category is None else ("category", category, 1))
            feed = Atom1Feed(title=title, link=self.absolute_url(listing.path), feed_url=self.absolute_url(path),
                             description="", language=lang, feed_guid=self.absolute_url(path),
                             updateddate=self._lastmod(items[0]) if items else EPOCH)
            for document in items[:limit]:
                feed.add_item(
                    title=document.title_text,
                    link=self.absolute_url(document.path),
                    unique_id=self.absolute_url(document.path),
                    # Atom's <summary type="html"> is HTML: plain text must be escaped
                    # once more, or "<i>" in a summary would turn into markup.
                    description=html.escape(document.summary_text, quote=False),
                    # Feed readers show entries away from the site: every link absolute.
                    content=absolute_links(str(document.body), self.settings["FEED_DOMAIN"],
                                           self.absolute_url(document.path)),
                    pubdate=document.date,
                    updateddate=self._lastmod(document),
                    categories=[categories[document.category][lang]],
                )
            self.out.write(path, feed.writeString("utf-8"))

    def _account_for_sources(self, removed):
        """Every release and page read must have its page in this build's output."""
        missing = [d.source.path for d in self.documents
                   if d.path + "index.html" not in self.out.written
                   or not os.path.isfile(self.out.current(d.path + "index.html"))]
        if missing:
            raise SourceNotPublished("these files were read but have no page in the output: " + ", ".join(missing))
        for line in self._summary(removed):
            # print(), not Pelican's console, which wraps each line to the
            # terminal's width (to 80 columns in a pipe or a log file) and
            # reads [brackets] in a path as markup.
            print(f"pressroom: {line}")

    def _summary(self, removed):
        """What the build did, one fact a line; in place of Pelican's own
        summary, which counts only its idle generators ("0 articles")."""
        pages = len(self.documents) - len(self.releases)
        paired = sum(1 for d in self.releases if d.counterpart is not None)
        yield (f"{counted(len(self.releases), 'release file')} published: {counted(paired // 2, 'pair')} and "
               f"{len(self.releases) - paired} in one language only")
        yield f"{counted(pages, 'page file')} published"
        yield (f"{counted(self.source_count, 'source file')} read: {self.rendered_count} rendered anew, "
               f"{self.source_count - self.rendered_count} taken from the cache")
        if self.cache.discarded:
            yield (f"{counted(len(self.cache.discarded), 'damaged cache entry', 'damaged cache entries')} "
                   f"discarded and rendered anew")
        yield (f"{counted(self.pages_rendered + self.pages_skipped, 'HTML page')}: {self.pages_rendered} rendered, "
               f"{self.pages_skipped} unchanged since the last build")
        if self.manifest.damaged:
            yield "the page manifest was damaged, so every page was rendered anew"
        yield (f"{counted(len(self.out.written), 'output file')}: {self.out.changed} new or changed, "
               f"{counted(removed, 'stale file')} removed")
        yield from self._unpublished_summary()

    def _unpublished_summary(self):
        """The releases that are not published yet, as decided when they were
        read: in production, each file held back and why; in a preview, how
        many are shown with a banner."""
        if not self.unpublished:
            yield "no release is a draft, under embargo or dated in the future"
        elif self.settings["PRESSROOM_SHOW_UNPUBLISHED"]:
            reasons = Counter(d.unpublished.reason for d in self.unpublished)
            kinds = ", ".join(counted(reasons[reason], *labels) for reason, *labels in UNPUBLISHED_KINDS
                              if reasons[reason])
            one = len(self.unpublished) == 1
            yield (f"{counted(len(self.unpublished), 'release')} not yet published {'is' if one else 'are'} shown "
                   f"with a banner ({kinds}); a production build (make publish) holds {'it' if one else 'them'} back")
        else:
            for document in sorted(self.unpublished, key=lambda d: d.source.path):
                why = document.unpublished
                source = document.source
                yield f"held back: {source.path}:{source.line_of(why.field)} — {held_back_because(why)}"


# The reasons a release is not published yet (documents.why_unpublished),
# in the order the summary counts them.
UNPUBLISHED_KINDS = (("draft", "draft", "drafts"), ("embargo", "under embargo", "under embargo"),
                     ("scheduled", "dated in the future", "dated in the future"))


def held_back_because(why):
    """Why production left a release out, as a line of the summary says it."""
    if why.reason == "draft":
        return "a draft (Status: draft)"
    if why.reason == "embargo":
        return f"embargoed until {clock_time(why.until)}"
    return f"dated {clock_time(why.until)}, in the future"


def clock_time(time):
    """2099-01-01 09:00 KST: a time with its zone, as a log line gives it."""
    return f"{time:%Y-%m-%d %H:%M %Z}"


def counted(number, singular, plural=None):
    """1 pair, 2 pairs."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


# Set in the parent before the pool forks; the children inherit them.
_rendering = {}


def _render_share(share):
    """In a worker: render every jobs-th page, starting at `share`; return
    what it wrote, and the keys of the damaged cache entries it rendered anew."""
    generator = _rendering["generator"]
    generator.out = OutputFiles(generator.out.staging, generator.out.published)
    for page in _rendering["pages"][share::_rendering["jobs"]]:
        generator._render(page)
    return generator.out.written, generator.out.changed, generator.cache.discarded
