"""An index of people and organisations, by paragraph number.

The ``{mentions}`` directive lists names, one a line, optionally with the
spellings under which the interviews mention them::

    ```{mentions}
    侯廷军
    杨森制药 = 杨森制药 | Janssen
    ```

A spelling can be one that also occurs inside a longer name filed
elsewhere; ``!`` lists those longer names, which then do not count::

    腾讯（Tencent） = 腾讯 ! 腾讯量子实验室

and renders, for each name, links to every interview paragraph that
mentions it, by chapter: ``侯廷军 — 谢昌谕 ¶10 ¶27 …``.  Names are looked up in the
interview's original Chinese paragraphs (derived from the raw source, as the
fidelity guard does), so the index never has to be kept up to date by hand
and the English edition, whose paragraph numbers are the same, gets the same
index.  Speaker labels (the front matter's ``interviewer``/``interviewee``) do not count as mentions.  A name found
in no paragraph is a warning: the index would promise a passage that does
not exist.

The paragraphs are read once per build, and only if a page with an index is
written.  Such a page is out of date when what the index is made of changes
— a chapter added or removed, a raw source, a chapter's source path or its
speakers' names — and only then: an edited annotation leaves it alone.
"""

from __future__ import annotations

import hashlib
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from docutils import nodes
from sphinx.domains import Domain
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from tools.lib import interview
from tools.lib.build import ORIGINAL
from tools.sphinxext.text.interview_meta import interview_metadata

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
            spellings, _, others = spellings.partition("!")
            variants = [s.strip() for s in spellings.split("|") if s.strip()]
            excluded = [s.strip() for s in others.split("|") if s.strip()]
            entries.append((name.strip(), variants or [name.strip()], excluded))
        node = mentions_list(entries=entries)
        self.set_source_info(node)
        return [node]


class MentionsDomain(Domain):
    """What the environment keeps for the indexes: the pages that hold one
    (``pages``), and the digest of what they were made of (``inputs``)."""

    name = "mentions"
    label = "index of people and organisations"
    initial_data: ClassVar[dict] = {"pages": set(), "inputs": None}
    data_version = 1

    @property
    def pages(self) -> set[str]:
        return self.data["pages"]

    def note_page(self, docname: str, inputs: str) -> None:
        self.pages.add(docname)
        self.data["inputs"] = inputs

    def clear_doc(self, docname: str) -> None:
        self.pages.discard(docname)

    def merge_domaindata(self, docnames, otherdata: dict) -> None:
        self.pages.update(set(otherdata["pages"]) & set(docnames))
        if otherdata["inputs"] is not None:  # a worker that read an index page
            self.data["inputs"] = otherdata["inputs"]


def _domain(env: BuildEnvironment) -> MentionsDomain:
    return cast("MentionsDomain", env.get_domain(MentionsDomain.name))


def note_page(app: Sphinx, doctree: nodes.document) -> None:
    if any(doctree.findall(mentions_list)):
        _domain(app.env).note_page(app.env.docname, index_inputs(app, app.env))


def index_inputs(app: Sphinx, env: BuildEnvironment) -> str:
    """A digest of what the indexes are made of: every chapter's docname,
    source path, raw text and speakers."""
    digest = hashlib.sha256()
    for docname in sorted(env.found_docs):
        chapter = interview.Interview(Path(env.doc2path(docname)), Path(app.confdir))
        try:
            facts = [docname, chapter.meta.get("source"), chapter.speakers]
            raw = chapter.source.read_bytes() if chapter.source.is_file() else b""
        except (interview.InterviewError, OSError, ValueError):
            continue  # not a chapter, or one the fidelity guard reports
        digest.update(repr(facts).encode() + hashlib.sha256(raw).digest())
    return digest.hexdigest()


# The interviews' paragraphs, read once per build, by application (the tests
# run several in one process); an application's entry goes with it.
PARAGRAPHS: weakref.WeakKeyDictionary[
    Sphinx, dict[str, tuple[str, list[tuple[int, str]]]]
] = weakref.WeakKeyDictionary()


def outdated(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """The index pages, when what they are made of changed since they were
    read (a new chapter, an edited raw source, a renamed speaker)."""
    PARAGRAPHS.pop(app, None)  # read anew in this build
    domain = _domain(env)
    if not domain.pages:
        return []  # no index to keep up to date
    if index_inputs(app, env) == domain.data["inputs"] and not (added or removed):
        return []
    return sorted(domain.pages)  # read again, they note the new inputs


def interview_paragraphs(app: Sphinx) -> dict[str, tuple[str, list[tuple[int, str]]]]:
    """docname -> (interviewee, [(¶N, original text without its speaker label)]),
    read once per build."""
    if app not in PARAGRAPHS:
        PARAGRAPHS[app] = _read_paragraphs(app)
    return PARAGRAPHS[app]


def _read_paragraphs(app: Sphinx) -> dict[str, tuple[str, list[tuple[int, str]]]]:
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


def _without(text: str, excluded: list[str]) -> str:
    """The paragraph with the longer names filed elsewhere taken out."""
    for other in excluded:
        text = text.replace(other, "\n")
    return text


def render(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    """Replace each placeholder with the names and their paragraph links."""
    placeholders = list(doctree.findall(mentions_list))
    if not placeholders:
        return
    chapters = interview_paragraphs(app)
    for node in placeholders:
        items = nodes.definition_list(classes=["mentions"])
        for name, variants, excluded in node["entries"]:
            refs: list[nodes.Node] = []
            for docname, (who, texts) in chapters.items():
                numbers = [
                    n
                    for n, text in texts
                    if any(v in _without(text, excluded) for v in variants)
                ]
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
    app.add_domain(MentionsDomain)
    app.connect("env-get-outdated", outdated)
    app.connect("doctree-read", note_page)
    app.connect("doctree-resolved", render)
    return {
        "version": "1",
        "env_version": 1,  # raise it when MentionsDomain's data changes shape
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
