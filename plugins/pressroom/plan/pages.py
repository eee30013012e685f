"""The plan of every page in both language trees, and how they link across.

Each page has a language and a key that says what it is independently of the
language: ("release", slug), ("category", "economic", 2), ("home", 1). Two
pages with the same key in two languages are counterparts. Because the whole
plan exists before anything is rendered, every language switch and hreflang
alternate is resolved against pages that will really be written:

- a switch leads to the counterpart, or else to the first of the page's
  fallback keys that exists in the other tree, so it never leads to a 404;
- hreflang alternates are given only between indexable counterparts.
"""

from dataclasses import dataclass, field

from ..urls import Address, file_of


@dataclass(eq=False)
class OutputPage:
    lang: str
    address: Address  # its key and its path below the site root (urls.py)
    template: str
    title: str  # plain text
    values: dict = field(default_factory=dict)  # template variables of this page only
    indexable: bool = True
    fallbacks: tuple = ()  # keys of pages a language switch may lead to instead
    switch: list = field(default_factory=list)  # [(lang, OutputPage)], filled by SitePlan.link()
    alternates: list = field(default_factory=list)  # [(hreflang, OutputPage)], likewise

    @property
    def key(self):
        return self.address.key

    @property
    def path(self):
        return self.address.path

    @property
    def number(self):
        """The page's number in its listing: the last part of a listing page's key."""
        return self.key[-1]

    @property
    def save_as(self):
        return file_of(self.path)


@dataclass
class Pagination:
    number: int
    count: int
    pages: list  # OutputPage of every page of the listing, in order

    @property
    def previous(self):
        return self.pages[self.number - 2] if self.number > 1 else None

    @property
    def next(self):
        return self.pages[self.number] if self.number < self.count else None

    def window(self, around=2):
        """The pages a pager shows: the first, the last and those near the
        current one, with None where numbers are skipped. Linking every page
        from every page would make a large archive's listings quadratic."""
        shown = {1, self.count, *range(self.number - around, self.number + around + 1)}
        numbers = sorted(n for n in shown if 1 <= n <= self.count)
        result = []
        for previous, number in zip([0] + numbers, numbers):
            if number - previous > 1:
                result.append(None)
            result.append(self.pages[number - 1])
        return result


class SitePlan:
    def __init__(self, languages):
        self.languages = list(languages)
        self.pages = []
        self._by_key = {}

    def add(self, page):
        slot = (page.lang, page.key)
        if slot in self._by_key:
            raise ValueError(f"two pages planned for {page.lang} {page.key}: {self._by_key[slot].path} and {page.path}")
        self._by_key[slot] = page
        self.pages.append(page)
        return page

    def get(self, lang, key):
        return self._by_key.get((lang, key))

    def add_listing(self, lang, address, template, title, items, per_page, fallbacks=(), values=None):
        """Add one listing, split into pages of per_page items; page 1 is at `address`."""
        chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
        first = address.page(1).key
        pages = []
        for number, chunk in enumerate(chunks, start=1):
            page = OutputPage(
                lang=lang,
                address=address.page(number),
                template=template,
                title=title,
                values=dict(values or {}, items=chunk),
                fallbacks=(first,) + tuple(fallbacks) if number > 1 else tuple(fallbacks),
            )
            pages.append(self.add(page))
        for number, page in enumerate(pages, start=1):
            page.values["pagination"] = Pagination(number, len(pages), pages)
        return pages

    def link(self):
        """Resolve every page's language switch and hreflang alternates."""
        default = self.languages[0]
        for page in self.pages:
            for other in self.languages:
                if other == page.lang:
                    continue
                target = self.get(other, page.key)
                if target is None:
                    target = next((self.get(other, k) for k in page.fallbacks if self.get(other, k)), None)
                if target is None:
                    raise ValueError(f"{page.path}: no page in {other} to switch to; give {page.key} a fallback")
                page.switch.append((other, target))
            if not page.indexable:
                continue
            versions = {lang: self.get(lang, page.key) for lang in self.languages}
            versions = {lang: p for lang, p in versions.items() if p is not None and p.indexable}
            if len(versions) > 1:
                page.alternates = [(lang, p) for lang, p in versions.items()]
                if default in versions:
                    page.alternates.append(("x-default", versions[default]))
