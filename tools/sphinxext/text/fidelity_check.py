"""Fail the build when an interview paragraph differs from its raw source.

The same guard as ``python -m tools.fidelity``, run inside Sphinx on the
doctree of every chapter with ``interview`` front matter, so that
``nox -s html`` itself refuses an edited sentence and names the file and
line.  Only the Chinese original is checked: a translated edition
(``language`` other than ``tools.lib.build.ORIGINAL``) has, by design, other words.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

from tools.lib import confine, fidelity, interview, textfile
from tools.lib.build import ORIGINAL
from tools.sphinxext.text.interview_meta import interview_metadata
from tools.sphinxext.text.turns import paragraph_number

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)


def edition_text(paragraph: nodes.paragraph) -> str:
    """A paragraph's text without what the edition adds to it."""
    copy = paragraph.deepcopy()
    # A reference to an undefined annotation stays as a ``problematic`` node;
    # it is reported as such, not as a change to the interview.
    for added in [
        *copy.findall(paragraph_number),
        *copy.findall(nodes.footnote_reference),
        *copy.findall(nodes.problematic),
    ]:
        added.parent.remove(added)
    return copy.astext()


def check_chapter(app: Sphinx, doctree: nodes.document) -> None:
    """Compare a chapter's numbered paragraphs with its raw source."""
    if app.config.language != ORIGINAL:
        return
    docname = app.env.docname
    if interview_metadata(app.env, docname) is None:
        if docname.startswith("interviews/"):  # as python -m tools.fidelity
            logger.warning(
                "an interview chapter without 'interview' front matter cannot be "
                "checked against its source; restore the front matter",
                location=(docname, 1),
                type="fidelity",
            )
        return
    location = (docname, 1)
    chapter = interview.Interview(Path(app.env.doc2path(docname)), Path(app.confdir))
    try:
        source = chapter.source  # inside sources/, or InterviewError
        app.env.note_dependency(str(source))
        if source.is_file():
            # the raw text is held to its recorded sha256, and named at its
            # own line when it is not UTF-8
            app.env.note_dependency(str(Path(app.confdir, "sources", "README.md")))
            if problem := confine.recorded_digest_problem(app.confdir, source):
                logger.warning(problem, location=f"{source}:1", type="fidelity")
            textfile.read(source)
        expected = chapter.expected()
    except interview.InterviewError as error:
        logger.warning("%s", error.problem, location=location, type="fidelity")
        return
    except textfile.UnreadableText as error:
        logger.warning(
            error.message, location=f"{error.path}:{error.line}", type="fidelity"
        )
        return
    paragraphs = [
        p
        for p in doctree.findall(nodes.paragraph)
        if "interview-paragraph" in p["classes"]
    ]
    for mismatch in fidelity.compare(
        expected, [edition_text(p) for p in paragraphs], str(app.env.doc2path(docname))
    ):
        node = paragraphs[mismatch.found] if mismatch.found is not None else None
        logger.warning(
            "interview text ¶%d %s; restore the source's words and put any "
            "correction in an annotation",
            mismatch.number,
            mismatch.message,
            location=node or location,
            type="fidelity",
        )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Connect the check after the source card (which reads the same metadata)."""
    app.connect("doctree-read", check_chapter, priority=700)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
