"""The Pelican generator that runs the press room's stages, in order.

Pelican's built-in translations leave translations out of listings and feeds,
and i18n_subsites re-reads the content once per language. Here one run reads
each file once (content/), makes the documents (model.py), plans every page
of every language and links the plan across languages (plan/), and only
then writes (outputs/, search/, into build/'s output folder).

Nothing is dropped quietly: every file under content/ is either published or
reported as a problem that stops the build, and after writing, every release
and page is checked to have its page in the output.
"""

import os

from pelican.generators import Generator

from . import clock, urls
from .build.files import OutputFiles
from .build import warm
from .build.incremental import PageManifest, build_fingerprint
from .build.summary import BuildRecord, summary
from .content.problems import ContentError
from .reading import read_content
from .l10n import Localizer
from .model import documents
from .outputs.feeds import feeds
from .outputs.pages import PageWriter
from .outputs.release_index import release_index
from .outputs.robots import robots
from .outputs.sitemap import render_sitemap, sitemap_inputs
from .outputs.static import ThemeFiles, copy_assets
from .plan.site import plan_site, root_redirect
from .render.cache import RenderCache
from .render.policy import Sanitizer
from .search.index import SearchIndex, temporary_folder


class SourceNotPublished(Exception):
    """A source file that passed every check has no page in the output."""


class PressroomGenerator(Generator):
    def generate_context(self):
        settings = self.settings
        self.localizers = {lang: Localizer(lang, os.path.join(self.theme, "translations"))
                           for lang in settings["PRESSROOM_LANGUAGES"]}
        self.fingerprint = build_fingerprint(settings, self.theme)
        warm.begin(self.fingerprint)
        self.env.bytecode_cache = warm.TemplateBytecode()
        self.cache = RenderCache(settings["PRESSROOM_CACHE_PATH"], settings)
        self.reading = read_content(self.path, settings, self.cache)
        if self.reading.problems:
            raise ContentError(self.reading.problems)
        self.now = clock.build_time(settings)
        self.documents = documents(self.reading, self.path, settings, self.cache, Sanitizer(settings), self.now)
        self.site = plan_site(self.documents.published, settings, self.localizers)

    def generate_output(self, writer):
        # Pelican's writer is not used: OutputFiles leaves unchanged files
        # untouched and renders on several cores.
        settings, site = self.settings, self.site
        published = settings.get("PRESSROOM_PUBLISHED_OUTPUT") or self.output_path
        out = OutputFiles(self.output_path, published)
        manifest = PageManifest(settings["PRESSROOM_CACHE_PATH"], published, self.fingerprint)
        theme_files = ThemeFiles(self.theme, settings)
        pages = PageWriter(site.plan, settings, self.localizers, self.get_template, self.context, out,
                           self.output_path, self.cache, theme_files)
        search = SearchIndex(site.search_shards, settings, self.localizers, out)
        with temporary_folder() as search_work:
            # Pagefind indexes while the page workers render: the parent
            # process would only wait for them otherwise.
            rendered, skipped = pages.render_changed([root_redirect(site.plan, settings), *site.plan.pages], manifest,
                                                     meanwhile=lambda: search.index(search_work))
            search.publish()
        theme_files.copy(out)
        copy_assets(self.documents.published, self.path, out)
        # The devserver keeps what feeds, releases.json and the sitemap are
        # made of between saves, by what each reads (build/warm.py).
        for lang, releases in site.releases.items():
            for path, text in feeds(lang, releases, site.plan, settings):
                out.write(path, text)
            out.write(urls.release_index(lang), release_index(lang, releases, settings))
        out.write(urls.SITEMAP, warm.remembered("sitemap", sitemap_inputs(site.plan),
                                                lambda: render_sitemap(site.plan, settings)))
        out.write(urls.ROBOTS, robots(settings))
        removed = out.finish()
        manifest.save()
        self.cache.finish()
        self._account_for_sources(out)
        releases = [d for d in self.documents.published if d.kind == "release"]
        for line in summary(BuildRecord(
                documents=self.documents.published, releases=releases, unpublished=self.documents.unpublished,
                shown_unpublished=settings["PRESSROOM_SHOW_UNPUBLISHED"], source_count=len(self.reading.sources),
                rendered_count=self.reading.rendered_count, discarded=self.cache.discarded, pages_rendered=rendered,
                pages_skipped=skipped, manifest_damaged=manifest.damaged, files_written=len(out.written),
                files_changed=out.changed, files_removed=removed,
                acting_as_at=self.now if clock.is_given() else None)):
            print(f"pressroom: {line}")

    def _account_for_sources(self, out):
        """Every release and page read must have its page in this build's output."""
        missing = [d.source.path for d in self.documents.published
                   if urls.file_of(d.path) not in out.written or not os.path.isfile(out.current(urls.file_of(d.path)))]
        if missing:
            raise SourceNotPublished("these files were read but have no page in the output: " + ", ".join(missing))
