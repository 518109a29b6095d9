"""The fidelity guard: the edition's interview text must be the source's.

For each chapter in ``docs/interviews/`` the expected text is derived afresh
from the raw source named in its front matter (``interview.source``), by the
documented rules of ``tools.lib.rawtext``.  The guard then reads the paragraphs
of the interview as a given format presents them, strips only what the
edition adds (margin numbers, annotation marks, glossary-link markup) and
compares paragraph by paragraph: a changed, lost, added or reordered
character fails with the paragraph number and the difference.

The command is ``python -m tools.fidelity`` (``tools/fidelity.py``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tools.lib import characters, interview, textfile

ROOT = interview.ROOT


# The chapter model lives in tools.lib.interview; these names are kept for the
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


# --- the PDF edition: paragraphs by their named destinations
#
# tools/latex/aipharmabook.sty puts a named destination (a point on a page:
# nothing is seen) where each interview paragraph's first line starts,
# named by the paragraph's label (``xie-changyu-p12``), and one where its
# last line ends (``xie-changyu-p12-end``); and one on each page where the
# text the edition adds begins: the running head's and the folio's
# baselines and the footnote rule.  The reader guesses nothing from the
# fonts or the page layout: a paragraph is the text between its two
# destinations, less what lies beyond the page's head, folio or footnote
# rule, its margin number ¶N and its footnote marks (hyperref's links to
# ``Hfootnote.N``).

#: The page's destinations before which (head) or after which (foot, notes)
#: the edition's own text lies.
PAGE_MARK = re.compile(r"aipharmabook\.(head|foot|notes)\.\d+")
#: How far (in PDF points) a run of text on a destination's line may sit
#: from its height: rounding only, a line is more than ten points from the next.
LINE = 1.0
#: The margin number ¶N, as the PDF's text shows it.
MARGIN_NUMBER = re.compile(r"¶\d+")
HINT = (
    "tools/latex/aipharmabook.sty's \\bookparastart must mark every interview "
    "paragraph (tools/sphinxext/text/turns.py writes it)"
)


@dataclass(frozen=True)
class Point:
    """A named destination: its 0-based page and its height (PDF points)."""

    page: int
    y: float


@dataclass(frozen=True)
class Glyphs:
    """One run of text the PDF shows, where it starts."""

    y: float
    x: float
    text: str


class PdfText:
    """The text of a PDF edition and its named destinations, page by page."""

    def __init__(self, pdf: Path) -> None:
        from pypdf import PdfReader

        self.reader = PdfReader(pdf)
        self.points: dict[str, Point] = {}
        for name, destination in self.reader.named_destinations.items():
            top = destination.top
            if isinstance(top, (int, float)):  # /XYZ or /FitH: it has a height
                page = self.reader.get_destination_page_number(destination)
                self.points[str(name)] = Point(page, float(top))
        self._pages: dict[int, list[Glyphs]] = {}

    def body(self, number: int) -> list[Glyphs]:
        """The page's text, without the edition's additions, from top to bottom."""
        if number not in self._pages:
            self._pages[number] = self._read(number)
        return self._pages[number]

    def _read(self, number: int) -> list[Glyphs]:
        page = self.reader.pages[number]
        marks: dict[str, list[float]] = {}
        for name, point in self.points.items():
            if point.page == number and (match := PAGE_MARK.fullmatch(name)):
                marks.setdefault(match.group(1), []).append(point.y)
        head = min(marks.get("head", []), default=None)
        foot = max(marks.get("foot", []), default=None)
        notes = max(marks.get("notes", []), default=None)
        footnote_marks = _footnote_marks(page)
        runs: list[Glyphs] = []

        def visit(text, cm, tm, font, size) -> None:
            if not text.strip() or MARGIN_NUMBER.fullmatch(text.strip()):
                return
            x, y = tm[4], tm[5]
            run = Glyphs(
                cm[1] * x + cm[3] * y + cm[5], cm[0] * x + cm[2] * y + cm[4], text
            )
            if (
                (head is not None and run.y > head - LINE)
                or (foot is not None and run.y < foot + LINE)
                or (notes is not None and run.y < notes)
                or any(_inside(run, rect) for rect in footnote_marks)
            ):
                return
            runs.append(run)

        page.extract_text(visitor_text=visit)
        return sorted(runs, key=lambda run: (-run.y, run.x))

    def between(self, start: Point, end: Point) -> str:
        """The text from ``start`` to ``end``, line by line, without whitespace."""
        runs = [
            run
            for number in range(start.page, end.page + 1)
            for run in self.body(number)
            if (number > start.page or run.y < start.y + LINE)
            and (number < end.page or run.y > end.y - LINE)
        ]
        text: list[str] = []
        line: list[Glyphs] = []
        for run in runs:  # top to bottom: a new line where the height changes
            if line and abs(run.y - line[0].y) > LINE:
                text += [r.text for r in sorted(line, key=lambda r: r.x)]
                line = []
            line.append(run)
        text += [r.text for r in sorted(line, key=lambda r: r.x)]
        return re.sub(r"\s+", "", "".join(text))


def _footnote_marks(page) -> list[tuple[float, float, float, float]]:
    """The rectangle of every footnote mark: a link to hyperref's ``Hfootnote.N``."""
    rects = []
    for annotation in page.get("/Annots") or []:
        annotation = annotation.get_object()
        action = annotation.get("/A") or {}
        target = annotation.get("/Dest") or action.get("/D")
        if annotation.get("/Subtype") == "/Link" and str(target).startswith(
            "Hfootnote."
        ):
            x0, y0, x1, y1 = (float(v) for v in annotation["/Rect"])
            rects.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    return rects


def _inside(run: Glyphs, rect: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = rect
    return x0 - LINE <= run.x <= x1 and y0 - LINE <= run.y <= y1 + LINE


class UnmarkedParagraph(Exception):
    """A paragraph the PDF does not mark: its text cannot be read."""

    def __init__(self, number: int, message: str) -> None:
        super().__init__(message)
        self.number = number
        self.message = message


def pdf_paragraphs(text: PdfText, chapter: Chapter) -> list[str]:
    """A chapter's paragraphs as the PDF shows them, ¶1 first.

    They run from ¶1 for as long as the PDF has both of a paragraph's
    destinations: fewer than the source has is a lost paragraph, more an
    added one (``compare`` says which).  A destination without its pair, a
    gap in the numbers or none at all raises ``UnmarkedParagraph``.
    """
    points = text.points
    count = len(chapter.expected())
    found: list[str] = []
    while True:
        label = chapter.label(len(found) + 1)
        start, end = points.get(label), points.get(interview.end_of(label))
        if start is None and end is None:
            break
        if start is None or end is None:
            missing = label if start is None else interview.end_of(label)
            raise UnmarkedParagraph(
                len(found) + 1, f"the PDF has no destination {missing!r}; {HINT}"
            )
        found.append(text.between(start, end))
    number = len(found) + 1
    later = next(
        (
            name
            for n in range(number + 1, count + 2)
            for name in (chapter.label(n), interview.end_of(chapter.label(n)))
            if name in points
        ),
        None,
    )
    if not found or later:
        also = f" but has {later!r}" if later else " (is the chapter in the PDF?)"
        raise UnmarkedParagraph(
            number,
            f"the PDF has no destination {chapter.label(number)!r}{also}; {HINT}",
        )
    return found


def check_pdf(pdf: Path, root: Path = ROOT) -> list[Mismatch]:
    """Check every chapter's paragraphs in a PDF edition against its source.

    Whitespace is not compared: the typesetter adds line breaks and spaces
    between Chinese and Latin letters.  A chapter's paragraphs are found by
    their named destinations, so the chapters' order in the book does not
    matter; a paragraph the PDF does not mark is one line, for its chapter.
    """
    text = PdfText(pdf)
    problems: list[Mismatch] = []
    for chapter in chapters(root):
        where = f"{pdf}: {chapter.docname}"
        try:
            found = pdf_paragraphs(text, chapter)
        except UnmarkedParagraph as error:
            problems.append(Unmarked(where, error.number, None, error.message))
            continue
        expected = [re.sub(r"\s+", "", t) for t in chapter.expected()]
        problems += compare(expected, found, where)
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


@dataclass(frozen=True)
class Unmarked(Mismatch):
    """A paragraph the PDF edition does not mark: its text cannot be read."""


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
            named.append(characters.describe(char))
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
