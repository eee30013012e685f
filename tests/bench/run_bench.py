"""`make bench`: this project against plain Pelican and Hugo on synthetic archives.

    python tests/bench/run_bench.py [--pairs 2000] [--shapes tagged,writers] [--workdir DIR] [--skip-baselines]

For each archive shape of generate_archive.py ("tagged": 600-word bodies,
three of 100 tags a release; "writers": 500-word bodies, up to two of 12
tags), it generates N pairs and measures:
  (a) this project (`python -m pressroom build --settings benchconf.py`):
      cold (empty cache and output); `pressroom build` again, from a fresh
      process, after editing the body of the newest English release, then
      of a Korean release of the archive's first year; and the devserver
      (`pressroom devserver`, started on that warm site), over HTTP, from
      writing a file to the served page showing it (polled every 20 ms),
      for four kinds of edit: a body (its marker on the release's page), a
      new release (its page answers 200), a deleted release (404), a title
      (the new title on the language's home page, /en/);
  (b) plain Pelican 4.12: default theme, native translations, TYPOGRIFY on;
  (c) plain Pelican with the pelican-i18n-subsites plugin;
  (d) Hugo (Debian's package, installed here with apt-get when it is
      missing and this runs as root, else skipped with a message):
      tests/bench/hugo/ with the archive converted by hugo_content.py,
      built cold (`hugo --quiet`, a fresh site folder and cache folder).
It prints a table per shape, wall time and memory of each and its ratio to
plain Pelican, then each target's ratio. Memory is the peak proportional
set size (shared pages counted once), sampled every 100 ms from /proc: of
the largest single process, and summed over the command's whole process
tree; the devserver's is sampled from its first build's end to its last
edit's. The search page's download (measure_search, with Debian's chromium
and Playwright) is measured once, on the tagged shape, on this project's
site built once more cold, minified as `make publish` minifies it
(benchpublishconf.py).

A devserver that stops, says a build failed or shows an edit no sooner
than DEVSERVER_DEADLINE fails the bench with its output. --workdir keeps the
archives and sites; it must be empty or a folder an earlier run made.
"""

import argparse
import functools
import gzip
import http.server
import importlib.util
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
from generate_archive import SHAPES, write_archive  # noqa: E402
from hugo_content import convert as hugo_content  # noqa: E402

PYTHON = sys.executable
PELICAN = Path(PYTHON).parent / "pelican"


def process_tree(pid):
    """pid and all its descendants, from /proc."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError):
                continue  # the process ended while we looked
            children.setdefault(parent, []).append(int(entry))
    tree, queue = [], [pid]
    while queue:
        current = queue.pop()
        tree.append(current)
        queue += children.get(current, [])
    return tree


def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return 0  # the process ended while we looked
    return 0


def measure(command, cwd, env=None):
    """(wall seconds, largest process's peak MB, whole tree's peak MB, output)."""
    # Start every build with nothing waiting to be written back: the archive
    # just generated, or the previous build's output, would otherwise be
    # flushed to disk during this build and slow it by a varying amount.
    os.sync()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    memory = MemorySampler(process.pid)
    output = process.communicate()[0]
    wall = time.perf_counter() - start
    memory.stop()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{output[-3000:]}")
    return wall, memory.largest / 1024, memory.tree / 1024, output


class MemorySampler:
    """Peak PSS of a process tree, sampled every 100 ms in a thread."""

    def __init__(self, pid):
        self.pid, self.largest, self.tree = pid, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self):
        while not self._stop.is_set():
            sizes = [pss_kb(pid) for pid in process_tree(self.pid)]
            self.largest, self.tree = max(self.largest, max(sizes, default=0)), max(self.tree, sum(sizes))
            time.sleep(0.1)

    def stop(self):
        self._stop.set()
        self._thread.join()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url):
    """(status, text) of a served page; (None, '') while nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None, ""


# Each wait for the devserver (its first build, each edit shown) fails the
# bench after this long, instead of hanging on a devserver that is broken.
DEVSERVER_DEADLINE = 300
# What the devserver prints after each build that worked, and after one that
# did not (commands/devserver.py).
BUILT = "Built in"
BUILD_FAILED = "The build failed"


class Devserver:
    """`pressroom devserver` on the bench's site, run as a writer runs it,
    with what it prints kept."""

    def __init__(self, content, output, cache, env):
        self.port = free_port()
        self.process = subprocess.Popen(
            [PYTHON, "-m", "pressroom", "devserver", "--settings", str(HERE / "benchconf.py"), "--content",
             str(content), "--output", str(output), "--cache", str(cache), "--port", str(self.port)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True)
        self.said = []
        threading.Thread(target=self._listen, daemon=True).start()

    def _listen(self):
        for line in self.process.stdout:
            self.said.append(line)

    def page(self, path):
        return fetch(f"http://127.0.0.1:{self.port}{path}")

    def until(self, what, condition):
        """Poll every 20 ms until condition() holds."""
        deadline = time.monotonic() + DEVSERVER_DEADLINE
        while not condition():
            if self.process.poll() is not None:
                self.fail(f"stopped before {what}")
            if any(BUILD_FAILED in line for line in self.said):
                self.fail(f"failed a build before {what}")
            if time.monotonic() > deadline:
                self.fail(f"showed no {what} within {DEVSERVER_DEADLINE} s")
            time.sleep(0.02)

    def fail(self, what):
        raise SystemExit(f"the devserver {what}; it said:\n" + "".join(self.said)[-3000:])

    def stop(self):
        """Ctrl-C, as a writer stops it: a terminal sends it to the whole
        process group, the build's workers included."""
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            print("(a) the devserver did not stop within 60 s of SIGINT: killed", flush=True)
            self.process.kill()
            self.process.wait()


def newest_english(content):
    """The newest English release: the last file of the last year, as the
    archive's numbers grow with the date."""
    return max(content.glob("releases/*/*.en.md"), key=lambda path: (path.parent.name, path.name))


def devserver_latency(content, output, cache, env):
    """{edit: seconds from writing the file to the served page showing it},
    and the devserver's (largest process, whole tree) peak MB during the
    edits. Black box: the real command, watched over HTTP."""
    devserver = Devserver(content, output, cache, env)
    newest = newest_english(content)
    slug = newest.name.split(".")[0]
    text = newest.read_text(encoding="utf-8")
    added = newest.with_name("release-99999.en.md")
    results = {}

    def timed(edit, change, what, shown):
        os.sync()  # as measure() does: no earlier writes flushed during this one
        started = time.perf_counter()
        change()
        devserver.until(what, shown)
        results[edit] = time.perf_counter() - started
        # The devserver indexes the changed search shard in a build after the
        # pages' (commands/devserver.py): the next edit waits for it to end.
        lines, since = len(devserver.said), time.perf_counter()
        while time.perf_counter() - since < 3:
            time.sleep(0.2)
            if len(devserver.said) != lines:
                lines, since = len(devserver.said), time.perf_counter()

    def answers(path, status, marker=""):
        served = devserver.page(path)
        return served[0] == status and marker in served[1]

    try:
        devserver.until("its first build", lambda: any(BUILT in line for line in devserver.said))
        memory = MemorySampler(devserver.process.pid)
        # Each marker is a word no generated release has.
        timed("a body edited", lambda: newest.write_text(text + "\n99. Benchmarkedit one.\n", encoding="utf-8"),
              "the edited body", lambda: answers(f"/en/releases/{slug}/", 200, "Benchmarkedit"))
        # A release of its own: a number no other release has.
        new_release = re.sub(r"^Number: .*$", "Number: 99-99999", text.replace("Title: ", "Title: Benchadded ", 1),
                             count=1, flags=re.MULTILINE)
        timed("a release added", lambda: added.write_text(new_release, encoding="utf-8"),
              "the new release", lambda: answers("/en/releases/release-99999/", 200, "Benchadded"))
        timed("a release deleted", added.unlink, "a 404 for the deleted release",
              lambda: answers("/en/releases/release-99999/", 404))
        timed("a title changed (listings)", lambda: newest.write_text(
            text.replace("Title: ", "Title: Benchretitled ", 1), encoding="utf-8"),
            "the new title on the home page", lambda: answers("/en/", 200, "Benchretitled"))
        memory.stop()
    finally:
        devserver.stop()
    # The baselines build the archive as it was before the devserver.
    newest.write_text(text, encoding="utf-8")
    return results, memory.largest / 1024, memory.tree / 1024


def ensure_hugo():
    """The hugo command, or None after saying why it is skipped."""
    if shutil.which("hugo"):
        return shutil.which("hugo")
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print("(d) Hugo skipped: `hugo` is not installed, and installing Debian's package needs apt-get as root "
              "(apt-get install hugo)", flush=True)
        return None
    print("(d) Hugo is not installed: installing Debian's package (apt-get install hugo)", flush=True)
    quiet = {"capture_output": True, "text": True, "check": False,
             "env": dict(os.environ, DEBIAN_FRONTEND="noninteractive")}
    installed = subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], **quiet)
    if installed.returncode != 0:
        # A fresh container has no package lists yet.
        subprocess.run(["apt-get", "update", "-qq"], **quiet)
        installed = subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], **quiet)
    if installed.returncode != 0 or not shutil.which("hugo"):
        print(f"(d) Hugo skipped: apt-get install hugo failed: {installed.stderr.strip()[-300:]}", flush=True)
        return None
    return shutil.which("hugo")


def hugo_version(hugo):
    """'0.111.3' from `hugo version`."""
    said = subprocess.run([hugo, "version"], capture_output=True, text=True, check=True).stdout
    return re.search(r"v(\d+\.\d+\.\d+)", said).group(1)


# (language, first query, second query) for the download measurement, each
# pair in a fresh browser: a query reads one index chunk a word, so a word
# found in most releases (협력, "the") reads the largest.
SEARCH_QUERIES = [("ko", "핵심광물", "공급망"), ("ko", "협력", "외교부"),
                  ("en", "cooperation", "minerals"), ("en", "the", "economic")]


class _CountingWriter:
    def __init__(self, stream):
        self.stream, self.sent = stream, 0

    def write(self, data):
        self.sent += len(data)
        return self.stream.write(data)

    def __getattr__(self, name):
        return getattr(self.stream, name)


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site and records the bytes each response sent, headers
    included: what crossed the network, counted where it was sent rather
    than from the browser's reports, which leave out the headers. A
    response from the browser's cache never reaches here."""

    sent = None  # [(path, bytes)], set per server

    def setup(self):
        super().setup()
        self.wfile = _CountingWriter(self.wfile)

    def handle_one_request(self):
        before = self.wfile.sent
        super().handle_one_request()
        if getattr(self, "path", None):
            self.sent.append((self.path, self.wfile.sent - before))

    def log_message(self, *args):
        pass


class CompressingHandler(CountingHandler):
    """Sends text files gzip-compressed to a browser that accepts it, as
    GitHub Pages and CDNs do. Pagefind's own index files are gzip already
    and go as they are."""

    COMPRESSED = (".js", ".html", ".css", ".json")

    def do_GET(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not (path.endswith(self.COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", "")
                and os.path.isfile(path)):
            return super().do_GET()
        if self.headers.get("If-Modified-Since") == self.date_time_string(int(os.stat(path).st_mtime)):
            self.send_response(304)
            self.end_headers()
            return None
        body = gzip.compress(Path(path).read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(os.stat(path).st_mtime)))
        self.end_headers()
        self.wfile.write(body)
        return None


# What a search downloads: the search script (named by its digest) and the
# Pagefind bundle.
SEARCH_DOWNLOADS = re.compile(r"/pagefind/|/js/search\.[0-9a-f]+\.js$")


def measure_search(site, compressed=False):
    """Bytes the search page downloads for a first and a second query, per
    language: the responses (headers included) for the search script and the
    Pagefind bundle, in one browser context (so the second query uses the
    HTTP cache), until the results and the filter counts show.
    `compressed`: served as a host that compresses text files serves them."""
    # Here, not above: only this measurement needs Playwright.
    from playwright.sync_api import sync_playwright

    sent = []
    handler_class = type("Handler", (CompressingHandler if compressed else CountingHandler,), {"sent": sent})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler_class, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    def downloaded():
        sizes = [size for path, size in sent if SEARCH_DOWNLOADS.search(path.split("?")[0])]
        return sum(sizes), len(sizes)

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for lang, *queries in SEARCH_QUERIES:
            # Playwright waits by evaluating a string, which the pages' CSP
            # refuses (no unsafe-eval); the bytes searched are the same.
            context = browser.new_context(bypass_csp=True)
            page = context.new_page()
            for position, query in zip(("first", "second"), queries):
                sent.clear()
                page.goto(f"{base}/{lang}/search/?q={query}")
                # The status is written once the results show, the filter
                # counts before them (search.js).
                page.wait_for_function("document.querySelector('[data-press-search-status]').textContent.length > 0"
                                       " && [...document.querySelectorAll('option')].some(o => o.dataset.label)")
                page.wait_for_load_state("networkidle")
                found = page.locator("[data-press-search-results] a").count()
                size, files = downloaded()
                rows.append((lang, position, query, size, files, found))
            context.close()
        browser.close()
    server.shutdown()
    return rows


def write_i18n_settings(path):
    path.write_text(
        f"import sys\nsys.path.insert(0, {str(HERE)!r})\nfrom plain_pelicanconf import *\n"
        "PLUGINS = ['i18n_subsites']\n"
        "I18N_SUBSITES = {'en': {'SITENAME': 'Plain Pelican baseline (en)'}}\n"
        "JINJA_ENVIRONMENT = {'extensions': ['jinja2.ext.i18n']}\n"
    )


def edit_body(path, line):
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def bench_shape(shape, pairs, work, env, skip_baselines):
    """Measure every build of one shape and print its table; for the shape
    whose search is measured (SEARCH_SHAPE), the folder of this project's
    site as make publish minifies it, else None."""
    content = work / "content"
    files = write_archive(content, pairs, shape=shape)
    print(f"\n## Shape '{shape}': {pairs} pairs, {files} release files, in {content}", flush=True)
    ours = [PYTHON, "-m", "pressroom", "build", "--settings", str(HERE / "benchconf.py"), "--content", str(content),
            "--output", str(work / "a-output"), "--cache", str(work / "a-cache")]
    results = {}  # name: (wall seconds, largest process MB, whole tree MB)

    def run(name, command, cwd=ROOT, run_env=env):
        results[name] = measure(command, cwd, run_env)[:3]
        print(f"{name}: {results[name][0]:.1f} s", flush=True)

    run("(a) cold", ours)
    newest = newest_english(content)
    edit_body(newest, "98. An edited paragraph, added for the one-edit build.")
    run(f"(a) make html after editing the newest English release ({newest.name})", ours)
    first_year = min(path.name for path in (content / "releases").iterdir())
    old_korean = min((content / "releases" / first_year).glob("*.ko.md"))
    edit_body(old_korean, "○ 편집한 문단을 하나 덧붙였다.")
    run(f"(a) make html after editing an old Korean release ({old_korean.name})", ours)
    latency, largest, tree = devserver_latency(content, work / "a-output", work / "a-cache", env)
    for edit, seconds in latency.items():
        print(f"(a) devserver, {edit}: {seconds:.2f} s", flush=True)
    # The site readers download, whose search measure_search measures.
    published = None
    if shape == SEARCH_SHAPE:
        published = work / "a-published"
        run("(a) cold, minified as make publish minifies",
            [PYTHON, "-m", "pressroom", "build", "--settings", str(HERE / "benchpublishconf.py"), "--content",
             str(content), "--output", str(published), "--cache", str(work / "a-published-cache")])

    if not skip_baselines:
        run("(b) plain Pelican", [str(PELICAN), str(content), "-o", str(work / "b-output"),
                                  "-s", str(HERE / "plain_pelicanconf.py")], work)
        i18n_settings = work / "i18nconf.py"
        write_i18n_settings(i18n_settings)
        run("(c) Pelican + i18n_subsites", [str(PELICAN), str(content), "-o", str(work / "c-output"),
                                            "-s", str(i18n_settings)], work)
        hugo = ensure_hugo()
        if hugo:
            site = work / "hugo-site"
            shutil.copytree(HERE / "hugo", site)
            hugo_content(content, site / "content")
            # A cache folder of its own, empty: a cold build, like (a)'s.
            run(f"(d) Hugo {hugo_version(hugo)}", [hugo, "--quiet", "-s", str(site), "-d", str(work / "d-output"),
                                                   "--cacheDir", str(work / "hugo-cache")], work)
    print_table(shape, pairs, results, latency, largest, tree)
    return published


def print_table(shape, pairs, results, latency, largest, tree):
    plain = results.get("(b) plain Pelican", (None,))[0]

    def against_plain(seconds):
        return f"{seconds / plain:.2f}×" if plain else "–"

    print(f"\n| {shape}, {pairs} pairs | wall time | largest process | whole tree | vs plain Pelican |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, (wall, biggest, whole) in results.items():
        print(f"| {name} | {wall:.1f} s | {biggest:.0f} MB | {whole:.0f} MB | {against_plain(wall)} |")
    for edit, seconds in latency.items():
        print(f"| (a) devserver: {edit} | {seconds:.2f} s | {largest:.0f} MB | {tree:.0f} MB | "
              f"{against_plain(seconds)} |")

    print(f"\nTargets ({shape}, {pairs} pairs):")
    cold = results["(a) cold"][0]
    if plain:
        print(f"- cold / plain Pelican = {cold / plain:.2f}× (target ≤ 1.0×); "
              f"Pelican + i18n_subsites / plain Pelican = {results['(c) Pelican + i18n_subsites'][0] / plain:.2f}×")
    for name, (wall, _, _) in results.items():
        if "make html after" in name:
            print(f"- {name.removeprefix('(a) ')} / cold = {wall / cold:.2f}× (target ≤ 0.1×)")
    slowest = max(latency, key=latency.get)
    hugo = next((name for name in results if name.startswith("(d) Hugo")), None)
    against_hugo = f"; {hugo.removeprefix('(d) ')}'s full build {results[hugo][0]:.2f} s" if hugo else "; Hugo not measured"
    print(f"- slowest devserver edit: {slowest}, {latency[slowest]:.2f} s{against_hugo} "
          f"(target: at most Hugo's full build, and under 2 s at 10,000 pairs)")
    # This project's commands only: Hugo's memory is no target.
    ours = [(biggest, whole) for name, (_, biggest, whole) in results.items() if name.startswith("(a)")]
    ours.append((largest, tree))
    print(f"- this project's largest memory: {max(whole for _, whole in ours):.0f} MB for a whole process tree, "
          f"{max(biggest for biggest, _ in ours):.0f} MB for one process (target under 1 GB)")


# The tagged shape's many short tag listings, and its three tags a release,
# give search the most terms: its download is the larger.
SEARCH_SHAPE = "tagged"


def search_skipped_because(shapes):
    """Why measure_search cannot run here, or None."""
    if SEARCH_SHAPE not in shapes:
        return f"the {SEARCH_SHAPE} shape was not built (--shapes)"
    if not Path("/usr/bin/chromium").exists():
        return "Debian's chromium is not installed (make system-packages installs it)"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed (pip install -r requirements-test.txt)"
    return None


def fresh_workdir(path):
    """`path`, made empty: a folder an earlier run made (it holds
    WORKDIR_MARK) is deleted first, and any other folder that is not empty
    is refused, so that a mistyped --workdir deletes nothing of anyone's."""
    if path.exists() and any(path.iterdir()):
        if not (path / WORKDIR_MARK).exists():
            raise SystemExit(f"--workdir {path} is not empty and no earlier bench made it: give a new folder")
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / WORKDIR_MARK).write_text("run_bench.py's folder: deleted by its next run\n")
    return path


WORKDIR_MARK = ".pressroom-bench"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated shapes of generate_archive.py")
    parser.add_argument("--workdir", type=Path,
                        help="keep the archives and builds here (default: a temporary folder, deleted at the end)")
    parser.add_argument("--skip-baselines", action="store_true", help="build only this project (a)")
    args = parser.parse_args()
    shapes = args.shapes.split(",")
    unknown = [shape for shape in shapes if shape not in SHAPES]
    if unknown:
        parser.error(f"unknown shape(s) {', '.join(unknown)}: choose from {', '.join(SHAPES)}")

    work = fresh_workdir(args.workdir.resolve()) if args.workdir else Path(tempfile.mkdtemp(prefix="pressroom-bench-"))
    env = dict(os.environ, PYTHONPATH=str(ROOT / "plugins"))
    sites = {shape: bench_shape(shape, args.pairs, work / shape, env, args.skip_baselines) for shape in shapes}

    print()
    skipped = search_skipped_because(sites)
    if skipped:
        print(f"Search download skipped: {skipped}.")
    else:
        print(f"| search ({SEARCH_SHAPE}) | served | query | results and filter counts | files | results shown |")
        print("| --- | --- | --- | ---: | ---: | ---: |")
        for compressed in (False, True):
            for lang, position, query, size, files, found in measure_search(sites[SEARCH_SHAPE], compressed):
                print(f"| {lang}, {position} query | {'gzip' if compressed else 'as is'} | {query} "
                      f"| {size / 1024:.0f} KB | {files} | {found} |")
        print("Targets (issue #17, at 10,000 pairs): first query ≤ 250 KB, next ≤ 60 KB.")
    if not args.workdir:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
