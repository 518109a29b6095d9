"""The table of raw sources, ``sources/README.md``: each file with its sha256.

A raw source is kept verbatim, and the table records each file's checksum so
that the build (``confine.recorded_digest_problem``) and the tests notice an
edit.  The command ``python -m tools.raw_sources`` (``tools/raw_sources.py``)
adds a new source's row.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from tools.lib import textfile

TABLE = Path("sources") / "README.md"
# | `file` | interview | what it is | `sha256` |
ROW = re.compile(r"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$", re.M)


def recorded(root: Path | str) -> dict[str, str]:
    """The sha256 the table records for each raw source, by file name."""
    table = Path(root) / TABLE
    return dict(ROW.findall(textfile.read(table))) if table.is_file() else {}


def checksum_row(raw: Path, interview: str, what: str) -> str:
    """The table's row for the raw source ``raw`` (ending in a newline)."""
    digest = hashlib.sha256(raw.read_bytes()).hexdigest()
    return f"| `{raw.name}` | {interview} | {what} | `{digest}` |\n"


def add_checksum_row(root: Path | str, raw: Path, interview: str, what: str) -> str:
    """Record ``raw``'s sha256 in ``root``'s table, after its last row (or
    its header, when it has none yet); the row.

    A file the table already lists raises ``ValueError``: its row is the
    record of what was received, and is never rewritten.
    """
    readme = Path(root) / TABLE
    if raw.name in recorded(root):
        raise ValueError(
            f"{TABLE} already has a row for {raw.name}; a raw source is recorded "
            "once (save a new source under a new name)"
        )
    lines = textfile.read(readme).splitlines(keepends=True)
    last_row = max(
        i for i, line in enumerate(lines) if line.startswith(("| `", "| ---"))
    )
    row = checksum_row(raw, interview, what)
    lines.insert(last_row + 1, row)
    readme.write_text("".join(lines), encoding="utf-8")
    return row
