"""The site plan (pressroom/plan/), in this process: plan_site() on the fixture
site's documents gives every page of both trees, links them across the
languages without a dead end, paginates at PRESSROOM_PER_PAGE, and is a pure
function of the documents and the settings."""

import builtins
import gc
import io
import math
import os

import pytest
from conftest import (
    copy_fixture_content,
    load_fixture_settings,
    localizers,
    plan_fixture,
    read_fixture,
)
from pressroom import urls
from pressroom.plan.site import plan_site


@pytest.fixture(scope="module")
def planned():
    settings, read, site = plan_fixture()
    return settings, read.documents.published, site


def paths_and_keys(site):
    return [(page.lang, page.key, page.path, page.template) for page in site.plan.pages]


def test_each_release_and_page_has_its_page_in_its_language(planned):
    _settings, documents, site = planned
    assert documents
    for document in documents:
        page = site.plan.get(document.lang, urls.document(document.kind, document.lang, document.slug).key)
        assert page is not None, document.source.relative_path
        assert page.template == document.kind
        assert page.path == document.path
        assert page.values["document"] is document


def test_counterparts_share_their_key(planned):
    _settings, documents, site = planned
    paired = [d for d in documents if d.counterpart is not None]
    assert paired
    for document in paired:
        mine = site.plan.get(document.lang, ("release" if document.kind == "release" else "page", document.slug))
        theirs = site.plan.get(document.counterpart.lang, mine.key)
        assert theirs.values["document"] is document.counterpart
        assert theirs.lang != mine.lang
        assert (document.counterpart.lang, theirs) in mine.switch


def test_a_release_in_one_language_has_a_noindex_notice_in_the_other(planned):
    settings, documents, site = planned
    alone = [d for d in documents if d.counterpart is None]
    assert {d.kind for d in alone} == {"release", "page"}, "the fixture has a lone release and a lone page"
    for document in alone:
        for lang in settings["PRESSROOM_LANGUAGES"]:
            if lang == document.lang:
                continue
            notice = site.plan.get(lang, urls.document(document.kind, lang, document.slug).key)
            assert notice.template == "notice"
            assert notice.path == urls.document(document.kind, lang, document.slug).path
            assert notice.values["original"] is document
            assert notice.indexable is False
            assert notice.alternates == []
    notices = [page for page in site.plan.pages if page.template == "notice"]
    assert len(notices) == len(alone) * (len(settings["PRESSROOM_LANGUAGES"]) - 1)


def test_every_language_switch_leads_to_a_planned_page(planned):
    settings, _documents, site = planned
    planned_pages = {id(page) for page in site.plan.pages}
    for page in site.plan.pages:
        others = [lang for lang in settings["PRESSROOM_LANGUAGES"] if lang != page.lang]
        assert [lang for lang, _target in page.switch] == others, page.path
        for lang, target in page.switch:
            assert id(target) in planned_pages and target.lang == lang, page.path


def test_hreflang_alternates_join_only_indexable_counterparts(planned):
    _settings, _documents, site = planned
    for page in site.plan.pages:
        for hreflang, other in page.alternates:
            assert page.indexable and other.indexable
            assert other.key == page.key
            assert hreflang in (other.lang, "x-default")
    assert any(page.alternates for page in site.plan.pages)


def test_every_page_has_a_path_of_its_own(planned):
    _settings, _documents, site = planned
    paths = [page.path for page in site.plan.pages]
    assert len(paths) == len(set(paths))


def listing(site, lang, address):
    pages, number = [], 1
    while (page := site.plan.get(lang, address.page(number).key)) is not None:
        pages.append(page)
        number += 1
    return pages


@pytest.mark.parametrize("per_page", [1, 2, 3, 100])
def test_listings_are_split_at_per_page(per_page):
    settings = load_fixture_settings(PRESSROOM_JOBS=1, PRESSROOM_PER_PAGE=per_page)
    _settings, _read, site = plan_fixture(settings=settings)
    for lang in settings["PRESSROOM_LANGUAGES"]:
        releases = site.releases[lang]
        pages = listing(site, lang, urls.home(lang))
        assert len(pages) == max(1, math.ceil(len(releases) / per_page))
        assert all(len(page.values["items"]) <= per_page for page in pages)
        assert [item for page in pages for item in page.values["items"]] == releases
        assert pages[0].path == urls.home(lang).path
        for number, page in enumerate(pages, start=1):
            assert page.values["pagination"].number == number
            assert page.values["pagination"].count == len(pages)
            if number > 1:
                assert page.path == f"{lang}/page/{number}/"


def test_releases_are_listed_newest_first(planned):
    _settings, _documents, site = planned
    for releases in site.releases.values():
        assert releases == sorted(releases, key=lambda d: (d.date, d.slug), reverse=True)


def test_planning_twice_gives_the_same_plan(planned):
    settings, documents, site = planned
    again = plan_site(documents, settings, localizers(settings))
    assert paths_and_keys(again) == paths_and_keys(site)
    assert [[(lang, target.path) for lang, target in page.switch] for page in again.plan.pages] == [
        [(lang, target.path) for lang, target in page.switch] for page in site.plan.pages]


def test_planning_reads_no_file(tmp_path, monkeypatch):
    content = copy_fixture_content(tmp_path)
    settings = load_fixture_settings(content, PRESSROOM_JOBS=1)
    read = read_fixture(content, settings)
    assert not read.problems
    languages = localizers(settings)
    expected = paths_and_keys(plan_site(read.documents.published, settings, languages))
    # The content folder gone, and no file may be opened.
    content.rename(tmp_path / "gone")
    opened = []

    def refuse(*args, **kwargs):
        opened.append(args[0] if args else kwargs)
        raise AssertionError(f"plan_site opened {args[0] if args else kwargs}")

    # Earlier reads' temporary render folders are deleted when the garbage
    # collector finds them; that is not planning, so it happens first.
    gc.collect()
    for module, name in ((builtins, "open"), (io, "open"), (os, "open"), (os, "scandir"), (os, "listdir")):
        monkeypatch.setattr(module, name, refuse)
    site = plan_site(read.documents.published, settings, languages)
    monkeypatch.undo()
    assert opened == []
    assert paths_and_keys(site) == expected
