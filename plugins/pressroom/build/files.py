"""Writing the output so that only what changed is touched, and swapping
the new site in all at once.

The build command gives the generator two folders: the published site
(output/) and an empty staging folder beside it (make_staging()). The build
makes staging the complete new site: each file it produces is compared with
the published one; a new or changed file is written into staging, an
unchanged one is hard-linked there from output/, so it stays the same file
with the same inode and modification time (build/incremental.py's PageManifest and
an rsync or CDN deploy rely on both). Files the build no longer produces are
simply not in staging.

When the whole build has succeeded, apply() exchanges the two folders in one
step, Linux's renameat2(RENAME_EXCHANGE): killed at any instant, output/ is
wholly the previous site or wholly the new one. The previous site is then in
the staging folder's place, for the command to delete. Where renameat2 or
RENAME_EXCHANGE is not available (another system, or a file system that
refuses it), apply() renames output/ to an old-tree folder and staging to
output/: output/ is still never a mix, but killed between the two renames it
is missing, and the next build puts the previous site back (recover()). On
any error before the swap, staging is deleted and output/ is exactly as it
was.

The previous site is not deleted after the swap: it is kept beside output/
as the spare tree, `.build-<output name>.spare`, and the next build stages
into it (take_spare()). Most of its files are the published ones already
(hard links: the same inodes) and its folders exist, so a rebuild after one
edit replaces a few files instead of making every folder of the site again
and deleting the previous tree (at 2,000 pairs, 7,000 folders: most of a
warm build's time, docs/performance.md). Nothing in the spare is trusted:
each file the build keeps is linked again unless it is the published file
itself, each file it writes replaces what is there, and finish() deletes
whatever else the spare holds, so staging is the new site exactly.

The staging and old-tree folders are `.build-<output name>.<random>.new` and
`.old` beside output/; the command's lock (build/locking.py) keeps two builds of
the same output/ from touching each other's, so that recover() can delete
the ones an interrupted build left.

Run by plain `pelican` (staging and published folder the same), files are
replaced in place and stale ones removed at the end.
"""

import ctypes
import errno
import filecmp
import os
import re
import shutil
import stat
import sys
import tempfile


class OutputFiles:
    def __init__(self, staging, published):
        self.staging = staging
        self.published = published
        self.in_place = os.path.abspath(staging) == os.path.abspath(published)
        self.written = set()
        self.changed = 0
        self.ready_folders = set()  # staging's folders known to be folders, not files or links

    def _claim(self, name):
        if name in self.written:
            raise FileExistsError(f"{name} would be written twice in one build")
        self.written.add(name)
        return os.path.join(self.published, name)

    def _stage(self, name, fill):
        target = os.path.join(self.staging, name)
        self._clear_way(name)
        partial = f"{target}.{os.getpid()}.partial"
        fill(partial)
        os.replace(partial, target)
        self.changed += 1

    def _link(self, name):
        """Put the published file `name` into staging as it is: the same file
        (a hard link), so with the same inode and modification time. A spare
        tree's file that is that file already stays."""
        if self.in_place:
            return
        published, target = os.path.join(self.published, name), os.path.join(self.staging, name)
        try:
            published_stat = os.stat(published)
        except FileNotFoundError:
            return  # nothing to keep: the generator's check reports the missing file
        if not stat.S_ISREG(published_stat.st_mode):
            return
        try:
            if os.path.samestat(os.lstat(target), published_stat):
                return
        except (FileNotFoundError, NotADirectoryError):
            pass
        self._clear_way(name)
        partial = f"{target}.{os.getpid()}.partial"
        try:
            os.link(published, partial)
        except OSError as error:
            if error.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            # No hard links here: a copy with the same times. A new inode, so
            # the next build renders this page again rather than trust it.
            shutil.copy2(published, partial)
        os.replace(partial, target)

    def _clear_way(self, name):
        folder = name.rpartition("/")[0]
        if folder not in self.ready_folders:
            clear_way(self.staging, name)
            self.ready_folders.add(folder)
        else:
            _remove_folder_at(os.path.join(self.staging, name))

    def keep(self, name):
        """Count a published file as produced by this build, untouched."""
        self._claim(name)
        self._link(name)

    def write(self, name, text):
        published = self._claim(name)
        data = text.encode("utf-8")
        if os.path.isfile(published) and os.path.getsize(published) == len(data):
            with open(published, "rb") as handle:
                if handle.read() == data:
                    self._link(name)
                    return

        def fill(partial):
            with open(partial, "wb") as handle:
                handle.write(data)
        self._stage(name, fill)

    def copy(self, name, source):
        published = self._claim(name)
        if os.path.isfile(published) and filecmp.cmp(source, published, shallow=False):
            self._link(name)
            return
        self._stage(name, lambda partial: shutil.copy2(source, partial))

    def current(self, name):
        """Where the file `name` of this build is now: staged, or published."""
        staged = os.path.join(self.staging, name)
        return staged if os.path.isfile(staged) else os.path.join(self.published, name)

    def merge(self, other_written, other_changed):
        """Take over what a worker process wrote."""
        clash = self.written & other_written
        if clash:
            raise FileExistsError(f"{sorted(clash)[0]} would be written twice in one build")
        self.written |= other_written
        self.changed += other_changed

    def finish(self):
        """Deal with published files this build no longer produces; return how
        many. In place they are removed; otherwise they are not in staging,
        which is made the whole new site: whatever a spare tree held beyond
        what this build produced is deleted from it."""
        stale = self._not_written(self.published)
        if self.in_place:
            remove(self.published, stale)
        else:
            self._prune_staging()
        return len(stale)

    def _prune_staging(self):
        """Delete from staging every file, link or folder that holds nothing
        this build produced: a spare tree's leftovers, in one walk."""
        def prune(directory, prefix):
            kept = 0
            with os.scandir(directory) as entries:
                listed = list(entries)
            for entry in listed:
                name = prefix + entry.name
                if name in self.written:
                    kept += 1
                elif entry.is_dir(follow_symlinks=False):
                    if prune(entry.path, name + "/"):
                        kept += 1
                    else:
                        os.rmdir(entry.path)
                else:
                    os.unlink(entry.path)  # a file, a link, or a socket or pipe: nothing a build makes
            return kept
        prune(self.staging, "")

    def _not_written(self, root):
        """Everything below root that is not a file this build produced:
        files, and links or other entries that are no folder."""
        return [name for name, _entry in tree_entries(root) if name not in self.written]


def tree_entries(root):
    """(name below root with forward slashes, os.DirEntry) of everything
    below `root` that is not a real folder (files, links, others), without
    following links; nothing when there is no folder at root."""
    def walk(directory, prefix):
        with os.scandir(directory) as entries:
            listed = list(entries)
        for entry in listed:
            if entry.is_dir(follow_symlinks=False):
                yield from walk(entry.path, prefix + entry.name + "/")
            else:
                yield prefix + entry.name, entry
    if os.path.isdir(root) and not os.path.islink(root):
        yield from walk(root, "")


def remove(root, names):
    """Delete files below root, and the folders they leave empty."""
    root = os.path.abspath(root)
    for name in names:
        path = os.path.join(root, name)
        os.unlink(path)
        directory = os.path.dirname(path)
        while directory != root and not os.listdir(directory):
            os.rmdir(directory)
            directory = os.path.dirname(directory)


def clear_way(root, name):
    """Make room below `root` for the file `name`: its folders made, and
    whatever a spare tree has in the way (a file where a folder must be, a
    folder or a link where the file goes) removed."""
    parts = name.split("/")
    directory = root
    for part in parts[:-1]:
        directory = os.path.join(directory, part)
        if os.path.islink(directory) or (os.path.lexists(directory) and not os.path.isdir(directory)):
            os.unlink(directory)
        if not os.path.isdir(directory):
            os.makedirs(directory, exist_ok=True)
    _remove_folder_at(os.path.join(directory, parts[-1]))


def _remove_folder_at(target):
    """A real folder where a file goes (a link there is replaced with the
    file, as any file is)."""
    if os.path.isdir(target) and not os.path.islink(target):
        shutil.rmtree(target)


# -- the staging folder and the swap -------------------------------------------

NEW, OLD = ".new", ".old"


SPARE = ".spare"


def spare_tree(published):
    parent, name = os.path.split(published)
    return os.path.join(parent, f".build-{name}{SPARE}")


def make_staging(published):
    """A private staging folder beside `published`: the spare tree, under a
    staging name of its own (so that a build killed while updating it leaves
    a staging folder, which the next build deletes), or a new, empty one."""
    parent, name = os.path.split(published)
    staging = tempfile.mkdtemp(prefix=f".build-{name}.", suffix=NEW, dir=parent)
    spare = spare_tree(published)
    if os.path.isdir(spare) and not os.path.islink(spare):
        os.rmdir(staging)
        os.rename(spare, staging)
        os.chmod(staging, 0o700)
    return staging


def keep_as_spare(previous, published):
    """Keep the previous site, after the swap, as the next build's spare
    tree, as private as a staging folder: it is no longer what is served."""
    os.chmod(previous, 0o700)
    os.rename(previous, spare_tree(published))


def old_tree(staging):
    """Where the fallback swap puts the previous site."""
    return staging[:-len(NEW)] + OLD


def _leftover(name):
    # tempfile's random part has no dot, so each name belongs to one output
    # folder. The last alternative is the staging folder of earlier versions.
    return re.compile(rf"^\.build-{re.escape(name)}\.[a-z0-9_]+\.(new|old)$|^\.build-[a-z0-9_]{{8}}$")


def leftovers(published):
    """The staging and old-tree folders of `published` that are there now."""
    parent, name = os.path.split(published)
    pattern = _leftover(name)
    try:
        entries = list(os.scandir(parent))
    except FileNotFoundError:
        return []
    return sorted(entry.path for entry in entries if pattern.match(entry.name) and entry.is_dir(follow_symlinks=False))


def recover(published):
    """Clean up after builds of `published` that were killed: put the
    previous site back if one was killed in the middle of the fallback swap,
    and delete staging and old-tree folders. Only with the output lock held,
    so that no running build's folder is deleted. Returns what it did, as
    sentences."""
    done = []
    found = leftovers(published)
    old = [path for path in found if path.endswith(OLD)]
    if old and not os.path.lexists(published):
        previous = max(old, key=lambda path: os.stat(path).st_ctime_ns)  # the last one renamed
        os.rename(previous, published)
        found.remove(previous)
        done.append(f"put the previous site back into {published} from {previous}, where an interrupted build "
                    f"had left it")
    for path in found:
        remove_tree(path)
    if found:
        done.append(f"removed {len(found)} folder(s) left by an interrupted build: "
                    + ", ".join(os.path.basename(path) for path in found))
    return done


def remove_tree(path):
    shutil.rmtree(path)


def new_folder_mode():
    """The mode a new folder gets: 0o777 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def apply(staging, published):
    """Make `staging`, a complete site, the published folder in one step.
    Return the folder that now holds the previous site, for the caller to
    delete, or None when there was none."""
    if not os.path.lexists(published):
        # The staging folder was made private (mkdtemp); the published one
        # gets the mode any new folder would, so a web server can read it.
        os.chmod(staging, new_folder_mode())
        os.rename(staging, published)
        return None
    os.chmod(staging, stat.S_IMODE(os.stat(published).st_mode))
    keep_folder_times(staging, published)
    try:
        exchange(staging, published)
        return staging
    except OSError as error:
        if error.errno not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
    # No atomic exchange here: two renames, with no output folder in between.
    previous = old_tree(staging)
    os.rename(published, previous)
    try:
        os.rename(staging, published)
    except BaseException:
        os.rename(previous, published)
        raise
    return previous


def keep_folder_times(staging, published):
    """Give each staged folder that holds just what its published one holds
    (the same names, the same files) the published folder's times, as an
    update in place would have left them: a deploy by rsync then sends no
    folder that did not change either."""
    def keep_times(directory, before):
        with os.scandir(directory) as entries:
            staged = {entry.name: entry for entry in entries}
        try:
            with os.scandir(before) as entries:
                previous = {entry.name: entry for entry in entries}
        except (FileNotFoundError, NotADirectoryError):
            return  # a new folder, and so is everything below it
        alike = staged.keys() == previous.keys()
        for name, entry in staged.items():
            if entry.is_dir(follow_symlinks=False):
                keep_times(entry.path, os.path.join(before, name))
                alike = alike and previous[name].is_dir(follow_symlinks=False)
            elif alike:
                alike = not previous[name].is_dir(follow_symlinks=False) and os.path.samestat(
                    previous[name].stat(follow_symlinks=False), entry.stat(follow_symlinks=False))
        if alike:
            times = os.stat(before)
            os.utime(directory, ns=(times.st_atime_ns, times.st_mtime_ns))

    keep_times(staging, published)


AT_FDCWD = -100
RENAME_EXCHANGE = 2


def _load_renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28 and later
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()


def exchange(first, second):
    """Swap two paths atomically, or raise OSError (ENOSYS where that cannot
    be done at all, EINVAL where the file system refuses)."""
    if _renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available", first, None, second)
    if _renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) != 0:
        number = ctypes.get_errno()
        raise OSError(number, os.strerror(number), first, None, second)
