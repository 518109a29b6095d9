"""Tell readers when a chapter is unfinished: a draft, or not yet translated.

A chapter can be added to the book before its apparatus is complete: the
editor opens a pull request with the raw import and ``status: draft`` in the
front matter, and the annotations, glossary links and translation follow.
Readers must see that, so this transform

* marks a draft chapter's title (and so the table of contents, the page
  title, link previews and the PDF's chapter title) with “（草稿）” / “(draft)”
  and puts a notice under the title saying what is still missing;
* in a translated edition, marks a chapter whose interview paragraphs are
  not all translated with “(not yet translated)”, and says on the page how
  many paragraphs are shown in the Chinese original: the English edition is
  never a silent mix of the two languages.

Neither status ever silences a check: the fidelity guard, the raw-HTML and
source rules run on a draft exactly as on a finished chapter.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx.transforms import SphinxTransform

from tools.lib import interview
from tools.lib.build import ORIGINAL
from tools.sphinxext.plumbing.messages import _
from tools.sphinxext.text.turns import turn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def words() -> dict[str, str]:
    """The words readers see, in the edition's language (messages.py).

    A mark follows the title after the space its words begin with: the
    English " (draft)" after a space, the Chinese "（草稿）" directly.
    """
    said = {
        "draft": _(" (draft)"),
        "draft-note": _(
            "This chapter is in progress: the interview text has been checked "
            "against its source word for word; the annotations, glossary links "
            "and translation are still being added."
        ),
        "untranslated": _(" (not yet translated)"),
        "untranslated-note": _(
            "This chapter is not yet translated: {missing} of its {total} "
            "paragraphs are shown in the Chinese original."
        ),
    }
    return {kind: str(word) for kind, word in said.items()}


def untranslated(paragraphs: list[nodes.paragraph]) -> int:
    """How many interview paragraphs the translation left in the original.

    Sphinx's ``Locale`` transform sets ``translated`` on every message it
    looked up (and none when the page has no catalogue at all).
    """
    return sum(1 for p in paragraphs if not p.get("translated"))


class MarkChapterStatus(SphinxTransform):
    """Mark drafts and untranslated chapters in their title and under it."""

    default_priority = 810  # after NumberParagraphs (800) and translation (20)

    def apply(self, **kwargs) -> None:
        turns = list(self.document.findall(turn))
        section = self.document.next_node(nodes.section)
        if not turns or section is None or not section.children:
            return
        try:
            meta = interview.Interview(Path(self.env.doc2path(self.env.docname))).meta
        except interview.InterviewError:
            return  # turns.py reports it
        language = self.config.language
        said = words()
        marks, notes = [], []
        if interview.is_draft(meta):
            marks.append(("draft", said["draft"]))
            notes.append(("draft", said["draft-note"]))
        if language != ORIGINAL:
            paragraphs = [
                p
                for node in turns
                for p in node.children
                if isinstance(p, nodes.paragraph)
            ]
            missing = untranslated(paragraphs)
            if missing:
                marks.append(("untranslated", said["untranslated"]))
                notes.append(
                    (
                        "untranslated",
                        said["untranslated-note"].format(
                            missing=missing, total=len(paragraphs)
                        ),
                    )
                )
        if not marks:
            return
        title = cast("nodes.Element", section[0])
        for kind, mark in marks:
            word = mark.lstrip()
            if space := mark[: len(mark) - len(word)]:
                title += nodes.Text(space)
            title += nodes.inline(
                "", word, classes=["chapter-status", f"chapter-status-{kind}"]
            )
        notice = nodes.container(classes=["chapter-status-note"])
        for kind, text in notes:
            notice += nodes.paragraph("", text, classes=[f"chapter-status-note-{kind}"])
        section.insert(1, notice)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the transform."""
    app.setup_extension("tools.sphinxext.plumbing.messages")  # the words it shows
    app.add_transform(MarkChapterStatus)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
