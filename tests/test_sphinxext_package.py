"""``tools.sphinxext`` is the map of the book's extensions, and sets each up as one.

Every module of the package that has a ``setup`` is on the map
(``EXTENSIONS``), each concern in the package's docstring, and every
priority the code sets is stated there; ``conf.py`` loads the package, which
sets up each module through ``app.setup_extension``, so that Sphinx reads
each module's own parallel-safety flags from its ``setup()``.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from sphinx.util.console import strip_escape_sequences

import tools.sphinxext as package
from tools.sphinxext.text import turns

PACKAGE = Path(package.__file__).parent
MAPPED = [extension.module for extension in package.EXTENSIONS]


def modules() -> dict[str, ast.Module]:
    """Every module under tools/sphinxext by its name there (``text.turns``)."""
    return {
        ".".join(path.relative_to(PACKAGE).with_suffix("").parts): ast.parse(
            path.read_text(encoding="utf-8")
        )
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.stem != "__init__"
    }


def has_setup(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.FunctionDef) and node.name == "setup" for node in tree.body
    )


def test_every_extension_module_is_on_the_map() -> None:
    found = modules()
    assert set(MAPPED) == {name for name, tree in found.items() if has_setup(tree)}
    assert set(package.HELPERS) == {
        name for name, tree in found.items() if not has_setup(tree)
    }
    assert len(MAPPED) == len(set(MAPPED))
    assert [name for name in found if name.count(".") != 1] == [], "one concern each"
    for concern in {name.split(".")[0] for name in found}:
        assert f"* ``{concern}/`` — " in package.__doc__, concern
        assert ast.get_docstring(
            ast.parse((PACKAGE / concern / "__init__.py").read_text(encoding="utf-8"))
        ), concern


def test_a_module_comes_after_the_extensions_it_sets_up_itself() -> None:
    """So that ``EXTENSIONS`` is the order they are set up in."""
    for name, tree in modules().items():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "setup_extension"
            ):
                other = node.args[0].value.removeprefix("tools.sphinxext.")
                assert MAPPED.index(other) < MAPPED.index(name), (name, other)
    for before in package.SET_UP_BEFORE:
        assert MAPPED.index(before.first) < MAPPED.index(before.then), before


def priorities_in_the_code() -> set[tuple[str, str, str, int]]:
    """Every ``app.connect(..., priority=N)`` and ``default_priority = N``."""
    found = set()
    for name, tree in modules().items():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "connect"
            ):
                for keyword in node.keywords:
                    if keyword.arg == "priority":
                        event, handler = node.args[0].value, node.args[1].id
                        found.add((name, event, handler, keyword.value.value))
            if isinstance(node, ast.ClassDef):
                for statement in node.body:
                    if (
                        isinstance(statement, ast.Assign)
                        and statement.targets[0].id == "default_priority"
                    ):
                        bases = {base.id for base in node.bases}
                        hook = (
                            "post-transform"
                            if "SphinxPostTransform" in bases
                            else "transform"
                        )
                        found.add((name, hook, node.name, statement.value.value))
    return found


def test_the_map_states_every_priority_the_code_sets() -> None:
    stated = [entry[:4] for entry in package.PRIORITIES]
    assert len(stated) == len(set(stated))
    assert set(stated) == priorities_in_the_code()
    assert all(entry.why for entry in package.PRIORITIES)


@pytest.mark.sphinx("html", testroot="sphinxext")
def test_each_module_is_an_extension_with_its_own_flags(app) -> None:
    for name in MAPPED:
        extension = app.extensions[f"tools.sphinxext.{name}"]
        assert extension.parallel_read_safe is True, name
        assert extension.parallel_write_safe is True, name
    assert app.is_parallel_allowed("read") and app.is_parallel_allowed("write")


def test_a_module_that_is_not_parallel_safe_makes_the_build_serial(
    make_app, rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unsafe_setup(app):
        return {**turns_setup(app), "parallel_read_safe": False}

    turns_setup = turns.setup
    monkeypatch.setattr(turns, "setup", unsafe_setup)
    srcdir = Path(shutil.copytree(rootdir / "test-sphinxext", tmp_path / "site"))
    app = make_app("html", srcdir=srcdir)
    assert app.extensions["tools.sphinxext.text.turns"].parallel_read_safe is False
    assert not app.is_parallel_allowed("read")
    assert app.is_parallel_allowed("write")
    assert (
        "the tools.sphinxext.text.turns extension is not safe for parallel reading"
        in strip_escape_sequences(app.warning.getvalue())
    )
