"""`make bench`: this project against plain Pelican and Hugo on synthetic archives.

    python tests/bench/run_bench.py [--pairs 2000] [--shapes tagged,writers] [--workdir DIR] [--skip-baselines]

For each archive shape of generate_archive.py ("tagged": 600-word bodies,
three of 100 tags a release; "writers": 500-word bodies, up to two of 12
tags), it generates N pairs and measures:
  (a) this project: cold (empty cache and output); `pressroom build` again,
      from a fresh process, after editing the body of the newest English
      release, then of a Korean release of the archive's first year; and the
      devserver (started on the warm site), from saving a file to the served
      page showing it, for four kinds of edit: a body, a new release, a
      deleted release, a title (which changes the listings);
  (b) plain Pelican 4.12: default theme, native translations, TYPOGRIFY on;
  (c) plain Pelican with the pelican-i18n-subsites plugin;
  (d) Hugo (Debian's package, installed here when it is missing and this
      runs as root, else skipped with a message): tests/bench/hugo/, the
      archive converted by hugo_content.py.
It prints wall time and memory of each, and the ratios the targets use.
Memory is the peak proportional set size (shared pages counted once),
sampled every 100 ms from /proc: of the largest single process, and summed
over the command's whole process tree. The search download (measure_search)
is measured once, on the first shape.
"""

import argparse
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


# A devserver that shows no change in this long has failed the bench.
DEVSERVER_DEADLINE = 600


def until(what, condition):
    deadline = time.monotonic() + DEVSERVER_DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"the devserver showed no {what} within {DEVSERVER_DEADLINE} s")
        time.sleep(0.02)


def devserver_latency(content, output, cache, env):
    """{edit: seconds from the file's save to the served page showing it},
    and the devserver's (largest process, whole tree) peak MB meanwhile.
    Black box: the real command, watched over HTTP."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [PYTHON, "-m", "pressroom", "devserver", "--settings", str(HERE / "benchconf.py"), "--content", str(content),
         "--output", str(output), "--cache", str(cache), "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    said = []
    threading.Thread(target=lambda: said.extend(process.stdout), daemon=True).start()
    memory = MemorySampler(process.pid)
    try:
        until("first build", lambda: any("Built in" in line for line in said) or process.poll() is not None)
        if process.poll() is not None:
            raise SystemExit("the devserver stopped:\n" + "".join(said))
        newest = max(content.glob("releases/*/*.en.md"), key=lambda path: (path.parent.name, path.name))
        slug = newest.name.split(".")[0]
        text = newest.read_text(encoding="utf-8")
        added = newest.with_name("release-99999.en.md")
        results = {}

        def timed(edit, change, what, shown):
            started = time.perf_counter()
            change()
            until(what, shown)
            results[edit] = time.perf_counter() - started

        timed("a body edited", lambda: newest.write_text(text + "\n99. Benchmarkedit one.\n", encoding="utf-8"),
              "edited body", lambda: "Benchmarkedit" in fetch(f"{base}/en/releases/{slug}/")[1])
        # A release of its own: a number no other release has.
        new_release = re.sub(r"^Number: .*$", "Number: 99-99999", text.replace("Title: ", "Title: Benchadded ", 1),
                             count=1, flags=re.M)
        timed("a release added", lambda: added.write_text(new_release, encoding="utf-8"),
            "new release", lambda: "Benchadded" in fetch(f"{base}/en/releases/release-99999/")[1])
        timed("a release deleted", added.unlink, "404 for the deleted release",
              lambda: fetch(f"{base}/en/releases/release-99999/")[0] == 404)
        timed("a title changed (listings)", lambda: newest.write_text(
            text.replace("Title: ", "Title: Benchretitled ", 1), encoding="utf-8"),
            "new title on the home page", lambda: "Benchretitled" in fetch(f"{base}/en/")[1])
        newest.write_text(text, encoding="utf-8")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
        memory.stop()
    return results, memory.largest / 1024, memory.tree / 1024


def ensure_hugo():
    """The hugo command, or None after saying why it is skipped."""
    if shutil.which("hugo"):
        return shutil.which("hugo")
    if os.geteuid() != 0:
        print("(d) Hugo skipped: `hugo` is not installed and this is not root (apt-get install hugo)", flush=True)
        return None
    installed = subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], capture_output=True, text=True)
    if installed.returncode != 0 or not shutil.which("hugo"):
        print(f"(d) Hugo skipped: apt-get install hugo failed: {installed.stderr.strip()[-300:]}", flush=True)
        return None
    return shutil.which("hugo")


# (language, first query, second query) for the download measurement.
SEARCH_QUERIES = [("ko", "핵심광물", "공급망"), ("en", "cooperation", "minerals")]


def measure_search(site):
    """Bytes the search page downloads for a first and a second query, per
    language: response bodies of the search script and the Pagefind bundle,
    in one browser context (so the second query uses the HTTP cache)."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.func.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
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
                downloaded = []

                def count(request, downloaded=downloaded):
                    # Bytes that crossed the network: a response served from the
                    # browser's cache transfers nothing.
                    if "/pagefind/" in request.url or request.url.endswith("search.js"):
                        sizes = request.sizes()
                        transferred = sizes["responseBodySize"] + sizes["responseHeadersSize"]
                        if transferred > 0:
                            downloaded.append(transferred)
                page.on("requestfinished", count)
                page.goto(f"{base}/{lang}/search/?q={query}")
                page.wait_for_function("document.querySelector('[data-press-search-status]').textContent.length > 0")
                found = page.locator("[data-press-search-results] a").count()
                page.remove_listener("requestfinished", count)
                rows.append((lang, position, query, sum(downloaded), len(downloaded), found))
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
    """{name: (wall, largest MB, tree MB)} and the devserver's latencies."""
    content = work / "content"
    files = write_archive(content, pairs, shape=shape)
    print(f"\n## Shape '{shape}': {pairs} pairs, {files} release files, in {content}", flush=True)
    ours = [PYTHON, "-m", "pressroom", "build", "--settings", str(HERE / "benchconf.py"), "--content", str(content),
            "--output", str(work / "a-output"), "--cache", str(work / "a-cache")]
    results = {}

    def run(name, command, cwd=ROOT, run_env=env):
        results[name] = measure(command, cwd, run_env)[:3]
        print(f"{name}: {results[name][0]:.1f} s", flush=True)

    run("(a) cold", ours)
    newest = max(content.glob("releases/*/*.en.md"), key=lambda path: (path.parent.name, path.name))
    edit_body(newest, "98. An edited paragraph, added for the one-edit build.")
    run(f"(a) make html after editing the newest English release ({newest.name})", ours)
    first_year = min(path.name for path in (content / "releases").iterdir())
    old_korean = sorted((content / "releases" / first_year).glob("*.ko.md"))[0]
    edit_body(old_korean, "○ 편집한 문단을 하나 덧붙였다.")
    run(f"(a) make html after editing an old Korean release ({old_korean.name})", ours)
    latency, largest, tree = devserver_latency(content, work / "a-output", work / "a-cache", env)
    for edit, seconds in latency.items():
        print(f"(a) devserver, {edit}: {seconds:.2f} s", flush=True)

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
            run("(d) Hugo", [hugo, "--quiet", "-s", str(site), "-d", str(work / "d-output")], work)
    print_table(shape, pairs, results, latency, largest, tree)
    return work / "a-output"


def print_table(shape, pairs, results, latency, largest, tree):
    base = results.get("(b) plain Pelican", (None,))[0]
    print(f"\n| {shape}, {pairs} pairs | wall time | largest process | whole tree | vs (b) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, (wall, biggest, whole) in results.items():
        ratio = f"{wall / base:.2f}×" if base else "–"
        print(f"| {name} | {wall:.1f} s | {biggest:.0f} MB | {whole:.0f} MB | {ratio} |")
    for edit, seconds in latency.items():
        ratio = f"{seconds / base:.2f}×" if base else "–"
        print(f"| (a) devserver: {edit} | {seconds:.2f} s | {largest:.0f} MB | {tree:.0f} MB | {ratio} |")
    cold = results["(a) cold"][0]
    print()
    for name, (wall, _, _) in results.items():
        if "make html after" in name:
            print(f"{name} / cold = {wall / cold:.2f} (target ≤ 0.1)")
    if base:
        print(f"cold / (b) = {cold / base:.2f} (target ≤ 1.0); "
              f"(c) / (b) = {results['(c) Pelican + i18n_subsites'][0] / base:.2f}")
    hugo = results.get("(d) Hugo", (None,))[0]
    if hugo:
        print(f"slowest devserver edit {max(latency.values()):.2f} s against Hugo's full build {hugo:.2f} s "
              f"(target: at most Hugo's; under 2 s at 10,000 pairs)")
    peak = max([whole for name, (_, _, whole) in results.items() if name.startswith("(a)")] + [tree])
    print(f"largest whole-tree peak of this project's commands: {peak:.0f} MB (target under 1 GB at 10,000 pairs)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated shapes of generate_archive.py")
    parser.add_argument("--workdir", help="keep the archives and builds here (default: a temporary folder)")
    parser.add_argument("--skip-baselines", action="store_true", help="build only this project (a)")
    args = parser.parse_args()
    shapes = args.shapes.split(",")
    unknown = [shape for shape in shapes if shape not in SHAPES]
    if unknown:
        parser.error(f"unknown shape(s) {', '.join(unknown)}: choose from {', '.join(SHAPES)}")

    work = Path(args.workdir or tempfile.mkdtemp(prefix="pressroom-bench-"))
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "plugins"))
    sites = [bench_shape(shape, args.pairs, work / shape, env, args.skip_baselines) for shape in shapes]

    print()
    print(f"| search ({shapes[0]}) | query | downloaded | files | results shown |")
    print("| --- | --- | ---: | ---: | ---: |")
    for lang, position, query, size, files, found in measure_search(sites[0]):
        print(f"| {lang}, {position} query | {query} | {size / 1024:.0f} KB | {files} | {found} |")
    print("Targets: first query ≤ 300 KB, next ≤ 100 KB.")
    if not args.workdir:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
