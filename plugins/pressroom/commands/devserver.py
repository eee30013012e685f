"""`make devserver`: a live preview that rebuilds on save.

    pressroom devserver [--settings pelicanconf.py] [--content content] [--output output]
                                  [--cache .cache/pressroom] [--port 8000] [--bind 127.0.0.1]

Serves the output folder at http://127.0.0.1:8000/ and watches the content
folder, the theme, the plugins and the settings file. After each change
(watchfiles waits until the writing settles) it runs the real build, the
one `pressroom build` runs, in this process: what the last builds read,
checked and rendered is kept in memory (build/warm.py), so that a save
re-reads only what changed, and the site it makes is byte for byte the one
a cold build makes. The build is atomic and incremental: when it fails, the
output folder is left as it was and the server goes on serving the last
good site; when it succeeds, only the pages whose inputs changed were
rendered.

A change to the settings file or to the plugins' code starts the devserver
again, as a new process (the same command): code in memory is not reloaded,
and no Pelican state (registered plugins, imported settings) carries over.

Nothing is injected into the pages, which work without JavaScript: reload the
browser to see a change. Responses are sent with `Cache-Control: no-store` so
that a reload always shows the files as they are now.
"""
import contextlib
import functools
import http.server
import io
import os
import queue
import signal
import sys
import threading
import time
import traceback

from pelican.log import LimitFilter
from watchfiles import DefaultFilter, watch

from ..build import warm
from ..build.locking import WAIT_SECONDS
from . import build


class SourceFilter(DefaultFilter):
    """watchfiles' default filter (version control, __pycache__, *.pyc, Vim and
    Emacs swap and lock files, `~` backups…), plus other editors' temporary
    and backup files, the cache and whatever the build itself writes."""

    ignore_dirs = (*DefaultFilter.ignore_dirs, ".cache")
    ignore_entity_patterns = (
        *DefaultFilter.ignore_entity_patterns,
        r"^#.*#$",               # Emacs auto-save
        r"^4913$",               # Vim's probe for a writable folder
        r"\.kate-swp$",          # Kate
        r"^\.goutputstream-",    # gedit and other GLib editors, before the rename
        r"\.(bak|tmp|temp|orig)$",
    )


def run(settings, settings_path, content, output, cache=None, jobs=None, port=8000, bind="127.0.0.1"):
    """Build, serve and rebuild on every change until Ctrl-C. `settings` are
    the settings as read at start: they say which folders to watch."""
    output = os.path.abspath(output)
    try:
        server = http.server.ThreadingHTTPServer((bind, port), functools.partial(PreviewHandler, directory=output))
    except OSError as error:
        print(f"Cannot serve on {bind}:{port}: {error.strerror or error}. Give another port with --port, or "
              f"stop what is using this one.", file=sys.stderr, flush=True)
        return 2
    url = f"http://{bind if ':' not in bind else f'[{bind}]'}:{server.server_address[1]}/"

    overrides = {}
    if cache:
        overrides["PRESSROOM_CACHE_PATH"] = None if cache == "none" else os.path.abspath(cache)
    if jobs:
        overrides["PRESSROOM_JOBS"] = jobs
    state = warm.WarmState()

    def build_once(search_later=True):
        with warm.kept(state):
            return build.build(settings, settings_path, output, dict(overrides, PRESSROOM_SEARCH_LATER=search_later),
                               WAIT_SECONDS)

    def build_and_catch_up(changed):
        """A build that leaves the search bundles of changed releases as they
        were (Pagefind takes seconds a shard, and the merge seconds more),
        then, unless another change is already waiting, one that indexes
        them."""
        if rebuild(build_once, changed) == 0 and state.left_for_later and changes.empty():
            rebuild(lambda: build_once(search_later=False), None, done="Search index brought up to date in {seconds}")

    folders = watched_folders(settings)
    ignored = ignored_paths(output, settings.get("PRESSROOM_CACHE_PATH") if cache is None
                            else None if cache == "none" else cache)

    changes = queue.Queue()
    stop = threading.Event()
    watchers = [
        threading.Thread(target=watch_into, daemon=True, args=(changes, stop, folders),
                         kwargs=dict(watch_filter=SourceFilter(ignore_paths=ignored))),
        # The settings file through its folder, not by itself: editors that save
        # by writing a new file and renaming it over the old one would end a watch
        # on the file. Not recursive, so a settings file beside .venv/ or
        # node_modules/ costs one watch, not thousands.
        threading.Thread(target=watch_into, daemon=True,
                         args=(changes, stop, [os.path.dirname(os.path.abspath(settings_path))]),
                         kwargs=dict(recursive=False, watch_filter=only(settings_path))),
    ]
    serving = threading.Thread(target=server.serve_forever, daemon=True)

    previous_sigterm = signal.signal(signal.SIGTERM, interrupt)
    try:
        for thread in (*watchers, serving):
            thread.start()
        watched = [relative(path) + os.sep for path in folders] + [relative(settings_path)]
        say(f"Serving {relative(output)} at {url}; press Ctrl-C to stop.")
        say(f"Rebuilding on every change in {', '.join(watched[:-1])} and {watched[-1]}.")
        build_and_catch_up(None)
        while True:
            batch = next_changes(changes)
            if isinstance(batch, Exception):
                say(f"Stopped: watching for changes failed: {batch}")
                return 1
            restart = [path for path in batch if needs_restart(path, settings, settings_path)]
            if restart:
                say(f"{describe(restart)} changed: starting again.")
                stop.set()
                server.server_close()
                os.execv(sys.executable, [sys.executable, "-m", "pressroom", *sys.argv[1:]])
            build_and_catch_up(batch)
    except KeyboardInterrupt:
        say("Stopped.")
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous_sigterm)
        stop.set()
        if serving.ident is not None:  # shutdown() waits for serve_forever() to end
            server.shutdown()
        server.server_close()
        for thread in watchers:
            thread.join(timeout=5)


def ignored_paths(output, cache_path):
    """What the watch leaves out: the output and, beside it, the build's
    staging folder, the previous site while it is swapped out and the lock
    file (build/files.py), all `.build-…`; where output is a link, the build
    works beside the folder it points to. And the cache."""
    ignored = [path for folder in {output, os.path.realpath(output)}
               for path in (folder, os.path.join(os.path.dirname(folder), ".build-"))]
    if cache_path:
        ignored.append(os.path.abspath(cache_path))
    return ignored


def next_changes(changes):
    """The paths that changed, once something has: all that changed since the
    last build, for one rebuild; or the exception that ended a watch."""
    batch, item = set(), changes.get()
    while True:
        if isinstance(item, Exception):
            return item
        batch |= item
        try:
            item = changes.get_nowait()
        except queue.Empty:
            return batch


def needs_restart(path, settings, settings_path):
    """A change this process cannot take in by building again: the settings
    file, or the plugins' code (a theme's templates are read by every build)."""
    path = os.path.abspath(path)
    if os.path.normpath(path) == os.path.normpath(os.path.abspath(settings_path)):
        return True
    return any(path.startswith(os.path.abspath(folder) + os.sep) for folder in settings.get("PLUGIN_PATHS", []))


def rebuild(build_once, changed, done="Built in {seconds}{cause}; reload the page to see it"):
    """Run one build here and return its status; one line (`done`) when it
    worked, its messages and one line when it did not."""
    started = time.monotonic()
    # Pelican drops a log message it has shown once in this process; each
    # build must show all of its own.
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    messages = io.StringIO()
    with contextlib.redirect_stdout(messages), contextlib.redirect_stderr(messages):
        try:
            status = build_once()
        except Exception:  # noqa: BLE001 - a bug in a build: shown in full below, and the server goes on
            traceback.print_exc()
            status = 1
    seconds = time.monotonic() - started
    cause = f" after a change to {describe(changed)}" if changed else ""
    if status == 0:
        say(done.format(seconds=f"{seconds:.1f} s", cause=cause) + ".")
    else:
        print(messages.getvalue().rstrip("\n"), file=sys.stderr, flush=True)
        say(f"The build failed{cause} (messages above); still serving the last good site.")
    return status


def watch_into(changes, stop, paths, **options):
    """Put each settled batch of changed paths on the queue until `stop` is
    set; an error, such as a watched folder that is gone, goes on the queue
    too, for the main thread to report."""
    try:
        for batch in watch(*paths, stop_event=stop, raise_interrupt=False, **options):
            changes.put({path for _, path in batch})
    except Exception as error:  # noqa: BLE001 - reported by the main thread
        changes.put(error)


def watched_folders(settings):
    """The content folder, the theme and the plugin folders that exist, each
    once and none inside another."""
    folders = []
    for path in [settings["PATH"], settings.get("THEME"), *settings.get("PLUGIN_PATHS", [])]:
        if path and os.path.isdir(path) and os.path.abspath(path) not in folders:
            folders.append(os.path.abspath(path))
    return [path for path in folders if not any(path.startswith(folder + os.sep) for folder in folders)]


def only(settings_path):
    target = os.path.normpath(os.path.abspath(settings_path))
    return lambda change, path: os.path.normpath(path) == target


def describe(paths):
    """The changed files that are there now (not an editor's or sed's
    temporary file, renamed away within the batch), else the removed ones."""
    names = sorted(relative(path) for path in paths if os.path.exists(path)) or sorted(map(relative, paths))
    return names[0] + (f" and {len(names) - 1} more" if len(names) > 1 else "")


def relative(path):
    """A path as the writer would type it, from the current folder when it is
    inside it."""
    path = os.path.normpath(path)
    inside = os.path.relpath(path)
    return path if inside.startswith(os.pardir) else inside


def say(line):
    print(time.strftime("%H:%M:%S"), line, flush=True)


def interrupt(signum, frame):
    raise KeyboardInterrupt


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """The output folder as a static host serves it, without request logs and
    without browser caching."""

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):
        pass
