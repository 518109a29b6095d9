"""Nothing hides the interview: its text carries only the book's own classes.

The fidelity guard compares the interview's words with the source; it does
not see whether a reader can read them.  A class line such as ``{.d-none}``
(MyST's ``attrs_block``) above a paragraph of a turn, a ``{rst-class}`` or
``{class}`` directive, a ``[…]{.hidden}`` span (``attrs_inline``), a turn
wrapped in ``{only}``, a ``{container}`` or an admonition, or a class on the
heading of the section that holds it would keep the words in the page and
hide them.  So, on every chapter's doctree:

* a turn stands directly in the chapter's sections, never inside another
  element, and carries only ``turn`` and ``turn-<role>``;
* a section that holds a turn carries only the classes the book's style
  gives headings (``editorial``: ``{#id .editorial}``);
* an interview paragraph carries only the classes and ids ``turns`` gives
  it, and nothing inside it carries a class but the book's own marks
  (margin number, speaker) and what a role of the book makes (a glossary
  link, a citation, an annotation mark);

and, in the source, an attribute line inside a ``{turn}`` (``{#id .x
style=…}``, ``{hidden}``: keys MyST drops today, or passes in a later
version) is refused at its own line.  Outside the turns, the same source
check holds the rest of a page to the book's style: an attribute line may
set ids and the classes the book's stylesheet defines for content
(``editorial``) only, and so may ``{rst-class}``, ``{class}``,
``{container}`` and a ``:class:`` option — so no ``{.d-none}`` hides an
annotation or a correction either.  The doctree checks do not repeat what
the source check named.  Each finding names its ``file:line``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx.util import logging

from tools.lib import interview
from tools.sphinxext.text.turns import ROLES, turn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

ROLE_CLASSES = frozenset(f"turn-{role}" for role in ROLES)
#: What the book's style (docs/_static/book.css, tools/sphinxext/text/turns.py)
#: puts on the interview: nothing else may be.
TURN_CLASSES = frozenset({"turn"}) | ROLE_CLASSES
PARAGRAPH_CLASSES = frozenset({"interview-paragraph", "turn-start"}) | ROLE_CLASSES
SECTION_CLASSES = frozenset({"editorial"})
#: The margin number and the speaker (turns.py), and what Sphinx's roles
#: the interview uses make: a glossary link ({term}), a cross-reference.
MARK_CLASSES = frozenset(
    {
        "paranum",
        "no-search",
        "speaker",
        "xref",
        "std",
        "std-term",
        "std-ref",
        "std-doc",
        "doc",
    }
)
_BOOK_ID = re.compile(r"[pqa]\d+")
WHAT_TO_DO = (
    "the interview is shown as the source has it; remove it (a heading takes "
    "{#id .editorial}, a comment goes in an annotation)"
)


def _warn(message: str, node: nodes.Node | tuple[str, int]) -> None:
    logger.warning(
        "%s; %s", message, WHAT_TO_DO, location=node, type="interview", subtype="attrs"
    )


def _classes(node: nodes.Element, allowed: frozenset[str]) -> str:
    classes: list[str] = node.get("classes", [])
    return ", ".join(repr(c) for c in classes if c not in allowed)


def _marks(paragraph: nodes.paragraph):
    """Every element inside a paragraph: its spans, links, marks."""
    return paragraph.findall(nodes.Element, include_self=False)


def check_doctree(app: Sphinx, doctree: nodes.document) -> None:
    """Refuse a class, id or wrapper that could hide the interview's text."""
    reported: set[int] = set()  # a wrapper or section holding several turns: once
    flagged: set[int] = app.env.temp_data.get(_FLAGGED) or set()

    def named(node: nodes.Node) -> bool:
        """Whether the source check named the markup of ``node`` at its line."""
        line = node.line or 0
        return line in flagged or line - 1 in flagged

    for node in doctree.findall(turn):
        if extra := _classes(node, TURN_CLASSES):
            _warn(f"a turn carries the class {extra}", node)
        parent = node.parent
        while parent is not None and not isinstance(parent, nodes.document):
            if id(parent) in reported or named(parent):
                pass
            elif not isinstance(parent, nodes.section):
                reported.add(id(parent))
                _warn(
                    f"a turn stands inside a {parent.tagname}, which could hide "
                    "or restyle it; a turn stands directly in its chapter",
                    parent if parent.line else node,
                )
            elif extra := _classes(parent, SECTION_CLASSES):
                reported.add(id(parent))
                title = next(iter(parent.findall(nodes.title)), parent)
                if not named(title):
                    _warn(
                        f"the section holding a turn carries the class {extra}", title
                    )
            parent = parent.parent
        for paragraph in node.children:
            if not isinstance(paragraph, nodes.paragraph):
                continue  # turns warns about it
            extra = _classes(paragraph, PARAGRAPH_CLASSES)
            ids = [i for i in paragraph["ids"] if not _BOOK_ID.fullmatch(i)]
            line = (paragraph.line or 0) - 1
            while line in flagged:  # attribute lines above it: named at their line
                extra, ids, line = "", [], line - 1
            if extra or ids:
                what = " and ".join(
                    part
                    for part in (
                        f"the class {extra}" if extra else "",
                        f"the id {', '.join(map(repr, ids))}" if ids else "",
                    )
                    if part
                )
                _warn(f"an interview paragraph carries {what}", paragraph)
            for mark in _marks(paragraph):
                if extra := _classes(mark, MARK_CLASSES):
                    _warn(
                        f"a span of the interview text carries the class {extra}",
                        mark if mark.line else paragraph,
                    )


_FLAGGED = "interview_attrs_lines"
_ATTRIBUTE_LINE = re.compile(r"^\s*\{([^{}]*)\}\s*$")


_CLASS_DIRECTIVE = re.compile(
    r"^\s*(?:`{3,}|:{3,})\{(?:rst-class|class|container)\}(.*)$"
)
_CLASS_OPTION = re.compile(r"^\s*:(?:class|figclass):(.*)$")
_ATTRIBUTE = re.compile(
    r"""#[^\s.#]+|\.([^\s.#=]+)|([\w-]+)\s*=\s*("[^"]*"|'[^']*'|\S+)|(\S+)"""
)
CONTENT_WHAT_TO_DO = (
    "remove it: the book's text is styled by its own stylesheet, whose classes "
    "for content are {classes} (a heading takes {{#id .editorial}})"
)


def attribute_problem(attributes: str) -> str | None:
    """What an attribute block ``{…}`` outside the interview may not carry."""
    extra = []
    for match in _ATTRIBUTE.finditer(attributes):
        name, key, _value, other = match.groups()
        if name is not None and name not in SECTION_CLASSES:
            extra.append(f"the class {name!r}")
        elif key is not None and key not in ("id",):
            extra.append(f"the attribute {key!r}")
        elif other is not None:
            extra.append(f"{other!r}")
    return ", ".join(extra) or None


def content_problems(lines: list[str], skip: set[int]) -> list[tuple[int, str]]:
    """(line, what) for markup outside the interview that sets another class."""
    found = []
    for number, line in enumerate(lines, 1):
        if number in skip:
            continue
        if match := _ATTRIBUTE_LINE.match(line):
            if problem := attribute_problem(match.group(1)):
                found.append(
                    (
                        number,
                        f"the attribute line {{{match.group(1).strip()[:60]}}} sets {problem}",
                    )
                )
        elif match := _CLASS_DIRECTIVE.match(line) or _CLASS_OPTION.match(line):
            extra = [c for c in match.group(1).split() if c not in SECTION_CLASSES]
            if extra:
                found.append(
                    (
                        number,
                        f"{line.strip()[:60]!r} sets the class {', '.join(map(repr, extra))}",
                    )
                )
    return found


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: an attribute line inside a turn is refused at its line,
    and outside the turns any class the book's style does not define."""
    text = source[0]
    lines = text.split("\n")
    turns: set[int] = set()
    for token in interview._markdown().parse(text) if "{turn}" in text else []:
        if token.type != "colon_fence" or not token.info.startswith("{turn}"):
            continue
        start, end = token.map or (0, 0)
        turns.update(range(start + 1, end + 1))
        for number in range(start + 2, end + 1):  # 1-based, after the fence line
            match = _ATTRIBUTE_LINE.match(lines[number - 1])
            if match and not match.group(1).startswith("turn}"):
                flagged = cast(
                    "set[int]", app.env.temp_data.setdefault(_FLAGGED, set())
                )
                flagged.add(number)
                _warn(
                    f"the attribute line {{{match.group(1).strip()[:60]}}} inside a "
                    "turn would style or hide the interview's text",
                    (docname, number),
                )
    what_to_do = CONTENT_WHAT_TO_DO.format(classes=", ".join(sorted(SECTION_CLASSES)))
    flagged = cast("set[int]", app.env.temp_data.setdefault(_FLAGGED, set()))
    for number, problem in content_problems(lines, turns):
        flagged.add(number)
        logger.warning(
            "%s, which could hide or restyle the text; %s",
            problem,
            what_to_do,
            location=(docname, number),
            type="interview",
            subtype="attrs",
        )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Connect the source and doctree checks."""
    app.connect("source-read", check_source)
    app.connect("doctree-read", check_doctree)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
