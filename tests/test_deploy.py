"""Deployment: `make rsync_upload` to a plain web server, the production
address from PRESSROOM_SITEURL (GitHub Pages serves the site under a
sub-path), .ci/run on a runner that is not root, and the GitHub Actions
workflow that tests and publishes.

The uploads run the real `make rsync_upload` (so the real `make publish`)
into temporary folders: rsync accepts a local path as its destination, and
OUTPUT=<tmp> keeps the repository's own output/ untouched."""

import datetime
import os
import re
import shutil
import stat
import subprocess
import sys
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, serve

MAKE = shutil.which("make")
# A GitHub Pages project site: https://<owner>.github.io/<repo>/.
PAGES_ORIGIN = "https://example.github.io"
PAGES_PREFIX = "/press/"
PAGES_SITEURL = PAGES_ORIGIN + PAGES_PREFIX.rstrip("/")
DEFAULT_SITEURL = "https://press.example.go.kr"
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"


def make_env(**variables):
    """The environment without any deployment setting of the caller's, plus
    the given ones."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PRESSROOM_SITEURL", "DEPLOY_TARGET", "SSH_PORT", "RSYNC_OPTS", "MAKEFLAGS", "MAKELEVEL")}
    env.update(variables)
    return env


def rsync_upload(output, target, rsync_opts=None, siteurl=PAGES_SITEURL):
    assert shutil.which("rsync"), "rsync is missing: apt-get install rsync (.ci/run does)"
    args = [MAKE, "--no-print-directory", "rsync_upload", f"OUTPUT={output}", f"DEPLOY_TARGET={target}"]
    if rsync_opts:
        args.append(f"RSYNC_OPTS={rsync_opts}")
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env=make_env(PRESSROOM_SITEURL=siteurl))


def files_under(root):
    """{relative path: bytes} of every file under root."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def published_releases():
    """(slug, lang) of the demo releases production publishes: not drafts,
    not embargoed, not future-dated."""
    found = set()
    this_year = datetime.date.today().year
    for path in (ROOT / "content" / "releases").glob("*/*.md"):
        header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        if re.search(r"^(Status: *draft|Embargo:)", header, re.M | re.I) or int(path.parent.name) > this_year:
            continue
        slug, lang, _ = path.name.split(".")
        found.add((slug, lang))
    return found


@pytest.fixture(scope="module")
def first_upload(tmp_path_factory):
    """A Pages-style publish build uploaded into a web root that still holds
    a withdrawn release and a stray file from an earlier upload."""
    base = tmp_path_factory.mktemp("deploy")
    output, target = base / "site", base / "www"
    withdrawn = target / "ko" / "releases" / "withdrawn-release" / "index.html"
    withdrawn.parent.mkdir(parents=True)
    withdrawn.write_text("<p>철회된 보도자료</p>", encoding="utf-8")
    (target / "stale.html").write_text("stale", encoding="utf-8")
    result = rsync_upload(output, target)
    assert result.returncode == 0, result.stdout + result.stderr
    return output, target


def test_upload_copies_the_whole_build(first_upload):
    output, target = first_upload
    built = files_under(output)
    assert "index.html" in built and "sitemap.xml" in built
    assert files_under(target) == built


def test_upload_has_every_published_release(first_upload):
    _, target = first_upload
    releases = published_releases()
    assert releases
    for slug, lang in releases:
        page = target / lang / "releases" / slug / "index.html"
        assert page.is_file(), f"{page} was not uploaded"


def test_upload_deletes_what_the_build_no_longer_has(first_upload):
    _, target = first_upload
    assert not (target / "stale.html").exists()
    assert not (target / "ko" / "releases" / "withdrawn-release").exists()
    # --delay-updates leaves no staging folders behind.
    assert not list(target.rglob(".~tmp~"))


def test_upload_keeps_modification_times(first_upload):
    output, target = first_upload
    for path in output.rglob("*"):
        if path.is_file():
            uploaded = target / path.relative_to(output)
            assert int(uploaded.stat().st_mtime) == int(path.stat().st_mtime), uploaded


def test_rebuild_and_upload_sends_no_unchanged_file(first_upload):
    """The build leaves unchanged files with their old times, so a second
    upload of the same content transfers nothing and deletes nothing."""
    output, target = first_upload
    result = rsync_upload(output, target, rsync_opts="--itemize-changes")
    assert result.returncode == 0, result.stdout + result.stderr
    changes = [line for line in result.stdout.splitlines() if re.match(r"^(\*deleting|[<>ch.]f)", line)]
    transferred = [line for line in changes if not line.startswith(".f")]
    assert transferred == [], "\n".join(transferred)
    assert files_under(target) == files_under(output)


def test_upload_to_a_new_folder_is_readable_by_the_web_server(tmp_path):
    """The build's output folder is private (it was a mkdtemp staging
    folder); what the web server reads must not be."""
    output, target = tmp_path / "site", tmp_path / "www" / "press"
    target.parent.mkdir()  # rsync creates the last folder of the target only
    result = rsync_upload(output, target)
    assert result.returncode == 0, result.stdout + result.stderr
    for path in [target, *target.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        wanted = 0o555 if path.is_dir() else 0o444
        assert mode & wanted == wanted, f"{path}: {oct(mode)}"


# -- links under a sub-path, served as GitHub Pages would --------------------

def internal_urls(root):
    """(file, URL) of every URL the built pages, feeds, sitemap and robots.txt
    point at on the site's own origin, or that is root-relative."""
    found = []

    def add(file, url):
        parts = urlsplit(url)
        if parts.scheme in ("mailto", "tel", "data") or url.startswith("#"):
            return
        if parts.scheme and f"{parts.scheme}://{parts.netloc}" != PAGES_ORIGIN:
            return  # another site
        found.append((file, url))

    for file in root.rglob("*.html"):
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(True):
            for attribute in ("href", "src", "action", "poster"):
                if tag.get(attribute):
                    add(file, tag[attribute])
            if tag.get("data-bundle"):
                add(file, tag["data-bundle"])
            for candidate in (tag.get("srcset") or "").split(","):
                if candidate.strip():
                    add(file, candidate.split()[0])
            if tag.name == "meta" and (tag.get("content") or "").startswith(("http://", "https://")):
                add(file, tag["content"])
            if tag.name == "meta" and (tag.get("http-equiv") or "").lower() == "refresh":
                add(file, tag["content"].split("url=", 1)[1])
    for file in [*root.rglob("*.xml"), *root.rglob("*.txt")]:
        text = file.read_text(encoding="utf-8")
        for match in re.finditer(r'(?:href="|<loc>|<id>|Sitemap: )(https?://[^"<\s]+)', text):
            add(file, match.group(1))
    return found


def test_every_internal_url_carries_the_pages_sub_path(first_upload):
    _, target = first_upload
    urls = internal_urls(target)
    assert len(urls) > 100
    wrong = [(file.relative_to(target).as_posix(), url) for file, url in urls
             if not url.startswith(PAGES_SITEURL + "/")]
    assert wrong == [], wrong[:20]


def test_every_internal_url_resolves_when_served_under_the_sub_path(first_upload, tmp_path):
    """Serve the uploaded folder at /press/ of a local web server, as GitHub
    Pages serves a project site, and request every internal URL."""
    _, target = first_upload
    (tmp_path / PAGES_PREFIX.strip("/")).symlink_to(target, target_is_directory=True)
    server = serve(tmp_path)
    local_origin = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        failures = []
        for url in sorted({url for _, url in internal_urls(target)}):
            path = urlsplit(url).path
            if "/pagefind/" in path and path.endswith("/"):
                path += "pagefind-entry.json"  # the search script loads the bundle from here
            try:
                with urllib.request.urlopen(local_origin + path, timeout=10) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            if status != 200:
                failures.append((url, status))
        assert failures == [], failures[:20]
    finally:
        server.shutdown()
        server.server_close()


def test_root_redirect_and_search_bundle_use_the_sub_path(first_upload):
    _, target = first_upload
    soup = BeautifulSoup((target / "index.html").read_text(encoding="utf-8"), "html.parser")
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh.endswith(f"url={PAGES_SITEURL}/ko/")
    for lang in ("ko", "en"):
        search = BeautifulSoup((target / lang / "search" / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert search.find(attrs={"data-bundle": True})["data-bundle"] == f"{PAGES_SITEURL}/{lang}/pagefind/"
    assert f"Sitemap: {PAGES_SITEURL}/sitemap.xml" in (target / "robots.txt").read_text()


# -- refusing to upload nowhere ------------------------------------------------

@pytest.mark.parametrize("target", ["", "   "])
def test_rsync_upload_refuses_without_a_target(tmp_path, target):
    output = tmp_path / "site"
    result = subprocess.run([MAKE, "rsync_upload", f"OUTPUT={output}", f"DEPLOY_TARGET={target}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120, env=make_env())
    assert result.returncode != 0
    assert "rsync_upload needs DEPLOY_TARGET" in result.stderr
    assert "make rsync_upload DEPLOY_TARGET=user@host:" in result.stderr
    assert not output.exists(), "it built before refusing"


def test_rsync_upload_refuses_when_the_variable_is_unset(tmp_path):
    output = tmp_path / "site"
    result = subprocess.run([MAKE, "rsync_upload", f"OUTPUT={output}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120, env=make_env())
    assert result.returncode != 0
    assert "rsync_upload needs DEPLOY_TARGET" in result.stderr
    assert not output.exists()


# -- the production address -----------------------------------------------------

def publish_settings(siteurl=None):
    """SITEURL and FEED_DOMAIN as Pelican reads publishconf.py, in a fresh
    process with PRESSROOM_SITEURL set to siteurl (or unset)."""
    env = make_env(PYTHONPATH=str(ROOT / "plugins"))
    if siteurl is not None:
        env["PRESSROOM_SITEURL"] = siteurl
    code = ("from pelican.settings import read_settings\n"
            "s = read_settings('publishconf.py')\n"
            "print(s['SITEURL']); print(s['FEED_DOMAIN'])")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env)


@pytest.mark.parametrize("given, expected", [
    (None, DEFAULT_SITEURL),
    ("", DEFAULT_SITEURL),
    ("https://example.github.io/press", "https://example.github.io/press"),
    ("https://example.github.io/press/", "https://example.github.io/press"),
    ("https://press.mofa.example/", "https://press.mofa.example"),
])
def test_publishconf_takes_the_address_from_the_environment(given, expected):
    result = publish_settings(given)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [expected, expected]


@pytest.mark.parametrize("given", [
    "example.github.io/press", "/press", "ftp://example.org", "https://example.org/?a=1"])
def test_publishconf_refuses_an_address_that_is_not_absolute(given):
    result = publish_settings(given)
    assert result.returncode != 0
    assert "PRESSROOM_SITEURL must be an absolute http(s) address" in result.stderr


# -- .ci/run ----------------------------------------------------------------------

@pytest.fixture
def ci_run(tmp_path):
    """Runs .ci/run with apt-get, sudo, make and id replaced by stand-ins
    that log their arguments, as the user whose id is given."""
    bin_dir, log = tmp_path / "bin", tmp_path / "calls.log"
    bin_dir.mkdir()

    def stub(name, body):
        script = bin_dir / name
        script.write_text(f"#!/bin/sh\necho \"{name} $*\" >> \"{log}\"\n{body}\n")
        script.chmod(0o755)

    stub("apt-get", "exit 0")
    stub("make", "exit 0")
    stub("npm", "exit 0")
    stub("sudo", 'while [ "${1#-}" != "$1" ]; do shift; done; exec "$@"')

    def run(uid):
        log.write_text("")
        (bin_dir / "id").write_text(f"#!/bin/sh\necho {uid}\n")
        (bin_dir / "id").chmod(0o755)
        result = subprocess.run(["bash", str(ROOT / ".ci" / "run")], capture_output=True, text=True, timeout=60,
                                env={**make_env(), "PATH": f"{bin_dir}:{os.environ['PATH']}"})
        assert result.returncode == 0, result.stdout + result.stderr
        return log.read_text().splitlines()

    return run


def test_ci_run_uses_apt_get_directly_as_root(ci_run):
    calls = ci_run(0)
    assert not [call for call in calls if call.startswith("sudo")]
    install = next(call for call in calls if call.startswith("apt-get install"))
    assert set(install.split()) >= {"chromium", "default-jre-headless", "fonts-noto-cjk", "rsync", "nginx"}
    assert calls[-1] == "make test"


def test_ci_run_uses_sudo_for_apt_get_when_not_root(ci_run):
    calls = ci_run(1001)
    sudo_calls = [call for call in calls if call.startswith("sudo")]
    assert len(sudo_calls) == 2
    assert all(" apt-get " in call for call in sudo_calls)
    assert any(call.startswith("apt-get install") and "rsync" in call.split() for call in calls)
    # Only apt-get runs as root; the tests do not.
    assert calls[-1] == "make test"


# -- the GitHub Actions workflow ---------------------------------------------------

@pytest.fixture(scope="module")
def workflow():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def triggers(workflow):
    # YAML 1.1 reads the bare key `on` as True.
    return workflow.get("on", workflow.get(True))


def runs(job):
    return [step.get("run", "") for step in job["steps"]]


def uses(job):
    return [step["uses"] for step in job["steps"] if "uses" in step]


def test_workflow_runs_on_pull_requests_and_pushes_to_main(workflow):
    on = triggers(workflow)
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]


def test_workflow_test_job_checks_and_runs_ci(workflow):
    job = workflow["jobs"]["test"]
    assert "if" not in job, "the tests must run on every trigger, pull requests included"
    commands = runs(job)
    assert any(command.strip() == "make check" for command in commands)
    assert any(command.strip() == "bash .ci/run" for command in commands)
    # Debian, whose chromium package the browser tests drive.
    assert re.search(r"bookworm|debian", str(job.get("container")))


def test_workflow_deploys_only_main_after_the_tests(workflow):
    job = workflow["jobs"]["deploy"]
    needs = job["needs"] if isinstance(job["needs"], list) else [job["needs"]]
    assert "test" in needs
    assert "github.ref == 'refs/heads/main'" in job["if"]
    assert "github.event_name != 'pull_request'" in job["if"]
    assert job["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["permissions"] == {"contents": "read"}
    assert job["concurrency"]["group"] == "pages"
    assert job["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}


def test_workflow_deploy_builds_for_the_pages_address(workflow):
    job = workflow["jobs"]["deploy"]
    steps = job["steps"]
    configure = next(step for step in steps if step.get("uses", "").startswith("actions/configure-pages@"))
    build = next(step for step in steps if step.get("run", "").strip() == "make publish")
    assert build["env"]["PRESSROOM_SITEURL"] == f"${{{{ steps.{configure['id']}.outputs.base_url }}}}"
    assert steps.index(configure) < steps.index(build)
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "output"
    deploy = next(step for step in steps if step.get("uses", "").startswith("actions/deploy-pages@"))
    assert deploy["id"] == "deployment"
    assert steps.index(build) < steps.index(upload) < steps.index(deploy)


def test_workflow_uses_official_actions_pinned_to_a_major_version(workflow):
    used = [action for job in workflow["jobs"].values() for action in uses(job)]
    for name in ("checkout", "setup-python", "configure-pages", "upload-pages-artifact", "deploy-pages"):
        assert any(action.startswith(f"actions/{name}@") for action in used), name
    for action in used:
        assert re.fullmatch(r"actions/[a-z-]+@v\d+", action), action


# -- the scheduled run: publish only what became due ------------------------------

def evaluate(expression, **context):
    """A workflow `if:` expression, as GitHub evaluates it, for the few forms
    ci.yml uses: &&, ||, !, ==, !=, parentheses, '…' strings, !cancelled(),
    and context values (github.event_name, needs.<job>.result,
    needs.<job>.outputs.<name>) given as context["github.event_name"] etc.;
    a missing output is '' as on GitHub. No expression (None) is true."""
    if expression is None:
        return True
    python = expression.replace("&&", " and ").replace("||", " or ")
    python = re.sub(r"!(?!=)", " not ", python)
    python = python.replace("cancelled()", "False")
    python = re.sub(r"\b(?:github|needs)(?:\.[\w-]+)+", lambda m: repr(context.get(m.group(0), "")), python)
    assert re.fullmatch(r"[\s\w'()!=./-]*", python), python
    return bool(eval(python, {"__builtins__": {}}))  # noqa: S307 - the workflow's own expression


def step_named(job, name):
    return next(step for step in job["steps"] if step.get("name") == name)


def test_workflow_runs_every_15_minutes(workflow):
    assert triggers(workflow)["schedule"] == [{"cron": "*/15 * * * *"}]


def test_a_scheduled_run_checks_the_content_but_runs_no_test_suite(workflow):
    job = workflow["jobs"]["test"]
    for step in job["steps"]:
        runs_on_schedule = evaluate(step.get("if"), **{"github.event_name": "schedule"})
        if step.get("run", "").strip() == "make check" or step.get("uses", "").startswith("actions/checkout@"):
            assert runs_on_schedule, step
        else:
            assert not runs_on_schedule, step
        for event in ("push", "pull_request", "workflow_dispatch"):
            assert evaluate(step.get("if"), **{"github.event_name": event}), (event, step)


def test_the_due_job_runs_only_on_a_schedule_and_asks_pressroom_due(workflow):
    job = workflow["jobs"]["due"]
    for event, expected in (("schedule", True), ("push", False), ("pull_request", False),
                            ("workflow_dispatch", False)):
        assert evaluate(job["if"], **{"github.event_name": event}) is expected, event
    assert job["permissions"] == {"contents": "read", "deployments": "read", "actions": "read"}
    decide = next(step for step in job["steps"] if "pressroom due" in step.get("run", ""))
    assert job["outputs"]["due"] == f"${{{{ steps.{decide['id']}.outputs.due }}}}"
    assert re.search(r"pressroom due --settings publishconf.py --content content --since \"\$SINCE\"", decide["run"])
    last = next(step for step in job["steps"] if "gh api" in step.get("run", ""))
    assert decide["env"]["SINCE"] == f"${{{{ steps.{last['id']}.outputs.since }}}}"
    assert "deployments?environment=github-pages" in last["run"]
    assert last["env"]["GH_TOKEN"] == "${{ github.token }}"
    steps = job["steps"]
    check = next(step for step in steps if step.get("run", "").strip() == "make check")
    assert steps.index(last) < steps.index(decide) and steps.index(check) < steps.index(decide)


def deploys(workflow, event, ref="refs/heads/main", test="success", due=None, due_result=None):
    context = {"github.event_name": event, "github.ref": ref, "needs.test.result": test,
               "needs.due.result": due_result or ("success" if event == "schedule" else "skipped")}
    if due is not None:
        context["needs.due.outputs.due"] = due
    job = workflow["jobs"]["deploy"]
    needs = job["needs"] if isinstance(job["needs"], list) else [job["needs"]]
    assert set(needs) == {"test", "due"}
    return evaluate(job["if"], **context)


def test_a_scheduled_run_deploys_only_when_something_became_due(workflow):
    assert deploys(workflow, "schedule", due="true")
    assert not deploys(workflow, "schedule", due="false")
    # The due job failed (a content problem, the API refused): no output.
    assert not deploys(workflow, "schedule", due_result="failure")
    # The content check failed.
    assert not deploys(workflow, "schedule", due="true", test="failure")


def test_pushes_still_deploy_only_after_the_tests(workflow):
    # The due job is skipped on pushes, and gives no output.
    assert deploys(workflow, "push")
    assert deploys(workflow, "workflow_dispatch")
    assert not deploys(workflow, "push", test="failure")
    assert not deploys(workflow, "push", test="skipped")
    assert not deploys(workflow, "push", ref="refs/heads/feature")
    assert not deploys(workflow, "pull_request")


@pytest.fixture
def step_runner(tmp_path):
    """Runs a step's `run:` script with bash -e (GitHub's default shell) in
    a folder with stand-ins for `gh` (its answers from `answers`, keyed by a
    part of the API path it is asked for) and `.venv/bin/pressroom` (exits
    with PRESSROOM_STATUS); returns (result, {output: value})."""
    bin_dir = tmp_path / "bin"
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    bin_dir.mkdir()
    answers_dir = tmp_path / "answers"
    answers_dir.mkdir()
    (bin_dir / "gh").write_text(
        "#!/bin/sh\n"
        f"echo \"gh $*\" >> {tmp_path}/gh.log\n"
        f"for answer in {answers_dir}/*; do\n"
        "  [ -e \"$answer\" ] || continue\n"
        "  key=$(basename \"$answer\" | tr '_' '/')\n"
        "  case \"$2\" in *\"$key\"*) cat \"$answer\"; exit 0 ;; esac\n"
        "done\n"
        "echo 'gh: not found (HTTP 404)' >&2; exit 1\n")
    (tmp_path / ".venv" / "bin" / "pressroom").write_text(
        f"#!/bin/sh\necho \"pressroom $*\" >> {tmp_path}/pressroom.log\n"
        "echo \"pressroom says $PRESSROOM_STATUS\"\nexit $PRESSROOM_STATUS\n")
    for stub in (bin_dir / "gh", tmp_path / ".venv" / "bin" / "pressroom"):
        stub.chmod(0o755)

    def run(script, answers=None, **env):
        for key, text in (answers or {}).items():
            (answers_dir / key.replace("/", "_")).write_text(text)
        output = tmp_path / "github_output"
        output.write_text("")
        result = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, capture_output=True, text=True,
                                timeout=60, env={"PATH": f"{bin_dir}:{os.environ['PATH']}", "GITHUB_OUTPUT": str(output),
                                                 "GITHUB_REPOSITORY": "example/press", **env})
        outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
        return result, outputs

    run.folder = tmp_path
    return run


def test_the_last_successful_deployment_is_the_newest_whose_status_is_success(workflow, step_runner):
    script = step_named(workflow["jobs"]["due"], "Find the last successful deployment")["run"]
    result, outputs = step_runner(script, {
        "deployments?environment=github-pages": "30 2030-05-02T06:10:00Z\n20 2030-05-02T05:40:00Z\n"
                                                "10 2030-05-01T09:00:00Z\n",
        "deployments/30/statuses": "failure\n",
        "deployments/20/statuses": "success\n",
        "deployments/10/statuses": "inactive\n"})
    assert result.returncode == 0, result.stderr
    assert outputs == {"since": "2030-05-02T05:40:00Z"}


def test_no_deployment_yet_leaves_since_empty(workflow, step_runner):
    script = step_named(workflow["jobs"]["due"], "Find the last successful deployment")["run"]
    result, outputs = step_runner(script, {"deployments?environment=github-pages": ""})
    assert result.returncode == 0, result.stderr
    assert outputs == {"since": ""}


def test_an_api_that_refuses_fails_the_step(workflow, step_runner):
    script = step_named(workflow["jobs"]["due"], "Find the last successful deployment")["run"]
    result, outputs = step_runner(script)
    assert result.returncode != 0
    assert "since" not in outputs


@pytest.mark.parametrize("since, status, due", [
    ("2030-05-02T05:40:00Z", "0", "true"),
    ("2030-05-02T05:40:00Z", "3", "false"),
    ("", "3", "true"),  # never deployed: publish, without asking
])
def test_the_decision_follows_pressroom_due(workflow, step_runner, since, status, due):
    script = step_named(workflow["jobs"]["due"], "Decide whether a release became due")["run"]
    result, outputs = step_runner(script, SINCE=since, PRESSROOM_STATUS=status, TESTED="true")
    assert result.returncode == 0, result.stderr
    assert outputs == {"due": due}
    log = step_runner.folder / "pressroom.log"
    if since:
        assert log.read_text().split() == ["pressroom", "due", "--settings", "publishconf.py", "--content", "content",
                                           "--since", since]
    else:
        assert not log.exists()


@pytest.mark.parametrize("status", ["1", "2"])
def test_a_content_problem_or_a_bad_time_fails_the_decision(workflow, step_runner, status):
    script = step_named(workflow["jobs"]["due"], "Decide whether a release became due")["run"]
    result, outputs = step_runner(script, SINCE="2030-05-02T05:40:00Z", PRESSROOM_STATUS=status, TESTED="true")
    assert result.returncode == int(status)
    assert outputs == {}


@pytest.mark.parametrize("answer, passed", [("1\n", "true"), ("0\n", "false")])
def test_whether_this_commit_passed_its_tests_on_push(workflow, step_runner, answer, passed):
    script = step_named(workflow["jobs"]["due"], "Find whether this commit passed its tests")["run"]
    result, outputs = step_runner(script, {"list": answer}, GITHUB_SHA="abc123")
    assert result.returncode == 0, result.stderr
    assert outputs == {"passed": passed}
    asked = (step_runner.folder / "gh.log").read_text()
    assert "run list --workflow ci.yml --commit abc123 --event push --status success" in asked


def test_a_commit_that_has_not_passed_its_tests_is_not_published_by_the_clock(workflow, step_runner):
    """A release that became due waits while main's head is untested."""
    script = step_named(workflow["jobs"]["due"], "Decide whether a release became due")["run"]
    for tested in ("false", ""):
        result, outputs = step_runner(script, SINCE="2030-05-02T05:40:00Z", PRESSROOM_STATUS="0", TESTED=tested)
        assert result.returncode == 0, result.stderr
        assert outputs == {"due": "false"}
        assert "has not passed its tests" in result.stdout


# -- make publish-due: a cron entry or systemd timer's upload ------------------------

DUE_RELEASE = """\
Title: 카파국 외교장관 회담
Date: 2030-05-01 10:00
Embargo: 2030-05-02 06:00
Category: bilateral
Department: northeast-asia

□ 양국 외교장관은 회담을 열었다.
"""


@pytest.fixture(scope="module")
def publish_due(tmp_path_factory):
    """Runs `make publish-due` on the fixture content plus a release under
    embargo until 2030-05-02 06:00, as at `now`, into a local web root."""
    from conftest import copy_fixture_content

    base = tmp_path_factory.mktemp("publish-due")
    content = copy_fixture_content(base)
    (content / "releases/2030").mkdir(parents=True)
    (content / "releases/2030/kappa-talks.ko.md").write_text(DUE_RELEASE, encoding="utf-8")
    paths = {"content": content, "output": base / "site", "target": base / "www", "state": base / "state" / "last"}

    def run(now):
        result = subprocess.run(
            [MAKE, "--no-print-directory", "publish-due", f"CONTENT={content}", f"OUTPUT={paths['output']}",
             f"DEPLOY_TARGET={paths['target']}", f"UPLOAD_STATE={paths['state']}"],
            cwd=ROOT, capture_output=True, text=True, timeout=600,
            env=make_env(PRESSROOM_SITEURL=PAGES_SITEURL, PRESSROOM_NOW=now))
        return result

    run.paths = paths
    return run


def test_publish_due_uploads_everything_the_first_time(publish_due):
    paths = publish_due.paths
    result = publish_due("2030-05-02T05:00+09:00")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"no earlier upload recorded in {paths['state']}: uploading the whole site" in result.stdout
    assert files_under(paths["target"]) == files_under(paths["output"])
    assert (paths["target"] / "ko" / "index.html").is_file()
    assert not (paths["target"] / "ko" / "releases" / "kappa-talks").exists()
    assert paths["state"].read_text().strip() == "2030-05-02T05:00+09:00"
    assert result.stdout.rstrip().splitlines()[-1] == (
        f"publish-due: uploaded to {paths['target']}; the next run publishes what becomes due after "
        "2030-05-02T05:00+09:00")


def test_publish_due_uploads_nothing_when_nothing_became_due(publish_due):
    paths = publish_due.paths
    before = files_under(paths["target"])
    times = {path: path.stat().st_mtime_ns for path in paths["target"].rglob("*")}
    result = publish_due("2030-05-02T05:59+09:00")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "nothing became due between 2030-05-02 05:00 KST and 2030-05-02 05:59 KST", "publish-due: nothing to upload"]
    assert files_under(paths["target"]) == before
    assert {path: path.stat().st_mtime_ns for path in paths["target"].rglob("*")} == times
    # The time of the last upload stays: the next run asks since then again.
    assert paths["state"].read_text().strip() == "2030-05-02T05:00+09:00"


def test_publish_due_uploads_what_became_due_and_remembers_when(publish_due):
    paths = publish_due.paths
    result = publish_due("2030-05-02T06:01+09:00")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("became due: ")
    assert lines[0].endswith("releases/2030/kappa-talks.ko.md at 2030-05-02 06:00 KST")
    assert (paths["target"] / "ko" / "releases" / "kappa-talks" / "index.html").is_file()
    assert "kappa-talks" in (paths["target"] / "ko" / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert files_under(paths["target"]) == files_under(paths["output"])
    assert paths["state"].read_text().strip() == "2030-05-02T06:01+09:00"
    assert lines[-1].startswith(f"publish-due: uploaded to {paths['target']}")
    # Published once: a minute later, nothing is due.
    again = publish_due("2030-05-02T06:02+09:00")
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.splitlines()[-1] == "publish-due: nothing to upload"


def test_publish_due_with_a_damaged_state_uploads_nothing_and_says_why(tmp_path):
    state = tmp_path / "last"
    state.write_text("not a time\n")
    target = tmp_path / "www"
    result = subprocess.run([MAKE, "--no-print-directory", "publish-due", f"OUTPUT={tmp_path / 'site'}",
                             f"DEPLOY_TARGET={target}", f"UPLOAD_STATE={state}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120, env=make_env())
    assert result.returncode == 2
    assert "pressroom due: --since 'not a time' is not a time" in result.stderr
    assert "publish-due: nothing was uploaded" in result.stderr
    assert not target.exists() and not (tmp_path / "site").exists()


def test_publish_due_refuses_without_a_target(tmp_path):
    result = subprocess.run([MAKE, "publish-due", f"UPLOAD_STATE={tmp_path / 'last'}"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, env=make_env())
    assert result.returncode != 0
    assert "needs DEPLOY_TARGET" in result.stderr
    assert not (tmp_path / "last").exists()
