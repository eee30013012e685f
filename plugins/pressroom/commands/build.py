"""`pressroom build` (`make html`, `make publish`): check, then build atomically.

It runs the same checks as `check`, then Pelican, which makes the complete
new site in a staging folder beside the output folder (new and changed files
written, unchanged ones hard-linked from the published site); only when the
whole build succeeded is it swapped with the output folder in one step
(build/files.py); the previous site stays beside it as the spare tree the
next build stages into. On any error the previous output folder is left exactly as
it was, so a broken commit never replaces a working site with half of one;
killed at any moment, output/ is the previous site or the new one, never a
mix.

A build that succeeded ends with its summary (build/summary.py), one whole
line a fact, each beginning `pressroom:`.

A build holds a lock on its output folder and on its cache folder for its
whole run (build/locking.py): a second build of the same output or with the
same cache says that it is waiting and waits, up to --wait seconds (15
minutes by default), then gives up with exit status 2.
"""

import errno
import logging
import os
import sys
from concurrent.futures.process import BrokenProcessPool

from pelican import Pelican
from pelican.log import console as pelican_console, init as init_logging
from pelican.settings import read_settings
from rich.console import Console
from rich.logging import RichHandler

from .. import clock
from ..build import files as output_files, locking
from ..content.problems import ContentError
from .check import EXIT_PROBLEMS, report

# OSErrors that come from the machine, not from a bug: reported in one line,
# without a traceback.
ENVIRONMENT_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO}


def build(settings, settings_path, output, overrides, wait=locking.WAIT_SECONDS):
    # A PRESSROOM_NOW that is no time stops the build before it starts, in
    # one line, rather than from inside Pelican with a traceback.
    try:
        clock.build_time(settings)
    except clock.ClockError as error:
        print(f"{error}; nothing was built.", file=sys.stderr)
        return EXIT_PROBLEMS
    # The real folder: the swap replaces the folder itself, which must not be
    # a symbolic link to it.
    output = os.path.realpath(output)
    cache = overrides.get("PRESSROOM_CACHE_PATH", settings["PRESSROOM_CACHE_PATH"])
    try:
        with locking.hold_output(output, wait=wait), locking.hold_cache(cache, wait=wait):
            return build_locked(settings, settings_path, output, overrides)
    except locking.LockError as error:
        print(error, file=sys.stderr)
        return locking.EXIT_BUSY


def build_locked(settings, settings_path, output, overrides):
    # The generator runs read_content() first thing and raises ContentError,
    # reported below like `check` does; checking here too would read every
    # file twice.
    try:
        for line in output_files.recover(output):
            print(f"pressroom: {line}.", file=sys.stderr)
        staging = output_files.make_staging(output)
    except OSError as error:
        print(f"The build could not start: {locking.describe(error)}. {state(output, None, None)}", file=sys.stderr)
        return EXIT_PROBLEMS
    new_site = os.stat(staging)
    had_site = os.path.isdir(output)
    try:
        run_pelican(settings_path, dict(overrides, PATH=settings["PATH"], OUTPUT_PATH=staging,
                                        PRESSROOM_PUBLISHED_OUTPUT=output))
        previous = output_files.apply(staging, output)
        if previous is not None:
            keep_previous(previous, output)
    except ContentError as error:
        report(error.problems, sys.stderr)
        return EXIT_PROBLEMS
    except BrokenProcessPool:
        print(f"The build failed: a process rendering files or pages ended without finishing (killed for lack of "
              f"memory, or a crash in a library). {capitalized(state(output, new_site, had_site))}", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as error:
        if error.errno not in ENVIRONMENT_ERRORS:
            print(f"The build failed; {state(output, new_site, had_site)}", file=sys.stderr)
            raise
        print(f"The build failed: {locking.describe(error)}. {capitalized(state(output, new_site, had_site))}",
              file=sys.stderr)
        return EXIT_PROBLEMS
    except BaseException:
        print(f"The build failed; {state(output, new_site, had_site)}", file=sys.stderr)
        raise
    finally:
        if not published(output, new_site) and os.path.isdir(staging):
            try:
                output_files.remove_tree(staging)  # what the failed build staged
            except OSError as error:
                print(f"The staging folder {staging} could not be removed ({locking.describe(error)}); the next "
                      f"build removes it.", file=sys.stderr)
    return 0


def keep_previous(previous, output):
    """Keep the previous site, now beside the new one, as the next build's
    spare tree (build/files.py); delete it when it cannot be kept. The build
    has published its site by now: failing here is only worth a warning."""
    try:
        output_files.keep_as_spare(previous, output)
        return
    except OSError:
        pass
    try:
        output_files.remove_tree(previous)
    except OSError as error:
        print(f"The new site is in {output}, but the previous one could not be removed from {previous} "
              f"({locking.describe(error)}); the next build removes it.", file=sys.stderr)


def published(output, new_site):
    """True when the folder at `output` is the one the build staged."""
    try:
        return new_site is not None and os.path.samestat(os.stat(output), new_site)
    except FileNotFoundError:
        return False


def state(output, new_site, had_site):
    """What a failed build leaves in `output`, as the disk says, for the
    message: a failure after the swap must not claim the old site is there."""
    if published(output, new_site):
        return f"the new site is already complete in {output}; only the cleanup after it failed."
    if os.path.isdir(output):
        return f"the previous site in {output} was left as it was."
    previous = [path for path in output_files.leftovers(output) if path.endswith(output_files.OLD)]
    if previous:
        return (f"{output} is missing: the previous site is in {previous[0]}, and the next build puts it back "
                f"(to do it by hand, rename that folder to {output}).")
    if had_site:
        return f"{output} is missing."
    return f"nothing was published: there was no site in {output} before, and there is none now."


def capitalized(sentence):
    return sentence[:1].upper() + sentence[1:]


def run_pelican(settings_path, overrides):
    """Pelican as `pelican content -o destination -s settings --fatal warnings`,
    in this process so that a ContentError reaches us as an exception.

    Without Pelican's closing "Done: Processed 0 articles, … 0 pages" line:
    it counts only Pelican's own article and page generators, which read
    nothing here, so it would tell a reader that nothing was built (the
    generator prints what was). Pelican.run() prints that line, and nothing
    else, with console.print() on pelican.log.console, whatever the log
    level (Pelican has no setting for it: getpelican/pelican#3201). So the
    log records go to a handler with a console of its own, set up exactly as
    Pelican's default one, and what run() prints on Pelican's console is
    captured and dropped: every warning and error is still shown."""
    init_logging(level=logging.WARNING, fatal="warnings", name="pelican", handler=RichHandler(console=Console()))
    with pelican_console.capture():
        Pelican(read_settings(settings_path, override=overrides)).run()
