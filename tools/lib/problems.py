"""Sphinx's warnings as a contributor needs them: ``file:line: what is wrong; what to do``.

``Collector`` is a ``logging.Handler`` for Sphinx's own logger
(``sphinx.util.logging``): it keeps each warning once, with the place Sphinx
gives it (its ``WarningLogRecordTranslator``) relative to the book, and adds
what to do for the warnings a content change meets (``HINTS``: a missing
citation key, glossary term, label or note).  ``nox -s check``
(``tools/check.py``) and the live preview's banner
(``tools/sphinxext/reader/preview_problems.py``) both use it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Finding:
    """One thing to fix, at a place in a file (``where`` is ``file:line``)."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


# What to do about Sphinx's warnings, by the warning's (type, subtype) or, for
# warnings logged without one, by a pattern of its text.  The first match wins.
HINTS: list[tuple[tuple[str, str] | None, re.Pattern[str] | None, str]] = [
    (
        ("bibtex", "key_not_found"),
        None,
        "add the entry to references.bib (with its verified field) or fix the key",
    ),
    (
        ("ref", "term"),
        None,
        "add it to docs/glossary.md or link an existing term",
    ),
    (
        None,
        re.compile(r"term not in glossary"),
        "add it to docs/glossary.md or link an existing term",
    ),
    (
        ("ref", "ref"),
        None,
        "give the target an id ({#an-id} above its heading) or link an existing "
        "label, e.g. {ref}`chapter-pN` for a paragraph",
    ),
    (
        None,
        re.compile(r"[Ff]ootnote .*(not referenced|is not referenced)"),
        "reference the note with [^label] in its paragraph, or delete the definition",
    ),
    (
        None,
        re.compile(
            r"[Ff]ootnote .*(not defined|missing|unknown)|[Uu]nknown target name"
        ),
        "define the note ([^label]: …) right after the turn that references it",
    ),
]


def hint(kind: str, subtype: str, message: str) -> str:
    """What to do about one warning ('' when the message already says it)."""
    for key, pattern, what in HINTS:
        if key is not None and key == (kind, subtype):
            return what
        if pattern is not None and pattern.search(message):
            return what
    return ""


def relative(location: str, root: Path = ROOT) -> str:
    """``file:line`` of a warning, the file relative to the repository."""
    path, sep, line = location.rpartition(":")
    if not sep or not line.isdigit():
        path, line = location, ""
    path = re.sub(r"<translated>$", "", path)
    with suppress(ValueError):
        path = str(Path(path).resolve().relative_to(root.resolve()))
    return f"{path}:{line}" if line else path


class Collector(logging.Handler):
    """Keep every warning Sphinx logs, with its location and kind."""

    def __init__(self, app, root: Path = ROOT) -> None:
        from sphinx.util.logging import WarningLogRecordTranslator

        super().__init__(logging.WARNING)
        # the filter Sphinx's own warning handler uses: it turns the
        # ``location=`` of a warning (a node, a docname) into "file:line"
        self.addFilter(WarningLogRecordTranslator(app))
        self.findings: list[Finding] = []
        self.root = root
        self.seen: set[int] = set()

    def emit(self, record: logging.LogRecord) -> None:
        # Sphinx holds back warnings while it reads and then hands them to
        # the logger again (sphinx.util.logging.pending_warnings): once each.
        if id(record) in self.seen:
            return
        self.seen.add(id(record))
        # the plain text: Sphinx's record class would prefix place and level
        message = logging.LogRecord.getMessage(record).strip()
        kind = getattr(record, "type", "") or ""
        subtype = getattr(record, "subtype", "") or ""
        message = re.sub(r"\s*\[[\w.]+\]$", "", message)  # Sphinx's "[type.subtype]"
        what = hint(kind, subtype, message)
        text = f"{message}; {what}" if what else message
        where = relative(getattr(record, "location", "") or "", self.root)
        self.findings.append(Finding(where, text))


@contextmanager
def collected(app, root: Path = ROOT) -> Iterator[Collector]:
    collector = Collector(app, root)
    logger = logging.getLogger("sphinx")
    logger.addHandler(collector)
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
