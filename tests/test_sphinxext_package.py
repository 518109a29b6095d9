"""``tools.sphinxext`` is the map of the book's extensions, and sets each up as one.

Every module of the package that has a ``setup`` is on the map (the
package's docstring and ``EXTENSIONS``); ``conf.py`` loads the package, which
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
from tools.sphinxext import turns

PACKAGE = Path(package.__file__).parent


def modules_with_setup() -> set[str]:
    found = set()
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if (
            any(
                isinstance(node, ast.FunctionDef) and node.name == "setup"
                for node in tree.body
            )
            and path.stem != "__init__"
        ):
            found.add(path.stem)
    return found


def test_every_extension_module_is_on_the_map() -> None:
    assert set(package.EXTENSIONS) == modules_with_setup()
    assert len(package.EXTENSIONS) == len(set(package.EXTENSIONS))
    assert package.EXTENSIONS[0] == "messages"
    for name in package.EXTENSIONS:
        assert f"* ``{name}`` — " in package.__doc__, name


@pytest.mark.sphinx("html", testroot="sphinxext")
def test_each_module_is_an_extension_with_its_own_flags(app) -> None:
    for name in package.EXTENSIONS:
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
    assert app.extensions["tools.sphinxext.turns"].parallel_read_safe is False
    assert not app.is_parallel_allowed("read")
    assert app.is_parallel_allowed("write")
    assert (
        "the tools.sphinxext.turns extension is not safe for parallel reading"
        in strip_escape_sequences(app.warning.getvalue())
    )
