"""Show an interview chapter's front matter as a source card under its title.

The chapter's MyST front matter holds an ``interview`` mapping (series,
outlet, interviewee, title, date, address, author, source file).  This module
checks it and inserts a field list after the chapter title, so that every
reader sees where the text comes from.  A field that is known to be unknown
is shown as such rather than left out, so the card never implies more than
the editors could verify.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

# (front-matter key, label shown to readers); every key must be present
FIELDS = (
    ("title", "原题"),
    ("series", "系列"),
    ("outlet", "原载"),
    ("author", "作者"),
    ("published", "发表日期"),
    ("url", "原文地址"),
    ("interviewee", "受访者"),
    ("source", "本版底本"),
)
# Shown only when given.
OPTIONAL_FIELDS = (("verification", "核实说明"),)
UNKNOWN = "未能查证"
# The English edition's labels; its values come from ``<key>_en`` where the
# front matter gives one (a translated title, the series' English name…).
ENGLISH = {
    "title": "Original title",
    "series": "Series",
    "outlet": "Published in",
    "author": "Author",
    "published": "Date",
    "url": "Original URL",
    "interviewee": "Interviewee",
    "source": "Source text of this edition",
    "verification": "Verification",
    UNKNOWN: "could not be verified",
}


def interview_metadata(env, docname: str) -> dict | None:
    """The ``interview`` front-matter mapping of a chapter, or ``None``."""
    raw = env.metadata.get(docname, {}).get("interview")
    if raw is None:
        return None
    return json.loads(raw) if isinstance(raw, str) else raw


def _value_node(key: str, value: str) -> nodes.Node:
    if key == "url" and value.startswith("https://"):
        return nodes.reference(value, value, refuri=value)
    if key == "source":
        return nodes.literal(value, value)
    return nodes.Text(value)


def insert_source_card(app: Sphinx, doctree: nodes.document) -> None:
    """Put the card after the title of a chapter with ``interview`` metadata."""
    docname = app.env.docname
    meta = interview_metadata(app.env, docname)
    if meta is None:
        return
    english = app.config.language == "en"

    def label_and_value(key: str, label: str) -> tuple[str, str]:
        value = (english and meta.get(f"{key}_en")) or meta.get(key)
        value = str(value).strip() if value else UNKNOWN
        if english:
            return ENGLISH[key], ENGLISH.get(value, value)
        return label, value

    field_list = nodes.field_list(classes=["interview-meta"])
    for key, label in FIELDS:
        if key not in meta:
            logger.warning(
                "front matter 'interview' has no '%s'; give it, or an empty value "
                "to show the reader it could not be verified",
                key,
                location=(docname, 1),
                type="interview",
                subtype="metadata",
            )
        label, value = label_and_value(key, label)
        body = nodes.paragraph("", "", _value_node(key, value))
        field_list += nodes.field(
            "", nodes.field_name(label, label), nodes.field_body("", body)
        )
    for key, label in OPTIONAL_FIELDS:
        if meta.get(key):
            label, value = label_and_value(key, label)
            body = nodes.paragraph("", "", nodes.Text(value))
            field_list += nodes.field(
                "", nodes.field_name(label, label), nodes.field_body("", body)
            )
    # Link previews (sphinxext-opengraph) would otherwise quote the card.
    _, who = label_and_value("interviewee", "")
    _, outlet = label_and_value("outlet", "")
    _, series = label_and_value("series", "")
    description = (
        f"The interview with {who}, paragraph by paragraph, with the editors' "
        f"annotations, glossary and references. First published in {outlet}, "
        f"in the series {series}."
        if english
        else f"{who}访谈全文，逐段编号，附编者注释、术语表与参考文献。原载{outlet}，{series}系列。"
    )
    app.env.metadata[docname].setdefault("og:description", description)
    section = doctree.next_node(nodes.section)
    if section is None:
        return
    card = nodes.container("", field_list, classes=["interview-source-card"])
    section.insert(1, card)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Connect the source card to ``doctree-read``, after the metadata collector."""
    app.connect("doctree-read", insert_source_card, priority=600)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
