"""The HTML pages: each planned page through its template, on several cores,
skipping those whose inputs did not change (build/incremental.py).

template_values() is everything a template is given, besides Pelican's own
context (the settings); theme/README.md lists what each template and
partial reads of it.
"""

import os

from pelican import signals

from .. import urls
from ..build.files import OutputFiles
from ..build.incremental import page_digest
from ..build.pool import in_shares
from ..l10n import release_number
from ..plan.site import navigation
from . import minify
from .security_policy import content_security_policy
from .structured_data import structured_data

# Fewer stale pages than this are rendered in this process: forking the
# workers would cost more than it saves.
SERIAL_BELOW = 50

class SitePages:
    """The pages a template links to by what they are, in the language of the
    page being rendered: templates never build a key or a path themselves."""

    def __init__(self, plan, lang):
        self.plan = plan
        self.lang = lang

    def _first(self, address, lang=None):
        page = self.plan.get(lang or self.lang, address.page(1).key)
        if page is None:
            raise LookupError(f"no page is planned at {address.path}")
        return page

    def home(self, lang=None):
        return self._first(urls.home(lang or self.lang), lang)

    def category(self, key):
        return self._first(urls.category(self.lang, key))

    def department(self, key):
        return self._first(urls.department(self.lang, key))

    def tag(self, slug):
        return self._first(urls.tag(self.lang, slug))

    def page(self, slug):
        """A bilingual page, or None when the language has none of that slug."""
        return self.plan.get(self.lang, urls.page(self.lang, slug).key)

    def search(self):
        """The search page, or None when the language has none."""
        return self.plan.get(self.lang, urls.search(self.lang).key)


class PageWriter:
    """Renders the plan's pages with Pelican's template environment into
    `out`, which the worker processes each replace with their own."""

    def __init__(self, plan, settings, localizers, get_template, context, out, output_path, cache, theme_files):
        self.plan = plan
        self.theme_files = theme_files  # outputs.static.ThemeFiles
        self.cache = cache  # render.cache.RenderCache: a damaged body is rendered anew on the way
        self.settings = settings
        self.localizers = localizers
        self.get_template = get_template
        self.context = context
        self.out = out
        self.output_path = output_path
        self._language_values = {}  # lang -> language_values(lang)

    def template_values(self, page):
        return {**self.language_values(page.lang), **self.page_values(page)}

    def language_values(self, lang):
        """What every page of `lang` is given alike: made once a language."""
        if lang not in self._language_values:
            settings = self.settings
            localizer = self.localizers[lang]
            categories = settings["PRESSROOM_CATEGORIES"]
            departments = settings["PRESSROOM_DEPARTMENTS"]
            self._language_values[lang] = {
                "lang": lang,
                "_": localizer.gettext,
                "l10n": localizer,
                "localizers": self.localizers,
                "site_name": settings["SITE_NAME"][lang],
                "href": lambda path: urls.href(settings, path),
                "theme_url": lambda name: urls.href(settings, self.theme_files.path(name)),
                "theme_path": self.theme_files.path,
                "absolute_url": lambda path: urls.absolute_url(settings, path),
                "category_name": lambda key: categories[key][lang],
                "department_info": lambda key: departments[key],
                "release_number": lambda number: release_number(
                    settings["PRESSROOM_RELEASE_NUMBER_FORMAT"], lang, number),
                "site_pages": SitePages(self.plan, lang),
                "footer_pages": [p for p in (self.plan.get(lang, urls.page(lang, slug).key)
                                             for slug in settings["PRESSROOM_FOOTER_PAGES"]) if p],
                "navigation": navigation(self.plan, lang, localizer.gettext),
                "language_feed": urls.feed(lang),
                "content_security_policy": content_security_policy(settings),
            }
        return self._language_values[lang]

    def page_values(self, page):
        """What one page is given besides its language's values."""
        settings = self.settings
        return {
            "page": page,
            "structured_data": lambda document: structured_data(document, page, settings,
                                                                self.theme_files.path(settings["SITE_LOGO"])),
            **page.values,
        }

    def render(self, page):
        context = dict(self.context, **self.template_values(page))
        text = self.get_template(page.template).render(context)
        if self.settings["PRESSROOM_MINIFY"]:
            text = minify.page(text)
        self.out.write(page.save_as, text)

    def render_changed(self, pages, manifest, meanwhile):
        """Render the pages whose inputs changed since the previous build and
        keep the others as they are; run `meanwhile()` in this process while
        the workers render. Return (rendered, unchanged) counts."""
        digests, stale = {}, []
        # What all pages of a language see alike is digested once a language.
        bases = {lang: page_digest(manifest.base, None, self.language_values(lang)) for lang in self.plan.languages}
        for page in pages:
            digest = digests[page.save_as] = page_digest(bases[page.lang], page, self.page_values(page))
            if manifest.unchanged(page.save_as, digest, os.path.join(self.out.published, page.save_as)):
                self.out.keep(page.save_as)
            else:
                stale.append(page)
        for written, changed, discarded in in_shares(self._render_share, stale, self.settings["PRESSROOM_JOBS"],
                                                     SERIAL_BELOW, meanwhile):
            self.out.merge(written, changed)
            self.cache.discarded |= discarded
        # Pelican's signal for other plugins, sent here in the build's own
        # process, where its receivers are (a worker's would be lost), and
        # only when there is one: the context is made again for it.
        if signals.content_written.receivers:
            for page in stale:
                signals.content_written.send(os.path.join(self.output_path, page.save_as),
                                             context=dict(self.context, **self.template_values(page)))
        for name, digest in digests.items():
            manifest.record(name, digest, self.out.current(name))
        return len(stale), len(pages) - len(stale)

    def _render_share(self, pages):
        """Render `pages` into a fresh OutputFiles; return what it wrote, and
        the keys of the damaged cache entries rendered anew on the way."""
        main_out, self.out = self.out, OutputFiles(self.out.staging, self.out.published)
        try:
            for page in pages:
                self.render(page)
            return self.out.written, self.out.changed, self.cache.discarded
        finally:
            self.out = main_out
