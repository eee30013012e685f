"""`make check` and `make html` / `make publish`: check, then build atomically.

    python -m pressroom check [--settings pelicanconf.py] [--content content]
    python -m pressroom build [--settings pelicanconf.py] [--content content] [--output output]

`check` reports every problem in the content, one per line as
`path:line: field: what is wrong — how to fix it`, and exits 1 if there is any.

`build` runs the same checks, then Pelican into a fresh folder beside the
output folder, and swaps it in only when Pelican succeeded. On any error the
previous output folder is left exactly as it was, so a broken commit never
replaces a working site with half of one.
"""

import argparse
import logging
import os
import shutil
import sys
import tempfile

from pelican import Pelican
from pelican.log import init as init_logging
from pelican.settings import read_settings

from . import check_settings
from .sources import ContentError, check_content

EXIT_PROBLEMS = 1


def load_settings(settings_path, content_path):
    settings = read_settings(settings_path)
    settings["PATH"] = os.path.abspath(content_path or settings["PATH"])
    check_settings(settings)
    return settings


def report(problems, stream):
    for problem in sorted(problems, key=lambda p: (p.path, p.line, p.field)):
        print(problem, file=stream)
    print(f"{len(problems)} problem(s) found; nothing was published.", file=stream)


def check(settings):
    sources, problems = check_content(settings["PATH"], settings)
    if problems:
        report(problems, sys.stderr)
        return EXIT_PROBLEMS
    print(f"No problems found in {len(sources)} files under {settings['PATH']}.")
    return 0


def build(settings, settings_path, output):
    status = check(settings)
    if status:
        return status
    output = os.path.abspath(output)
    os.makedirs(os.path.dirname(output), exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".build-", dir=os.path.dirname(output))
    try:
        run_pelican(settings_path, settings["PATH"], staging)
        swap_in(staging, output)
    except ContentError as error:
        # Problems only the build can see, e.g. a link to a withheld release.
        report(error.problems, sys.stderr)
        return EXIT_PROBLEMS
    except BaseException:
        print(f"The build failed; the previous site in {output} was left as it was.", file=sys.stderr)
        raise
    finally:
        if os.path.isdir(staging):
            shutil.rmtree(staging)
    return 0


def run_pelican(settings_path, content, destination):
    """Pelican as `pelican content -o destination -s settings --fatal warnings`,
    in this process so that a ContentError reaches us as an exception."""
    init_logging(level=logging.WARNING, fatal="warnings", name="pelican")
    settings = read_settings(settings_path, override={"PATH": content, "OUTPUT_PATH": destination})
    Pelican(settings).run()


def swap_in(staging, output):
    """Replace `output` with `staging` by two renames on the same disk."""
    retired = None
    if os.path.exists(output):
        retired = tempfile.mkdtemp(prefix=".retired-", dir=os.path.dirname(output))
        os.rename(output, os.path.join(retired, "site"))
    os.rename(staging, output)
    if retired:
        shutil.rmtree(retired)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m pressroom", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["check", "build"])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--content", help="content folder (default: PATH from the settings)")
    parser.add_argument("--output", default="output")
    args = parser.parse_args(argv)
    settings = load_settings(args.settings, args.content)
    if args.command == "check":
        return check(settings)
    return build(settings, args.settings, args.output)


if __name__ == "__main__":
    sys.exit(main())
