"""The workflows and CODEOWNERS are what SECURITY.md says they are.

A pull request's code runs on CI before anyone reviews it; these tests keep
that run harmless: no ``pull_request_target``, read-only permissions except
the deploy job on main, no secrets where a pull request runs, actions pinned
to commits, no credentials left behind, no untrusted text in a shell
command; and the paths that run on the build machines need an editor.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.helpers.support import skip_or_fail

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# Triggers that run with the base repository's rights on a fork's code.
PRIVILEGED_TRIGGERS = {"pull_request_target", "workflow_run", "issue_comment"}
# Text an outsider controls, which must never reach a shell command.
UNTRUSTED = re.compile(
    r"\$\{\{\s*github\.(event\.(pull_request|issue|comment|review|head_commit|"
    r"commits|pages)|head_ref)"
)


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key "on" as True
    data["on"] = data.pop(True, data.get("on"))
    return data


def triggers(workflow: dict) -> set[str]:
    on = workflow["on"]
    return {on} if isinstance(on, str) else set(on)


@pytest.fixture(params=WORKFLOWS, ids=[w.name for w in WORKFLOWS])
def workflow(request) -> tuple[Path, dict]:
    return request.param, load(request.param)


def test_there_are_workflows() -> None:
    assert {w.name for w in WORKFLOWS} >= {"ci.yml", "linkcheck.yml"}


def test_no_trigger_runs_a_fork_with_the_repositorys_rights(workflow) -> None:
    path, data = workflow
    assert not triggers(data) & PRIVILEGED_TRIGGERS, path.name


def test_permissions_are_read_only_except_deploying_from_main(workflow) -> None:
    """Write permissions only in jobs that run on a push to main, or, in the
    release workflow, on a pushed release tag (which only an editor can
    push); there the record job may also write contents (the branch of the
    published editions)."""
    path, data = workflow
    assert data.get("permissions") == {"contents": "read"}, path.name
    release = path.name == "release.yml"
    if release:
        assert triggers(data) == {"push"}, path.name
        assert set(data["on"]["push"]) == {"tags"}, path.name
    for name, job in data["jobs"].items():
        granted = job.get("permissions", {})
        writes = {scope for scope, level in granted.items() if level == "write"}
        if writes:
            allowed = {"pages", "id-token"} | ({"contents"} if release else set())
            assert writes <= allowed, f"{path.name}: {name}"
            condition = job.get("if", "")
            assert "github.event_name == 'push'" in condition, f"{path.name}: {name}"
            ref = (
                "startsWith(github.ref, 'refs/tags/v')"
                if release
                else "refs/heads/main"
            )
            assert ref in condition, f"{path.name}: {name}"


def test_no_secrets_where_a_pull_request_runs(workflow) -> None:
    path, data = workflow
    text = path.read_text(encoding="utf-8")
    if "pull_request" in triggers(data):
        assert "secrets." not in text, f"{path.name} hands a secret to a pull request"


def test_actions_are_pinned_to_commits(workflow) -> None:
    path, _data = workflow
    text = path.read_text(encoding="utf-8")
    uses = re.findall(r"^\s*-?\s*uses:\s*(\S+)(.*)$", text, re.M)
    assert uses, path.name
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), (
            f"{path.name}: {action} is not pinned to a commit"
        )
        assert re.fullmatch(r"\s+# v\d+(\.\d+)*", comment), (
            f"{path.name}: {action} needs a '# vX.Y.Z' comment naming its release"
        )


def test_checkout_leaves_no_credentials(workflow) -> None:
    path, data = workflow
    for name, job in data["jobs"].items():
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, (
                    f"{path.name}: {name}: checkout must set persist-credentials: false"
                )


def test_no_untrusted_text_in_a_shell_command(workflow) -> None:
    path, data = workflow
    for name, job in data["jobs"].items():
        for step in job.get("steps", []):
            assert not UNTRUSTED.search(step.get("run", "")), f"{path.name}: {name}"


def test_publishing_happens_only_from_main() -> None:
    ci = load(ROOT / ".github" / "workflows" / "ci.yml")
    for job in ci["jobs"].values():
        for step in job.get("steps", []):
            if "pages" in step.get("uses", ""):
                condition = step.get("if") or job.get("if", "")
                assert "refs/heads/main" in condition, step


CODE_PATHS = (
    "/.github/",
    "/.ci/",
    "/.readthedocs.yaml",
    "/noxfile.py",
    "/conf.py",
    "/pyproject.toml",
    "/package.json",
    "/package-lock.json",
    "/tools/",
    "/tests/",
    "/docs/_static/",
    "/docs/_templates/",
    "/sources/",
)


def test_code_owners_review_what_runs_on_the_build_machines() -> None:
    lines = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
    owned = {
        line.split()[0]: line.split()[1:]
        for line in lines
        if line.strip() and not line.startswith("#")
    }
    for path in CODE_PATHS:
        assert owned.get(path), f"CODEOWNERS has no owner for {path}"
        assert (ROOT / path.strip("/")).exists(), f"{path} does not exist"


def test_the_threat_model_is_linked_and_names_what_it_checks() -> None:
    security = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    assert "(SECURITY.md)" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for name in (
        "pull_request_target",
        "persist-credentials: false",
        "CODEOWNERS",
        *(
            f".github/workflows/{w.name}" if w.name == "ci.yml" else w.name
            for w in WORKFLOWS
        ),
        "tools/sphinxext/security/confinement.py",
        "tools/sphinxext/security/active_content.py",
        "tools/sphinxext/security/published_html.py",
        "tools/sphinxext/security/published_files.py",
        "tools/sphinxext/security/apparatus_chars.py",
        "tools/sphinxext/text/interview_attrs.py",
    ):
        assert name in security, name


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.parametrize(
    "committed", [".nox/tests/bin/python", "build/doctrees/environment.pickle"]
)
def test_committed_build_state_is_refused(tmp_path: Path, committed: str) -> None:
    """nox would run a committed environment, Sphinx unpickle a committed env."""
    if shutil.which("git") is None:
        skip_or_fail("git is not installed")
    script = ROOT / "tools" / "refuse-build-state.sh"
    _git(tmp_path, "init", "-q")
    (tmp_path / committed).parent.mkdir(parents=True)
    (tmp_path / committed).write_text("#!/bin/sh\n", encoding="utf-8")
    (tmp_path / "index.md").write_text("# x\n", encoding="utf-8")
    _git(tmp_path, "add", "-f", ".")
    refused = subprocess.run(
        ["sh", str(script)], cwd=tmp_path, capture_output=True, text=True
    )
    assert refused.returncode == 1
    assert f"  {committed}\n" in refused.stderr
    _git(tmp_path, "rm", "-q", "--cached", committed)
    assert subprocess.run(["sh", str(script)], cwd=tmp_path).returncode == 0


def test_the_repository_tracks_no_build_state() -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        skip_or_fail("not a git work tree")
    result = subprocess.run(
        ["sh", "tools/refuse-build-state.sh"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "nothing checked" not in result.stderr


def test_ci_refuses_build_state_before_running_nox() -> None:
    ci = load(ROOT / ".github" / "workflows" / "ci.yml")
    runs = [step.get("run", "") for step in ci["jobs"]["book"]["steps"]]
    check = next(i for i, run in enumerate(runs) if "refuse-build-state.sh" in run)
    assert all("nox" not in run for run in runs[:check])
    assert "refuse-build-state.sh" in (ROOT / ".ci" / "run").read_text("utf-8")


def test_npm_runs_no_package_scripts() -> None:
    """package-lock.json pins the tools; .npmrc keeps their install hooks off."""
    npmrc = (ROOT / ".npmrc").read_text(encoding="utf-8").splitlines()
    assert "ignore-scripts=true" in npmrc


def test_a_job_that_may_push_runs_none_of_the_projects_code(workflow) -> None:
    """A job holding ``contents: write`` checks out nothing and runs no
    nox, Python, npm or tools/ script: the code of an unpublished tag runs
    where it can only read, and cannot reach the token that pushes."""
    path, data = workflow
    for name, job in data["jobs"].items():
        if job.get("permissions", {}).get("contents") != "write":
            continue
        assert "container" not in job, f"{path.name}: {name}"
        for step in job.get("steps", []):
            assert not step.get("uses", "").startswith("actions/checkout@"), (
                f"{path.name}: {name} checks out the project"
            )
            run = step.get("run", "")
            for word in ("nox", "python", "npm", "node ", "tools/", "pip"):
                assert word not in run, f"{path.name}: {name} runs {word.strip()}"
