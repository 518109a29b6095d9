"""The fidelity guard: the edition's interview text must be the source's.

For each chapter in ``docs/interviews/`` the expected text is derived afresh
from the raw source named in its front matter (``interview.source``), by the
documented rules of ``tools.rawtext``.  The guard then reads the paragraphs
of the interview as a given format presents them, strips only what the
edition adds (margin numbers, annotation marks, glossary-link markup) and
compares paragraph by paragraph: a changed, lost, added or reordered
character fails with the paragraph number and the difference.

Usage::

    python -m tools.fidelity --sources          # the MyST sources (no build)
    python -m tools.fidelity --html build/html  # a built HTML book
    python -m tools.fidelity --pdf build/pdf/ai-pharma-ten-conversations.pdf
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tools import interview, textfile

ROOT = interview.ROOT


# The chapter model lives in tools.interview; these names are kept for the
# callers of the guard (one definition, re-exported).
Chapter = interview.Interview
chapters = interview.chapters


def source_paragraphs(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every paragraph inside a ``{turn}`` block of a MyST file."""
    text = textfile.read(path)
    return [(p.line, p.text) for p in interview.turn_paragraphs(text)]


def html_paragraphs(page: Path) -> list[str]:
    """The text of every ``p.interview-paragraph`` of a built HTML page."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    texts = []
    for paragraph in soup.select("p.interview-paragraph"):
        # What the edition adds inside a paragraph: the margin number, the
        # sidenote (its mark, toggle and text, shown and hidden copies) and
        # plain footnote references.
        for added in paragraph.select(
            ".paranum, label.margin-toggle, input.margin-toggle, span.sidenote, "
            "span.marginnote, .footnote-reference"
        ):
            added.decompose()
        texts.append(paragraph.get_text())
    return texts


def pdf_paragraphs(pdf: Path) -> list[list[str]]:
    """The interview paragraphs of a PDF edition, one list per chapter.

    The PDF has no paragraph markup, so its typography is read instead.  The
    body text is the text in the most common font size: headings are larger;
    running heads, margin numbers, footnote marks and footnotes are smaller.
    A paragraph starts on the body line beside its margin number ``¶N``
    (found by position: in the content stream the number follows the line;
    a smaller "¶N" with no body line beside it is a footnote's reference)
    and runs until the next number or the next heading; a chapter starts
    where the numbers start again at 1.  The text is returned without any
    whitespace: the typesetter adds line breaks and spaces between Chinese
    and Latin letters, and the interview's text is compared without them.
    """
    from pypdf import PdfReader

    chunks: list[tuple[int, float, float, float, str]] = []  # page, y, x, size, text
    for number, page in enumerate(PdfReader(pdf).pages):

        def visit(text, cm, tm, font, size, number=number) -> None:
            if not text.strip():
                return
            x, y = tm[4], tm[5]
            chunks.append(
                (
                    number,
                    cm[1] * x + cm[3] * y + cm[5],
                    cm[0] * x + cm[2] * y + cm[4],
                    round(size * abs(tm[3] * cm[3]), 1),
                    text,
                )
            )

        page.extract_text(visitor_text=visit)

    weight: dict[float, int] = {}
    for _page, _y, _x, size, text in chunks:
        weight[size] = weight.get(size, 0) + len(text.strip())
    body = max(weight, key=weight.__getitem__)

    # Body lines in reading order: (page, y) -> text, and where numbers sit.
    lines: dict[tuple[int, float], list[tuple[float, str]]] = {}
    headings: set[tuple[int, float]] = set()
    numbers: dict[tuple[int, float], int] = {}
    for page, y, x, size, text in chunks:
        key = (page, round(y, 1))
        if abs(size - body) < 0.3:
            lines.setdefault(key, []).append((x, text))
        elif size > body:
            headings.add(key)
        elif match := re.fullmatch(r"\s*¶(\d+)\s*", text):
            numbers[key] = int(match.group(1))
    # A margin number sits on the first line of its paragraph; a "¶N" in a
    # footnote or on the title page's back has no body line beside it.
    starts: dict[tuple[int, float], int] = {}
    for (page, y), number in numbers.items():
        beside = [key for key in lines if key[0] == page and abs(key[1] - y) < 1.5]
        if beside:
            starts[beside[0]] = number

    chapters: list[list[str]] = []
    current: list[str] | None = None
    for key in sorted(lines.keys() | headings, key=lambda k: (k[0], -k[1])):
        if key in starts:
            if starts[key] == 1:
                chapters.append([])
            current = [""]
            chapters[-1].append("")
        elif key in headings:
            current = None
        if current is not None and key in lines:
            text = "".join(t for _x, t in sorted(lines[key]))
            chapters[-1][-1] += re.sub(r"\s+", "", text)
    return chapters


def check_pdf(pdf: Path, root: Path = ROOT) -> list[Mismatch]:
    """Check every chapter's paragraphs in a PDF edition against its source.

    Whitespace is not compared (see ``pdf_paragraphs``).  A chapter is found
    by its first paragraph, so the order of the chapters in the book does
    not matter.
    """
    found = pdf_paragraphs(pdf)
    problems = []
    for index, chapter in enumerate(chapters(root)):
        expected = [re.sub(r"\s+", "", text) for text in chapter.expected()]
        match = next((c for c in found if c and c[0] == expected[0]), None)
        if match is None:  # ¶1 differs: compare with the chapter in its place
            match = found[index] if index < len(found) else []
        problems += compare(expected, match, f"{pdf}: {chapter.docname}")
    return problems


# --- comparing


@dataclass(frozen=True)
class Mismatch:
    """One difference between the edition and its source.

    ``number`` is the paragraph's number in the source (¶N); ``found`` is the
    0-based position of the edition's paragraph involved, if there is one.
    """

    where: str
    number: int
    found: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.where} ¶{self.number}: {self.message}"


def _plain(char: str) -> bool:
    """A character a reader tells apart on screen: a CJK ideograph or visible ASCII."""
    return (
        "\u4e00" <= char <= "\u9fff"
        or "\u3400" <= char <= "\u4dbf"
        or "!" <= char <= "~"
    )


def code_points(text: str) -> str:
    """``U+FF12 FULLWIDTH DIGIT TWO, …`` for every character of ``text`` that is
    not plain: full-width and compatibility forms, look-alikes from other
    scripts, spaces, zero-width and bidirectional controls."""
    named = []
    for char in dict.fromkeys(text):
        if not _plain(char):
            name = unicodedata.name(char, f"<{unicodedata.category(char)}>")
            named.append(f"U+{ord(char):04X} {name}")
    return ", ".join(named)


def _diff(expected: str, found: str) -> str:
    """Each difference, with the code points of the characters hard to see."""
    matcher = difflib.SequenceMatcher(None, expected, found, autojunk=False)
    parts = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op != "equal":
            part = (
                f"{op} source {expected[a0:a1]!r} -> edition {found[b0:b1]!r} "
                f"at character {a0 + 1}"
            )
            sides = [
                f"{side}: {names}"
                for side, names in (
                    ("source", code_points(expected[a0:a1])),
                    ("edition", code_points(found[b0:b1])),
                )
                if names
            ]
            parts.append(f"{part} ({'; '.join(sides)})" if sides else part)
    return "; ".join(parts)


def compare(expected: list[str], found: Iterable[str], where: str) -> list[Mismatch]:
    """Align the edition's paragraphs with the source's and list the differences.

    Paragraphs are aligned first, so one lost or added paragraph is reported
    once instead of shifting every paragraph after it.
    """
    found = list(found)
    problems = []
    matcher = difflib.SequenceMatcher(None, expected, found, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        paired = min(a1 - a0, b1 - b0) if op == "replace" else 0
        for offset in range(paired):
            want, got = expected[a0 + offset], found[b0 + offset]
            problems.append(
                Mismatch(
                    where,
                    a0 + offset + 1,
                    b0 + offset,
                    f"differs from the source: {_diff(want, got)}",
                )
            )
        for index in range(a0 + paired, a1):
            problems.append(
                Mismatch(
                    where,
                    index + 1,
                    None,
                    f"is missing from the edition; the source has {expected[index]!r}",
                )
            )
        for index in range(b0 + paired, b1):
            problems.append(
                Mismatch(
                    where,
                    a1 + 1,
                    index,
                    f"is preceded by a paragraph that is not in the source: "
                    f"{found[index]!r} (editorial text belongs in a heading or an "
                    "annotation)",
                )
            )
    return problems


def check_sources(root: Path = ROOT) -> list[Mismatch]:
    """Check every chapter's MyST source against its raw source."""
    problems = []
    for chapter in chapters(root):
        found = source_paragraphs(chapter.path)
        rel = chapter.path.relative_to(root)
        for problem in compare(chapter.expected(), [t for _, t in found], str(rel)):
            if problem.found is not None:
                where = f"{rel}:{found[problem.found][0]}"
                problem = Mismatch(
                    where, problem.number, problem.found, problem.message
                )
            problems.append(problem)
    return problems


def check_html(html_dir: Path, root: Path = ROOT) -> list[Mismatch]:
    """Check every chapter's built HTML page against its raw source."""
    problems = []
    for chapter in chapters(root):
        page = html_dir / f"{chapter.docname}.html"
        if not page.exists():
            problems.append(Mismatch(str(page), 0, None, "the chapter was not built"))
            continue
        problems += compare(chapter.expected(), html_paragraphs(page), str(page))
    return problems


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
    if problems:
        print(
            f"{len(problems)} difference(s) from the source. The interview text is "
            "reproduced verbatim: restore it, and put a correction in an annotation.",
            file=sys.stderr,
        )
        return 1
    print(f"fidelity: {len(chapters())} chapter(s) match their sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
