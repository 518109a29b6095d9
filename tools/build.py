"""The one definition of how the book is built with sphinx-build.

``noxfile.py`` and the tests both call ``sphinx_args()``, so the book the
tests check is built exactly as readers get it.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STRICT = [
    "-W",  # treat warnings as errors
    "--keep-going",  # ...but report every one of them first
    "-n",  # nitpicky: warn about every missing reference
]


def sphinx_args(
    builder: str, out: Path, *, doctrees: Path, root: Path = ROOT, jobs: str = "auto"
) -> list[str]:
    """Arguments for ``sphinx-build`` building ``root``'s book into ``out``."""
    return [
        "-b", builder,
        "-c", str(root),  # conf.py is at the root, the sources in docs/
        "-d", str(doctrees),  # doctrees outside the output (EPUB needs it)
        "-j", jobs,
        *STRICT,
        str(root / "docs"),
        str(out),
    ]
