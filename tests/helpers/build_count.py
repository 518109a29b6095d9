"""How many times a test run builds the whole test book (issue 25, item 6).

Every Sphinx process a test starts (``python -m sphinx``, ``sphinx-build``,
``python -m sphinx_autobuild``, whose rebuilds inside it are not seen) and
every Sphinx application made in a test's own process (``tools/check.py``,
``sphinx.testing``) is noted in one file per run, named by
``BOOK_BUILD_LOG`` (tests/conftest.py sets it for the run and its
pytest-xdist workers); the run's summary counts the lines.  A build is of
the *whole book* when its source folder is a book whose ``docs/interviews/``
holds a chapter of the real book (the test book or a copy of it), not only a
fixture chapter as the small sites of ``tests/roots/`` do.  A build whose
doctrees folder already held a pickled environment is counted as a rebuild.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

LOG = "BOOK_BUILD_LOG"


def _sphinx_command(argv: list[str]) -> bool:
    for i, arg in enumerate(argv):
        name = Path(arg).name
        if name in ("sphinx-build", "sphinx-autobuild"):
            return True
        if arg == "-m" and i + 1 < len(argv):
            return argv[i + 1] in ("sphinx", "sphinx_autobuild")
    return False


def _option(argv: list[str], flag: str) -> str | None:
    for i, arg in enumerate(argv[:-1]):
        if arg == flag:
            return argv[i + 1]
    return None


def describe(argv: list[str], cwd: Path) -> dict | None:
    """What the Sphinx command ``argv`` run in ``cwd`` builds (None if not Sphinx)."""
    from tests.helpers.book import real_slugs

    if not _sphinx_command(argv):
        return None
    # conf.py's folder (``-c``), as tools.lib.build.sphinx_args gives it
    confdir = _option(argv, "-c")
    root = cwd / confdir if confdir else None
    whole = root is not None and any(
        (root / "docs" / "interviews" / f"{slug}.md").is_file() for slug in real_slugs()
    )
    doctrees = _option(argv, "-d")
    language = next(
        (a.partition("=")[2] for a in argv if a.startswith("-Dlanguage=")), "zh_CN"
    )
    return {
        "whole_book": whole,
        "builder": _option(argv, "-b") or "html",
        "language": language,
        "rebuild": bool(doctrees and (cwd / doctrees / "environment.pickle").exists()),
        "autobuild": any("autobuild" in a for a in argv),
        "root": str(root),
        "test": os.environ.get("PYTEST_CURRENT_TEST", "").rpartition(" ")[0],
    }


def install() -> None:
    """Note every Sphinx process this Python process starts in ``$BOOK_BUILD_LOG``."""
    import subprocess

    if getattr(subprocess.Popen, "_book_build_count", False):
        return
    original = subprocess.Popen.__init__

    def init(self, args, *rest, **kwargs):
        log = os.environ.get(LOG)
        if log and isinstance(args, (list, tuple)):
            try:
                seen = describe(
                    [str(a) for a in args], Path(kwargs.get("cwd") or os.getcwd())
                )
            except OSError:
                seen = None
            if seen:
                with open(log, "a", encoding="utf-8") as file:
                    file.write(json.dumps(seen) + "\n")
        original(self, args, *rest, **kwargs)

    subprocess.Popen.__init__ = init
    subprocess.Popen._book_build_count = True
    _count_in_process()


def _count_in_process() -> None:
    """Note the Sphinx applications made in this process too (``tools/check.py``
    reads the book so; ``sphinx.testing`` builds the small sites so)."""
    import inspect

    from sphinx.application import Sphinx

    original = Sphinx.__init__
    signature = inspect.signature(original)

    def init(self, *args, **kwargs):
        log = os.environ.get(LOG)
        if log:
            try:
                bound = signature.bind(self, *args, **kwargs).arguments
                seen = _in_process(bound)
            except (OSError, TypeError):
                seen = None
            if seen:
                with open(log, "a", encoding="utf-8") as file:
                    file.write(json.dumps(seen) + "\n")
        original(self, *args, **kwargs)

    Sphinx.__init__ = init


def _in_process(arguments: dict) -> dict:
    from tests.helpers.book import real_slugs

    root = Path(arguments.get("confdir") or arguments["srcdir"])
    doctrees = arguments.get("doctreedir")
    overrides = arguments.get("confoverrides") or {}
    return {
        "whole_book": any(
            (root / "docs" / "interviews" / f"{slug}.md").is_file()
            for slug in real_slugs()
        ),
        "builder": f"{arguments.get('buildername')} (in process)",
        "language": overrides.get("language", "zh_CN"),
        "rebuild": bool(
            doctrees
            and not arguments.get("freshenv")
            and (Path(doctrees) / "environment.pickle").exists()
        ),
        "autobuild": False,
        "root": str(root),
        "test": os.environ.get("PYTEST_CURRENT_TEST", "").rpartition(" ")[0],
    }


def summary(log: Path) -> list[str]:
    """The lines the run's summary prints about the builds in ``log``."""
    if not log.is_file():
        return []
    builds = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    whole = [b for b in builds if b["whole_book"]]
    clean = [b for b in whole if not b["rebuild"]]
    kinds = Counter(
        f"{b['builder']}/{b['language']}{' (autobuild)' if b['autobuild'] else ''}"
        for b in clean
    )
    tests = Counter(b["test"].split("::")[0] for b in clean)
    return [
        f"Whole-book Sphinx builds: {len(clean)} from clean "
        f"({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}), "
        f"{len(whole) - len(clean)} incremental rebuilds; "
        f"{len(builds) - len(whole)} builds of small sites",
        "  clean whole-book builds by test file: "
        + ", ".join(f"{k or '(fixture)'} {n}" for k, n in sorted(tests.items())),
        f"  (every build listed in {log})",
    ]
