"""The import, from a folder of saved pages to release files under content/.

1. read: each page the profile's globs match is read and its body
   converted (extract.py, convert.py), on the worker pool; nothing is
   written yet;
2. pair: the pages that are one release in two languages, and each
   release's slug (pairs.py);
3. write: each release's file and the images and attachments it names
   (files.py), unless a writer edited the file an earlier import wrote, or
   nothing changed;
4. check (commands/import_archive.py): everything under content/ through
   every check a build runs; withdraw() takes back each file this run wrote
   that fails them, or whose other language fails them because of it, and
   reports its page as failed.

Every page ends in exactly one outcome of OUTCOMES, and every outcome but
"imported", "updated" and "unchanged" comes with its reason.
"""

import os
import re
from dataclasses import dataclass, field

from .. import urls
from ..build.pool import in_chunks
from ..content.discovery import discover
from ..content.header import PAIR_FIELDS, display_field
from .convert import GENERIC_ALT, PAGE_LINK, BodyTooDeep, convert
from .extract import NotARelease, PageFailure, read_page
from .files import ImportContext, imported_files, release_text, write_if_changed
from .pairs import assign_slugs, pair
from .saved import find_pages

OUTCOMES = ("imported", "updated", "unchanged", "skipped", "failed")
WRITTEN = ("imported", "updated")
# What a saved page's path cannot have to be written in its Source line.
UNWRITABLE_NAME = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
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
    attachments: list = field(default_factory=list)  # [files.Copied] for the Attachments field
    copies: list = field(default_factory=list)  # [files.Copied]: every file the release names
    counterpart_page: str = None
    page_id: str = ""
    notes: list = field(default_factory=list)
    outcome: str = ""  # set when the page goes no further: "skipped" or "failed"
    reason: str = ""
    written: str = ""  # the release file it became, below content/
    slug: str = ""
    # What this run changed for it: path below content/ -> the bytes it had
    # before (None when the run made it), for withdraw().
    previous: dict = field(default_factory=dict)


@dataclass
class ImportResult:
    pages: list  # [PageResult], in path order
    releases: list  # [pairs.Release]

    def count(self, outcome):
        return sum(1 for page in self.pages if page.outcome == outcome)

    def paired(self, how):
        """Releases imported in two languages, both pages on content/ now,
        paired by `how` (pairs.Release.how)."""
        return sum(1 for release in self.releases if len(release.pages) > 1 and release.how == how
                   and all(page.outcome != "failed" for page in release.pages.values()))


def import_archive(source_dir, content_path, profile, settings, jobs=1, progress=None):
    """Import the pages under `source_dir`; `progress(n, total)` is told of
    each n pages read."""
    saved, links = find_pages(source_dir, profile.pages)
    context = ImportContext(source_dir, content_path, profile, [page.relative for page in saved])

    def read_share(files):
        return [_read(saved_file, context, settings) for saved_file in files]

    if progress:
        progress(0, len(saved))
    pages = in_chunks(read_share, saved, jobs, CHUNK, (lambda done: progress(done, len(saved))) if progress else None)
    pages += [PageResult(relative=link, outcome="skipped", reason="it is a symbolic link (or inside a linked "
                         "folder); the import reads only files that are really inside SOURCE") for link in links]
    pages.sort(key=lambda page: page.relative)
    read = [page for page in pages if not page.outcome]
    # The release files under content/, found once: those an earlier import
    # wrote, and the slugs every file takes.
    on_disk = [source for source in discover(content_path, settings)[0] if source.kind == "release"]
    existing = imported_files(content_path, on_disk)
    for page in read:
        if len(existing.get(page.relative, [])) > 1:
            page.outcome, page.reason = "failed", (
                "several files say they come from this page (" + ", ".join(
                    f"content/{found.relative_path}" for found in existing[page.relative])
                + "); keep the Source line in one of them")
    read = [page for page in read if not page.outcome]
    releases = pair(read, settings["PRESSROOM_LANGUAGES"], profile.default_lang)
    owners = {(found.slug, found.lang): origin for origin, files in existing.items() for found in files}
    files_at = {(source.slug, source.lang) for source in on_disk}
    assign_slugs(releases, {origin: files[0].slug for origin, files in existing.items()},
                 {source.slug for source in on_disk},
                 # "": a writer's own file, which no page owns.
                 lambda slug, lang: owners.get((slug, lang), "") if (slug, lang) in files_at else None)
    result = ImportResult(pages=pages, releases=releases)
    paths = {page.relative: _release_path(page, release.slug) for release in releases
             for page in release.pages.values()}
    if len(set(paths.values())) != len(paths):
        raise RuntimeError("two pages were given one release file; assign_slugs() must never do that")
    for release in releases:
        for page in release.pages.values():
            page.slug = release.slug
            _write(page, release, paths, existing.get(page.relative, []), context, profile)
    return result


def _read(saved_file, context, settings):
    page = PageResult(relative=saved_file.relative)
    if UNWRITABLE_NAME.search(saved_file.relative):
        page.outcome, page.reason = "failed", ("its file name has a control character, which a Source line cannot "
                                               "hold; rename the saved file")
        return page
    try:
        found = read_page(saved_file, context.profile, settings)
        conversion = convert(found.body, found, context)
    except NotARelease as reason:
        page.outcome, page.reason = "skipped", str(reason)
        return page
    except (PageFailure, BodyTooDeep) as reason:
        page.outcome, page.reason = "failed", str(reason)
        return page
    if not conversion.markdown.strip():
        page.outcome, page.reason = "failed", "the body has no text once the page's chrome is removed"
        return page
    page.lang, page.title, page.date = found.lang, found.title, found.date
    page.departments, page.number, page.page_id = found.departments, found.number, found.page_id
    page.markdown = conversion.markdown
    page.copies = list(conversion.copies)
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
            page.copies.append(copied)
            page.notes.append(f"the attached picture '{link.text[:60]}' was put at the end of the body as "
                              f"{copied.path}; describe what it shows (its alt text)")
        elif copied.path not in [attachment.path for attachment in page.attachments]:
            page.attachments.append(copied)
            page.copies.append(copied)
    if found.counterpart:
        page.counterpart_page = context.resolve(found, found.counterpart)
    return page


def _release_path(page, slug):
    return urls.release_source(page.date.year, slug, page.lang)


def _write(page, release, paths, existing, context, profile):
    content_path = context.content_path
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
    for copied in page.copies:
        if context.copy(copied):
            page.previous[copied.path] = None
    old = existing[0].relative_path if existing else None
    full = os.path.join(content_path, *target.split("/"))
    before = _bytes(full)
    if old == target and before == text:
        page.outcome, page.written = "unchanged", target
        return
    page.previous[target] = before
    write_if_changed(full, text)
    if old and old != target:
        old_full = os.path.join(content_path, *old.split("/"))
        page.previous[old] = _bytes(old_full)
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
    """Take back what this run wrote for each page whose file fails the
    checks, or whose other language now fails the checks a pair must pass
    (PAIR_FIELDS); report the page as failed with the problems. Return the
    problems withdrawing did not answer, and whether anything was withdrawn
    (the checks must then run again)."""
    by_file = {}
    for problem in problems:
        relative = os.path.relpath(os.path.abspath(problem.path), os.path.abspath(content_path)).replace(os.sep, "/")
        by_file.setdefault(relative, []).append(problem)
    written = {page.written: page for page in result.pages if page.outcome in WRITTEN}
    by_slug = {}
    for page in written.values():
        by_slug.setdefault(page.slug, []).append(page)
    pair_fields = {display_field(key) for key in PAIR_FIELDS}
    answered, withdrawn = set(), []
    for relative, found in by_file.items():
        if relative in written:
            withdrawn.append((written[relative], "what it became does not pass the checks, so it was not written: "
                              + _listed(found)))
            answered.add(relative)
            continue
        slug = relative.rsplit("/", 1)[-1].split(".")[0] if relative.startswith(urls.RELEASES_SOURCE_DIR) else None
        partners = by_slug.get(slug, [])
        pairing = [problem for problem in found if problem.field in pair_fields]
        if partners and pairing:
            for page in partners:
                withdrawn.append((page, f"its other language, content/{relative}, would no longer agree with it, "
                                        f"so it was not written: " + _listed(pairing)))
            answered.add(relative)
    for page, reason in withdrawn:
        _take_back(page, result, content_path)
        page.outcome, page.reason = "failed", reason
    remaining = [problem for relative, found in by_file.items() if relative not in answered for problem in found]
    return remaining, bool(withdrawn)


def _listed(problems):
    return "; ".join(f"line {problem.line}: {problem.field}: {problem.message}" for problem in problems)


def _take_back(page, result, content_path):
    """Put back what the run changed for `page`; a file it copied stays
    when a page that stays names it too."""
    kept = {copied.path for other in result.pages if other is not page and other.outcome in OUTCOMES[:3]
            for copied in other.copies}
    for relative, before in page.previous.items():
        full = os.path.join(content_path, *relative.split("/"))
        if before is not None:
            write_if_changed(full, before)
        elif relative not in kept and os.path.exists(full):
            os.remove(full)
