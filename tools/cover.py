"""Make the EPUB's cover from the PDF's title page.

The cover is the title page of the PDF edition (``tools/latex/aipharmabook.sty``,
``\\sphinxmaketitle``; its texts are ``tools/latex/booktexts.toml``), one per
language: ``poppler``'s ``pdftoppm`` renders the first page of
``build/pdf/<edition>.pdf`` into ``tools/latex/cover-<language>.png``, which
the EPUB builder copies in (``conf.py``: ``book_epub_cover_file``).  Run
``nox -s pdf`` and then ``python -m tools.cover`` after changing the title
page, and commit the covers it writes: the EPUB build needs neither XeLaTeX
nor poppler.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from tools.lib.build import LANGUAGES, ROOT, edition_basename

COVER_HEIGHT = 2000  # pixels; the width follows the page's proportions


def cover_file(language: str) -> Path:
    """Where the cover of the edition in ``language`` is kept."""
    return ROOT / "tools" / "latex" / f"cover-{language}.png"


def make_cover(pdf: Path, out: Path) -> None:
    """Render the first page of ``pdf`` into the PNG file ``out``."""
    subprocess.run(
        [
            *("pdftoppm", "-f", "1", "-l", "1", "-singlefile", "-png"),
            *("-scale-to-x", "-1", "-scale-to-y", str(COVER_HEIGHT)),
            *(str(pdf), str(out.with_suffix(""))),
        ],
        check=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.cover",
        description="Render each PDF edition's title page into the EPUB's cover "
        "(tools/latex/cover-<language>.png).",
    )
    parser.add_argument(
        "pdf_dir",
        nargs="?",
        type=Path,
        default=ROOT / "build" / "pdf",
        help="the folder of the built PDFs (default: build/pdf, nox -s pdf)",
    )
    args = parser.parse_args(argv)
    for language in LANGUAGES:
        pdf = args.pdf_dir / f"{edition_basename(language)}.pdf"
        if not pdf.is_file():
            print(
                f"{pdf}: no such PDF; build it first with nox -s pdf", file=sys.stderr
            )
            return 1
        make_cover(pdf, cover_file(language))
        print(cover_file(language).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
