"""The table of raw sources, ``sources/README.md``: each file with its sha256.

A raw source is kept verbatim, and the table records each file's checksum so
that the build (``confine.recorded_digest_problem``) and the tests notice an
edit.  An editor adding an interview records its raw text with::

    python -m tools.raw_sources sources/<name>.txt \\
        --interview "姓名 (Given Family), 《AI制药十人谈》, published YYYY-MM-DD" \\
        --what "A scraped web copy of the article, with …"

which adds the row (file, interview, what it is, sha256) after the table's
last row and prints it.  ``--print`` prints the row without writing it.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

from tools import textfile

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
    """Record ``raw``'s sha256 in ``root``'s table, after its last row; the row.

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
    last_row = max(i for i, line in enumerate(lines) if line.startswith("| `"))
    row = checksum_row(raw, interview, what)
    lines.insert(last_row + 1, row)
    readme.write_text("".join(lines), encoding="utf-8")
    return row


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: add (or print) a raw source's row."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", type=Path, help="the raw text, saved in sources/")
    parser.add_argument(
        "--interview", required=True, help="whose interview, where and when published"
    )
    parser.add_argument(
        "--what", required=True, help="what the file is (a web copy, with what debris)"
    )
    parser.add_argument(
        "--print", action="store_true", help="print the row, do not write it"
    )
    args = parser.parse_args(argv)
    root = Path.cwd()
    if args.raw.resolve().parent != (root / "sources").resolve():
        parser.error(f"{args.raw}: save the raw source in sources/ and name it there")
    if not args.raw.is_file():
        parser.error(f"{args.raw}: no such file")
    if "|" in args.interview + args.what or "\n" in args.interview + args.what:
        parser.error("--interview and --what go into one table cell: no '|', one line")
    if args.print:
        print(checksum_row(args.raw, args.interview, args.what), end="")
        return 0
    try:
        row = add_checksum_row(root, args.raw, args.interview, args.what)
    except ValueError as error:  # textfile.UnreadableText is one
        print(error, file=sys.stderr)
        return 1
    print(f"{TABLE}: added {row}", end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
