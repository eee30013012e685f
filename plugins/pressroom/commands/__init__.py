"""The `pressroom` command: the writers' and editors' commands, apart from
the engine (as pelican/tools and mkdocs/commands are).

    pressroom check [--settings pelicanconf.py] [--content content]
    pressroom build [--settings pelicanconf.py] [--content content] [--output output]
    pressroom devserver [--settings pelicanconf.py] [--content content] [--output output] [--port 8000]
    pressroom status [--settings pelicanconf.py] [--content content]
    pressroom due --since TIME [--settings pelicanconf.py] [--content content]
    pressroom new [--slug SLUG] [--lang ko|en|both] [--category KEY] [--department KEY]
    pressroom import --source FOLDER --profile FILE [--settings pelicanconf.py] [--content content]
    pressroom settings

`python -m pressroom` is the same command. Each command is a module of its
own, imported only when it runs: `new` does not load the build, and editing a
command leaves the render cache and every page as they are (only the
engine's modules count in the cache's code fingerprint, render/cache.py).

- check.py: `check` and `status`;
- due.py: `due`, whether a release became due since a time (exit 0 when one
  did, 3 when none did), what a scheduled publisher asks before it builds;
- build.py: `build`, what `make html` and `make publish` run;
- devserver.py: `devserver`, serving and rebuilding on save;
- new.py: `new`, a draft release from the template;
- import_archive.py: `import`, the old site's saved pages as releases;
- `settings` prints the settings schema (settings.py), as docs/settings.md.
"""

import argparse
import os
import sys

from ..build.locking import EXIT_BUSY, WAIT_SECONDS, LockError
from ..settings import SettingsError

COMMANDS = ["check", "build", "new", "devserver", "status", "due", "import", "settings"]
# A setting the press room cannot work with: nothing was done.
EXIT_SETTINGS = 1


def load_settings(settings_path, content_path):
    """The settings as a build has them: read, and initialised by Pelican
    with the plugins registered (their defaults filled in, and the Markdown
    extensions they add), so that `check` renders bodies as a build does."""
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(settings_path, override={"PATH": os.path.abspath(content_path)} if content_path else None)
    return Pelican(settings).settings


def positive(text):
    """--jobs: a whole number above 0."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number above 0")
    return int(text)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="pressroom", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=COMMANDS)
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--content", help="content folder (default: PATH from the settings)")
    parser.add_argument("--output", default="output")
    parser.add_argument("--cache", help="cache folder (default: PRESSROOM_CACHE_PATH); 'none' turns it off")
    parser.add_argument("--jobs", type=positive, help="processes to render with (default: PRESSROOM_JOBS)")
    parser.add_argument("--wait", type=float, default=WAIT_SECONDS, metavar="SECONDS",
                        help="build, check, status: how long to wait for another build using the same output or "
                             f"cache folder (default: {WAIT_SECONDS})")
    # For `new`; an empty value is asked for in a terminal (new.py).
    parser.add_argument("--slug", default="")
    parser.add_argument("--lang", default="", help="ko, en or both")
    parser.add_argument("--category", default="", help="a key of PRESSROOM_CATEGORIES")
    parser.add_argument("--department", default="", help="a key of PRESSROOM_DEPARTMENTS")
    parser.add_argument("--port", type=int, default=8000, help="devserver: port to serve on")
    parser.add_argument("--bind", default="127.0.0.1", help="devserver: address to serve on")
    parser.add_argument("--since", help="due: the time of the last publication (ISO 8601)")
    parser.add_argument("--source", help="import: the folder of the old site's saved pages")
    parser.add_argument("--profile", help="import: the profile (TOML) that says where each part of a page is")
    args = parser.parse_args(argv)
    if args.command == "settings":
        from ..settings import reference
        print(reference(), end="")
        return 0
    if args.content and not os.path.isdir(args.content):
        print(f"--content: '{args.content}' is not a folder — give the folder that holds releases/ and pages/",
              file=sys.stderr)
        return EXIT_SETTINGS
    try:
        settings = load_settings(args.settings, args.content)
    except SettingsError as error:
        print(f"{args.settings}: {error}", file=sys.stderr)
        return EXIT_SETTINGS
    cache = None if args.cache == "none" else os.path.abspath(args.cache) if args.cache else None
    if args.command == "devserver":
        from . import devserver
        return devserver.run(settings, args.settings, args.content, args.output, args.cache, args.jobs,
                             args.port, args.bind)
    if args.command == "new":
        from . import new
        return new.run(settings, {"slug": args.slug, "lang": args.lang, "category": args.category,
                                  "department": args.department})
    try:
        if args.command == "import":
            from . import import_archive
            if args.cache:
                settings["PRESSROOM_CACHE_PATH"] = cache
            return import_archive.run(settings, args.source, args.profile, args.jobs, args.wait)
        if args.command == "due":
            from . import due
            if args.cache:
                settings["PRESSROOM_CACHE_PATH"] = cache
            return due.due(settings, args.since, args.wait)
        if args.command in ("check", "status"):
            from . import check
            if args.cache:
                settings["PRESSROOM_CACHE_PATH"] = cache
            return (check.check if args.command == "check" else check.status)(settings, args.wait)
        from . import build
        overrides = {}
        if args.cache:
            overrides["PRESSROOM_CACHE_PATH"] = cache
        if args.jobs:
            overrides["PRESSROOM_JOBS"] = args.jobs
        return build.build(settings, args.settings, args.output, overrides, args.wait)
    except LockError as error:
        print(error, file=sys.stderr)
        return EXIT_BUSY


if __name__ == "__main__":
    sys.exit(main())
