"""`make check` and `make html` / `make publish`: check, then build atomically.

    python -m pressroom check [--settings pelicanconf.py] [--content content]
    python -m pressroom build [--settings pelicanconf.py] [--content content] [--output output]
    python -m pressroom devserver [--settings pelicanconf.py] [--content content] [--output output] [--port 8000]
    python -m pressroom status [--settings pelicanconf.py] [--content content]
    python -m pressroom new [--slug SLUG] [--lang ko|en|both] [--category KEY] [--department KEY]

`new` starts a release from the template as a draft (new_release.py).

`devserver` serves the output folder and rebuilds on every change (devserver.py).

`status` lists the releases that lack a translation (translation_status.py).

`check` reports every problem in the content, one per line as
`path:line: field: what is wrong — how to fix it`, and exits 1 if there is any.

`build` runs the same checks, then Pelican, which makes the complete new site
in a staging folder beside the output folder (new and changed files written,
unchanged ones hard-linked from the published site); only when the whole
build succeeded is it swapped with the output folder in one step (output.py).
On any error the previous output folder is left exactly as it was, so a broken
commit never replaces a working site with half of one; killed at any moment,
output/ is the previous site or the new one, never a mix.

A build that succeeded ends with its summary (generator.py), one whole line
a fact, each beginning `pressroom:`: what was published, rendered and
written, and what was not published yet: in production every release held
back, by file, as a draft, under embargo or with a future date; in a
preview how many are shown with a banner.

A build holds a lock on its output folder and on its cache folder for its
whole run (locking.py): a second build of the same output or with the same
cache says that it is waiting and waits, up to --wait seconds (15 minutes by
default), then gives up with exit status 2.
"""

import argparse
import errno
import logging
import os
import sys
from concurrent.futures.process import BrokenProcessPool

from babel import Locale
from pelican import Pelican
from pelican.log import console as pelican_console, init as init_logging
from pelican.settings import read_settings
from rich.console import Console
from rich.logging import RichHandler

from . import locking, new_release, output as output_files, translation_status
from .reading import read_content
from .rendering import RenderCache
from .sources import ContentError

EXIT_PROBLEMS = 1
# The lock could not be taken: nothing was done.
EXIT_BUSY = 2
# OSErrors that come from the machine, not from a bug: reported in one line,
# without a traceback.
ENVIRONMENT_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO}


def load_settings(settings_path, content_path):
    """The settings as a build has them: read, and initialised by Pelican
    with the plugins registered (their defaults filled in, and the Markdown
    extensions they add), so that `check` renders bodies as a build does."""
    settings = read_settings(settings_path, override={"PATH": os.path.abspath(content_path)} if content_path else None)
    return Pelican(settings).settings


def report(problems, stream):
    for problem in sorted(problems, key=lambda p: (p.path, p.line, p.field)):
        print(problem, file=stream)
    print(f"{len(problems)} problem(s) found; nothing was published.", file=stream)


def checked_sources(settings, wait=locking.WAIT_SECONDS):
    """The sources, after every check a build runs (reading.py), or None
    when there are problems, which are reported. Bodies are rendered to be
    checked, through the render cache that builds use."""
    # The cache is written (a check's renders serve the next build), so it is
    # held as a build holds it; a check never prunes it.
    with locking.hold_cache(settings["PRESSROOM_CACHE_PATH"], purpose="check", wait=wait):
        cache = RenderCache(settings["PRESSROOM_CACHE_PATH"], settings)
        try:
            reading = read_content(settings["PATH"], settings, cache)
        finally:
            if not cache.persistent:
                cache.finish()
    if reading.problems:
        report(reading.problems, sys.stderr)
        return None
    return reading.sources


def check(settings, wait=locking.WAIT_SECONDS):
    sources = checked_sources(settings, wait)
    if sources is None:
        return EXIT_PROBLEMS
    print(f"No problems found in {len(sources)} files under {settings['PATH']}.")
    return 0


def status(settings, wait=locking.WAIT_SECONDS):
    """Print which releases lack a translation; like `check`, refuse to
    guess when a file has problems."""
    sources = checked_sources(settings, wait)
    if sources is None:
        return EXIT_PROBLEMS
    names = {lang: Locale.parse("en").languages.get(lang, lang) for lang in settings["PRESSROOM_LANGUAGES"]}
    print(translation_status.report(sources, settings["PRESSROOM_LANGUAGES"], names))
    return 0


def build(settings, settings_path, output, overrides, wait=locking.WAIT_SECONDS):
    # The real folder: the swap replaces the folder itself, which must not be
    # a symbolic link to it.
    output = os.path.realpath(output)
    cache = overrides.get("PRESSROOM_CACHE_PATH", settings["PRESSROOM_CACHE_PATH"])
    try:
        with locking.hold_output(output, wait=wait), locking.hold_cache(cache, wait=wait):
            return build_locked(settings, settings_path, output, overrides)
    except locking.LockError as error:
        print(error, file=sys.stderr)
        return EXIT_BUSY


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
            remove_previous(previous, output)
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


def remove_previous(previous, output):
    """Delete the previous site, now beside the new one. The build has
    published its site by now: failing here is only worth a warning."""
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


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m pressroom", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["check", "build", "new", "devserver", "status"])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--content", help="content folder (default: PATH from the settings)")
    parser.add_argument("--output", default="output")
    parser.add_argument("--cache", help="cache folder (default: PRESSROOM_CACHE_PATH); 'none' turns it off")
    parser.add_argument("--jobs", type=int, help="processes to render with (default: PRESSROOM_JOBS)")
    parser.add_argument("--wait", type=float, default=locking.WAIT_SECONDS, metavar="SECONDS",
                        help="build, check, status: how long to wait for another build using the same output or cache folder "
                             f"(default: {locking.WAIT_SECONDS})")
    # For `new`; an empty value is asked for in a terminal (new_release.py).
    parser.add_argument("--slug", default="")
    parser.add_argument("--lang", default="", help="ko, en or both")
    parser.add_argument("--category", default="", help="a key of PRESSROOM_CATEGORIES")
    parser.add_argument("--department", default="", help="a key of PRESSROOM_DEPARTMENTS")
    parser.add_argument("--port", type=int, default=8000, help="devserver: port to serve on")
    parser.add_argument("--bind", default="127.0.0.1", help="devserver: address to serve on")
    args = parser.parse_args(argv)
    settings = load_settings(args.settings, args.content)
    cache = None if args.cache == "none" else os.path.abspath(args.cache) if args.cache else None
    if args.command == "devserver":
        from . import devserver  # watchfiles is needed by this command only
        return devserver.run(settings, args.settings, args.content, args.output, args.cache, args.jobs,
                             args.port, args.bind)
    if args.command in ("check", "status"):
        if args.cache:
            settings["PRESSROOM_CACHE_PATH"] = cache
        try:
            return (check if args.command == "check" else status)(settings, args.wait)
        except locking.LockError as error:
            print(error, file=sys.stderr)
            return EXIT_BUSY
    if args.command == "new":
        return new_release.run(settings, {"slug": args.slug, "lang": args.lang, "category": args.category,
                                          "department": args.department})
    overrides = {}
    if args.cache:
        overrides["PRESSROOM_CACHE_PATH"] = cache
    if args.jobs:
        overrides["PRESSROOM_JOBS"] = args.jobs
    return build(settings, args.settings, args.output, overrides, args.wait)


if __name__ == "__main__":
    sys.exit(main())
