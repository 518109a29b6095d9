"""Read a contributor's text file, or say in one line what is wrong with it.

Every tool of the book reads files that come from pull requests: chapters,
raw sources, catalogues, the bibliography.  A file that is not UTF-8, or
whose YAML front matter does not parse, must give ``file:line: what is wrong;
what to do`` — never a traceback.  ``read()`` and ``front_matter()`` raise
``UnreadableText`` with that line; each command-line tool catches it in its
``main()`` and the Sphinx build reports it as a warning at the file's line.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.S)


class UnreadableText(ValueError):
    """A file that cannot be read as the book's text; ``str()`` is the message."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        self.path, self.line, self.message = Path(path), line, message
        super().__init__(f"{path}:{line}: {message}")


def decode(data: bytes, path: Path | str) -> str:
    """``data`` as UTF-8 text; a wrong byte raises ``UnreadableText`` at its line."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise UnreadableText(
            path,
            line,
            f"byte 0x{data[error.start]:02x} at column {column} is not UTF-8; "
            "save the file as UTF-8 (and check that line's characters)",
        ) from None


def read(path: Path | str) -> str:
    """The text of ``path``, which must be UTF-8."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableText(path, 1, f"cannot be read ({error.strerror})") from None
    return decode(data, path)


def front_matter(path: Path | str, text: str | None = None) -> dict:
    """The YAML front matter of a Markdown file as a mapping (``{}`` if none)."""
    text = read(path) if text is None else text
    match = FRONT_MATTER.match(text)
    if match is None:
        return {}
    try:
        data = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1: the opening ---
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise UnreadableText(
            path,
            line,
            f"front matter is not valid YAML ({problem}); check the indentation "
            "and quote values that contain a colon",
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UnreadableText(
            path, 2, "front matter must be a mapping of 'key: value' lines"
        )
    return data
