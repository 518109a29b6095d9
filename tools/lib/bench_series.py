"""A synthetic book of N interviews, for ``nox -s bench -- --chapters N``.

The series will have ten interviews; this measures what that costs before
they exist.  The synthetic book is a copy of the real one in which each real
chapter is repeated under other slugs and other speakers until there are N
chapters: its raw source copied to ``sources/`` with the speaker labels
renamed, its chapter with the same labels, ids and ``{ref}`` targets renamed,
and a toctree entry.  Every copy keeps the real chapter's annotations,
glossary links and citations, and every guard (fidelity, speakers, ids) runs
on it as on the real one.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tools.lib import build, interview, raw_sources

PARTS = ("conf.py", "references.bib", "docs", "tools", "sources", "locales")
STEMS = "甲乙丙丁戊己庚辛壬癸"


def _rename_labels(text: str, renames: dict[str, str], colons: str) -> str:
    """Rename the speaker labels that open a line (``谢昌谕：`` -> ``受访者甲：``)."""
    for old, new in renames.items():
        text = re.sub(rf"^{re.escape(old)}(?=[{colons}])", new, text, flags=re.M)
    return text


def _set(front: str, key: str, value: str) -> str:
    line = f"  {key}: {value}"
    pattern = re.compile(rf"^  {re.escape(key)}:.*$", re.M)
    if pattern.search(front):
        return pattern.sub(lambda _m: line, front, count=1)
    return front.replace("interview:\n", f"interview:\n{line}\n", 1)


def copy_chapter(book: Path, chapter: interview.Interview, number: int) -> str:
    """Add the ``number``-th copy of ``chapter`` to ``book``; its docname."""
    stem = STEMS[number % len(STEMS)] + (
        str(number // len(STEMS)) if number >= 10 else ""
    )
    slug = f"bench-{number:02d}-{chapter.slug}"
    interviewer, interviewee = chapter.speakers
    renames = {interviewer.label: f"记者{stem}", interviewee.label: f"受访者{stem}"}
    raw = book / "sources" / f"{slug}.txt"
    raw.write_text(
        _rename_labels(chapter.source.read_text(encoding="utf-8"), renames, ":："),
        encoding="utf-8",
    )
    raw_sources.add_checksum_row(book, raw, "bench copy", "synthetic")
    text = _rename_labels(chapter.text, renames, "：")
    text = text.replace(f"{{#{chapter.slug}", f"{{#{slug}")
    text = text.replace(f"`{chapter.slug}-p", f"`{slug}-p")
    front, sep, body = text.partition("\n---\n")
    for key, value in (
        ("interviewer", renames[interviewer.label]),
        ("interviewee", renames[interviewee.label]),
        ("interviewer_label_en", f"Reporter {number}"),
        ("interviewee_label_en", f"Interviewee {number}"),
        ("source", f"sources/{raw.name}"),
    ):
        front = _set(front, key, value)
    target = book / "docs" / "interviews" / f"{slug}.md"
    target.write_text(front + sep + body, encoding="utf-8")
    return f"interviews/{slug}"


def make_book(out: Path, chapters: int) -> Path:
    """A copy of the real book with ``chapters`` interviews, in ``out``."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for part in PARTS:
        source = build.ROOT / part
        if source.is_dir():
            shutil.copytree(
                source, out / part, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, out / part)
    # npm's packages (PurgeCSS, Floating UI, terser) are not the book's
    # sources: the copy links the checkout's, as the tests' copies do.
    if (build.ROOT / "node_modules").is_dir():
        (out / "node_modules").symlink_to(build.ROOT / "node_modules")
    real = interview.chapters(out)
    if not real:
        raise SystemExit("the book has no interview to copy")
    added = [
        copy_chapter(out, real[k % len(real)], k + 1)
        for k in range(max(0, chapters - len(real)))
    ]
    index = out / "docs" / "index.md"
    text = index.read_text(encoding="utf-8")
    last = f"{real[-1].docname}\n"
    if added:
        text = text.replace(last, last + "".join(f"{d}\n" for d in added), 1)
    index.write_text(text, encoding="utf-8")
    return out
