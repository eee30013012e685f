"""What the import writes under content/: the files a body or a header names,
and each release's file, with the `Source:` line that makes a second run
safe.

- An image or attachment is copied once under images/<year>/ or
  attachments/<year>/, named by its own name and the first characters of
  its digest (photo-3fa2b1c49d0e.jpg): the same file imported twice is one
  file, two different files of one name are two, and a second run writes
  nothing. Reading a page only decides the copies (Copied); they are made
  when its release is written (copy()), so a page that fails leaves none.
- A release's file ends its header with `Source: <page> | sha256:<digest>`:
  the saved page it came from, and the digest of the file as the import
  wrote it (with the Source line written without its digest). A file whose
  digest no longer matches was edited by a writer, and is never
  overwritten.
"""

import hashlib
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from .. import urls
from ..content.header import ATTACHMENT_TYPES, SOURCE_VALUE, read_source, split_lines
from ..content.images import FORMATS
from .saved import SavedSite

# The characters a copied file's name keeps: letters of any script, digits,
# '-', '_' and '.'; any other becomes '_', so that the name is one that
# every check, every header list and every Markdown link takes as it is.
NAME_CHARACTER = re.compile(r"[^\w.-]")
DIGEST_LENGTH = 12
# A name's stem in UTF-8 bytes: 120, and the digest and ending, stay well
# within the 255 bytes a file system allows for a name (a Hangul syllable
# is three bytes).
MAX_STEM_BYTES = 120
SOURCE_FIELD = "Source"
# An attachment's label ends with its size on many boards: "결과.pdf (123KB)".
SIZE_SUFFIX = re.compile(r"\s*[\[(]\s*[\d.,]+\s*(?:[KMG]i?B|bytes?)\s*[\])]\s*$", re.IGNORECASE)
# What an attachment's bytes say it is, when neither its saved name nor its
# link's text has an ending (a board's download.do?fileSn=7 link "붙임 자료").
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_PARTS = (("Contents/section0.xml", "hwpx"), ("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"))


@dataclass
class Copied:
    path: str  # below content/, where the copy goes
    source: str  # the saved file, below SOURCE
    label: str = ""
    is_image: bool = False


def file_name(name, extension, digest):
    """<name>-<digest>.<extension>, with only NAME_CHARACTER's characters."""
    stem = unicodedata.normalize("NFC", name)
    stem = re.sub(r"_+", "_", NAME_CHARACTER.sub("_", stem)).strip("._-")
    stem = stem.encode("utf-8")[:MAX_STEM_BYTES].decode("utf-8", "ignore").rstrip("._-") or "file"
    return f"{stem}-{digest[:DIGEST_LENGTH]}.{extension}"


class ImportContext:
    """What converting a page needs beyond the page: where its addresses
    lead, which saved files are release pages, and copying the files it
    uses. Made once, before the pages are read; forked workers share it."""

    def __init__(self, source_dir, content_path, profile, matched):
        self.content_path = content_path
        self.site = SavedSite(source_dir, profile)
        self.source_dir = source_dir
        self.profile = profile
        self.matched = set(matched)

    def resolve(self, page, address):
        return self.site.resolve(page.relative, address)

    def is_release_page(self, saved):
        return saved in self.matched

    def is_old_site(self, address):
        return self.site.is_old_site(address)

    def _read(self, saved):
        with open(os.path.join(self.source_dir, *saved.split("/")), "rb") as handle:
            return handle.read()

    def copy_image(self, page, saved):
        """The copy of the image `saved` under images/<year>/, named by the
        format Pillow reads in it; None when it is no JPEG, PNG, GIF or WebP."""
        try:
            with Image.open(os.path.join(self.source_dir, *saved.split("/")), formats=list(FORMATS)) as image:
                extension = FORMATS[image.format][0]
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
            return None
        data = self._read(saved)
        stem = os.path.splitext(_last_name(saved))[0]
        return Copied(self._place(urls.IMAGES_SOURCE_DIR, page.date.year, file_name(stem, extension, _digest(data))),
                      saved, is_image=True)

    def copy_file(self, page, saved, link_text=""):
        """The copy of the file `saved` under attachments/<year>/, labelled by
        its link's text; of a picture, under images/<year>/ (Copied
        .is_image). None when it is neither a type a release may attach nor
        a picture."""
        data = self._read(saved)
        label = " ".join(SIZE_SUFFIX.sub("", " ".join(link_text.split())).split())
        name, extension = _attachment_name(_last_name(saved), label, data)
        if extension is None:
            return self.copy_image(page, saved)
        label = re.sub(rf"\.{extension}$", "", label, flags=re.IGNORECASE).strip()
        # The header separates attachments by ',' and a label by '|'.
        label = " ".join(re.sub(r"[,|，、；;]", " ", label).split())
        return Copied(self._place(urls.ATTACHMENTS_SOURCE_DIR, page.date.year,
                                  file_name(name, extension, _digest(data))), saved, label=label)

    @staticmethod
    def _place(folder, year, name):
        return f"{folder}/{year:04d}/{name}"

    def copy(self, copied):
        """Make the copy; True when it was not there before."""
        full = os.path.join(self.content_path, *copied.path.split("/"))
        existed = os.path.exists(full)
        write_if_changed(full, self._read(copied.source))
        return not existed


def _last_name(saved):
    """The file name of a saved address, its query left out
    (download.do?fileId=7 -> download.do)."""
    name = saved.rsplit("/", 1)[-1]
    return re.split(r"[?@]", name, maxsplit=1)[0] or name


def _digest(data):
    return hashlib.sha256(data).hexdigest()


def _attachment_name(saved_name, label, data):
    """(name without ending, ending or None) of an attachment: from the
    saved file's name, else from its link's text, else from what its bytes
    are."""
    for candidate in (saved_name, label):
        stem, extension = os.path.splitext(candidate)
        if extension[1:].lower() in ATTACHMENT_TYPES:
            return stem, extension[1:].lower()
    stem = label or os.path.splitext(saved_name)[0]
    return stem, sniffed_type(data)


def sniffed_type(data):
    """The attachment type (ATTACHMENT_TYPES) that a file's bytes are, or
    None: a PDF by its header, an HWP by its signature in an OLE file, an
    HWPX, DOCX or XLSX by the parts of its zip archive, another zip as zip."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(OLE_SIGNATURE):
        return "hwp" if b"HWP Document File" in data else None
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        for part, kind in ZIP_PARTS:
            if part in names:
                return kind
        return "zip"
    return None


def write_if_changed(path, data):
    """Write `data` at `path` unless it holds them already; in one step, so
    that a reader (or another worker) never sees half a file. True if
    written."""
    try:
        with open(path, "rb") as handle:
            if handle.read() == data:
                return False
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".import-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    return True


# --- Release files ------------------------------------------------------------

def release_text(fields, origin, body):
    """The file of one release: `fields` [(name, value)], then the Source
    line with the digest of the whole, then the body."""
    lines = [f"{name}: {value}" for name, value in fields if value]
    unsigned = "\n".join(lines + [f"{SOURCE_FIELD}: {origin}", "", body.rstrip("\n"), ""])
    return unsigned.replace(f"\n{SOURCE_FIELD}: {origin}\n", f"\n{SOURCE_FIELD}: {origin} | sha256:"
                            f"{_digest(unsigned.encode('utf-8'))[:16]}\n", 1)


@dataclass
class Imported:
    """A release file an earlier import wrote."""

    relative_path: str  # below content/
    slug: str
    lang: str
    edited: bool  # changed since the import wrote it


def imported_files(content_path, releases):
    """{origin: [Imported]} of the release files (discovery.Source) with a
    Source line, read by the one header reader."""
    found = {}
    for source in releases:
        read_source(content_path, source)
        value = source.header.get(SOURCE_FIELD.lower())
        if value is None:
            continue
        match = SOURCE_VALUE.match(value)
        origin = match["origin"] if match else value.split("|")[0].strip()
        with open(os.path.join(content_path, source.relative_path), "rb") as handle:
            text = handle.read().decode("utf-8", "replace")
        edited = True
        if match:
            lines = split_lines(text)
            lines[source.lines[SOURCE_FIELD.lower()] - 1] = f"{SOURCE_FIELD}: {origin}"
            edited = _digest("\n".join(lines).encode("utf-8"))[:16] != match["digest"]
        found.setdefault(origin, []).append(Imported(source.relative_path, source.slug, source.lang, edited))
    return found
