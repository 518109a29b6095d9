"""Record a raw source in ``sources/README.md``: its row, with its sha256.

An editor adding an interview records its raw text with::

    python -m tools.raw_sources sources/<name>.txt \\
        --interview "姓名 (Given Family), 《AI制药十人谈》, published YYYY-MM-DD" \\
        --what "A scraped web copy of the article, with …"

which adds the row (file, interview, what it is, sha256) after the table's
last row and prints it.  ``--print`` prints the row without writing it.  The
table itself is read and written by ``tools.lib.raw_sources``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.lib.raw_sources import TABLE, add_checksum_row, checksum_row


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
