"""Characters a reviewer cannot see, and how the book names them.

The fidelity guard (``tools.lib.fidelity``) holds the interview to its raw
source code point for code point and names every character hard to see as
``U+202E RIGHT-TO-LEFT OVERRIDE`` (``describe``).  The rest of the book —
translations, annotations, the glossary, front matter, the bibliography —
has no source to compare with, so it is held to the same classes of
characters directly (``problems``): a legitimate Chinese or English text
needs none of them.

* bidirectional controls (``BIDI``) show a line in another order than the
  one reviewed in the diff ("Trojan Source");
* zero-width characters (``ZERO_WIDTH``) split or join words unseen, and
  every other invisible format character (Unicode category Cf: the soft
  hyphen, the tag characters that smuggle text to machines, the invisible
  operators) hides in the text;
* a letter from another script inside a Latin word (Cyrillic ``о`` in
  ``AlphaFоld``: ``LOOKALIKE_SCRIPTS``) looks the same and is another word
  to search, links and readers' tools.

MyST decodes HTML character references (``&#x202E;``, ``&rlm;``), so a
reference to one of these characters is refused as the character itself.
A character a text really needs is allowed by an editor in ``conf.py``'s
``book_allowed_characters``: a mixed-script word by itself (``μM``, the
micro prefix before a Latin unit), a control character by its code point
(``U+200D``, a zero-width joiner in a Persian name) (CONTRIBUTING).
"""

from __future__ import annotations

import ast
import html
import re
import unicodedata
from collections.abc import Container, Iterator
from pathlib import Path

from tools.lib import interview, textfile

WHAT_TO_DO = (
    "delete it (or type the plain letter); if the text really needs it, an "
    "editor allows it in conf.py's book_allowed_characters (CONTRIBUTING)"
)

BIDI = frozenset(
    [
        *map(chr, range(0x202A, 0x202F)),  # embeddings and overrides
        *map(chr, range(0x2066, 0x206A)),  # isolates
        "\u200e",  # left-to-right mark
        "\u200f",  # right-to-left mark
        "\u061c",  # Arabic letter mark
    ]
)
ZERO_WIDTH = frozenset(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u180e"])
#: Scripts whose letters pass for Latin ones.
LOOKALIKE_SCRIPTS = ("CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC")

_WORD = re.compile(r"[^\W\d_]+")
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def describe(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: a code point and its Unicode name."""
    name = unicodedata.name(char, f"<{unicodedata.category(char)}>")
    return f"U+{ord(char):04X} {name}"


def _script(char: str) -> str:
    return unicodedata.name(char, "").split(" ", 1)[0]


def invisible(char: str) -> str | None:
    """What kind of invisible character ``char`` is, or ``None``."""
    if char in BIDI:
        return (
            "a bidirectional control: the text would show in another order than "
            "the one reviewed"
        )
    if char in ZERO_WIDTH:
        return "a zero-width character: it splits or joins words unseen"
    if unicodedata.category(char) == "Cf":  # soft hyphen, tags, invisible operators
        return "an invisible format character: it hides in the text unseen"
    return None


def problems(
    text: str, allowed: Container[str] = (), *, start_of_file: bool = False
) -> list[tuple[int, str]]:
    """(column, what is wrong) for every character of ``text`` the book refuses.

    ``allowed``: code points an editor allowed (``U+200D``), and words whose
    mixed scripts are meant (``μM``, the micro prefix before a Latin unit).
    ``start_of_file``: ``text`` opens its file, where U+FEFF is a byte-order
    mark.
    """
    found: list[tuple[int, str]] = []

    def refused(char: str) -> bool:
        return f"U+{ord(char):04X}" not in allowed

    for column, char in enumerate(text, 1):
        if (kind := invisible(char)) and refused(char):
            if column == 1 and char == "\ufeff" and start_of_file:
                continue  # a byte-order mark, not text
            found.append((column, f"{describe(char)}, {kind}"))
    for match in _REFERENCE.finditer(text):
        for char in html.unescape(match.group(0)):
            if invisible(char) and refused(char):
                found.append(
                    (
                        match.start() + 1,
                        f"{describe(char)} written as {match.group(0)}, an invisible "
                        "control character",
                    )
                )
    for match in _WORD.finditer(text):
        word = match.group(0)
        if word in allowed or not any(_script(c) == "LATIN" for c in word):
            continue
        for offset, char in enumerate(word):
            if _script(char) in LOOKALIKE_SCRIPTS and refused(char):
                found.append(
                    (
                        match.start() + offset + 1,
                        f"{describe(char)} inside the Latin word {word!r}, a "
                        "look-alike from another script",
                    )
                )
    return sorted(found)


# --- the files of the apparatus


def po_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line, text) of every line of a catalogue that belongs to a ``msgstr``."""
    in_msgstr = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip()
        if stripped.startswith("msgstr"):
            in_msgstr = True
        elif not stripped.startswith('"'):
            in_msgstr = False
        if in_msgstr:
            yield number, line


def page_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line, text) of a page, without the interview's turns (the fidelity
    guard compares those with the raw source, character for character)."""
    turns: set[int] = set()
    if "{turn}" in text:
        for token in interview._markdown().parse(text):
            if token.type == "colon_fence" and token.info.startswith("{turn}"):
                start, end = token.map or (0, 0)
                turns.update(range(start + 1, end + 1))
    for number, line in enumerate(text.splitlines(), 1):
        if number not in turns:
            yield number, line


def file_problems(
    path: Path, kind: str, allowed: Container[str] = ()
) -> list[tuple[int, str]]:
    """(line, problem) for a file: ``kind`` is ``po`` (its msgstr lines), ``md``
    (a page without its turns) or anything else (every line).  Raises
    ``textfile.UnreadableText`` for a file that is not UTF-8."""
    text = textfile.read(path)
    if kind == "po":
        lines: Iterator[tuple[int, str]] = po_lines(text)
    elif kind == "md":
        lines = page_lines(text)
    else:
        lines = enumerate(text.splitlines(), 1)
    return [
        (number, problem)
        for number, line in lines
        for _column, problem in problems(line, allowed, start_of_file=number == 1)
    ]


def allowed_in_conf(conf: Path) -> set[str]:
    """``book_allowed_characters`` of a ``conf.py``, read without running it
    (for the command-line rules; Sphinx reads the same value)."""
    if not conf.is_file():
        return set()
    for node in ast.parse(conf.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "book_allowed_characters"
            for t in node.targets
        ):
            return set(ast.literal_eval(node.value))
    return set()
