"""Turn a raw scraped interview into the MyST skeleton of a new chapter.

Usage::

    python -m tools.import_interview sources/RAW.txt \\
        --interviewee 姓名 --slug xing-ming [--interviewer 雷峰网] \\
        [--interviewee-en "Given Family"] [--interviewer-en Leiphone] \\
        [--output docs/interviews/xing-ming.md] [--report]

The skeleton has the front matter (with ``status: draft``: the apparatus
follows in later pull requests), the editorial headings 导语 and 对话, and
every paragraph of the interview inside ``{turn}`` blocks.  Before writing,
the importer reads its own output back with the interview model
(``tools.lib.interview``) and refuses a skeleton whose paragraphs are not the
source's.  Editors then add
headings, glossary links and annotations by hand; the fidelity guard
(``python -m tools.fidelity``) keeps the interview's own words unchanged.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tools.lib import fidelity, interview, rawtext, textfile

FRONT_MATTER = """\
---
interview:
  series: 《AI制药十人谈》
  outlet: 雷峰网《医健AI掘金志》
  # draft: the annotations, glossary links and translation are not complete
  # yet; remove the line when they are (the tests then require them).
  status: draft
  interviewee: {interviewee}
  interviewee_en: {interviewee_en}
  interviewer: {interviewer}
  # The speakers' labels in the English edition ("Leiphone: " opens a question).
  interviewer_label_en: {interviewer_en}
  interviewee_label_en: {interviewee_en}
  title: # the article's title as published; leave empty if unknown
  published: # YYYY-MM-DD as published; leave empty if unknown
  url: # the article's address; leave empty if unknown
  author: # the journalist as credited; leave empty if unknown
  source: {source}
  # the PDF's keywords for this interview, e.g. [联邦学习, AlphaFold2]
  keywords:
  keywords_en:
---
"""


def render_turn(turn: rawtext.Turn) -> str:
    """One ``{turn}`` block, a paragraph a line, blank lines between."""
    body = "\n\n".join(paragraph.text for paragraph in turn.paragraphs)
    return f":::{{turn}} {turn.role}\n{body}\n:::\n"


def render_chapter(
    turns: list[rawtext.Turn],
    *,
    slug: str,
    interviewee: str,
    interviewer: str,
    source: str,
    interviewee_en: str = "",
    interviewer_en: str = "",
) -> str:
    """The chapter skeleton as MyST Markdown."""
    parts = [
        FRONT_MATTER.format(
            interviewee=interviewee,
            interviewer=interviewer,
            source=source,
            interviewee_en=_yaml_scalar(interviewee_en),
            interviewer_en=_yaml_scalar(interviewer_en),
        ),
        f"{{#{slug} .editorial}}\n# {interviewee}\n",
    ]
    dialogue_started = False
    for index, turn in enumerate(turns):
        if index == 0 and turn.role == "narration":
            parts.append(f"{{#{slug}-lead .editorial}}\n## 导语\n")
        elif turn.role != "narration" and not dialogue_started:
            parts.append(f"{{#{slug}-dialogue .editorial}}\n## 对话\n")
            dialogue_started = True
        parts.append(render_turn(turn))
    return "\n".join(parts)


def _yaml_scalar(value: str) -> str:
    """A YAML value for the template: quoted, or nothing (unknown)."""
    return json.dumps(value, ensure_ascii=False) if value else ""


def unfaithful(chapter: str, cleaned: rawtext.Cleaned) -> list[str]:
    """The differences between a rendered skeleton and its source (none)."""
    found = [p.text for p in interview.turn_paragraphs(chapter)]
    expected = [p.text for p in cleaned.paragraphs]
    return [str(m) for m in fidelity.compare(expected, found, "skeleton")]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", type=Path, help="the scraped text, kept in sources/")
    parser.add_argument("--interviewee", required=True, help="name as in the labels")
    parser.add_argument("--interviewer", default="雷峰网", help="label of questions")
    parser.add_argument(
        "--interviewee-en", default="", help="the interviewee's name in English"
    )
    parser.add_argument(
        "--interviewer-en", default="", help="the questions' label in English"
    )
    parser.add_argument(
        "--slug", required=True, help="pinyin file name, e.g. xing-ming"
    )
    parser.add_argument("--output", type=Path, help="write here instead of stdout")
    parser.add_argument(
        "--report", action="store_true", help="list removed lines and changes on stderr"
    )
    args = parser.parse_args(argv)
    if problem := interview.slug_problem(args.slug):
        parser.error(f"--slug: {problem.replace('file name', 'slug', 1)}")

    try:
        cleaned = rawtext.clean(textfile.read(args.raw))
    except textfile.UnreadableText as error:
        print(error, file=sys.stderr)
        return 2
    turns = rawtext.split_turns(cleaned.paragraphs, args.interviewer, args.interviewee)
    if not any(turn.role == "answer" for turn in turns):
        parser.error(
            f"{args.raw}: no paragraph starts with '{args.interviewee}：'; "
            "check --interviewee against the speaker labels in the source"
        )
    chapter = render_chapter(
        turns,
        slug=args.slug,
        interviewee=args.interviewee,
        interviewer=args.interviewer,
        source=args.raw.as_posix(),
        interviewee_en=args.interviewee_en,
        interviewer_en=args.interviewer_en,
    )
    if problems := unfaithful(chapter, cleaned):
        # A paragraph the MyST reader sees differently (one that looks like
        # markup): say which, instead of writing a chapter the build refuses.
        parser.error(
            f"{args.raw}: the skeleton would not reproduce the source: "
            + "; ".join(problems)
        )
    if args.report:
        print(cleaned.report(), file=sys.stderr)
    if args.output:
        if args.output.exists():
            parser.error(
                f"{args.output} exists; the importer never overwrites a chapter"
            )
        args.output.write_text(chapter, encoding="utf-8")
    else:
        sys.stdout.write(chapter)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
