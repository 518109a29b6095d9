"""Check the interview text against its sources: the fidelity guard's command.

The guard itself is ``tools.lib.fidelity``; this command runs it on the
sources, a built HTML book or a PDF edition, and exits 1 with one line per
difference.

Usage::

    python -m tools.fidelity --sources          # the MyST sources (no build)
    python -m tools.fidelity --html build/html  # a built HTML book
    python -m tools.fidelity --pdf build/pdf/ai-pharma-ten-conversations.pdf
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.lib import interview, textfile
from tools.lib.fidelity import Unmarked, chapters, check_html, check_pdf, check_sources


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: exit 1 and list the differences, if any."""
    parser = argparse.ArgumentParser(description="Check the interview text.")
    parser.add_argument("--sources", action="store_true", help="check docs/interviews")
    parser.add_argument("--html", type=Path, help="check a built HTML book")
    parser.add_argument("--pdf", type=Path, help="check a built PDF edition")
    args = parser.parse_args(argv)
    if not (args.sources or args.html or args.pdf):
        parser.error("give --sources, --html DIR and/or --pdf FILE")
    try:
        problems = check_sources() if args.sources else []
        if args.html:
            problems += check_html(args.html)
        if args.pdf:
            problems += check_pdf(args.pdf)
    except (interview.InterviewError, textfile.UnreadableText) as error:
        print(error, file=sys.stderr)
        return 1
    for problem in problems:
        print(problem, file=sys.stderr)
    # A paragraph the PDF does not mark is the style's fault, not the text's.
    differences = [p for p in problems if not isinstance(p, Unmarked)]
    if differences:
        print(
            f"{len(differences)} difference(s) from the source. The interview text "
            "is reproduced verbatim: restore it, and put a correction in an "
            "annotation.",
            file=sys.stderr,
        )
    if problems:
        return 1
    print(f"fidelity: {len(chapters())} chapter(s) match their sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
