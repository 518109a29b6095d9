"""Which paths a pull request may make the book read: inside the repository only.

A chapter, a translation or the front matter names files (an include, an
image, a download, the raw source of an interview).  On a pull-request build
whatever such a path reaches is published or printed in the log, so a path
must stay inside the repository, after symbolic links are followed, and out
of the folders that hold the build machine's own files: ``.git`` (where CI
keeps its credentials), the nox and node environments, the build output.
Used by the Sphinx extension ``tools.sphinxext.security.confinement`` and by the
command-line tools.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from tools.lib import raw_sources

# Folders of the repository a book never needs to read from.
MACHINE_FOLDERS = frozenset({"build", "node_modules", "_build", "__pycache__"})

WHAT_TO_DO = (
    "keep every file the book shows inside the repository (docs/, sources/) and "
    "name it by a relative path"
)


def escape(path: Path | str, root: Path | str) -> str | None:
    """Why ``path`` may not be read, or ``None`` when it lies safely inside ``root``.

    ``path`` is taken as given (absolute or relative to the working folder);
    its real place, symbolic links followed, is what counts.  The reason
    reads after the path: "'../x' refused: it is outside the repository".
    """
    root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(root):
        via = f" (a symbolic link to {real})" if Path(path).is_symlink() else ""
        return f"it is outside the repository{via}"
    for part in real.relative_to(root).parts:
        if part.startswith(".") or part in MACHINE_FOLDERS:
            return (
                f"it is inside {part}/, which holds the build machine's own files "
                "(version control, environments, build output), not the book's"
            )
    return None


def outside_links(root: Path | str, folders: tuple[str, ...]) -> list[tuple[Path, str]]:
    """Symbolic links under ``root``'s ``folders`` that lead out of bounds."""
    root = Path(root)
    found = []
    for folder in folders:
        top = root / folder
        if top.is_symlink() or top.is_file():
            candidates = [top]
        elif top.is_dir():
            candidates = []
            for here, dirs, files in os.walk(top):
                candidates += [Path(here, name) for name in dirs + files]
                dirs[:] = [  # never into the machine's folders
                    name
                    for name in dirs
                    if not name.startswith(".") and name not in MACHINE_FOLDERS
                ]
        else:
            continue
        for path in candidates:
            if path.is_symlink() and (reason := escape(path, root)):
                found.append((path, reason))
    return sorted(found)


# --- an interview's raw source


def source_problem(root: Path | str, source: str) -> str | None:
    """Why a chapter may not name ``source`` as its raw text (``None``: it may).

    The raw text is printed in the fidelity guard's messages, so it must be a
    file under the repository's ``sources/``, symbolic links followed.
    """
    root = Path(root)
    path = root / source
    reason = escape(path, root)
    if reason is None and not Path(os.path.realpath(path)).is_relative_to(
        Path(os.path.realpath(root / "sources"))
    ):
        reason = "it is not in sources/"
    return f"interview.source {source!r} refused: {reason}" if reason else None


def recorded_digest_problem(root: Path | str, source: Path) -> str | None:
    """Why a raw source does not match the sha256 ``sources/README.md`` records.

    The raw text is what "verbatim" means: a pull request that edits it
    together with the chapter would pass the comparison, so the build also
    holds it to its recorded checksum.  ``None``: it matches.
    """
    recorded = raw_sources.recorded(root).get(source.name)
    if recorded is None:
        return (
            f"{source.name} has no row with its sha256 in sources/README.md; add one "
            f"(python -m tools.raw_sources sources/{source.name} --interview … --what …)"
        )
    actual = hashlib.sha256(source.read_bytes()).hexdigest()
    if actual != recorded:
        return (
            f"{source.name} is not the raw text sources/README.md records (sha256 "
            f"{actual[:12]}…, recorded {recorded[:12]}…); raw sources are kept "
            "verbatim: restore it"
        )
    return None
