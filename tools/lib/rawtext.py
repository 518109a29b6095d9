"""Rules that turn a scraped web copy of an interview into its edited text.

Each rule is a small function.  ``clean()`` applies them all and returns the
interview's paragraphs together with a report of every line it dropped and
every character it changed, so the normalisation is never silent.

The rules are documented for readers on the editorial-principles page
(``docs/principles.md``); keep the two in step.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

# CJK ideographs and the full-width punctuation/quotes that sit between them.
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’《》"
_CJK_CHAR = re.compile(f"[{_CJK}]")

# --- debris rules: each takes one stripped line and says whether it is debris


def is_seo_title(line: str) -> bool:
    """A search-engine title line: a keyword repeated with a suffix.

    Scraped pages carry lines such as ``浙江大学药学院考研(浙江大学药学院考研科目)``
    or ``浙江大学药学院考研,浙江大学药学院考研科目``: a phrase, then the same
    phrase extended, in brackets or after a comma, with no sentence punctuation.
    """
    match = re.fullmatch(
        r"(?P<key>[^\s,，(（)）。！？]{2,30})\s*[(（,，]\s*(?P=key)[^。！？()（）]{0,30}[)）]?",
        line,
    )
    return match is not None


def is_teaser(line: str) -> bool:
    """A call-to-action link text such as ``想获得更多考研相关资料``."""
    return (
        re.fullmatch(r"[想欲]?(获得|获取|了解|查看)更多[^。！？]{0,20}", line)
        is not None
    )


def is_icp_footer(line: str) -> bool:
    """A Chinese website licence footer such as ``京ICP备14027590号``."""
    return re.fullmatch(r"[\u4e00-\u9fff]ICP[备证]\d+号(-\d+)?", line) is not None


DEBRIS_RULES: tuple[Callable[[str], bool], ...] = (
    is_seo_title,
    is_teaser,
    is_icp_footer,
)

# --- punctuation rules (GB/T 15834): ASCII marks in Chinese text become full width

_FULL_WIDTH = {",": "，", ":": "：", "?": "？", ";": "；", "!": "！"}


def _is_cjk(char: str | None) -> bool:
    return bool(char and _CJK_CHAR.match(char))


def _neighbours(text: str, index: int) -> tuple[str | None, str | None]:
    """The nearest non-space characters before and after ``text[index]``."""
    before = text[:index].rstrip(" ")
    after = text[index + 1 :].lstrip(" ")
    return (before[-1] if before else None, after[0] if after else None)


def full_width_marks(text: str) -> str:
    """Make ``, : ? ; !`` full width where they touch Chinese text.

    A mark becomes full width when the nearest character on either side is
    Chinese; a mark between Latin letters or digits (``1,000``, ``10:30``)
    stays ASCII.  Spaces around a converted mark are removed, because a
    full-width mark carries its own spacing.
    """
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char in _FULL_WIDTH and any(map(_is_cjk, _neighbours(text, index))):
            while out and out[-1] == " ":
                out.pop()
            out.append(_FULL_WIDTH[char])
            index += 1
            while index < len(text) and text[index] == " ":
                index += 1
            continue
        out.append(char)
        index += 1
    return "".join(out)


def full_width_parentheses(text: str) -> str:
    """Make a pair of ASCII parentheses full width when it belongs to Chinese text.

    A pair is converted when it encloses Chinese or touches Chinese outside it:
    ``Discovery(机器学习…)`` and ``考研(浙江…)`` become ``（…）``, while
    ``(see p. 3)`` inside Latin text stays as it is.  Both marks of a pair are
    always converted together.
    """
    chars = list(text)
    stack: list[int] = []
    for index, char in enumerate(chars):
        if char == "(":
            stack.append(index)
        elif char == ")" and stack:
            start = stack.pop()
            inner = text[start + 1 : index]
            before, _ = _neighbours(text, start)
            _, after = _neighbours(text, index)
            if _CJK_CHAR.search(inner) or _is_cjk(before) or _is_cjk(after):
                chars[start], chars[index] = "（", "）"
    return "".join(chars)


PUNCTUATION_RULES: tuple[Callable[[str], str], ...] = (
    full_width_parentheses,
    full_width_marks,
)


def normalise(text: str) -> str:
    """Apply every punctuation rule to one paragraph."""
    for rule in PUNCTUATION_RULES:
        text = rule(text)
    return text


# --- the whole pass


@dataclass(frozen=True)
class Removal:
    """A source line dropped as page debris."""

    line: int
    rule: str
    text: str


@dataclass(frozen=True)
class Change:
    """A paragraph whose characters the punctuation rules changed."""

    line: int
    before: str
    after: str


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the interview, with the source line it came from."""

    line: int
    text: str


@dataclass
class Cleaned:
    """The result of ``clean()``: paragraphs and what was done to get them."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)

    def report(self) -> str:
        """A human-readable account of every removal and change."""
        lines = [f"removed {len(self.removed)} debris line(s):"]
        lines += [f"  line {r.line} [{r.rule}] {r.text}" for r in self.removed]
        lines.append(f"normalised punctuation in {len(self.changed)} paragraph(s):")
        for change in self.changed:
            lines.append(f"  line {change.line}:")
            lines.append(f"    - {change.before}")
            lines.append(f"    + {change.after}")
        return "\n".join(lines)


def clean(raw: str) -> Cleaned:
    """Split a raw scraped text into normalised interview paragraphs.

    Every non-empty line of the source is one paragraph, unless a debris rule
    claims it.  Line numbers are 1-based, as an editor shows them.
    """
    result = Cleaned()
    for number, line in enumerate(raw.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        rule = next((r for r in DEBRIS_RULES if r(stripped)), None)
        if rule is not None:
            result.removed.append(Removal(number, rule.__name__, stripped))
            continue
        text = normalise(stripped)
        if text != stripped:
            result.changed.append(Change(number, stripped, text))
        result.paragraphs.append(Paragraph(number, text))
    return result


# --- speaker turns


@dataclass
class Turn:
    """A run of paragraphs by one voice: narration, a question or an answer."""

    role: str  # "narration", "question" or "answer"
    speaker: str | None
    paragraphs: list[Paragraph] = field(default_factory=list)


def speaker_label(text: str, speakers: tuple[str, ...]) -> str | None:
    """The speaker whose label ``Name：`` opens this paragraph, if any."""
    for speaker in speakers:
        if text.startswith(f"{speaker}："):
            return speaker
    return None


def split_turns(
    paragraphs: list[Paragraph], interviewer: str, interviewee: str
) -> list[Turn]:
    """Group paragraphs into turns.

    Paragraphs before the first labelled one are the article's narration; a
    paragraph labelled ``interviewer：`` opens a question and one labelled
    ``interviewee：`` opens an answer; unlabelled paragraphs continue the turn
    before them.
    """
    turns: list[Turn] = []
    for paragraph in paragraphs:
        speaker = speaker_label(paragraph.text, (interviewer, interviewee))
        if speaker is not None:
            role = "question" if speaker == interviewer else "answer"
            turns.append(Turn(role, speaker))
        elif not turns:
            turns.append(Turn("narration", None))
        turns[-1].paragraphs.append(paragraph)
    return turns
