"""Shared test helpers that are not fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def skip_or_fail(message: str) -> None:
    """Skip a test whose tool is missing here; on CI (``CI`` set), fail it.

    ``.ci/run`` installs every tool the tests need, so a missing one there is
    a broken install step, never a reason to pass.
    """
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def insert_glossary_entry(book: Path, *terms: str, definition: str) -> None:
    """Put an entry at the top of the glossary of the book copy in ``book``.

    ``terms`` are its term lines (the Chinese headword, then the English
    term, if any); ``definition`` is one line.
    """
    glossary = book / "docs" / "glossary.md"
    text = glossary.read_text(encoding="utf-8")
    assert "```{glossary}\n" in text, f"{glossary} has no glossary block"
    entry = "".join(f"{term}\n" for term in terms) + f"  {definition}\n\n"
    glossary.write_text(
        text.replace("```{glossary}\n", f"```{{glossary}}\n{entry}", 1),
        encoding="utf-8",
    )


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Write each path (relative to root) with its text or bytes, making folders."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
