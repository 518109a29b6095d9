"""The contribution rule for glossary definitions: a stated fact has a source.

Annotations must cite, link the passage they rest on, or open with 编者按：
(``tools.contribution_rules``).  This is the same rule for the definitions in
a ``{glossary}`` block: each definition line (indented, one sentence per line)
that states a checkable fact must give its source.  A line states such a fact
when it contains

* a number that is not part of a name: a date, a count, a percentage
  (``2019 年``, ``150 亿``, ``65%``; not ``AlphaFold2``, ``IC50``, ``CASP14``);
* a personal or proper name in Latin letters, in brackets after the Chinese
  (``（Ligeng Zhu）``, ``（H. Brendan McMahan）``);
* a claim about what a work showed: a study, paper, review, report, its
  authors or a website that 指出, 发现, 报告, 表明, 显示, 展示, 证明, 写道, 宣布
  or 称 something.

Such a line is sourced when it cites (``{cite:p}``), links the passage it
rests on (``{ref}``, ``{doc}``), or opens with 据访谈 (the glossary's stated
convention for what only the interview says) or 编者按： (the editors' own
judgement or definition).  Each problem is ``(line, message)``.

An entry none of whose lines cites or links anything is a general definition,
which the rule allows; so that a reader can tell it from a sourced entry, its
first definition line opens with 通用定义： (``markup.GENERAL``), unless it opens
with 据访谈 or 编者按：, which already say where it comes from.  The mark is
refused on an entry that does cite, so that the mark and the sources agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tools.lib.markup import EDITORIAL, GENERAL, SOURCED

GLOSSARY_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{glossary\}")
INTERVIEW = "据访谈"
NUMBER = re.compile(r"(?<![A-Za-z0-9.])[0-9０-９]+(?:[.,][0-9]+)*(?![A-Za-z0-9])")
NAME = re.compile(r"[（(][A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)+[)）]")
WORK = "等人|研究|论文|综述|报道|报告|新闻稿|预印本|作者|网站|文档"
CLAIM = re.compile(
    rf"(?:{WORK})[^。；]*?(?:指出|发现|报告|表明|显示|展示|证明|写道|宣布|(?<![名也简通俗统])称(?![为作]))"
)
KINDS = (
    (NUMBER, "a date or a number"),
    (NAME, "a name"),
    (CLAIM, "what a work showed"),
)


def definition_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, text) of each definition line inside ``{glossary}`` blocks."""
    for entry in entries(text):
        yield from entry


def entries(text: str) -> Iterator[list[tuple[int, str]]]:
    """The definition lines of each glossary entry, entry by entry.

    An entry is one or more headwords (unindented lines) followed by its
    indented definition lines; a blank line or the next headword ends it.
    """
    fence = None
    current: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if fence is None:
            if match := GLOSSARY_OPEN.match(line.strip()):
                fence = match.group("fence")
            continue
        if line.strip() == fence:
            fence = None
        elif line[:1].isspace() and line.strip():
            current.append((number, line.strip()))
            continue
        elif line.strip() and not current:
            continue  # another headword of the same entry
        if current:
            yield current
            current = []
    if current:
        yield current


def general_definition_marks(text: str) -> Iterator[tuple[int, str]]:
    """Entries whose 通用定义： mark disagrees with their sources."""
    for lines in entries(text):
        number, first = lines[0]
        sourced = any(SOURCED.search(line) for _, line in lines)
        marked = [n for n, line in lines if line.startswith(GENERAL)]
        if sourced:
            for n in marked:
                yield (
                    n,
                    f"glossary entry cites a source but is marked {GENERAL} "
                    f"(a general definition): remove the mark",
                )
        elif not first.startswith((GENERAL, INTERVIEW, EDITORIAL)):
            yield (
                number,
                f"glossary entry cites nothing: open its first line with {GENERAL} "
                "if it is a general definition, or cite the work it rests on "
                "with {cite:p}`key`",
            )


def stated_fact(line: str) -> str | None:
    """What kind of checkable fact the line states, or None."""
    for pattern, kind in KINDS:
        if pattern.search(line):
            return kind
    return None


def unsourced_definitions(text: str) -> Iterator[tuple[int, str]]:
    """Definition lines that state a fact but give no source."""
    for number, line in definition_lines(text):
        kind = stated_fact(line)
        if kind is None or SOURCED.search(line):
            continue
        if line.startswith((EDITORIAL, INTERVIEW)):
            continue
        yield (
            number,
            f"glossary definition states a fact ({kind}) but gives no source: "
            "cite the work it rests on with {cite:p}`key`, link the passage with "
            f"{{ref}}`chapter-pN`, open the line with {INTERVIEW} if only the "
            f"interview says it, or with {EDITORIAL} if it is the editors' own "
            "definition",
        )
