"""The files a body names: images, attachments, {filename} links.

The problems BodyCheck found in a rendered body (body_problems, cached with
the body), whether the files named exist (check_references, on every build,
since they can change while the body does not), and links to releases that
production withholds (links_to_withheld).
"""

import posixpath

from . import images
from .assets import asset_path_error, is_regular_file
from .discovery import in_asset_folder, source_kind
from .problems import Problem, locate

IMAGE_FIX = ("put the image under content/images/ and give its path from there, "
             "e.g. ![Ministers at the talks](images/2023/talks.jpg)")


def body_problems(source, check, settings):
    """Problems of a body that render.policy.BodyCheck has read: everything it
    refused, and images without alt text. Depends on the file alone, so a
    result without problems can be cached (render/cache.py)."""
    problems = [Problem(source.path, locate(source, finding.needles), finding.field, finding.message, finding.fix)
                for finding in check.findings]
    for src, alt in check.images:
        if not alt.strip():
            problems.append(Problem(source.path, locate(source, [src] if src else ["<img", "!["]), "image",
                                    f"the image '{src}' has no alt text",
                                    "describe the image in the brackets: ![what the image shows](…)"))
    for href in check.links:
        error = filename_link_error(source, href, settings) if href.startswith("{filename}") else None
        if error:
            problems.append(Problem(source.path, locate(source, [href]), "body", f"the link '{href}' {error}",
                                    "write {filename}/releases/<YYYY>/<slug>.<lang>.md, {filename}/pages/<slug>."
                                    "<lang>.md or {filename}/attachments/<YYYY>/<file>"))
    return problems


def filename_link_error(source, href, settings):
    """Why a {filename} link cannot name a file of the site, or None: it must
    lead, inside content/, to a release, a page or a file of an asset folder
    (whether that file exists is check_references()' question)."""
    target = linked_path(source, href)
    if target == ".." or target.startswith("../") or target.startswith("/"):
        return "goes outside the content folder"
    if ("/" in target and in_asset_folder(target, settings)) or source_kind(target):
        return None
    return "does not name a release, a page or an attachment"


def check_references(source, texts, settings):
    """Problems of the files a body's images and {filename} links name, which
    can change without the body changing, so this runs on every build: each
    must exist inside content/. The images and linked assets become the
    source's assets, copied to the output."""
    problems = []
    for line, src in texts.images:
        error = asset_path_error(src, settings) or images.problem(settings, src)
        if error:
            problems.append(Problem(source.path, line, "image", f"'{src}' {error}", IMAGE_FIX))
        else:
            source.assets.append(src)
    for line, href in texts.filename_links:
        target = linked_path(source, href)
        if in_asset_folder(target, settings):
            error = asset_path_error(target, settings)
            if error:
                problems.append(Problem(source.path, line, "body", f"the link '{href}' names a file that {error}",
                                        "link to a file below content/attachments/ or content/images/"))
            else:
                source.assets.append(target)
        elif not is_regular_file(settings["PATH"], target):
            problems.append(Problem(source.path, line, "body", f"the link '{href}' names a file that does not exist",
                                    "write {filename}/releases/<YYYY>/<slug>.<lang>.md with the exact name of the "
                                    "other file"))
    return problems


def linked_path(source, href):
    """The file a Pelican {filename} link names, below the content folder:
    from the content folder when it starts with '/', else from the linking
    file's own folder."""
    target = href[len("{filename}"):].split("#", 1)[0].split("?", 1)[0]
    if not target.startswith("/"):
        target = posixpath.join(posixpath.dirname(source.relative_path), target)
    return posixpath.normpath(target.lstrip("/"))




def links_to_withheld(documents, withheld):
    """A published page must not link to a release production withholds:
    the link would lead to a 404 once published."""
    by_path = {document.source.relative_path: document for document in withheld}
    return [
        Problem(document.source.path, line, "body",
                f"the link '{href}' leads to a release that is not published yet "
                f"({by_path[linked_path(document.source, href)].unpublished.reason})",
                "remove the link, or publish both releases together")
        for document in documents
        for line, href in document.texts.filename_links
        if linked_path(document.source, href) in by_path
    ]
