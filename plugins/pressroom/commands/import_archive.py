"""`pressroom import`: the old site's saved pages become releases under content/.

    pressroom import --source FOLDER --profile FILE [--settings pelicanconf.py] [--content content]

Reads the profile (importing/profile.py), imports (importing/run.py), then
runs every check a build runs over content/: a file this run wrote that
fails them (or makes its other language fail them) is taken back and its
page reported as failed. Prints the report (importing/report.py); a
progress bar on a terminal. Exits 0 when every page matched was imported,
updated, unchanged or skipped and the content passes every check;
EXIT_FAILED when a page failed or the content has problems the import did
not cause (what did import stays); EXIT_SETTINGS when the profile or the
source folder cannot be used.
"""

import os
import sys

from ..importing import profile as profiles
from ..importing.report import report_lines
from ..importing.run import import_archive, withdraw
from ..urls import ATTACHMENTS_SOURCE_DIR, IMAGES_SOURCE_DIR
from ..build import locking
from .check import read_held

EXIT_FAILED = 1
EXIT_SETTINGS = 2


def run(settings, source_dir, profile_path, jobs=None, wait=None):
    if not source_dir or not os.path.isdir(source_dir):
        print(f"SOURCE: '{source_dir}' is not a folder — give the folder of saved pages, "
              f"e.g. make import SOURCE=old-site PROFILE=profile.toml", file=sys.stderr)
        return EXIT_SETTINGS
    if not profile_path:
        print("PROFILE: no profile given — give the profile file, e.g. PROFILE=plugins/pressroom/importing/"
              "profiles/egov-board.toml (docs/import.md)", file=sys.stderr)
        return EXIT_SETTINGS
    missing = {IMAGES_SOURCE_DIR, ATTACHMENTS_SOURCE_DIR} - set(settings["PRESSROOM_ASSET_DIRS"])
    if missing:
        print(f"PRESSROOM_ASSET_DIRS: the import copies files into {', '.join(sorted(missing))}, which is not one "
              f"of the asset folders — add it in pelicanconf.py", file=sys.stderr)
        return EXIT_SETTINGS
    try:
        profile = profiles.load(profile_path, settings)
    except profiles.ProfileError as error:
        print(error, file=sys.stderr)
        return EXIT_SETTINGS
    content_path = settings["PATH"]
    # The render cache is held from the first file written to the last
    # check, as a build holds it: a build that waits for it never reads
    # content/ half imported, and the import never writes what it cannot
    # check.
    with locking.hold_cache(settings["PRESSROOM_CACHE_PATH"], purpose="import",
                            **({"wait": wait} if wait is not None else {})):
        bar = _ProgressBar() if sys.stderr.isatty() else None
        try:
            result = import_archive(source_dir, content_path, profile, settings, jobs or settings["PRESSROOM_JOBS"],
                                    bar)
        finally:
            if bar:
                bar.close()
        # A page withdrawn can leave its other language disagreeing in
        # turn: the checks run until nothing more is withdrawn (each round
        # only takes back).
        while True:
            remaining, withdrawn = withdraw(result, content_path, read_held(settings).problems)
            if not withdrawn:
                break
    for line in report_lines(result, remaining):
        print(line)
    return EXIT_FAILED if result.count("failed") or remaining else 0


class _ProgressBar:
    """tqdm's bar on stderr, for a person watching a long import."""

    def __init__(self):
        self.bar = None

    def __call__(self, done, total):
        if self.bar is None:
            from tqdm import tqdm
            self.bar = tqdm(total=total, unit=" pages", desc="Importing", file=sys.stderr, leave=False)
        self.bar.update(done)

    def close(self):
        if self.bar is not None:
            self.bar.close()
