"""docs/deploy/nginx.conf, served by Debian's nginx: the fixture site on the
loopback, on a free port, as the current user, with the file's listen lines
and $press_root replaced. Checks the answers the configuration is for: the
404 page, directory indexes, the feeds', sitemap's and releases.json's types
with their charset, long caching for the theme's digest-named files and
short caching for pages, and the headers a meta element cannot carry.

nginx comes from .ci/system-packages (which `make test` and .ci/run run);
without it this fails, naming the package, rather than skipping."""

import grp
import gzip
import html
import http.client
import os
import pwd
import re
import shutil
import socket
import subprocess
import time

import pytest

from conftest import ROOT

CONF = ROOT / "docs" / "deploy" / "nginx.conf"
LONG = "public, max-age=31536000, immutable"
SHORT = "no-cache"


def nginx_binary():
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    assert found, ("nginx is missing: Debian's nginx package serves the site in this test; "
                   "apt-get install nginx (bash .ci/system-packages installs it, as make test does)")
    return found


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_rules(root, port):
    """docs/deploy/nginx.conf with the loopback port and the site's folder."""
    text = CONF.read_text(encoding="utf-8")
    text, listens = re.subn(r"^(\s*)listen [^;]+;\n", "", text, flags=re.M)
    assert listens >= 1, "nginx.conf has no listen line"
    text, roots = re.subn(r"^(\s*)set \$press_root [^;]+;", rf"\1set $press_root {root};", text, flags=re.M)
    assert roots == 1, "nginx.conf must set $press_root once, for the web team to change"
    text, servers = re.subn(r"^server \{\n", f"server {{\n    listen 127.0.0.1:{port};\n", text, flags=re.M)
    assert servers == 1, "nginx.conf must hold one server block"
    return text


@pytest.fixture(scope="module")
def nginx(fixture_site, tmp_path_factory):
    """(host, port) of nginx serving the fixture site with the configuration."""
    binary = nginx_binary()
    folder = tmp_path_factory.mktemp("nginx")
    port = free_port()
    (folder / "press.conf").write_text(server_rules(fixture_site.root, port), encoding="utf-8")
    # As root, nginx's workers would run as nobody, who cannot read the
    # test's private folders: they run as the current user.
    user = (f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};\n"
            if os.geteuid() == 0 else "")
    temp = "\n".join(f"    {kind}_temp_path {folder / kind};" for kind in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (folder / "nginx.conf").write_text(f"""\
{user}worker_processes 1;
daemon off;
pid {folder / 'nginx.pid'};
error_log {folder / 'error.log'} warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
{temp}
    include {folder / 'press.conf'};
}}
""", encoding="utf-8")
    test = subprocess.run([binary, "-t", "-p", str(folder), "-e", str(folder / "error.log"),
                           "-c", str(folder / "nginx.conf")], capture_output=True, text=True, timeout=30)
    assert test.returncode == 0, test.stderr
    process = subprocess.Popen([binary, "-p", str(folder), "-e", str(folder / "error.log"),
                                "-c", str(folder / "nginx.conf")], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 15
        while True:
            assert process.poll() is None, process.stderr.read().decode() + (folder / "error.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not start listening"
                time.sleep(0.05)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        process.wait(timeout=15)


def get(nginx, path, headers=None):
    """(status, headers as {lowercase name: value}, body) of GET path."""
    connection = http.client.HTTPConnection(*nginx, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def meta_policy(page):
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page.read_text(encoding="utf-8"))
    assert match, page
    return html.unescape(match.group(1))


def theme_file(site, folder, suffix):
    return next(path for path in sorted((site.root / "theme" / folder).iterdir()) if path.suffix == suffix)


def test_a_missing_path_is_the_sites_404_page(nginx, fixture_site):
    status, headers, body = get(nginx, "/ko/releases/no-such-release/")
    assert status == 404
    assert body == (fixture_site.root / "404.html").read_bytes()
    assert headers["content-type"] == "text/html; charset=utf-8"
    # `always`: the headers come with the error page too.
    assert headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_a_folder_serves_its_index_and_a_folder_without_its_slash_redirects(nginx, fixture_site):
    status, headers, body = get(nginx, "/ko/")
    assert status == 200
    assert body == (fixture_site.root / "ko" / "index.html").read_bytes()
    assert headers["content-type"] == "text/html; charset=utf-8"
    status, headers, _ = get(nginx, "/ko")
    assert status == 301
    assert headers["location"] == "/ko/"


def test_no_directory_listing(nginx, fixture_site):
    assert not (fixture_site.root / "theme" / "css" / "index.html").exists()
    status, _, _ = get(nginx, "/theme/css/")
    assert status in (403, 404)


@pytest.mark.parametrize("path, content_type", [
    ("/ko/feeds/all.atom.xml", "application/atom+xml; charset=utf-8"),
    ("/en/feeds/categories/bilateral.atom.xml", "application/atom+xml; charset=utf-8"),
    ("/ko/releases.json", "application/json; charset=utf-8"),
    ("/sitemap.xml", "application/xml; charset=utf-8"),
    ("/robots.txt", "text/plain; charset=utf-8"),
])
def test_feeds_json_and_xml_have_their_types_and_charset(nginx, fixture_site, path, content_type):
    status, headers, body = get(nginx, path)
    assert status == 200, path
    assert body == (fixture_site.root / path.lstrip("/")).read_bytes()
    assert headers["content-type"] == content_type
    # A location of its own keeps the server's headers (no add_header there).
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == SHORT


def test_the_theme_files_are_kept_long_and_pages_briefly(nginx, fixture_site):
    stylesheet = theme_file(fixture_site, "css", ".css")
    assert re.fullmatch(r"[\w-]+\.[0-9a-f]{8,}\.css", stylesheet.name), "the theme's files are named by digest"
    status, headers, _ = get(nginx, "/" + stylesheet.relative_to(fixture_site.root).as_posix())
    assert status == 200
    assert headers["cache-control"] == LONG
    assert headers["content-type"] == "text/css; charset=utf-8"
    script = theme_file(fixture_site, "js", ".js")
    status, headers, _ = get(nginx, "/" + script.relative_to(fixture_site.root).as_posix())
    assert status == 200 and headers["cache-control"] == LONG
    for path in ("/ko/", "/en/releases/", "/index.html"):
        status, headers, _ = get(nginx, path)
        assert status == 200, path
        assert headers["cache-control"] == SHORT, path
    _, headers, _ = get(nginx, "/theme/css/no-such-file.css")
    assert headers["cache-control"] == SHORT, "the 404 page is a page"


def test_the_policy_header_is_the_pages_own_with_frame_ancestors(nginx, fixture_site):
    from pressroom.outputs.security_policy import content_security_policy

    for path, page in (("/ko/", "ko/index.html"), ("/en/", "en/index.html")):
        _, headers, _ = get(nginx, path)
        assert headers["content-security-policy"] == meta_policy(fixture_site.root / page) + "; frame-ancestors 'none'"
    # The policy of a site without PRESSROOM_EMBED_ALLOWLIST, as nginx.conf says.
    assert headers["content-security-policy"] == content_security_policy({}) + "; frame-ancestors 'none'"


@pytest.mark.parametrize("path", ["/ko/", "/ko/feeds/all.atom.xml", "/sitemap.xml", "/no-such-page"])
def test_nosniff_and_referrer_policy_on_every_answer(nginx, path):
    _, headers, _ = get(nginx, path)
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["content-security-policy"].endswith("; frame-ancestors 'none'")


def test_text_files_go_compressed_to_a_browser_that_asks_and_index_files_as_they_are(nginx, fixture_site):
    script = theme_file(fixture_site, "js", ".js")
    bundle = fixture_site.root / "ko" / "pagefind"
    meta = next(bundle.glob("pagefind.*.pf_meta"))
    texts = ["/ko/", "/" + script.relative_to(fixture_site.root).as_posix(), "/" + theme_file(
        fixture_site, "css", ".css").relative_to(fixture_site.root).as_posix(), "/ko/pagefind/pagefind.js",
        "/ko/pagefind/pagefind-entry.json", "/ko/feeds/all.atom.xml"]
    for path in texts:
        file = fixture_site.root / path.lstrip("/")
        file = file / "index.html" if file.is_dir() else file
        status, headers, body = get(nginx, path, {"Accept-Encoding": "gzip"})
        assert status == 200, path
        assert headers.get("content-encoding") == "gzip", path
        assert "Accept-Encoding" in headers.get("vary", ""), path
        assert gzip.decompress(body) == file.read_bytes(), path
        _, headers, body = get(nginx, path)
        assert "content-encoding" not in headers and body == file.read_bytes(), path
    # Pagefind's files are gzip already: sent as they are.
    for file in (meta, next((bundle / "fragment").iterdir()), next(bundle.glob("wasm.*.pagefind"))):
        status, headers, body = get(nginx, "/" + file.relative_to(fixture_site.root).as_posix(),
                                    {"Accept-Encoding": "gzip"})
        assert status == 200 and "content-encoding" not in headers and body == file.read_bytes(), file
