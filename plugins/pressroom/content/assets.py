"""Whether a path a writer gives can name a file below content/.

An image, an attachment or a {filename} link to a file names it by its path
below content/, which is also its path on the site (urls.py): the path must
be one a browser reads unchanged, inside an asset folder, to a regular file
with no symbolic link on the way.
"""

import os
import re
import stat

from .discovery import in_asset_folder
from .text import is_other_host, url_scheme


# The characters an asset's path may not have: a browser would decode '%',
# stop at '?' or '#' and turn '\\' into '/', so such a path would not name the
# file that is copied; quotes, <, > and control characters have no place in
# a file name. Each folder and file name is non-empty and starts and ends
# with a visible character.
ASSET_PATH = re.compile(r'^[^%?#\\"<>`/\x00-\x1f\x7f\s](?:[^%?#\\"<>`/\x00-\x1f\x7f]*[^%?#\\"<>`/\x00-\x1f\x7f\s])?'
                        r'(?:/[^%?#\\"<>`/\x00-\x1f\x7f\s](?:[^%?#\\"<>`/\x00-\x1f\x7f]*[^%?#\\"<>`/\x00-\x1f\x7f\s])?)*$')


def asset_path_error(path, settings):
    """Why `path` cannot name a file below content/, or None if it can."""
    scheme, address = url_scheme(path)
    if scheme and not re.match(r"^[A-Za-z]:[\\/]", address) or is_other_host(address):
        return "is a web address; a file is expected here"
    if address.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", address):
        return "is an absolute path; give it relative to the content folder"
    segments = address.replace("\\", "/").split("/")
    if ".." in segments:
        return "goes outside the content folder with '..'"
    if "." in segments:
        return "has a folder named '.'; give the path without it"
    if not ASSET_PATH.match(path):
        return ("has a character a web address would change (%, ?, #, \\, a quote, < or >, or a space at the "
                "start or end of a name)")
    if not in_asset_folder(path, settings):
        return "is not in one of the folders " + ", ".join(f"content/{d}/" for d in settings["PRESSROOM_ASSET_DIRS"])
    if not is_regular_file(settings["PATH"], path):
        return "does not exist (or is a symbolic link, which the site does not follow)"
    return None


def is_regular_file(root, relative):
    """Whether `relative` names a regular file below `root` with no symbolic
    link on the way: the file that is checked is the file that is copied."""
    path = root
    for part in relative.split("/"):
        path = os.path.join(path, part)
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            return False
        if stat.S_ISLNK(mode):
            return False
    return stat.S_ISREG(mode)
