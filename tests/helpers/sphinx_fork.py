"""Sphinx builds forked from a process that has already imported Sphinx.

A third of a small book's clean build, and half of a rebuild after one
edit, is importing Sphinx, its theme, MyST, sphinxcontrib-bibtex and the
libraries the book's extensions use (pypinyin's dictionaries alone take
half a second).  The rebuild-equivalence test
(``tests/helpers/rebuild.py``) runs about fifteen builds in a row; this
server imports the libraries once and forks a child for each build, which
then runs ``sphinx-build`` as a fresh ``python -m sphinx`` would: in the
book's folder, with the environment asked for, the book's folder first on
``sys.path``, and its own exit status.  Nothing of the book is imported
here (each book's ``tools/`` is its own copy), only third-party libraries;
what a build changes in memory ends with its child.  Standard library only:
it runs as a script (``python sphinx_fork.py``).

A child shares the server's hash seed: builds whose output is compared come
from different servers (``rebuild.py``), as fresh processes would have
different seeds.

The protocol, one JSON object a line: the client writes ``{"args": [...],
"cwd": ..., "env": {...}, "log": ..., "errors": ...}``; the server answers
``{"status": N}`` once the build has ended, its output in the file ``log``
(its standard error in ``errors``, if given, else in ``log`` too).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import subprocess
import sys
import traceback
from pathlib import Path

# What a build of the book imports that takes time; a name missing here
# costs only its import in every child.
PRELOAD = (
    "sphinx.cmd.build",
    "sphinx.application",
    "sphinx.builders.html",
    "sphinx.environment",
    "sphinx.search",
    "docutils.parsers.rst.directives.body",
    "myst_parser.sphinx_ext.main",
    "myst_parser.parsers.sphinx_",
    "myst_parser.mdit_to_docutils.sphinx_",
    "myst_parser.mdit_to_docutils.transforms",
    "sphinx_book_theme",
    "pydata_sphinx_theme",
    "sphinxcontrib.bibtex",
    "sphinxcontrib.bibtex.domain",
    "pybtex.database",
    "pybtex.plugin",
    "latexcodec.codec",
    "notfound.extension",
    "sphinxext.opengraph",
    "requests",
    "yaml",
    "jinja2",
    "bs4",
    "pypinyin",
    "pagefind_bin_extended",
    "babel.messages.pofile",
    "jinja2.ext",
    "pygments",
    "sphinx.ext.doctest",
    "sphinx.ext.mathjax",
    "sphinx.transforms.i18n",
    "sphinx.builders.latex.transforms",
    "myst_parser.sphinx_ext.directives",
    "myst_parser.sphinx_ext.myst_refs",
    "myst_parser.sphinx_ext.mathjax",
    "pybtex.backends.plaintext",
    "pybtex.style.formatting.plain",
    "pybtex.style.formatting.unsrt",
    "pybtex.style.labels.number",
    "pybtex.style.names.plain",
    "pybtex.style.sorting.author_year_title",
    "sphinxcontrib.bibtex.style.referencing.author_year",
    "sphinxcontrib.bibtex.style.referencing.foot",
)


def preload() -> None:
    from sphinx.application import builtin_extensions

    # Sphinx's own extensions, which every build sets up, then the rest
    for name in (*builtin_extensions, *PRELOAD):
        # not installed: the child's build says so itself
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def build(request: dict) -> int:
    """In the forked child: run sphinx-build as ``python -m sphinx`` would."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    log = os.open(request["log"], flags, 0o644)
    errors = os.open(request["errors"], flags, 0o644) if "errors" in request else log
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)  # the requests are the server's, not the build's
    os.dup2(log, 1)
    os.dup2(errors, 2)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.path.insert(0, request["cwd"])  # as for ``python -m``: its folder first
    sys.argv = ["sphinx-build", *request["args"]]
    from sphinx.cmd.build import main

    return main(request["args"])


def serve() -> None:
    # The answers go out on a copy of stdout; what a library prints on
    # import goes to stderr.
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    del sys.path[0]  # this script's folder: nothing of the tests is imported
    preload()
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        child = os.fork()
        if child == 0:
            status = 1
            try:
                status = build(request)
            except SystemExit as stop:
                status = stop.code if isinstance(stop.code, int) else 1
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status)
        _pid, wait = os.waitpid(child, 0)
        answer = {"status": os.waitstatus_to_exitcode(wait)}
        print(json.dumps(answer), file=answers, flush=True)


class Server:
    """A server, started with the environment ``env``; ``close()`` ends it."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )

    def build(
        self,
        args: list[str],
        cwd: Path,
        env: dict[str, str],
        log: Path,
        errors: Path | None = None,
    ) -> int:
        """Run ``sphinx-build args`` in ``cwd``; its exit status, its output
        in ``log`` (its standard error in ``errors``, if given)."""
        assert self.process.stdin and self.process.stdout
        request = {"args": args, "cwd": str(cwd), "env": env, "log": str(log)}
        if errors is not None:
            request["errors"] = str(errors)
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        assert answer, f"the Sphinx fork server ended ({self.process.poll()})"
        return json.loads(answer)["status"]

    def close(self) -> None:
        """End the server: at once if it is still busy after a minute (a
        child that hangs), so that no process outlives the test."""
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


if __name__ == "__main__":
    serve()
