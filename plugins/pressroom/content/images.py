"""The images a body shows: which files may be one, and their sizes.

An image is published as a file of the site, so it must be what its name
says: a JPEG, PNG, GIF or WebP picture, as Pillow reads its header. Anything
else (an SVG, which can carry script, an HTML page renamed .jpg) is refused
by content.references.check_references() on every build. The sizes go on the <img> as
width and height (layout.py), so the page keeps its layout while the
image loads.
"""

import os

from PIL import Image, UnidentifiedImageError

from .assets import asset_path_error

# Pillow's format name -> the file name endings that may carry it.
FORMATS = {"JPEG": ("jpg", "jpeg"), "PNG": ("png",), "GIF": ("gif",), "WEBP": ("webp",)}
# Larger than this on a side, a picture is no press photo but a file that
# would take the reader's phone a long time to draw.
MAX_SIDE = 10_000
TOO_MANY_PIXELS = "too many pixels"


def _read(settings, written):
    """(format, width, height) of the image file `written` names, or None
    when the path is not one a body may use (sources says why)."""
    if asset_path_error(written, settings):
        return None
    try:
        # Only the header is read; formats= keeps Pillow from trying the
        # readers of every other format it knows.
        with Image.open(os.path.join(settings["PATH"], written), formats=list(FORMATS)) as image:
            return image.format, image.width, image.height
    except Image.DecompressionBombError:
        # Pillow refuses to open a picture of over 179 million pixels.
        return TOO_MANY_PIXELS, 0, 0
    except (UnidentifiedImageError, OSError, ValueError):
        return "", 0, 0


def size(settings, written):
    """(width, height) of a valid image, or None."""
    read = _read(settings, written)
    return None if read is None or image_error(written, read) else read[1:]


def image_error(written, read):
    """Why a file read as `read` cannot be published as an image, or None."""
    image_format, width, height = read
    extension = written.rsplit(".", 1)[-1].lower() if "." in written else ""
    if image_format == TOO_MANY_PIXELS:
        return f"has more pixels than a photo on a page needs; make it at most {MAX_SIDE:,} pixels on each side"
    if image_format not in FORMATS:
        return "is not a JPEG, PNG, GIF or WebP image (the site shows only these)"
    if extension not in FORMATS[image_format]:
        return (f"is a {image_format} image under a name ending '.{extension}'; name it ."
                f"{FORMATS[image_format][0]}")
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        return f"is {width} × {height} pixels; make it at most {MAX_SIDE:,} pixels on each side"
    return None


def problem(settings, written):
    """Why `written`, a path that names a file of an asset folder, is not an
    image the site can show, or None."""
    read = _read(settings, written)
    return None if read is None else image_error(written, read)
