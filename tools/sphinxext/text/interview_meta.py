"""Show an interview chapter's front matter as a source card under its title.

The chapter's MyST front matter holds an ``interview`` mapping (series,
outlet, interviewee, title, date, address, author, source file).  This module
checks it and inserts a field list after the chapter title, so that every
reader sees where the text comes from.  A field that is known to be unknown
is shown as such rather than left out, so the card never implies more than
the editors could verify.

On the web the card, and the lines other extensions put after it (the
machine-readable annotations, the downloads), are folded behind a
disclosure (``<details>``) whose summary names them, so that a phone's first
screen shows the chapter's title and its first paragraph; they stay in the
page, for readers who open it and for citation tools.  Other builders (the
PDF, the EPUB) show the card as it is.
"""

from __future__ import annotations

import json
from html import escape
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

from tools.sphinxext.plumbing.messages import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)


def fields() -> tuple[tuple[str, str], ...]:
    """(front-matter key, label shown to readers); every key must be present.

    The labels are the extensions' words (tools/sphinxext/plumbing/messages.py),
    looked up when a page is read, in the edition's language.
    """
    return (
        ("title", _("Original title")),
        ("series", _("Series")),
        ("outlet", _("Published in")),
        ("author", _("Author")),
        ("published", _("Date")),
        ("url", _("Original URL")),
        ("interviewee", _("Interviewee")),
        ("source", _("Source text of this edition")),
    )


def optional_fields() -> tuple[tuple[str, str], ...]:
    """Shown only when given."""
    return (("verification", _("Verification")),)


class source_details(nodes.General, nodes.Element):
    """The card and what follows it, folded on the web; ``summary`` names it."""


def visit_source_details_html(self, node: source_details) -> None:
    if self.builder.name.startswith("epub"):
        return
    summary = self.encode(node["summary"])
    self.body.append(
        '<details class="interview-source">\n'
        f'<summary class="interview-source-summary">{summary}</summary>\n'
    )


def depart_source_details_html(self, node: source_details) -> None:
    if not self.builder.name.startswith("epub"):
        self.body.append("</details>\n")


def pass_through(self, node: nodes.Element) -> None:
    """The other builders show what is inside as it is."""


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
    # A translation's values are the front matter's ``<key>_en`` where given
    # (a translated title, the series' English name…).
    english = app.config.language == "en"

    def label_and_value(key: str, label: str) -> tuple[str, str]:
        value = (english and meta.get(f"{key}_en")) or meta.get(key)
        return str(label), str(value).strip() if value else str(
            _("could not be verified")
        )

    field_list = nodes.field_list(classes=["interview-meta"])
    for key, label in fields():
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
    for key, label in optional_fields():
        if meta.get(key):
            label, value = label_and_value(key, label)
            body = nodes.paragraph("", "", nodes.Text(value))
            field_list += nodes.field(
                "", nodes.field_name(label, label), nodes.field_body("", body)
            )
    # Link previews (sphinxext-opengraph) would otherwise quote the card.
    who = label_and_value("interviewee", "")[1]
    outlet = label_and_value("outlet", "")[1]
    series = label_and_value("series", "")[1]
    description = _(
        "The interview with {who}, paragraph by paragraph, with the editors' "
        "annotations, glossary and references. First published in {outlet}, "
        "in the series {series}."
    ).format(who=who, outlet=outlet, series=series)
    app.env.metadata[docname].setdefault("og:description", description)
    section = doctree.next_node(nodes.section)
    if section is None:
        return
    card = nodes.container("", field_list, classes=["interview-source-card"])
    summary = str(_("Source, verification and machine-readable annotations"))
    section.insert(1, source_details("", card, summary=summary))


def add_meta_description(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """The page's ``og:description`` as its ``<meta name="description">`` too.

    sphinxext-opengraph writes the description tag from the page's first
    text unless the page has one, and a chapter's first text is its source
    card: search engines showed a comma-joined list of its fields.  Before
    the extension's own hook (priority 500), so that it finds this one.
    """
    description = app.env.metadata.get(pagename, {}).get("og:description")
    if not description or app.builder.format != "html":
        return
    context["metatags"] = (
        context.get("metatags", "")
        + f'\n<meta name="description" content="{escape(str(description))}" />'
    )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Connect the source card to ``doctree-read``, after the metadata collector."""
    app.setup_extension("tools.sphinxext.plumbing.messages")  # the words it shows
    app.add_node(
        source_details,
        html=(visit_source_details_html, depart_source_details_html),
        latex=(pass_through, pass_through),
        text=(pass_through, pass_through),
        man=(pass_through, pass_through),
        texinfo=(pass_through, pass_through),
    )
    app.connect("doctree-read", insert_source_card, priority=600)
    app.connect("html-page-context", add_meta_description, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
