"""An index of people and organisations, by paragraph number.

The ``{mentions}`` directive lists names, one a line, optionally with the
spellings under which the interviews mention them::

    ```{mentions}
    侯廷军
    杨森制药 = 杨森制药 | Janssen
    ```

and renders, for each name, links to every interview paragraph that
mentions it, by chapter: ``侯廷军 — 谢昌谕 ¶10 ¶27 …``.  Names are looked up in the
interview's original Chinese paragraphs (derived from the raw source, as the
fidelity guard does), so the index never has to be kept up to date by hand
and the English edition, whose paragraph numbers are the same, gets the same
index.  Speaker labels (the front matter's ``interviewer``/``interviewee``) do not count as mentions.  A name found
in no paragraph is a warning: the index would promise a passage that does
not exist.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from tools import interview
from tools.build import ORIGINAL
from tools.sphinxext.interview_meta import interview_metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)


class mentions_list(nodes.General, nodes.Element):
    """Placeholder replaced by the list once every chapter has been read."""


class MentionsDirective(SphinxDirective):
    """``{mentions}``: names to find in the interviews' paragraphs."""

    has_content = True
    option_spec: ClassVar[dict] = {}

    def run(self) -> list[nodes.Node]:
        entries = []
        for line in self.content:
            if not line.strip():
                continue
            name, _, spellings = line.partition("=")
            variants = [s.strip() for s in spellings.split("|") if s.strip()]
            entries.append((name.strip(), variants or [name.strip()]))
        node = mentions_list(entries=entries)
        self.set_source_info(node)
        return [node]


def _pages(env: BuildEnvironment) -> set[str]:
    """Docnames of the pages that hold a ``{mentions}`` index."""
    if not hasattr(env, "book_mentions_pages"):
        env.book_mentions_pages = set()
    return env.book_mentions_pages


def note_page(app: Sphinx, doctree: nodes.document) -> None:
    if any(doctree.findall(mentions_list)):
        _pages(app.env).add(app.env.docname)


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _pages(env).discard(docname)


def merge(
    app: Sphinx, env: BuildEnvironment, docnames, other: BuildEnvironment
) -> None:
    _pages(env).update(_pages(other))


def outdated(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Rebuild the index pages when a page is added or removed (a new chapter)."""
    return sorted(_pages(env)) if added or removed else []


def interview_paragraphs(app: Sphinx) -> dict[str, tuple[str, list[tuple[int, str]]]]:
    """docname -> (interviewee, [(¶N, original text without its speaker label)])."""
    env = app.env
    found = {}
    for docname in sorted(env.found_docs):
        meta = interview_metadata(env, docname)
        if meta is None or not meta.get("source"):
            continue
        chapter = interview.Interview(Path(env.doc2path(docname)), Path(app.confdir))
        try:
            paragraphs = chapter.cleaned().paragraphs
        except interview.InterviewError:
            continue  # the fidelity guard reports it, at the chapter
        interviewee = chapter.speakers[1]
        name = interviewee.label
        if app.config.language != ORIGINAL and interviewee.label_en:
            name = interviewee.label_en
        found[docname] = (
            name,
            [
                (number, interview.without_label(p.text, meta))
                for number, p in enumerate(paragraphs, 1)
            ],
        )
    return found


def render(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    """Replace each placeholder with the names and their paragraph links."""
    chapters = interview_paragraphs(app)
    for node in list(doctree.findall(mentions_list)):
        items = nodes.definition_list(classes=["mentions"])
        for name, variants in node["entries"]:
            refs: list[nodes.Node] = []
            for docname, (who, texts) in chapters.items():
                numbers = [n for n, text in texts if any(v in text for v in variants)]
                if not numbers:
                    continue
                refs.append(nodes.Text(f"{who} "))
                for number in numbers:
                    uri = (
                        app.builder.get_relative_uri(fromdocname, docname)
                        + f"#p{number}"
                    )
                    refs.append(
                        nodes.reference("", f"¶{number}", refuri=uri, internal=True)
                    )
                    refs.append(nodes.Text(" "))
            if not refs:
                logger.warning(
                    "%r is mentioned in no interview paragraph; check its spellings "
                    "(name = spelling | spelling) or remove it from the index",
                    name,
                    location=node,
                    type="mentions",
                )
                continue
            items += nodes.definition_list_item(
                "",
                nodes.term(name, name),
                nodes.definition("", nodes.paragraph("", "", *refs)),
            )
        node.replace_self(items)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the directive and keep the collected paragraphs in step."""
    app.add_node(mentions_list)
    app.add_directive("mentions", MentionsDirective)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-get-outdated", outdated)
    app.connect("doctree-read", note_page)
    app.connect("doctree-resolved", render)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
