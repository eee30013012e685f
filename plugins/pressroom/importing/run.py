"""The import, from a folder of saved pages to release files under content/.

1. read: each page the profile's globs match is read and its body
   converted (extract.py, convert.py), on the worker pool;
2. pair: the pages that are one release in two languages, and each
   release's slug (pairs.py);
3. write: each release's files (files.py), unless a writer edited the file
   an earlier import wrote, or nothing changed;
4. check (commands/import_archive.py): everything under content/ through
   every check a build runs; a file this run wrote that fails them is
   taken back (withdraw()), and its page reported as failed.

Every page ends in exactly one outcome of OUTCOMES, and every outcome but
"imported", "updated" and "unchanged" comes with its reason.
"""

import os
from dataclasses import dataclass, field

from .. import urls
from ..build.pool import in_chunks
from .convert import GENERIC_ALT, PAGE_LINK, convert
from .extract import NotARelease, PageFailure, read_page
from ..content.discovery import release_slugs
from .files import ImportContext, imported_files, release_text, write_if_changed
from .pairs import assign_slugs, pair
from .saved import find_pages

OUTCOMES = ("imported", "updated", "unchanged", "skipped", "failed")
# Pages a worker reads at a time: small enough for a steady progress bar.
CHUNK = 25


@dataclass
class PageResult:
    """A saved page, read: everything the import needs of it, the parsed
    page left behind in the worker."""

    relative: str
    lang: str = ""
    title: str = ""
    date: object = None
    departments: list = field(default_factory=list)
    number: str = None
    markdown: str = ""
    attachments: list = field(default_factory=list)  # [files.Copied]
    counterpart_page: str = None
    page_id: str = ""
    notes: list = field(default_factory=list)
    outcome: str = ""  # set when the page goes no further: "skipped" or "failed"
    reason: str = ""
    written: str = ""  # the release file it became, below content/


@dataclass
class ImportResult:
    pages: list  # [PageResult], in path order
    releases: list  # [pairs.Release]
    # Files this run wrote: relative path below content/ -> the bytes they
    # had before (None when new), for withdraw().
    previous: dict = field(default_factory=dict)

    def count(self, outcome):
        return sum(1 for page in self.pages if page.outcome == outcome)

    @property
    def paired(self):
        return sum(1 for release in self.releases if len(release.pages) > 1)


def import_archive(source_dir, content_path, profile, settings, jobs=1, progress=None):
    """Import the pages under `source_dir`; `progress(n, total)` is told of
    each n pages read."""
    saved = find_pages(source_dir, profile.pages)
    context = ImportContext(source_dir, content_path, profile, [page.relative for page in saved])

    def read_share(files):
        return [_read(saved_file, context, settings) for saved_file in files]

    pages = in_chunks(read_share, saved, jobs, CHUNK, (lambda done: progress(done, len(saved))) if progress else None)
    read = [page for page in pages if not page.outcome]
    existing = imported_files(content_path, settings)
    for page in read:
        if len(existing.get(page.relative, [])) > 1:
            page.outcome, page.reason = "failed", (
                "several files say they come from this page (" + ", ".join(
                    f"content/{found.relative_path}" for found in existing[page.relative])
                + "); keep the Source line in one of them")
    read = [page for page in read if not page.outcome]
    releases = pair(read, settings["PRESSROOM_LANGUAGES"], profile.default_lang)
    assign_slugs(releases, {origin: found[0].slug for origin, found in existing.items()},
                 release_slugs(content_path, settings))
    result = ImportResult(pages=pages, releases=releases)
    paths = {page.relative: _release_path(page, release.slug) for release in releases
             for page in release.pages.values()}
    for release in releases:
        for page in release.pages.values():
            _write(page, release, paths, existing.get(page.relative, []), content_path, profile, result)
    return result


def _read(saved_file, context, settings):
    page = PageResult(relative=saved_file.relative)
    try:
        found = read_page(saved_file, context.profile, settings)
    except NotARelease as reason:
        page.outcome, page.reason = "skipped", str(reason)
        return page
    except PageFailure as reason:
        page.outcome, page.reason = "failed", str(reason)
        return page
    conversion = convert(found.body, found, context)
    if not conversion.markdown.strip():
        page.outcome, page.reason = "failed", "the body has no text once the page's chrome is removed"
        return page
    page.lang, page.title, page.date = found.lang, found.title, found.date
    page.departments, page.number, page.page_id = found.departments, found.number, found.page_id
    page.markdown = conversion.markdown
    page.notes = found.notes + conversion.notes
    for link in found.attachments:
        target = context.resolve(found, link.href)
        copied = context.copy_file(found, target, link.text) if target else None
        if target is None:
            page.notes.append(f"the attachment '{link.text[:60]}' ({link.href[:80]}) was not saved beside the page; "
                              f"left out")
        elif copied is None:
            page.notes.append(f"the attachment '{link.text[:60]}' is not a type a release may attach (PDF, HWP, "
                              f"HWPX, DOCX, XLSX, ZIP) nor a picture; left out")
        elif copied.is_image:
            # A photo attached to the post: shown at the end of the body.
            page.markdown += f"\n![{GENERIC_ALT[found.lang]}]({copied.path})\n"
            page.notes.append(f"the attached picture '{link.text[:60]}' was put at the end of the body as "
                              f"{copied.path}; describe what it shows (its alt text)")
        elif copied.path not in [attachment.path for attachment in page.attachments]:
            page.attachments.append(copied)
    if found.counterpart:
        page.counterpart_page = context.resolve(found, found.counterpart)
    return page


def _release_path(page, slug):
    return urls.release_source(page.date.year, slug, page.lang)


def _write(page, release, paths, existing, content_path, profile, result):
    body = PAGE_LINK.sub(lambda match: _page_link(match, paths), page.markdown)
    fields = [("Title", page.title), ("Date", page.date.strftime("%Y-%m-%d %H:%M")),
              ("Category", profile.category), ("Department", ", ".join(page.departments)),
              ("Number", page.number or "")]
    if page.attachments:
        fields.append(("Attachments", "\n    ".join(
            f"{copied.path} | {copied.label}" if copied.label else copied.path for copied in page.attachments)))
    text = release_text(fields, page.relative, body).encode("utf-8")
    target = paths[page.relative]
    page.notes = release.notes + page.notes
    if existing and existing[0].edited:
        page.outcome = "skipped"
        page.reason = (f"content/{existing[0].relative_path} was edited since it was imported, so it is left as it "
                       f"is; to import the page again, delete that file")
        page.written = existing[0].relative_path
        return
    old = existing[0].relative_path if existing else None
    full = os.path.join(content_path, *target.split("/"))
    before = _bytes(full)
    if old == target and before == text:
        page.outcome, page.written = "unchanged", target
        return
    result.previous[target] = before
    write_if_changed(full, text)
    if old and old != target:
        old_full = os.path.join(content_path, *old.split("/"))
        result.previous[old] = _bytes(old_full)
        os.remove(old_full)
    page.outcome, page.written = ("updated" if old else "imported"), target


def _page_link(match, paths):
    """A link to another saved page: to its release file when it was
    imported, else its text alone."""
    target = paths.get(match["page"])
    return f"[{match['text']}]({{filename}}/{target})" if target else match["text"]


def _bytes(path):
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def withdraw(result, content_path, problems):
    """Take back each file this run wrote that fails the checks (restore it
    as it was, or remove it), and report its page as failed with the
    problems. `problems` are content.problems.Problem, their .path as the
    writer sees it."""
    by_file = {}
    for problem in problems:
        relative = os.path.relpath(os.path.abspath(problem.path), os.path.abspath(content_path)).replace(os.sep, "/")
        by_file.setdefault(relative, []).append(problem)
    for page in result.pages:
        if page.outcome not in ("imported", "updated") or page.written not in by_file:
            continue
        full = os.path.join(content_path, *page.written.split("/"))
        before = result.previous.get(page.written)
        if before is None:
            os.remove(full)
        else:
            write_if_changed(full, before)
        found = by_file.pop(page.written)
        page.outcome = "failed"
        page.reason = ("what it became does not pass the checks, so it was not written: "
                       + "; ".join(f"line {problem.line}: {problem.field}: {problem.message}" for problem in found))
    return [problem for found in by_file.values() for problem in found]
