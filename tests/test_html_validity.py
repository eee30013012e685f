"""Every HTML file and stylesheet of both built sites passes the Nu HTML Checker."""

import json
import shutil
import subprocess

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_nu_html_checker_finds_no_error(site):
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
