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
import os
import shutil
from datetime import datetime
from itertools import groupby
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup
from feedgenerator import Atom1Feed
from pelican.contents import Article, Page
from pelican.generators import Generator
from pelican.log import console

from . import sources as src
from .documents import Attachment, Document, Tag, tag_slug
from .localization import Localizer
from .plan import OutputPage, SitePlan, url_path
from .sitemap import render_sitemap
from .structured_data import structured_data


class SourceNotPublished(Exception):
    """A source file that passed every check has no page in the output."""


class UnsafeOutput(Exception):
    """Rendered HTML carries script although the source checks passed."""


def assert_no_script(path, html_text, allowed_embeds):
    """The last line of defence behind sources.check_body: whatever Markdown
    made of the source, no page may carry script."""
    soup = BeautifulSoup(html_text, "html.parser")
    for element in soup.find_all(True):
        if element.name == "script" or any(name.lower().startswith("on") for name in element.attrs):
            raise UnsafeOutput(f"{path}: the rendered body has script in <{element.name}>")
        if element.name in src.EMBED_TAGS and not any(
                (element.get("src") or element.get("data") or "").startswith(p) for p in allowed_embeds):
            raise UnsafeOutput(f"{path}: the rendered body has an <{element.name}> that is not allow-listed")
        for name in src.SCRIPT_URL_ATTRIBUTES & set(element.attrs):
            if src.is_script_url(str(element[name])):
                raise UnsafeOutput(f"{path}: the rendered body has a script address in {name}=")


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
        sources, problems = src.check_content(self.path, self.settings)
        if problems:
            raise src.ContentError(problems)

        self.now = now = datetime.now(ZoneInfo(self.settings["TIMEZONE"]))
        documents = []
        self.withheld = []
        for source in sources:
            document = self._read(source)
            if document.kind == "release" and document.withheld_reason(now):
                if not self.settings["PRESSROOM_SHOW_UNPUBLISHED"]:
                    self.withheld.append(document)
                    continue
                document.preview_status = document.withheld_reason(now)
            documents.append(document)

        self._check_links_to_withheld(documents)
        # Only now that every file is registered can {filename} links between
        # releases resolve, whichever of two files was read first.
        for document in documents:
            assert_no_script(document.source.path, document.body, self.settings["PRESSROOM_EMBED_ALLOWLIST"])

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
        withheld = {document.source.relative_path: document for document in self.withheld}
        problems = [
            src.Problem(document.source.path, line, "body",
                        f"the link '{href}' leads to a release that is not published yet "
                        f"({withheld[src.linked_path(document.source, href)].withheld_reason(self.now)})",
                        "remove the link, or publish both releases together")
            for document in documents
            for line, href in src.filename_links(document.source)
            if src.linked_path(document.source, href) in withheld
        ]
        if problems:
            raise src.ContentError(problems)

    def _read(self, source):
        content_class = Article if source.kind == "release" else Page
        content = self.readers.read_file(
            base_path=self.path, path=source.relative_path, content_class=content_class, context=self.context
        )
        document = Document(source, content, typogrify_enabled=self.settings["PRESSROOM_TYPOGRIFY"],
                            asset_url=self.href)
        content.override_url = url_path(document.path).lstrip("/")
        content.override_save_as = document.path + "index.html"
        tags = [t.strip() for t in source.header.get("tags", "").split(",") if t.strip()]
        document.tags = [Tag(name, tag_slug(name), source.lang) for name in dict.fromkeys(tags)]
        document.attachments = [
            Attachment(path, label, os.path.getsize(os.path.join(self.path, path)))
            for path, label in source.attachments
        ]
        self.add_source_path(content)
        return document

    # -- planning ----------------------------------------------------------------

    def _plan(self):
        plan = SitePlan(self.languages)
        per_page = self.settings["PRESSROOM_PER_PAGE"]
        for lang in self.languages:
            _ = self.localizers[lang].gettext
            releases = sorted(
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

        self._plan_notices(plan)
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
        return self.settings["SITEURL"].rstrip("/") + url_path(path)

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
            "nav_page": lambda key: self.plan.get(page.lang, key),
            "footer_pages": [p for p in (self.plan.get(page.lang, ("page", slug))
                                         for slug in self.settings["PRESSROOM_FOOTER_PAGES"]) if p],
            "language_feed": self._feed_path(page.lang, None),
            "structured_data": lambda document: structured_data(document, page, self),
            **page.values,
        }

    def generate_output(self, writer):
        self._written = set()
        for page in self.plan.pages:
            writer.write_file(page.save_as, self.get_template(page.template), self.context,
                              **self._template_values(page))
            self._written.add(page.save_as)
        self._copy_assets()
        self._write_root_redirect(writer)
        for lang in self.languages:
            self._write_feeds(lang)
        self._write_text("sitemap.xml", render_sitemap(self.plan, self.absolute_url, self._lastmod))
        self._write_text("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {self.absolute_url('sitemap.xml')}\n")
        self._account_for_sources()

    def _copy_assets(self):
        """Copy the images and attachments that published documents use, and
        only those: an embargoed release's attachment must not leak."""
        for path in sorted({asset for document in self.documents for asset in document.source.assets}):
            target = os.path.join(self.output_path, path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copy2(os.path.join(self.path, path), target)
            self._written.add(path)

    def _write_root_redirect(self, writer):
        default = self.languages[0]
        home = self.plan.get(default, ("home", 1))
        root = OutputPage(default, ("root",), "", "redirect", self.settings["SITE_NAME"][default], indexable=False)
        root.alternates, root.switch = home.alternates, home.switch
        writer.write_file(root.save_as, self.get_template(root.template), self.context,
                          **self._template_values(root), target=home)
        self._written.add(root.save_as)

    def _write_text(self, name, text):
        if name in self._written:
            raise FileExistsError(f"{name} would be written twice in one build")
        path = os.path.join(self.output_path, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        self._written.add(name)

    @staticmethod
    def _lastmod(document):
        return document.last_change

    def _write_feeds(self, lang):
        releases = [p.values["document"] for p in self.plan.pages if p.lang == lang and p.template == "release"]
        releases.sort(key=lambda d: d.date, reverse=True)
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
                             updateddate=self._lastmod(items[0]) if items else datetime.now(ZoneInfo("UTC")))
            for document in items[:limit]:
                feed.add_item(
                    title=document.title_text,
                    link=self.absolute_url(document.path),
                    unique_id=self.absolute_url(document.path),
                    # Atom's <summary type="html"> is HTML: plain text must be escaped
                    # once more, or "<i>" in a summary would turn into markup.
                    description=html.escape(document.summary_text, quote=False),
                    content=str(document.body),
                    pubdate=document.date,
                    updateddate=self._lastmod(document),
                    categories=[categories[document.category][lang]],
                )
            self._write_text(path, feed.writeString("utf-8"))

    def _account_for_sources(self):
        """Every release and page read must have its page in this build's output."""
        missing = [d.source.path for d in self.documents
                   if d.path + "index.html" not in self._written
                   or not os.path.isfile(os.path.join(self.output_path, d.path, "index.html"))]
        if missing:
            raise SourceNotPublished("these files were read but have no page in the output: " + ", ".join(missing))
        # Pelican's own summary counts only its idle generators ("0 articles").
        paired = sum(1 for d in self.releases if d.counterpart is not None)
        console.print(
            f"pressroom: {len(self.releases)} release files ({paired // 2} pairs, {len(self.releases) - paired} "
            f"in one language only) and {len(self.documents) - len(self.releases)} page files published; "
            f"{len(self._written)} files written"
        )
