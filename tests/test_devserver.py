"""`make devserver`: the live preview, used as a writer uses it.

The real `python -m pressroom devserver` runs on a free port over a copy of
the fixture content; the test reads its pages over HTTP and its messages from
its output, edits a release, breaks it, and stops the server with Ctrl-C."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import jinja2
from bs4 import BeautifulSoup

from conftest import FIXTURE, ROOT, copy_fixture_content, run_build, site_files
from pressroom.build import warm

# Generous: a build of the fixture site takes seconds, but CI machines are slow.
DEADLINE_SECONDS = 120
RELEASE = "/en/releases/beta-forum/"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Devserver:
    """The devserver CLI in a subprocess, its output collected line by line."""

    def __init__(self, content, output, cache):
        self.port = free_port()
        self.lines = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pressroom", "devserver", "--settings", str(FIXTURE / "fixtureconf.py"),
             "--content", str(content), "--output", str(output), "--cache", str(cache),
             "--port", str(self.port)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "COLUMNS": "400"},
            # Ctrl-C must reach it even when the tests run from a shell that
            # starts background jobs with SIGINT ignored.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)

    def interrupt(self):
        """Ctrl-C; its exit status once it has stopped and said all it had to."""
        self.process.send_signal(signal.SIGINT)
        status = self.process.wait(timeout=60)
        self.reader.join(timeout=10)
        return status

    @property
    def output(self):
        return "".join(self.lines)

    def title(self, path):
        """The <h1> of a served page, or None while it is not served."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as response:
                if response.status != 200:
                    return None
                soup = BeautifulSoup(response.read().decode("utf-8"), "html.parser")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None
        return " ".join(soup.h1.get_text().split()) if soup.h1 else None  # typogrify's &nbsp; as a space

    def wait_for(self, what, condition):
        deadline = time.monotonic() + DEADLINE_SECONDS
        while time.monotonic() < deadline:
            if condition():
                return
            assert self.process.poll() is None, f"the devserver exited while waiting for {what}:\n{self.output}"
            time.sleep(0.2)
        raise AssertionError(f"no {what} within {DEADLINE_SECONDS} s; the devserver said:\n{self.output}")


def test_devserver_rebuilds_on_save_and_keeps_the_last_good_site(tmp_path):
    content = copy_fixture_content(tmp_path)
    release = content / "releases" / "2023" / "beta-forum.en.md"
    original = release.read_text(encoding="utf-8")
    assert original.startswith("Title: Beta Forum Held in Seoul\nDate: 2023-05-11 10:00\n")

    server = Devserver(content, tmp_path / "output", tmp_path / "cache")
    try:
        server.wait_for("first build reported and served", lambda: "Built in" in server.output
                        and server.title(RELEASE) == "Beta Forum Held in Seoul")

        edited = original.replace("Title: Beta Forum Held in Seoul", "Title: Beta Forum Moved to Busan")
        release.write_text(edited, encoding="utf-8")
        server.wait_for("new title served", lambda: server.title(RELEASE) == "Beta Forum Moved to Busan")

        release.write_text(edited.replace("Date: 2023-05-11 10:00", "Date: 2023-05-41 10:00"), encoding="utf-8")
        server.wait_for("report of the failed build", lambda: "still serving the last good site" in server.output)
        report = server.output
        assert "beta-forum.en.md:2: Date: '2023-05-41 10:00' is not a real date and time" in report, report
        assert server.title(RELEASE) == "Beta Forum Moved to Busan", "the last good page is still served"

        assert server.interrupt() == 0, server.output
        assert "Stopped." in server.output
        assert not [path for path in tmp_path.glob(".build-*") if path.suffix != ".spare"], \
            "no staging folder left behind (the spare tree is kept on purpose: build/files.py)"
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()


NEW_RELEASE = """\
Title: Omega Seminar on Coastal Shipping
Date: 2023-06-02 09:30
Category: public-diplomacy
Department: spokesperson
Number: 23-0999

1. The Ministry held the Omega Seminar on coastal shipping on June 1.
"""


def test_each_rebuild_in_the_devserver_serves_what_a_cold_build_writes(tmp_path):
    """The devserver keeps what it read and rendered in memory between saves
    (build/warm.py); after each kind of edit the site it serves must be, file
    for file and byte for byte, what a cold build of the same content writes
    (Pagefind's bundle included)."""
    content = copy_fixture_content(tmp_path)
    releases = content / "releases"
    output = tmp_path / "output"
    edits = [
        ("a body edited", lambda: (releases / "2023" / "beta-forum.en.md").write_text(
            (releases / "2023" / "beta-forum.en.md").read_text(encoding="utf-8").replace(
                "hosted the Beta Forum", "opened the Beta Forum"), encoding="utf-8")),
        ("a release added", lambda: (releases / "2023" / "omega-seminar.en.md").write_text(
            NEW_RELEASE, encoding="utf-8")),
        ("a release deleted", lambda: (releases / "2022" / "epsilon-statement.en.md").unlink()),
        ("a title changed", lambda: (releases / "2023" / "gamma-agreement.en.md").write_text(
            (releases / "2023" / "gamma-agreement.en.md").read_text(encoding="utf-8").replace(
                "Title: ", "Title: Revised: ", 1), encoding="utf-8")),
    ]
    server = Devserver(content, output, tmp_path / "cache")
    try:
        builds = lambda: sum(server.output.count(line) for line in (  # noqa: E731
            "Built in", "Search index brought up to date", "The build failed"))
        server.wait_for("the first build", lambda: builds() == 1)
        for number, (edit, change) in enumerate(edits, start=1):
            done = builds()
            change()
            server.wait_for(f"the build after {edit}", lambda: builds() > done)
            settle(server, builds)
            assert "The build failed" not in server.output, server.output
            cold = tmp_path / f"cold-{number}"
            result = run_build(content, cold, FIXTURE / "fixtureconf.py")
            assert result.returncode == 0, result.stdout + result.stderr
            served, expected = site_files(output), site_files(cold)
            differ = sorted(name for name in set(served) | set(expected)
                            if served.get(name) != expected.get(name))
            assert not differ, f"after {edit}, the devserver's site is not the cold build's: {differ[:8]}"
        # The edits changed search records: the pages came first, then the shards.
        assert server.output.count("Search index brought up to date") == len(edits), server.output
        assert "Revised: " in (output / "en" / "index.html").read_text(encoding="utf-8")
        assert not (output / "en" / "releases" / "epsilon-statement").exists()
        assert (output / "en" / "releases" / "omega-seminar" / "index.html").is_file()
        assert server.interrupt() == 0, server.output
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()


def settle(server, builds, quiet_seconds=3):
    """Wait until no build has started for longer than watchfiles takes to
    report a change (its debounce is 1.6 s): an editor's save can come as
    two batches, and the site is compared once the last build is done."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    seen, since = builds(), time.monotonic()
    while time.monotonic() - since < quiet_seconds:
        assert time.monotonic() < deadline, server.output
        time.sleep(0.2)
        if builds() != seen:
            seen, since = builds(), time.monotonic()


def test_a_new_jinja_environment_takes_the_templates_compiled_in_an_earlier_build_unless_their_source_changed():
    state = warm.WarmState()
    sources = {"page.html": "<p>{{ x }}</p>"}

    def build():
        environment = jinja2.Environment(loader=jinja2.DictLoader(sources))
        environment.bytecode_cache = warm.TemplateBytecode()
        compiled, compile_source = [], environment.compile
        environment.compile = lambda *args, **kwargs: (compiled.append(args[1]), compile_source(*args, **kwargs))[1]
        with warm.kept(state):
            state.begin("one fingerprint")
            return compiled, environment.get_template("page.html").render(x="a")

    first, second = build(), build()
    sources["page.html"] = "<b>{{ x }}</b>"
    assert (first, second, build()) == ((["page.html"], "<p>a</p>"), ([], "<p>a</p>"), (["page.html"], "<b>a</b>"))
