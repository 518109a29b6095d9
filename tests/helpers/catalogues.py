"""The English edition's catalogues (``locales/en/LC_MESSAGES``), read with Babel."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

from tools.lib.build import ROOT

LOCALES = ROOT / "locales" / "en" / "LC_MESSAGES"
# The book's catalogues (the fixture interviews' are beside their chapters).
BOOK_CATALOGUES = sorted(LOCALES.rglob("*.po"))


def messages(path: Path):
    """The catalogue's messages, its header left out."""
    with path.open("rb") as handle:
        return [m for m in read_po(handle) if m.id]


def coverage() -> tuple[int, int]:
    """(translated, total) messages over every English catalogue."""
    total = translated = 0
    for path in BOOK_CATALOGUES:
        for message in messages(path):
            total += 1
            translated += bool(message.string) and not message.fuzzy
    return translated, total
