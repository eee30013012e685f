"""Writing the output so that only what changed is touched.

The build command gives the generator two folders: the published site
(output/) and an empty staging folder. Each file the build produces is
compared with the published one; only new and changed files are written, into
staging. When the whole build has succeeded the command moves them into
output/ and deletes the files this build no longer produces (apply()). On any
error before that, staging is deleted and output/ is exactly as it was.

Unchanged files are never rewritten, so they keep their modification times
and a deploy by rsync or to a CDN uploads only what changed.

Run by plain `pelican` (staging and published folder the same), files are
replaced in place and stale ones removed at the end.
"""

import filecmp
import os
import shutil

# In staging: the published files this build no longer produces, one a line.
REMOVALS = ".pressroom-removals"


class OutputFiles:
    def __init__(self, staging, published):
        self.staging = staging
        self.published = published
        self.in_place = os.path.abspath(staging) == os.path.abspath(published)
        self.written = set()
        self.changed = 0

    def _claim(self, name):
        if name in self.written:
            raise FileExistsError(f"{name} would be written twice in one build")
        self.written.add(name)
        return os.path.join(self.published, name)

    def _stage(self, name, fill):
        target = os.path.join(self.staging, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        partial = f"{target}.{os.getpid()}.partial"
        fill(partial)
        os.replace(partial, target)
        self.changed += 1

    def keep(self, name):
        """Count a published file as produced by this build, untouched."""
        self._claim(name)

    def write(self, name, text):
        published = self._claim(name)
        data = text.encode("utf-8")
        if os.path.isfile(published) and os.path.getsize(published) == len(data):
            with open(published, "rb") as handle:
                if handle.read() == data:
                    return

        def fill(partial):
            with open(partial, "wb") as handle:
                handle.write(data)
        self._stage(name, fill)

    def copy(self, name, source):
        published = self._claim(name)
        if os.path.isfile(published) and filecmp.cmp(source, published, shallow=False):
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
        """Deal with published files this build no longer produces; return how many."""
        stale = []
        if os.path.isdir(self.published):
            for directory, _, files in os.walk(self.published):
                for filename in files:
                    relative = os.path.relpath(os.path.join(directory, filename), self.published)
                    if relative.replace(os.sep, "/") not in self.written:
                        stale.append(relative)
        if self.in_place:
            remove(self.published, stale)
        else:
            with open(os.path.join(self.staging, REMOVALS), "w", encoding="utf-8") as handle:
                handle.writelines(f"{name}\n" for name in sorted(stale))
        return len(stale)


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


def apply(staging, published):
    """Move a successful build's staged files into the published folder and
    remove the ones it no longer produces."""
    if not os.path.isdir(published):
        os.remove(os.path.join(staging, REMOVALS))
        # The staging folder was made private (mkdtemp); the published one
        # gets the mode any new folder would, so a web server can read it.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)
        os.rename(staging, published)
        return
    with open(os.path.join(staging, REMOVALS), encoding="utf-8") as handle:
        stale = [line.rstrip("\n") for line in handle if line.strip()]
    os.remove(os.path.join(staging, REMOVALS))
    for directory, _, files in os.walk(staging):
        target = os.path.join(published, os.path.relpath(directory, staging))
        os.makedirs(target, exist_ok=True)
        for filename in files:
            os.replace(os.path.join(directory, filename), os.path.join(target, filename))
    remove(published, stale)
    shutil.rmtree(staging)
