"""Speaker turns and numbered paragraphs of an interview.

Adds the ``{turn}`` directive, which holds the interview's own words::

    :::{turn} answer
    受访者：2018年加入腾讯之前……

    我认为……
    :::

and a transform that numbers every paragraph inside a turn, in document
order, as ``p1``, ``p2``…  The numbers depend only on the interview text:
headings, annotations and glossary links never shift them.  Each paragraph
gets the id ``pN``, a margin number linking to itself, the classes
``interview-paragraph`` and ``turn-<role>``, and a cross-reference label
``<chapter>-pN`` so that ``{ref}`` can cite it from anywhere as "¶N".
Questions and answers get the ids ``qK`` and ``aK`` on their first paragraph.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from tools.lib import interview
from tools.lib.build import ORIGINAL
from tools.sphinxext.plumbing.messages import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

ROLES = ("narration", "question", "answer")


class turn(nodes.container):
    """A run of the interview's paragraphs spoken by one voice."""


class paragraph_number(nodes.inline):
    """The margin number of an interview paragraph; builders without their
    own visitor render it as an inline."""


class speaker_label(nodes.inline):
    """The ``Name：`` that opens a question or an answer."""


class TurnDirective(SphinxDirective):
    """``{turn} narration|question|answer``: paragraphs of the interview."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict] = {}

    def run(self) -> list[nodes.Node]:
        role = self.arguments[0]
        if role not in ROLES:
            raise self.error(
                f"unknown turn role {role!r}; use one of {', '.join(ROLES)}"
            )
        node = turn(role=role, classes=["turn", f"turn-{role}"])
        self.set_source_info(node)
        self.state.nested_parse(self.content, self.content_offset, node)
        for child in node.children:
            if not isinstance(child, nodes.paragraph):
                logger.warning(
                    "a {turn} holds only the interview's paragraphs, found a %s; "
                    "put annotations in footnotes and headings outside the turn",
                    getattr(child, "tagname", type(child).__name__),
                    location=child,
                    type="interview",
                    subtype="turn",
                )
        return [node]


def chapter_slug(docname: str) -> str:
    """``interviews/xing-ming`` -> ``xing-ming``."""
    return docname.rsplit("/", 1)[-1]


class NumberParagraphs(SphinxTransform):
    """Number the interview's paragraphs and mark up the speakers."""

    default_priority = 800  # after translation (i18n) has replaced the text

    def apply(self, **kwargs) -> None:
        turns = list(self.document.findall(turn))
        if not turns:
            return
        meta = _chapter_meta(self.env, turns[0])
        std = self.env.domains.standard_domain
        slug = chapter_slug(self.env.docname)
        if problem := interview.slug_problem(slug):
            logger.warning(problem, location=(self.env.docname, 1), type="turns")
            return  # no labels, no destinations: nothing of the name reaches LaTeX
        number = 0
        counts = {"question": 0, "answer": 0}
        for node in turns:
            role = node["role"]
            paragraphs = [c for c in node.children if isinstance(c, nodes.paragraph)]
            if role in counts and paragraphs:
                counts[role] += 1
                paragraphs[0]["ids"].append(f"{role[0]}{counts[role]}")
                paragraphs[0]["classes"].append("turn-start")
                self.mark_speaker(paragraphs[0], role, meta)
            for paragraph in paragraphs:
                number += 1
                node_id = f"p{number}"
                paragraph["ids"].insert(0, node_id)
                paragraph["classes"] += ["interview-paragraph", f"turn-{role}"]
                label = interview.paragraph_label(slug, number)
                paragraph.insert(0, _margin_number(number, label))
                known = std.anonlabels.get(label)
                if known and known[0] != self.env.docname:
                    logger.warning(
                        "duplicate paragraph label %s (also in %s)",
                        label,
                        known[0],
                        location=paragraph,
                    )
                    continue  # the first chapter keeps it; Sphinx would warn again
                std.note_hyperlink_target(
                    label, self.env.docname, node_id, title=f"¶{number}"
                )

    def mark_speaker(self, paragraph: nodes.paragraph, role: str, meta: dict) -> None:
        """Mark the label of the turn's speaker, as the front matter gives it.

        The original must open every question and answer with the Chinese
        label (``interviewer``/``interviewee``); a translated paragraph opens
        with the speaker's label in its language (``interviewee_label_en``…),
        an untranslated one still with the Chinese label.
        """
        speaker = interview.speaker_of_turn(meta, role)
        if speaker is None or not speaker.label:
            return
        language = self.config.language
        labels = [speaker.label_in(language), speaker.label_in(ORIGINAL)]
        if any(_mark_speaker(paragraph, label) for label in labels if label):
            return
        key = speaker.role if language == ORIGINAL else f"{speaker.role}_label_en"
        wanted = speaker.label_in(language) or speaker.label_in(ORIGINAL)
        logger.warning(
            "a %s turn must open with its speaker's label %r "
            "('interview.%s' in the front matter)",
            role,
            wanted,
            key,
            location=paragraph,
            type="interview",
            subtype="turn",
        )


def _chapter_meta(env, node: nodes.Node) -> dict:
    """The chapter's ``interview`` front matter, read by the interview model."""
    try:
        return interview.Interview(Path(env.doc2path(env.docname))).meta
    except interview.InterviewError as error:
        logger.warning(
            "%s", error.problem, location=node, type="interview", subtype="metadata"
        )
        return {}


def _margin_number(number: int, label: str) -> paragraph_number:
    title = _("¶{}: link to this paragraph").format(number)
    ref = nodes.reference("", str(number), refid=f"p{number}", reftitle=title)
    return paragraph_number(
        "", "", ref, number=number, label=label, classes=["paranum", "no-search"]
    )


def _mark_speaker(paragraph: nodes.paragraph, label: str) -> bool:
    """Wrap a leading ``label`` in a ``speaker_label``; whether it was there."""
    index = next(
        (i for i, c in enumerate(paragraph.children) if isinstance(c, nodes.Text)),
        None,
    )
    if index is None or not str(paragraph[index]).startswith(label):
        return False
    rest = str(paragraph[index])[len(label) :]
    replacement: list[nodes.Node] = [speaker_label("", label, classes=["speaker"])]
    if rest:
        replacement.append(nodes.Text(rest))
    paragraph[index : index + 1] = replacement
    return True


class FlattenTurnsForHTML(SphinxPostTransform):
    """Lift the paragraphs of each turn into the section around it (HTML only).

    The book theme shows a footnote as a sidenote beside its paragraph only
    when the paragraph sits directly in a section; inside a container it moves
    the note to the container's top.  The paragraphs already carry the turn's
    classes, so nothing is lost.  Runs before the theme's footnote transform.
    """

    default_priority = 0
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(turn)):
            node["classes"] = []  # replace_self() would copy them to the first child
            node.replace_self(node.children)


def visit_paragraph_number_html(self, node: paragraph_number) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="paranum"))


def depart_paragraph_number_html(self, node: paragraph_number) -> None:
    self.body.append("</span>")


def visit_paragraph_number_latex(self, node: paragraph_number) -> None:
    # The names of the PDF destinations at the paragraph's start and end
    # (aipharmabook.sty; tools/lib/fidelity.py reads the PDF by them), then the
    # margin number.
    label = node["label"]
    if interview.SLUG.fullmatch(label):  # never TeX from a file name
        self.body.append(
            rf"\bookparastart{{\detokenize{{{label}}}}}"
            rf"{{\detokenize{{{interview.end_of(label)}}}}}"
        )
    self.body.append(rf"\bookparanum{{{node['number']}}}")
    raise nodes.SkipNode


def skip_node(self, node: nodes.Node) -> None:
    raise nodes.SkipNode


def visit_turn_latex(self, node: turn) -> None:
    self.body.append(f"\n\\begin{{bookturn}}{{{node['role']}}}\n")


def depart_turn_latex(self, node: turn) -> None:
    self.body.append("\n\\end{bookturn}\n")


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the ``turn`` directive, its nodes and the numbering transforms."""
    app.setup_extension(
        "tools.sphinxext.plumbing.messages"
    )  # the margin numbers' titles
    app.add_directive("turn", TurnDirective)
    app.add_node(
        paragraph_number,
        html=(visit_paragraph_number_html, depart_paragraph_number_html),
        latex=(visit_paragraph_number_latex, None),
        text=(skip_node, None),
    )
    app.add_node(turn, latex=(visit_turn_latex, depart_turn_latex))
    app.add_node(speaker_label)
    app.add_transform(NumberParagraphs)
    app.add_post_transform(FlattenTurnsForHTML)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
