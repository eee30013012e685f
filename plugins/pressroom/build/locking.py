"""One build at a time per output folder and per cache folder.

    with locking.hold_output(output), locking.hold_cache(cache_path):
        ...  # build

A build holds both for its whole run: two builds into the same output/ (a
`make devserver` rebuild and `make publish`, say) would remove each other's
staging and old-tree folders, and two builds sharing the render cache would
delete each other's entries when each prunes what it did not use. Anything
else that writes the cache takes hold_cache() alone. Take the output lock
before the cache lock, always in that order, so that two holders cannot wait
for each other.

The lock is `fcntl.flock` on a lock file: `.build-<name>.lock` beside the
output folder (never inside it: output/ holds only the site) and `.lock`
inside the cache folder. The kernel releases it when its holder exits, however
it exits, so a killed build never leaves a lock that blocks the next one. The
holder writes its process id and purpose into the file and deletes the file
when it is done, so that a finished build leaves nothing beside output/; a
waiter that then gets the lock on the deleted file notices and takes it anew.
Holding a lock this process already holds is a no-op.

A second build waits, and says once on stderr what it is waiting for. It waits
up to WAIT_SECONDS (15 minutes: far longer than a build takes, so it only
gives up on a build that hangs) and then raises Busy, with a message naming
the other process, for the command to print and exit with status 2. A build
never waits forever without saying so, and `make publish` in CI cannot hang
for good behind a stuck build.
"""

import contextlib
import fcntl
import os
import sys
import time

WAIT_SECONDS = 15 * 60
# The exit status of a command that could not take its lock: nothing was done.
EXIT_BUSY = 2
# How often a waiter tries again. flock() has no timeout of its own.
POLL_SECONDS = 0.2

# Lock files held by this process: {path: depth}.
_held = {}


class LockError(Exception):
    """The lock could not be taken; str() is a message for the user."""


class Busy(LockError):
    """Another process held the lock for longer than we would wait."""


def output_lock_file(output):
    parent, name = os.path.split(os.path.abspath(output))
    return os.path.join(parent, f".build-{name}.lock")


def cache_lock_file(cache):
    return os.path.join(os.path.abspath(cache), ".lock")


def hold_output(output, purpose="build", wait=WAIT_SECONDS):
    """Hold the output folder `output` (which need not exist yet)."""
    output = os.path.abspath(output)
    os.makedirs(os.path.dirname(output), exist_ok=True)
    return hold(output_lock_file(output), output, purpose, wait)


def hold_cache(cache, purpose="build", wait=WAIT_SECONDS):
    """Hold the cache folder `cache`, creating it; None (no persistent
    cache) holds nothing."""
    if not cache:
        return contextlib.nullcontext()
    try:
        os.makedirs(cache, exist_ok=True)
    except OSError as error:
        raise LockError(f"Cannot lock {shown(cache)}: {describe(error)}.") from None
    return hold(cache_lock_file(cache), cache, purpose, wait)


@contextlib.contextmanager
def hold(lock_file, folder, purpose, wait=WAIT_SECONDS):
    """Hold the exclusive lock `lock_file`, which guards `folder` (named in
    messages) for `purpose` (a word such as "build", shown to waiters).
    Wait up to `wait` seconds (None: for as long as it takes)."""
    lock_file = os.path.abspath(lock_file)
    if lock_file in _held:
        _held[lock_file] += 1
        try:
            yield
        finally:
            _held[lock_file] -= 1
        return
    try:
        handle = _acquire(lock_file, folder, wait)
    except OSError as error:
        raise LockError(f"Cannot lock {shown(folder)}: {describe(error)}.") from None
    _held[lock_file] = 1
    try:
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()} {purpose}\n".encode(), 0)
        yield
    finally:
        del _held[lock_file]
        # Deleted while still held: a waiter that gets the lock on this file
        # afterwards sees that it is no longer the one at lock_file.
        with contextlib.suppress(OSError):
            os.unlink(lock_file)
        os.close(handle)


def _acquire(lock_file, folder, wait):
    deadline = None if wait is None else time.monotonic() + wait
    told = False
    while True:
        handle = os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        try:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    what, process = _holder(handle)
                    if deadline is not None and time.monotonic() >= deadline:
                        raise Busy(f"Gave up after waiting {_duration(wait)} for {what}{process} to finish "
                                   f"with {shown(folder)}; nothing was done. Try again when it is done, or "
                                   f"wait longer with --wait SECONDS.") from None
                    if not told:
                        print(f"{what.capitalize()} is using {shown(folder)}{process}; waiting for it to "
                              f"finish…", file=sys.stderr, flush=True)
                        told = True
                    time.sleep(POLL_SECONDS)
            try:
                if os.path.samestat(os.fstat(handle), os.stat(lock_file)):
                    return handle
            except FileNotFoundError:
                pass
        except BaseException:
            os.close(handle)
            raise
        os.close(handle)  # the holder deleted it on its way out: take the new one


def _holder(handle):
    """('another build', ' (process 1234)'), as far as the lock file tells."""
    try:
        pid, _, purpose = os.pread(handle, 200, 0).decode("utf-8", "replace").strip().partition(" ")
    except OSError:
        pid, purpose = "", ""
    return (f"another {purpose}" if purpose else "another process"), (f" (process {pid})" if pid.isdigit() else "")


def _duration(seconds):
    if seconds >= 60 and seconds % 60 == 0:
        return f"{seconds // 60:g} minute{'s' if seconds != 60 else ''}"
    return f"{seconds:g} second{'s' if seconds != 1 else ''}"


def describe(error):
    """An OSError as a plain sentence part: 'No space left on device: path'."""
    text = error.strerror or (os.strerror(error.errno) if error.errno else str(error))
    return f"{text}: {error.filename}" if error.filename else text


def shown(path):
    """A folder as the user would type it: relative when under the current
    folder, with a slash."""
    path = os.path.normpath(os.path.abspath(path))
    inside = os.path.relpath(path)
    return (path if inside.startswith(os.pardir) else inside) + os.sep

