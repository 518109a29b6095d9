"""The interview model: one definition of a chapter, used by every part of the book.

A chapter is a MyST file in ``docs/interviews/`` whose front matter holds an
``interview`` mapping.  This module reads it once, for everyone who needs it
(the build's fidelity guard, ``python -m tools.fidelity``, the contribution
rules, the importer, the mentions index, the source card and the tests):

* the front matter, with a YAML parser (``Interview.meta``);
* the speakers: the labels that open a question (``interviewer``) and an
  answer (``interviewee``) in the text, and their English labels
  (``interviewer_label_en``, ``interviewee_label_en``) used by the English
  edition (``Interview.speakers``);
* the chapter's status: ``status: draft`` for a chapter still in progress
  (its annotations, glossary links and translation follow in later pull
  requests), anything else or nothing for a finished one;
* the expected paragraphs, derived from the raw source by the rules of
  ``tools.lib.rawtext`` (``Interview.expected()``);
* the paragraphs the chapter's ``{turn}`` blocks hold, read with
  myst-parser's own markdown-it parser (``Interview.paragraphs()``), as the
  reader sees them: glossary links show their text, annotation marks are
  dropped.

A chapter with a problem raises ``InterviewError`` with ``file:line:`` and
what to do, never a traceback.
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from tools.lib import confine, rawtext, textfile

ROOT = Path(__file__).resolve().parents[2]
INTERVIEWS = Path("docs") / "interviews"
DRAFT = "draft"
ROLES = {"question": "interviewer", "answer": "interviewee"}


class InterviewError(Exception):
    """A chapter that cannot be read: the message names file and line."""

    @property
    def problem(self) -> str:
        """The message without its ``file:line:`` (for a located Sphinx warning)."""
        return re.sub(r"^.*?:\d+: ", "", str(self), count=1)


@dataclass(frozen=True)
class Speaker:
    """A voice of the interview and its label in each language."""

    role: str  # "interviewer" or "interviewee"
    label: str  # as in the Chinese text, before "："
    label_en: str | None  # as in the English edition, before ": "

    def label_in(self, language: str) -> str | None:
        """The label that opens this speaker's turns in ``language``."""
        if language.startswith("en"):
            return f"{self.label_en}: " if self.label_en else None
        return f"{self.label}："


@dataclass(frozen=True)
class SourceParagraph:
    """A paragraph inside a ``{turn}`` block of a chapter's MyST source."""

    line: int  # 1-based line in the chapter file
    role: str  # the turn's role
    text: str  # as a reader sees it: term text shown, annotation marks dropped
    markup: str = ""  # as written, MyST markup and all (a catalogue's msgid)


def parse_front_matter(text: str, where: str = "<chapter>") -> dict:
    """The YAML front matter of a MyST file (``{}`` without one)."""
    match = re.match(r"---\n(.*?\n)?---\n", text, re.S)
    if match is None:
        return {}
    return copy.deepcopy(_parsed_yaml(match.group(1) or "", where))


@functools.lru_cache(maxsize=256)
def _parsed_yaml(front: str, where: str) -> dict:
    """``front`` parsed, once per process: the configuration and several
    extensions each read every chapter's front matter in every build, and
    PyYAML takes a hundredth of a second for one."""
    try:
        data = yaml.safe_load(front) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for "---", +1 for 1-based
        problem = getattr(error, "problem", None) or str(error)
        raise InterviewError(
            f"{where}:{line}: the front matter is not valid YAML ({problem}); "
            "fix the line"
        ) from None
    if not isinstance(data, dict):
        raise InterviewError(f"{where}:2: the front matter must be a mapping")
    return data


def speakers_of(meta: dict) -> tuple[Speaker, Speaker]:
    """The interviewer and the interviewee of an ``interview`` mapping."""
    interviewer, interviewee = (
        Speaker(
            role,
            str(meta.get(role) or "").strip(),
            str(meta.get(f"{role}_label_en") or "").strip() or None,
        )
        for role in ("interviewer", "interviewee")
    )
    return interviewer, interviewee


def is_draft(meta: dict | None) -> bool:
    """Whether an ``interview`` mapping marks its chapter as in progress."""
    return bool(meta) and str((meta or {}).get("status") or "").strip() == DRAFT


def speaker_of_turn(meta: dict, role: str) -> Speaker | None:
    """The speaker whose label opens a turn of this role, if it has one."""
    wanted = ROLES.get(role)
    return next((s for s in speakers_of(meta) if s.role == wanted), None)


def without_label(text: str, meta: dict) -> str:
    """A paragraph's text without the speaker label that opens it."""
    for speaker in speakers_of(meta):
        if speaker.label and text.startswith(f"{speaker.label}："):
            return text[len(speaker.label) + 1 :]
    return text


# --- the MyST reader: myst-parser's markdown-it, with the book's extensions


@functools.cache
def _markdown():
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    extensions = {"colon_fence", "attrs_block", "deflist"}  # as conf.py
    return create_md_parser(MdParserConfig(enable_extensions=extensions), RendererHTML)


def _role_display(content: str) -> str:
    """``AI制药 <AIDD>`` shows ``AI制药``; ``AIDD`` shows ``AIDD``."""
    explicit = re.fullmatch(r"(?P<title>.*?)\s*<[^<>]+>", content, re.S)
    return explicit.group("title") if explicit else content


def _inline_text(token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "myst_role":
            parts.append(_role_display(child.content))
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "footnote_ref":
            continue  # an annotation mark: the edition's, not the interview's
        else:  # emphasis and the like carry their text in their children
            parts.append(child.content)
    return "".join(parts)


def turn_paragraphs(text: str) -> list[SourceParagraph]:
    """Every paragraph inside a ``{turn}`` block of a MyST text, in order."""
    found = []
    md = _markdown()
    for token in md.parse(text):
        if token.type != "colon_fence" or not token.info.startswith("{turn}"):
            continue
        role = token.info.removeprefix("{turn}").strip()
        offset = token.map[0] + 1  # the fence line; the content follows it
        for inner in md.parse(token.content):
            if inner.type == "inline" and inner.map:
                line = inner.map[0] + offset + 1
                found.append(
                    SourceParagraph(line, role, _inline_text(inner), inner.content)
                )
    return found


# --- a chapter


@dataclass(frozen=True)
class Interview:
    """An interview chapter and the raw source it must reproduce."""

    path: Path
    root: Path = ROOT

    @property
    def slug(self) -> str:
        """``xing-ming``: the file's name, the chapter's label prefix."""
        return self.path.stem

    @property
    def docname(self) -> str:
        """``interviews/<slug>``: the path below the book's docs/ folder."""
        docs = next(p for p in self.path.parents if p.name == "docs")
        return self.path.relative_to(docs).with_suffix("").as_posix()

    @property
    def where(self) -> str:
        """The chapter's path as messages name it, relative to the book."""
        try:
            return self.path.relative_to(self.root).as_posix()
        except ValueError:
            return str(self.path)

    @functools.cached_property
    def text(self) -> str:
        try:
            return textfile.read(self.path)
        except textfile.UnreadableText as error:
            raise InterviewError(
                f"{self.where}:{error.line}: {error.message}"
            ) from None

    @functools.cached_property
    def meta(self) -> dict:
        """The ``interview`` mapping of the front matter."""
        meta = parse_front_matter(self.text, self.where).get("interview")
        if not isinstance(meta, dict):
            raise InterviewError(
                f"{self.where}:1: front matter has no 'interview' mapping; "
                "import the chapter with python -m tools.import_interview"
            )
        return meta

    @property
    def speakers(self) -> tuple[Speaker, Speaker]:
        return speakers_of(self.meta)

    @property
    def draft(self) -> bool:
        return is_draft(self.meta)

    @property
    def source(self) -> Path:
        """The raw source named by ``interview.source``."""
        name = self.meta.get("source")
        if not name:
            raise InterviewError(
                f"{self.where}:1: front matter has no 'interview.source' path"
            )
        # the raw text is read and printed: only a file under sources/
        if problem := confine.source_problem(self.root, str(name)):
            line = next(
                (
                    number
                    for number, text in enumerate(self.text.splitlines(), 1)
                    if text.strip().startswith("source:")
                ),
                1,
            )
            raise InterviewError(
                f"{self.where}:{line}: {problem}; name the raw text under sources/"
            )
        return self.root / str(name)

    def expected(self) -> list[str]:
        """The interview's paragraphs as the rules make them from the source."""
        return [p.text for p in self.cleaned().paragraphs]

    def cleaned(self) -> rawtext.Cleaned:
        if not self.source.is_file():
            raise InterviewError(
                f"{self.where}:1: interview source {self.meta.get('source')!r} "
                "not found; 'interview.source' must name the raw text under sources/"
            )
        try:
            return rawtext.clean(textfile.read(self.source))
        except textfile.UnreadableText as error:
            where = (
                self.source.relative_to(self.root).as_posix()
                if self.source.is_relative_to(self.root)
                else str(self.source)
            )
            raise InterviewError(f"{where}:{error.line}: {error.message}") from None

    def paragraphs(self) -> list[SourceParagraph]:
        """The paragraphs of the chapter's ``{turn}`` blocks, as readers see them."""
        return turn_paragraphs(self.text)

    def label(self, number: int) -> str:
        """The ``{ref}`` label of paragraph ¶N: ``<slug>-pN``."""
        return paragraph_label(self.slug, number)


# What a chapter's file name may be: it names the paragraphs' labels, their
# ids and the PDF's destinations, and so reaches the LaTeX source.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot name a chapter, or ``None``."""
    if SLUG.fullmatch(slug):
        return None
    return (
        f"the chapter's file name {slug!r} may hold only lowercase ASCII letters, "
        "digits and single hyphens (it names the paragraphs' labels and the PDF's "
        "destinations); rename the file, e.g. wang-xiaoming.md"
    )


def paragraph_label(slug: str, number: int) -> str:
    """``<slug>-pN``: paragraph ¶N's cross-reference label, unique in the series.

    The PDF edition names the destination at the start of the paragraph so
    too, and the one under its last line ``end_of(label)``.
    """
    return f"{slug}-p{number}"


def end_of(label: str) -> str:
    """The name of the PDF destination that ends paragraph ``label``."""
    return f"{label}-end"


def chapters(root: Path = ROOT) -> list[Interview]:
    """Every interview chapter of the book in ``root``, by file name."""
    return [Interview(path, root) for path in sorted((root / INTERVIEWS).glob("*.md"))]
