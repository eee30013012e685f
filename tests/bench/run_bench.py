"""`make bench`: this project against plain Pelican on a synthetic archive.

    python tests/bench/run_bench.py [--pairs 2000] [--workdir DIR]

Generates N pairs (generate_archive.py) and builds them with:
  (a) this project, cold (empty cache and output), then warm after one
      release was edited;
  (b) plain Pelican 4.12: default theme, native translations, TYPOGRIFY on;
  (c) plain Pelican with the pelican-i18n-subsites plugin.
Prints wall time and peak memory of each, and the ratios the targets use.
Peak memory is the largest sum, over the build's whole process tree, of the
proportional set size (shared pages counted once), sampled every 100 ms.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
from generate_archive import write_archive  # noqa: E402

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
    """(wall seconds, peak MB) of a command's whole process tree."""
    # Start every build with nothing waiting to be written back: the archive
    # just generated, or the previous build's output, would otherwise be
    # flushed to disk during this build and slow it by a varying amount.
    os.sync()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(pss_kb(pid) for pid in process_tree(process.pid)))
        time.sleep(0.1)
    wall = time.perf_counter() - start
    output = process.stdout.read()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{output[-3000:]}")
    return wall, peak / 1024, output


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--workdir", help="keep the archive and builds here (default: a temporary folder)")
    parser.add_argument("--skip-baselines", action="store_true", help="build only this project (a)")
    args = parser.parse_args()

    work = Path(args.workdir or tempfile.mkdtemp(prefix="pressroom-bench-"))
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    content = work / "content"
    files = write_archive(content, args.pairs)
    print(f"Archive: {args.pairs} pairs, {files} release files, in {content}", flush=True)

    env = dict(os.environ, PYTHONPATH=str(ROOT / "plugins"))
    ours = [PYTHON, "-m", "pressroom", "build", "--settings", str(HERE / "benchconf.py"), "--content", str(content),
            "--output", str(work / "a-output"), "--cache", str(work / "a-cache")]
    results = {}
    results["a cold"] = measure(ours, ROOT, env)
    print(f"(a) cold: {results['a cold'][0]:.1f} s", flush=True)
    edited = sorted((content / "releases").glob("*/*.en.md"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n99. An edited paragraph, added for the warm build.\n",
                      encoding="utf-8")
    results["a warm"] = measure(ours, ROOT, env)
    print(f"(a) warm, after editing {edited.name}: {results['a warm'][0]:.1f} s", flush=True)

    search_rows = measure_search(work / "a-output")

    if not args.skip_baselines:
        plain = [str(PELICAN), str(content), "-o", str(work / "b-output"), "-s", str(HERE / "plain_pelicanconf.py")]
        results["b plain"] = measure(plain, work)
        print(f"(b) plain Pelican: {results['b plain'][0]:.1f} s", flush=True)
        i18n_settings = work / "i18nconf.py"
        write_i18n_settings(i18n_settings)
        i18n = [str(PELICAN), str(content), "-o", str(work / "c-output"), "-s", str(i18n_settings)]
        results["c i18n"] = measure(i18n, work)
        print(f"(c) Pelican + i18n_subsites: {results['c i18n'][0]:.1f} s", flush=True)

    print()
    print(f"| build ({args.pairs} pairs) | wall time | peak memory | vs (b) |")
    print("| --- | ---: | ---: | ---: |")
    base = results.get("b plain", (None,))[0]
    for name, (wall, peak, _) in results.items():
        ratio = f"{wall / base:.2f}×" if base else "–"
        print(f"| {name} | {wall:.1f} s | {peak:.0f} MB | {ratio} |")
    cold, warm = results["a cold"][0], results["a warm"][0]
    print()
    print(f"warm / cold = {warm / cold:.2f} (target ≤ 0.25)")
    if base:
        print(f"cold / (b) = {cold / base:.2f} (target ≤ 1.0); (c) / (b) = {results['c i18n'][0] / base:.2f}")
    print()
    print("| search | query | downloaded | files | results shown |")
    print("| --- | --- | ---: | ---: | ---: |")
    for lang, position, query, size, files, found in search_rows:
        print(f"| {lang}, {position} query | {query} | {size / 1024:.0f} KB | {files} | {found} |")
    print("Targets: first query ≤ 300 KB, next ≤ 100 KB.")
    if not args.workdir:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
