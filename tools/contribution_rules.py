"""Contribution rules that need no build, checked line by line.

``python -m tools.contribution_rules`` (also run by ``nox -s lint``, the
tests and pre-commit) reports each broken rule as ``file:line: message``:

* every annotation (a MyST footnote definition) has a source: a citation
  (``{cite:p}``), a link to the passage it rests on (``{ref}``/``{doc}``),
  or, for an editorial judgement that states no fact, the opening 编者按：;
* every glossary definition that states a fact (a date or number, a name,
  what a work showed) cites, links the passage, or opens with 据访谈 or
  编者按： (``tools.lib.glossary_rules``), and a glossary entry that cites
  nothing, a general definition, opens with the visible mark 通用定义：;
* no raw HTML tag in a Markdown source outside code blocks (the build also
  refuses it; this says so before a build);
* the interview text is the source's (the fidelity guard), in every
  chapter, a draft (``status: draft``) as much as a finished one;
* no bidirectional control, zero-width character or look-alike letter in
  the catalogues, the pages outside the interview, ``docs/*.yaml`` and
  ``references.bib`` (``tools.lib.characters``, the build's rule), and
  every file in ``docs/media/`` one that content may publish
  (``tools.lib.content_files``);
* every external link is well formed: https, no shortener or search page,
  a DOI as a doi.org link, no tracking parameters (``tools/lib/link_rules.py``:
  the Markdown sources, ``conf.py`` and ``references.bib``, which it reads
  with pybtex).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from tools.lib import (
    characters,
    content_files,
    fidelity,
    glossary_rules,
    interview,
    link_rules,
    textfile,
)
from tools.lib.markup import EDITORIAL, FOOTNOTE, SOURCED

ROOT = Path(__file__).resolve().parent.parent
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>")
FENCE = re.compile(r"^(`{3,}|~{3,})")


@dataclass(frozen=True)
class Problem:
    """A broken rule at a place in a file."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        rel = (
            self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path
        )
        return f"{rel}:{self.line}: {self.message}"


def unsourced_annotations(path: Path) -> list[Problem]:
    """Annotations with neither a citation, a passage link nor 编者按："""
    problems = []
    for number, line in enumerate(textfile.read(path).splitlines(), 1):
        match = FOOTNOTE.match(line)
        if match is None:
            continue
        body = match.group("body")
        if not SOURCED.search(body) and not body.startswith(EDITORIAL):
            problems.append(
                Problem(
                    path,
                    number,
                    f"annotation [^{match.group('label')}] states no source: cite the "
                    "work it rests on with {cite:p}`key` (add the work to "
                    "references.bib), link the passage with {ref}`chapter-pN`, or, "
                    f"if it is the editors' judgement and states no fact, open it with {EDITORIAL}",
                )
            )
    return problems


def raw_html(path: Path) -> list[Problem]:
    """HTML tags written into Markdown, outside fenced code blocks."""
    problems = []
    fence = None
    for number, line in enumerate(textfile.read(path).splitlines(), 1):
        marker = FENCE.match(line.strip())
        if marker and (fence is None or marker.group(1).startswith(fence)):
            fence = None if fence else marker.group(1)[:3]
            continue
        if fence is None:
            line = re.sub(r"`[^`]*`", "", line)  # inline code may show tags
            if tag := HTML_TAG.search(line):
                problems.append(
                    Problem(
                        path,
                        number,
                        f"raw HTML {tag.group(0)!r} is not allowed; write Markdown "
                        "(the build refuses raw HTML, scripts above all)",
                    )
                )
    return problems


def hidden_characters(root: Path) -> list[Problem]:
    """Invisible and look-alike characters outside the interview, as the build
    refuses them (``tools.sphinxext.security.apparatus_chars``)."""
    allowed = characters.allowed_in_conf(root / "conf.py")
    files = [
        *((path, "po") for path in sorted(root.glob("locales/**/*.po"))),
        *((path, "md") for path in sorted((root / "docs").rglob("*.md"))),
        *((path, "data") for path in sorted((root / "docs").glob("*.yaml"))),
        (root / "references.bib", "bib"),
    ]
    return [
        Problem(path, line, f"{problem}; {characters.WHAT_TO_DO}")
        for path, kind in files
        if path.is_file()
        for line, problem in characters.file_problems(path, kind, allowed)
    ]


def media_files(root: Path) -> list[Problem]:
    """Files in ``docs/media/`` that content may not publish (``content_files``)."""
    folder = root / "docs" / content_files.MEDIA_FOLDER
    return [
        Problem(path, line, f"{problem}; {content_files.WHAT_TO_DO}")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        for line, problem in content_files.problems(path)
    ]


def check(root: Path = ROOT) -> list[Problem]:
    """Every rule on every Markdown source of the book."""
    problems: list[Problem] = []
    unreadable = []
    for chapter in interview.chapters(root):
        if problem := interview.slug_problem(chapter.slug):
            problems.append(Problem(chapter.path, 1, problem))
    for path in sorted((root / "docs").rglob("*.md")):
        try:
            textfile.front_matter(path)
            problems += unsourced_annotations(path) + raw_html(path)
            problems += [
                Problem(path, line, message)
                for check in (
                    glossary_rules.unsourced_definitions,
                    glossary_rules.general_definition_marks,
                )
                for line, message in check(textfile.read(path))
            ]
        except textfile.UnreadableText as error:
            unreadable.append(Problem(error.path, error.line, error.message))
    if unreadable:  # the other rules would only stop at the same file
        return problems + unreadable
    problems += [Problem(*found) for found in link_rules.check(root)]
    problems += media_files(root)
    try:
        problems += hidden_characters(root)
    except textfile.UnreadableText as error:
        return [*problems, Problem(error.path, error.line, error.message)]
    try:
        mismatches = fidelity.check_sources(root)
    except textfile.UnreadableText as error:
        return [*problems, Problem(error.path, error.line, error.message)]
    for mismatch in mismatches:
        where, _, line = mismatch.where.partition(":")
        problems.append(
            Problem(
                root / where,
                int(line or 1),
                f"¶{mismatch.number} {mismatch.message}; restore the source's words "
                "and put any correction in an annotation",
            )
        )
    return problems


def main(argv: list[str] | None = None) -> int:
    """Print every broken rule; exit 1 if there is any."""
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    try:
        problems = check()
    except (interview.InterviewError, textfile.UnreadableText) as error:
        print(error, file=sys.stderr)
        return 1
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print("contribution rules: all met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
