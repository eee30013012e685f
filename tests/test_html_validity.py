"""Every HTML file and stylesheet of both built sites passes the Nu HTML Checker."""

import json
import shutil
import subprocess

import pytest

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(params=["demo", "fixture", "published_demo"])
def any_site(request):
    """The two preview sites and the minified production build of the demo."""
    return request.getfixturevalue(f"{request.param}_site")


def test_nu_html_checker_finds_no_error(any_site):
    site = any_site
    java = shutil.which("java")
    assert java, "Java is missing: apt-get install default-jre-headless (.ci/run does)"
    assert VNU.exists(), "vnu-jar is missing: make test runs npm ci"
    pages = len(site.html_files())
    assert pages > 20
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", "--also-check-css",
         str(site.root)],
        capture_output=True, text=True, timeout=600,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [f"{m.get('url', '').replace(str(site.root), '')}:{m.get('lastLine')}: {m['message']}"
              for m in messages]
    assert errors == []
    assert result.returncode == 0
