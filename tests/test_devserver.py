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

from bs4 import BeautifulSoup

from conftest import FIXTURE, ROOT, copy_fixture_content

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
        assert not list(tmp_path.glob(".build-*")), "no staging folder left behind"
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()
