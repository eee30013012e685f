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
import os
import shutil
import subprocess
import sys
import tempfile

from pelican.settings import read_settings

from . import check_settings
from .sources import check_content

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
    parent = os.path.dirname(output)
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".build-", dir=parent)
    try:
        result = subprocess.run([sys.executable, "-m", "pelican", settings["PATH"], "-o", staging,
                                 "-s", settings_path, "--fatal", "warnings"])
        if result.returncode != 0:
            print("The build failed; the previous site in "
                  f"{output} was left as it was.", file=sys.stderr)
            return result.returncode
        swap_in(staging, output)
    finally:
        if os.path.isdir(staging):
            shutil.rmtree(staging)
    return 0


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
