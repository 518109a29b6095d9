"""Stable, readable ids for every citable unit of the book.

Docutils and Sphinx derive ids from ASCII text; for Chinese headings and
glossary terms they fall back to serial numbers (``#id3``, ``#term-0``) that
shift whenever something is inserted above.  This module

* gives each Chinese glossary term the id of its entry's English term
  (``联邦学习`` -> ``#term-federated-learning``; the English line itself
  becomes ``#term-federated-learning-en``), and warns about an entry that has
  no English term to take it from: ``{glossary}`` is Sphinx's directive
  with the ids passed to its public ``make_glossary_term``;
* warns about a heading that has only a serial id, asking for ``{#an-id}``;
* warns about an annotation (footnote) whose label is a bare number, or that
  has more than one paragraph (a sidenote shows only the first);
* keeps each annotation's label as an anchor (``#note-<label>``) when the
  book theme turns footnotes into sidenotes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.domains.std import Glossary, make_glossary_term, split_term_classifiers
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.nodes import make_id
from sphinx.util.parsing import nested_parse_to_nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)


def warn(subtype: str, location, message: str, *args) -> None:
    """One of this extension's warnings, ``stable_ids.<subtype>``, at ``location``."""
    logger.warning(
        message, *args, location=location, type="stable_ids", subtype=subtype
    )


SERIAL_ID = re.compile(r"(term-|id)\d+")
NOTE_LABEL = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


class StableGlossary(Glossary):
    """``{glossary}`` whose terms take their ids from the entry's English term.

    Sphinx's own directive makes each id from the term's text, which for a
    Chinese term is a serial number or a fragment of its ASCII letters
    (``AI制药`` -> ``term-AI``).  This one reads the entries the same way and
    passes each term's stable id to Sphinx's public ``make_glossary_term``,
    as Sphinx's translation transform does for translated terms: the first
    ASCII term line of an entry names it (``federated learning`` ->
    ``term-federated-learning``); its Chinese terms take that id (the second
    one ``-2``…) and the English line itself ``…-en``; any further ASCII line
    keeps the id Sphinx gives it.  An entry with Chinese terms and no
    English line is reported, at its line.
    """

    def run(self) -> list[nodes.Node]:
        node = addnodes.glossary()
        node.document = self.state.document
        node["sorted"] = "sorted" in self.options
        messages: list[nodes.Node] = []
        items = []
        for terms, definition in self._entries(messages):
            term_nodes: list[nodes.Node] = []
            for (line, source, lineno, _), node_id in zip(
                terms, self._ids(terms), strict=True
            ):
                text, classifier = split_term_classifiers(line)
                inline, problems = self.parse_inline(text, lineno=lineno)
                term = make_glossary_term(
                    self.env,
                    inline,
                    classifier,
                    source,
                    lineno,
                    node_id=node_id,
                    document=self.state.document,
                )
                if node_id is not None:  # make_glossary_term registers only its own
                    self.state.document.note_explicit_target(term)
                term.rawsource = line
                term_nodes += [term, *problems]
            body = (
                nested_parse_to_nodes(
                    self.state,
                    definition,
                    offset=definition.items[0][1],
                    allow_section_headings=False,
                )
                if definition
                else []
            )
            term_nodes.append(nodes.definition("", *body))
            items.append(nodes.definition_list_item("", *term_nodes))
        node += nodes.definition_list("", *items, classes=["glossary"])
        return [*messages, node]

    def _file_line(self, index: int) -> int:
        """The line in the file of the ``index``-th line of the directive's content.

        Docutils gives the first content line's offset in the file; MyST gives
        none (0) and numbers the content from the directive's own line.
        """
        if self.content_offset:
            return self.content_offset + index + 1
        return self.lineno + index + 1

    def _entries(
        self, messages: list[nodes.Node]
    ) -> list[tuple[list[tuple[str, str, int, int]], StringList]]:
        """(term lines, definition) of each entry, as Sphinx's glossary reads them.

        Term lines start at the margin, one entry's directly below each other
        and after a blank line; the definition is indented below them.  A term
        line is (text, source, line as the parser numbers it, line in the file).
        """
        entries: list[tuple[list[tuple[str, str, int, int]], StringList]] = []
        in_definition, was_empty, indent = True, True, 0
        for index, (line, (source, lineno)) in enumerate(
            zip(self.content, self.content.items, strict=True)
        ):
            if not line.strip():
                if in_definition and entries:
                    entries[-1][1].append("", source, lineno)
                was_empty = True
                continue
            if not line[0].isspace():
                term = (line, source, lineno, self._file_line(index))
                if in_definition:
                    if not was_empty:
                        messages.append(
                            self._misformatted(
                                "glossary term must be preceded by empty line", term
                            )
                        )
                    entries.append(([term], StringList()))
                    in_definition = False
                elif was_empty:
                    messages.append(
                        self._misformatted(
                            "glossary terms must not be separated by empty lines",
                            term,
                        )
                    )
                else:
                    entries[-1][0].append(term)
            elif entries:
                if not in_definition:
                    in_definition = True
                    indent = len(line) - len(line.lstrip())
                entries[-1][1].append(line[indent:], source, lineno)
            else:
                messages.append(
                    self._misformatted(
                        "glossary seems to be misformatted, check indentation",
                        (line, source, lineno, self._file_line(index)),
                    )
                )
            was_empty = False
        return entries

    def _misformatted(
        self, message: str, term: tuple[str, str, int, int]
    ) -> nodes.system_message:
        """Sphinx's own warning about the glossary's layout."""
        return self.state.reporter.warning(message, source=term[1], line=term[2])

    def _ids(self, terms: list[tuple[str, str, int, int]]) -> list[str | None]:
        """The stable id of each term line of one entry (``None``: Sphinx's own)."""
        texts = [split_term_classifiers(term[0])[0] or "" for term in terms]
        chinese = [i for i, text in enumerate(texts) if not text.isascii()]
        english = next((i for i, text in enumerate(texts) if text.isascii()), None)
        if not chinese:
            return [None] * len(terms)
        if english is None:
            warn(
                "glossary",
                (self.env.docname, terms[chinese[0]][3]),
                "glossary entry %r has no English term line, so it has no stable "
                "id; add the English name as a second term line",
                texts[chinese[0]],
            )
            return [None] * len(terms)
        base = make_id(self.env, self.state.document, "term", texts[english])
        ids: list[str | None] = [None] * len(terms)
        ids[english] = f"{base}-en"
        for number, index in enumerate(chinese, start=1):
            ids[index] = base if number == 1 else f"{base}-{number}"
        return ids


def check_headings_and_notes(app: Sphinx, doctree: nodes.document) -> None:
    """Warn about headings without a stable id and malformed annotations."""
    for section in doctree.findall(nodes.section):
        if all(SERIAL_ID.fullmatch(node_id) for node_id in section["ids"]):
            title = section.next_node(nodes.title)
            warn(
                "heading",
                title or section,
                "heading %r has only a position-based id (%s); put {#a-stable-id} "
                "on the line above it",
                title.astext() if title else "",
                section["ids"][0] if section["ids"] else "none",
            )
    for problem in doctree.findall(nodes.problematic):
        if match := re.fullmatch(r"\[\^(.+)\]", problem.astext()):
            warn(
                "footnote",
                problem,
                "annotation [^%s] is referenced here but never defined; add a line "
                "'[^%s]: …' after the turn that cites it",
                match.group(1),
                match.group(1),
            )
    for footnote in doctree.findall(nodes.footnote):
        names = footnote["names"]
        if not names or not NOTE_LABEL.fullmatch(names[0]):
            warn(
                "footnote",
                footnote,
                "annotation [^%s] needs a descriptive ASCII label such as "
                "[^melloddy-results], so its anchor stays stable",
                names[0] if names else "",
            )
        body = [c for c in footnote.children if not isinstance(c, nodes.label)]
        if len(body) != 1 or not isinstance(body[0], nodes.paragraph):
            warn(
                "footnote",
                footnote,
                "annotation [^%s] must be a single paragraph: a sidenote shows only "
                "the first one",
                names[0] if names else "",
            )


class AnchorAnnotations(SphinxPostTransform):
    """Carry each annotation's ``#note-<label>`` into its sidenote (HTML).

    Runs before the book theme's footnote transform, which moves the first
    paragraph's content of each footnote into the sidenote and drops the
    footnote itself, with its id.
    """

    default_priority = 0
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for footnote in self.document.findall(nodes.footnote):
            paragraph = footnote.next_node(nodes.paragraph)
            if paragraph is None or not footnote["names"]:
                continue
            anchor = nodes.inline(
                "", "", ids=[f"note-{footnote['names'][0]}"], classes=["note-anchor"]
            )
            paragraph.insert(0, anchor)


class DropDuplicateIds(SphinxPostTransform):
    """Remove ids from the hidden copy of a sidenote the theme makes (``d-n``)."""

    default_priority = 2  # the book theme's footnote transform is 1
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for node in self.document.findall(nodes.inline):
            if "d-n" in node["classes"]:
                for inner in node.findall(nodes.Element):
                    inner["ids"] = []


def setup(app: Sphinx) -> ExtensionMetadata:
    """Connect the id fixes and checks."""
    app.add_directive_to_domain("std", "glossary", StableGlossary, override=True)
    app.connect("doctree-read", check_headings_and_notes)
    app.add_post_transform(AnchorAnnotations)
    app.add_post_transform(DropDuplicateIds)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
