"""A build swaps the new site into output/ all at once, and one build at a
time uses an output or cache folder.

Faults are injected by settings files that wrap a function of
pressroom.build.files (the swap, the two renames of the fallback, removing the old
tree) to stop there and wait for the test, which then kills the build or lets
it go on. Nothing in the product reads them."""

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import FIXTURE, ROOT, copy_fixture_content, run_build, site_files

from pressroom.build import locking

# A guard against a hung test, not a measurement: everything here is
# sequenced by files the build writes.
DEADLINE_SECONDS = 120

# The new site differs from the previous one in its listings (pages removed,
# pages changed) but not in any search record, so that its search bundles
# are kept as they are and the whole site is byte for byte reproducible.
NEW_SETTINGS = "PRESSROOM_PER_PAGE = 3\n"

# Stop in a function of pressroom.build.files and write a mark file into marks/
# beside the settings file; there when the test made a stop-<mark> file, wait
# for a `go` file. The settings file is read twice by a build: wrap once.
PAUSE = """
import os as _os, time as _time
import pressroom.build.files as _output

_MARKS = _os.path.join(_os.path.dirname(__file__), "marks")

def _pause(where):
    open(_os.path.join(_MARKS, where), "w").close()
    stop, go = _os.path.join(_MARKS, "stop-" + where), _os.path.join(_MARKS, "go")
    while _os.path.exists(stop) and not _os.path.exists(go):
        _time.sleep(0.05)

if not hasattr(_output, "_test_wrapped"):
    _output._test_wrapped = True
"""

PAUSE_IN_EXCHANGE = PAUSE + """
    _exchange = _output.exchange
    def _paused_exchange(first, second):
        _pause("before-exchange")
        _exchange(first, second)
        _pause("after-exchange")
    _output.exchange = _paused_exchange
"""

# A file system that refuses RENAME_EXCHANGE, as some do, with EINVAL.
PAUSE_IN_FALLBACK = PAUSE + """
    import errno as _errno
    def _refused(first, second):
        raise OSError(_errno.EINVAL, "Invalid argument", first, None, second)
    _output.exchange = _refused
    _rename = _os.rename
    def _paused_rename(source, target):
        _rename(source, target)
        if _os.path.basename(source) == "output":
            _pause("after-first-rename")
        elif _os.path.basename(target) == "output":
            _pause("after-second-rename")
    _os.rename = _paused_rename
"""

PAUSE_WHILE_STAGING = PAUSE + """
    _finish = _output.OutputFiles.finish
    def _paused_finish(self):
        _pause("staging")
        return _finish(self)
    _output.OutputFiles.finish = _paused_finish
"""


def stop_at(folder, mark):
    marks = Path(folder) / "marks"
    marks.mkdir()
    (marks / f"stop-{mark}").touch()
    return marks


def settings_file(folder, name, extra=""):
    path = Path(folder) / f"{name}.py"
    path.write_text(f"import sys\nsys.path.insert(0, {str(FIXTURE)!r})\nfrom fixtureconf import *\n{extra}")
    return path


def assert_same_site(root, expected, what):
    found = site_files(root)
    differ = sorted(set(found) ^ set(expected)) + sorted(name for name in set(found) & set(expected)
                                                           if found[name] != expected[name])
    assert not differ, f"{root} is not {what}: {differ[:5]} differ ({len(differ)} files)"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The previous site (the fixture as it is) and the new one (its listings
    three releases a page), built into folders of their own; the new one
    from a copy of the previous one, as a build into output/ makes it."""
    folder = tmp_path_factory.mktemp("sites")
    new_settings = settings_file(folder, "newconf", NEW_SETTINGS)
    previous, new = folder / "previous", folder / "new"
    result = run_build(FIXTURE / "content", previous, FIXTURE / "fixtureconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    shutil.copytree(previous, new)
    result = run_build(FIXTURE / "content", new, new_settings)
    assert result.returncode == 0, result.stdout + result.stderr
    previous_files, new_files = site_files(previous), site_files(new)
    assert previous_files != new_files and "en/page/3/index.html" in set(previous_files) - set(new_files)
    return {"previous": previous, "previous_files": previous_files, "new_files": new_files}


@pytest.fixture
def output(tmp_path, sites):
    """output/ holding the previous site."""
    shutil.copytree(sites["previous"], tmp_path / "output")
    return tmp_path / "output"


class Build:
    """`python -m pressroom build` in the background, its messages in files."""

    def __init__(self, folder, name, output, settings, cache="none", content=FIXTURE / "content", extra=()):
        self.stdout, self.stderr = Path(folder) / f"{name}.out", Path(folder) / f"{name}.err"
        with open(self.stdout, "w") as out, open(self.stderr, "w") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "pressroom", "build", "--settings", str(settings), "--content", str(content),
                 "--output", str(output), "--cache", str(cache), *extra],
                cwd=ROOT, stdout=out, stderr=err,
                env={**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "COLUMNS": "400"})

    def messages(self):
        return self.stdout.read_text() + self.stderr.read_text()

    def wait_for(self, what, condition):
        deadline = time.monotonic() + DEADLINE_SECONDS
        while not condition():
            assert self.process.poll() is None, f"the build ended while waiting for {what}:\n{self.messages()}"
            assert time.monotonic() < deadline, f"no {what} within {DEADLINE_SECONDS} s:\n{self.messages()}"
            time.sleep(0.05)

    def finish(self):
        return self.process.wait(timeout=DEADLINE_SECONDS)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=DEADLINE_SECONDS)


def leftovers(folder):
    """What builds left beside output/ other than the spare tree, which a
    build keeps on purpose (test_the_previous_site_is_kept_as_the_spare_tree)."""
    return sorted(path.name for path in Path(folder).iterdir()
                  if path.name.startswith(".build-") and not path.name.endswith(".spare"))


def only(paths):
    assert len(paths) == 1, paths
    return paths[0]


@pytest.mark.parametrize("shared", ["output and cache", "cache"])
def test_a_second_build_waits_for_the_first_and_both_succeed(tmp_path, output, sites, shared):
    marks, cache = stop_at(tmp_path, "before-exchange"), tmp_path / "cache"
    first = Build(tmp_path, "first", output, settings_file(tmp_path, "pausing", NEW_SETTINGS + PAUSE_IN_EXCHANGE),
                  cache)
    try:
        first.wait_for("the first build at its swap", lambda: (marks / "before-exchange").exists())
        second_output = output if shared == "output and cache" else tmp_path / "other"
        busy = output if shared == "output and cache" else cache
        second = Build(tmp_path, "second", second_output, settings_file(tmp_path, "newconf", NEW_SETTINGS), cache)
        second.wait_for("the second build's notice", lambda: "waiting for it to finish" in second.messages())
        # It waits before touching anything: the only staging folder is the first build's.
        assert len([name for name in leftovers(tmp_path) if name.endswith(".new")]) == 1, leftovers(tmp_path)
        (marks / "go").touch()
        assert first.finish() == 0, first.messages()
        assert second.finish() == 0, second.messages()
    finally:
        (marks / "go").touch()
        first.process.kill()
    notices = [line for line in second.messages().splitlines() if "waiting for it to finish" in line]
    assert notices == [f"Another build is using {busy}{os.sep} (process {first.process.pid}); "
                       "waiting for it to finish…"]
    assert "Traceback" not in second.messages()
    assert_same_site(output, sites["new_files"], "the new site")
    # Built from nothing, with search bundles of its own, which are the same.
    assert_same_site(second_output, sites["new_files"], "the new site")
    assert leftovers(tmp_path) == [], "no staging folder or lock file is left"

    entries = lambda: sorted(path.relative_to(cache) for path in cache.rglob("*") if path.is_file())  # noqa: E731
    before = entries()
    assert len([path for path in before if len(path.parts) > 1]) >= 10, f"the builds filled the cache: {before}"
    third = Build(tmp_path, "third", output, settings_file(tmp_path, "newconf", NEW_SETTINGS), cache)
    assert third.finish() == 0, third.messages()
    # An intact cache has every entry the build needs: it adds none and removes none.
    assert entries() == before
    assert not (cache / ".lock").exists()


@pytest.mark.parametrize("shim, pause, output_is", [
    (PAUSE_IN_EXCHANGE, "before-exchange", "previous"),
    (PAUSE_IN_EXCHANGE, "after-exchange", "new"),
    (PAUSE_IN_FALLBACK, "after-first-rename", None),
    (PAUSE_IN_FALLBACK, "after-second-rename", "new"),
])
def test_a_build_killed_in_the_swap_leaves_one_whole_site(tmp_path, output, sites, shim, pause, output_is):
    marks = stop_at(tmp_path, pause)
    build = Build(tmp_path, "killed", output, settings_file(tmp_path, "pausing", NEW_SETTINGS + shim))
    try:
        build.wait_for(pause, lambda: (marks / pause).exists())
    finally:
        build.kill()
    sides = {"previous": sites["previous_files"], "new": sites["new_files"]}
    # The staging folder was the complete new site; whatever is beside
    # output/ now is one whole site too.
    for name in leftovers(tmp_path):
        if not name.endswith(".lock"):
            assert site_files(tmp_path / name) in sides.values(), f"{name} is neither site"
    if output_is is None:
        # The fallback's window: no output/ at all, the previous site whole
        # beside it, never a mix.
        assert not output.exists()
        assert_same_site(tmp_path / only([n for n in leftovers(tmp_path) if n.endswith(".old")]),
                         sides["previous"], "the previous site")
    else:
        assert_same_site(output, sides[output_is], f"the {output_is} site")

    # The next build, even one that fails on its content, puts the previous
    # site back and removes what the killed one left.
    broken = copy_fixture_content(tmp_path, "broken")
    release = broken / "releases" / "2023" / "beta-forum.en.md"
    release.write_text(release.read_text().replace("Date: 2023-05-11 10:00", "Date: 2023-05-41 10:00"))
    failed = run_build(broken, output, FIXTURE / "fixtureconf.py")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert_same_site(output, sides[output_is or "previous"], f"the {output_is or 'previous'} site")
    assert leftovers(tmp_path) == []

    result = run_build(FIXTURE / "content", output, settings_file(tmp_path, "newconf", NEW_SETTINGS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert_same_site(output, sites["new_files"], "the new site")
    assert leftovers(tmp_path) == []


def test_the_staging_folder_of_a_killed_build_is_removed_by_the_next(tmp_path, output, sites):
    marks = stop_at(tmp_path, "staging")
    build = Build(tmp_path, "killed", output, settings_file(tmp_path, "pausing", NEW_SETTINGS + PAUSE_WHILE_STAGING))
    try:
        build.wait_for("staging", lambda: (marks / "staging").exists())
    finally:
        build.kill()
    staging = tmp_path / only([name for name in leftovers(tmp_path) if name.endswith(".new")])
    assert (staging / "en" / "index.html").is_file(), "the build had staged pages"
    assert_same_site(output, sites["previous_files"], "the previous site")
    (tmp_path / ".build-a1b2c3d4").mkdir()  # an earlier version's staging folder
    other = tmp_path / ".build-other.a1b2c3d4.new"  # another output folder's, which may be running
    other.mkdir()

    result = run_build(FIXTURE / "content", output, settings_file(tmp_path, "newconf", NEW_SETTINGS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert leftovers(tmp_path) == [other.name]
    assert_same_site(output, sites["new_files"], "the new site")


def test_a_rebuild_keeps_each_unchanged_file_itself(tmp_path):
    """The same inode and modification time for every file whose bytes did
    not change (what PageManifest and rsync rely on), new ones for the rest."""
    content = copy_fixture_content(tmp_path)
    output, cache = tmp_path / "output", tmp_path / "cache"
    assert run_build(content, output, FIXTURE / "fixtureconf.py", cache=cache).returncode == 0
    before = {path: (path.read_bytes(), path.stat()) for path in output.rglob("*") if path.is_file()}
    release = content / "releases" / "2023" / "beta-forum.en.md"
    release.write_text(release.read_text().replace("hosted the Beta Forum", "opened the Beta Forum"))
    result = run_build(content, output, FIXTURE / "fixtureconf.py", cache=cache)
    assert result.returncode == 0, result.stdout + result.stderr
    kept, rewritten = [], []
    for path, (data, stat) in before.items():
        if not path.exists():
            continue  # a search file of the re-indexed shard, under another name now
        now = path.stat()
        same_file = (now.st_ino, now.st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)
        if path.read_bytes() == data:
            assert same_file, f"{path} did not change but was written anew"
            kept.append(path)
        else:
            assert now.st_ino != stat.st_ino, f"{path} was changed in place, under the published site"
            rewritten.append(path)
    assert output / "en" / "releases" / "beta-forum" / "index.html" in rewritten
    assert len(kept) > len(rewritten)


def test_a_held_lock_is_reported_without_a_traceback(tmp_path, output, sites):
    with locking.hold_output(output):
        result = subprocess.run(
            [sys.executable, "-m", "pressroom", "build", "--settings", str(FIXTURE / "fixtureconf.py"),
             "--content", str(FIXTURE / "content"), "--output", str(output), "--cache", "none", "--wait", "1"],
            cwd=ROOT, capture_output=True, text=True, timeout=DEADLINE_SECONDS,
            env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")})
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"Another build is using {output}{os.sep} (process {os.getpid()})" in result.stderr
    assert f"Gave up after waiting 1 second for another build (process {os.getpid()}) to finish with {output}" \
           in result.stderr
    assert "Traceback" not in result.stderr
    assert_same_site(output, sites["previous_files"], "the previous site")
    assert leftovers(tmp_path) == []


def test_make_check_waits_for_the_cache_a_build_holds(tmp_path):
    """`check` writes render-cache entries, so it takes the cache as a build
    does: with a build holding it, check waits, then gives up plainly."""
    cache = tmp_path / "cache"
    with locking.hold_cache(str(cache)):
        result = subprocess.run(
            [sys.executable, "-m", "pressroom", "check", "--settings", str(FIXTURE / "fixtureconf.py"),
             "--content", str(FIXTURE / "content"), "--cache", str(cache), "--wait", "1"],
            cwd=ROOT, capture_output=True, text=True, timeout=DEADLINE_SECONDS,
            env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")})
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"(process {os.getpid()})" in result.stderr and "Gave up after waiting 1 second" in result.stderr
    assert "Traceback" not in result.stderr and "No problems found" not in result.stdout


def test_a_full_disk_while_staging_is_one_plain_message(tmp_path, output, sites):
    settings = settings_file(tmp_path, "fullconf", NEW_SETTINGS + textwrap.dedent("""
        import errno, pressroom.build.files
        def _full(self, name, fill):
            raise OSError(errno.ENOSPC, "No space left on device", name)
        pressroom.build.files.OutputFiles._stage = _full
    """))
    result = run_build(FIXTURE / "content", output, settings)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "The build failed: No space left on device: " in result.stderr
    assert f"The previous site in {output} was left as it was." in result.stderr
    assert "Traceback" not in result.stderr
    assert_same_site(output, sites["previous_files"], "the previous site")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("error, status", [("PermissionError(13, 'Permission denied', path)", 0),
                                           ("RuntimeError('a bug')", 1)])
def test_a_failure_after_the_swap_does_not_claim_the_old_site_is_there(tmp_path, output, sites, error, status):
    settings = settings_file(tmp_path, "failconf", NEW_SETTINGS + textwrap.dedent(f"""
        import pressroom.build.files
        def _fail(path, *rest):
            raise {error}
        pressroom.build.files.keep_as_spare = _fail
        pressroom.build.files.remove_tree = _fail
    """))
    result = run_build(FIXTURE / "content", output, settings)
    assert result.returncode == status, result.stdout + result.stderr
    assert "left as it was" not in result.stderr
    if status == 0:
        assert f"The new site is in {output}, but the previous one could not be removed from " in result.stderr
        assert "Traceback" not in result.stderr
    else:
        assert f"The build failed; the new site is already complete in {output}" in result.stderr
    assert_same_site(output, sites["new_files"], "the new site")
    assert len(leftovers(tmp_path)) == 1, "the previous site, left for the next build to remove"
    assert run_build(FIXTURE / "content", output, settings_file(tmp_path, "newconf", NEW_SETTINGS)).returncode == 0
    assert leftovers(tmp_path) == []


def test_no_lock_file_is_published_or_left_behind(tmp_path, output):
    assert run_build(FIXTURE / "content", output, FIXTURE / "fixtureconf.py", cache=tmp_path / "cache").returncode == 0
    assert not [path for path in output.rglob("*") if "lock" in path.name]
    assert leftovers(tmp_path) == []
    assert not (tmp_path / "cache" / ".lock").exists()
    for name in [".build-output.lock", ".build-output.a1b2c3d4.new/", ".build-output.a1b2c3d4.old/",
                 ".cache/pressroom/.lock"]:
        ignored = subprocess.run(["git", "check-ignore", "--no-index", "-q", name], cwd=ROOT)
        assert ignored.returncode == 0, f"git does not ignore {name}"


def spare(folder):
    return Path(folder) / ".build-output.spare"


def test_the_previous_site_is_kept_as_the_spare_tree(tmp_path, output, sites):
    """After the swap the previous site stays beside output/, whole, for the
    next build to stage into; that build publishes exactly its own site and
    keeps the one it replaced."""
    result = run_build(FIXTURE / "content", output, settings_file(tmp_path, "newconf", NEW_SETTINGS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert_same_site(output, sites["new_files"], "the new site")
    assert_same_site(spare(tmp_path), sites["previous_files"], "the previous site")
    assert oct(spare(tmp_path).stat().st_mode & 0o777) == oct(0o700), "the spare is as private as staging"

    result = run_build(FIXTURE / "content", output, FIXTURE / "fixtureconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert_same_site(output, sites["previous_files"], "the previous site, built again from the spare")
    assert_same_site(spare(tmp_path), sites["new_files"], "the site it replaced")
    assert leftovers(tmp_path) == []


def test_nothing_in_the_spare_tree_reaches_the_published_site(tmp_path, output, sites):
    """The spare is not trusted: a file changed there, a link where a page
    goes, a file where a folder must be, and files of its own are all
    replaced or removed, and the site published is the one the content makes."""
    assert run_build(FIXTURE / "content", output, settings_file(tmp_path, "newconf", NEW_SETTINGS)).returncode == 0
    tree = spare(tmp_path)
    assert (tree / "en" / "page" / "3" / "index.html").is_file()
    (tree / "en" / "page" / "3" / "index.html").unlink()
    (tree / "en" / "page" / "3" / "index.html").symlink_to("/etc/passwd")
    replaced = tree / "robots.txt"
    replaced.unlink()  # a new file, not the published one it was a link of
    replaced.write_text("User-agent: *\nDisallow: /\n")
    shutil.rmtree(tree / "en" / "releases" / "beta-forum")
    (tree / "en" / "releases" / "beta-forum").write_text("a file where a folder goes")
    (tree / "en" / "foreign.html").write_text("<script>alert(1)</script>")
    (tree / "en" / "linked").symlink_to("/etc", target_is_directory=True)
    (tree / "ko" / "empty-folder").mkdir()

    result = run_build(FIXTURE / "content", output, FIXTURE / "fixtureconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert_same_site(output, sites["previous_files"], "the site the content makes")
    assert not [path for path in output.rglob("*") if path.is_symlink()]
    assert not (output / "ko" / "empty-folder").exists()
