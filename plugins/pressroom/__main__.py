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

`build` runs the same checks, then Pelican, which writes the files that are
new or changed into a staging folder beside the output folder; only when the
whole build succeeded are they moved into the output folder and stale files
removed (output.py). On any error the previous output folder is left exactly
as it was, so a broken commit never replaces a working site with half of one.
"""

import argparse
import logging
import os
import shutil
import sys
import tempfile

from babel import Locale
from pelican import Pelican
from pelican.log import init as init_logging
from pelican.settings import read_settings

from . import new_release, translation_status
from .output import apply
from .reading import read_content
from .rendering import RenderCache
from .sources import ContentError

EXIT_PROBLEMS = 1


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


def checked_sources(settings):
    """The sources, after every check a build runs (reading.py), or None
    when there are problems, which are reported. Bodies are rendered to be
    checked, through the render cache that builds use."""
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


def check(settings):
    sources = checked_sources(settings)
    if sources is None:
        return EXIT_PROBLEMS
    print(f"No problems found in {len(sources)} files under {settings['PATH']}.")
    return 0


def status(settings):
    """Print which releases lack a translation; like `check`, refuse to
    guess when a file has problems."""
    sources = checked_sources(settings)
    if sources is None:
        return EXIT_PROBLEMS
    names = {lang: Locale.parse("en").languages.get(lang, lang) for lang in settings["PRESSROOM_LANGUAGES"]}
    print(translation_status.report(sources, settings["PRESSROOM_LANGUAGES"], names))
    return 0


def build(settings, settings_path, output, overrides):
    # The generator runs read_content() first thing and raises ContentError,
    # reported below like `check` does; checking here too would read every
    # file twice.
    output = os.path.abspath(output)
    os.makedirs(os.path.dirname(output), exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".build-", dir=os.path.dirname(output))
    try:
        run_pelican(settings_path, dict(overrides, PATH=settings["PATH"], OUTPUT_PATH=staging,
                                        PRESSROOM_PUBLISHED_OUTPUT=output))
        apply(staging, output)
    except ContentError as error:
        report(error.problems, sys.stderr)
        return EXIT_PROBLEMS
    except BaseException:
        print(f"The build failed; the previous site in {output} was left as it was.", file=sys.stderr)
        raise
    finally:
        if os.path.isdir(staging):
            shutil.rmtree(staging)
    return 0


def run_pelican(settings_path, overrides):
    """Pelican as `pelican content -o destination -s settings --fatal warnings`,
    in this process so that a ContentError reaches us as an exception."""
    init_logging(level=logging.WARNING, fatal="warnings", name="pelican")
    Pelican(read_settings(settings_path, override=overrides)).run()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m pressroom", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["check", "build", "new", "devserver", "status"])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--content", help="content folder (default: PATH from the settings)")
    parser.add_argument("--output", default="output")
    parser.add_argument("--cache", help="cache folder (default: PRESSROOM_CACHE_PATH); 'none' turns it off")
    parser.add_argument("--jobs", type=int, help="processes to render with (default: PRESSROOM_JOBS)")
    # For `new`; an empty value is asked for in a terminal (new_release.py).
    parser.add_argument("--slug", default="")
    parser.add_argument("--lang", default="", help="ko, en or both")
    parser.add_argument("--category", default="", help="a key of PRESSROOM_CATEGORIES")
    parser.add_argument("--department", default="", help="a key of PRESSROOM_DEPARTMENTS")
    parser.add_argument("--port", type=int, default=8000, help="devserver: port to serve on")
    parser.add_argument("--bind", default="127.0.0.1", help="devserver: address to serve on")
    args = parser.parse_args(argv)
    settings = load_settings(args.settings, args.content)
    if args.command == "devserver":
        from . import devserver  # watchfiles is needed by this command only
        return devserver.run(settings, args.settings, args.content, args.output, args.cache, args.jobs,
                             args.port, args.bind)
    if args.command == "check":
        return check(settings)
    if args.command == "status":
        return status(settings)
    if args.command == "new":
        return new_release.run(settings, {"slug": args.slug, "lang": args.lang, "category": args.category,
                                          "department": args.department})
    overrides = {}
    if args.cache:
        overrides["PRESSROOM_CACHE_PATH"] = None if args.cache == "none" else os.path.abspath(args.cache)
    if args.jobs:
        overrides["PRESSROOM_JOBS"] = args.jobs
    return build(settings, args.settings, args.output, overrides)


if __name__ == "__main__":
    sys.exit(main())
