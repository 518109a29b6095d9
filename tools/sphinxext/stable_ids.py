"""Stable, readable ids for every citable unit of the book.

Docutils and Sphinx derive ids from ASCII text; for Chinese headings and
glossary terms they fall back to serial numbers (``#id3``, ``#term-0``) that
shift whenever something is inserted above.  This module

* gives each Chinese glossary term the id of its entry's English term
  (``联邦学习`` -> ``#term-federated-learning``; the English line itself
  becomes ``#term-federated-learning-en``), and warns about an entry that has
  no English term to take it from;
* warns about a heading that has only a serial id, asking for ``{#an-id}``;
* warns about an annotation (footnote) whose label is a bare number, or that
  has more than one paragraph (a sidenote shows only the first);
* keeps each annotation's label as an anchor (``#note-<label>``) when the
  book theme turns footnotes into sidenotes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

SERIAL_ID = re.compile(r"(term-|id)\d+")
NOTE_LABEL = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


def _is_ascii(text: str) -> bool:
    return text.isascii()


def stabilise_glossary_ids(app: Sphinx, doctree: nodes.document) -> None:
    """Replace serial glossary ids with ids taken from the English term."""
    std = app.env.domains.standard_domain
    for glossary in doctree.findall(addnodes.glossary):
        for item in glossary.findall(nodes.definition_list_item):
            terms = [t for t in item.children if isinstance(t, nodes.term)]
            english = next((t for t in terms if _is_ascii(t.astext())), None)
            # Any id made from a term with Chinese in it is either serial or a
            # fragment of the ASCII letters in it (``AI制药`` -> ``term-AI``).
            chinese = [t for t in terms if not _is_ascii(t.astext())]
            if not chinese:
                continue
            if english is None:
                logger.warning(
                    "glossary entry %r has no English term line, so it has no stable "
                    "id; add the English name as a second term line",
                    chinese[0].astext(),
                    location=(app.env.docname, _line_of(chinese[0])),
                    type="stable_ids",
                    subtype="glossary",
                )
                continue
            base = english["ids"][0]
            _rename_term(std, doctree, english, f"{base}-en")
            for index, term in enumerate(chinese, start=1):
                _rename_term(
                    std, doctree, term, base if index == 1 else f"{base}-{index}"
                )


def _line_of(term: nodes.term) -> int | None:
    """The file line of a glossary term (MyST numbers them from the block's top)."""
    try:
        lines = Path(term.source).read_text(encoding="utf-8").splitlines()
    except (OSError, TypeError, ValueError):  # ValueError: not UTF-8 (reported)
        return None
    return next((n for n, line in enumerate(lines, 1) if line == term.astext()), None)


def _rename_term(std, doctree: nodes.document, term: nodes.term, new_id: str) -> None:
    old_id = term["ids"][0]
    text = term.astext()
    term["ids"][0] = new_id
    doctree.ids.pop(old_id, None)
    doctree.ids[new_id] = term
    key = ("term", text)
    if key in std.objects:
        std.objects[key] = (std.objects[key][0], new_id)
    if text.lower() in std._terms:
        std._terms[text.lower()] = (std._terms[text.lower()][0], new_id)
    for index in term.findall(addnodes.index):
        index["entries"] = [
            (kind, value, new_id if tid == old_id else tid, main, key_)
            for kind, value, tid, main, key_ in index["entries"]
        ]
    # The index domain copied those entries before doctree-read, and the
    # general index (genindex.html) is built from its copy: rename there too.
    env = std.env
    entries = env.domains.index_domain.entries.get(env.current_document.docname, [])
    entries[:] = [
        (kind, value, new_id if tid == old_id else tid, main, key_)
        for kind, value, tid, main, key_ in entries
    ]


def check_headings_and_notes(app: Sphinx, doctree: nodes.document) -> None:
    """Warn about headings without a stable id and malformed annotations."""
    for section in doctree.findall(nodes.section):
        if all(SERIAL_ID.fullmatch(node_id) for node_id in section["ids"]):
            title = section.next_node(nodes.title)
            logger.warning(
                "heading %r has only a position-based id (%s); put {#a-stable-id} "
                "on the line above it",
                title.astext() if title else "",
                section["ids"][0] if section["ids"] else "none",
                location=title or section,
                type="stable_ids",
                subtype="heading",
            )
    for problem in doctree.findall(nodes.problematic):
        if match := re.fullmatch(r"\[\^(.+)\]", problem.astext()):
            logger.warning(
                "annotation [^%s] is referenced here but never defined; add a line "
                "'[^%s]: …' after the turn that cites it",
                match.group(1),
                match.group(1),
                location=problem,
                type="stable_ids",
                subtype="footnote",
            )
    for footnote in doctree.findall(nodes.footnote):
        names = footnote["names"]
        if not names or not NOTE_LABEL.fullmatch(names[0]):
            logger.warning(
                "annotation [^%s] needs a descriptive ASCII label such as "
                "[^melloddy-results], so its anchor stays stable",
                names[0] if names else "",
                location=footnote,
                type="stable_ids",
                subtype="footnote",
            )
        body = [c for c in footnote.children if not isinstance(c, nodes.label)]
        if len(body) != 1 or not isinstance(body[0], nodes.paragraph):
            logger.warning(
                "annotation [^%s] must be a single paragraph: a sidenote shows only "
                "the first one",
                names[0] if names else "",
                location=footnote,
                type="stable_ids",
                subtype="footnote",
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
    app.connect("doctree-read", stabilise_glossary_ids)
    app.connect("doctree-read", check_headings_and_notes)
    app.add_post_transform(AnchorAnnotations)
    app.add_post_transform(DropDuplicateIds)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
