"""Turn a raw scraped interview into the MyST skeleton of a new chapter.

Usage::

    python -m tools.import_interview sources/RAW.txt \\
        --interviewee 谢昌谕 --slug xie-changyu [--interviewer 雷峰网] \\
        [--output docs/interviews/xie-changyu.md] [--report]

The skeleton has the front matter, the editorial headings 导语 and 对话, and
every paragraph of the interview inside ``{turn}`` blocks.  Editors then add
headings, glossary links and annotations by hand; the fidelity guard
(``python -m tools.fidelity``) keeps the interview's own words unchanged.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools import rawtext

FRONT_MATTER = """\
---
interview:
  series: 《AI制药十人谈》
  outlet: 雷峰网《医健AI掘金志》
  interviewee: {interviewee}
  interviewer: {interviewer}
  title: # the article's title as published; leave empty if unknown
  published: # YYYY-MM-DD as published; leave empty if unknown
  url: # the article's address; leave empty if unknown
  author: # the journalist as credited; leave empty if unknown
  source: {source}
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
) -> str:
    """The chapter skeleton as MyST Markdown."""
    parts = [
        FRONT_MATTER.format(
            interviewee=interviewee, interviewer=interviewer, source=source
        ),
        f"{{#{slug}}}\n# {interviewee}\n",
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


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", type=Path, help="the scraped text, kept in sources/")
    parser.add_argument("--interviewee", required=True, help="name as in the labels")
    parser.add_argument("--interviewer", default="雷峰网", help="label of questions")
    parser.add_argument(
        "--slug", required=True, help="pinyin file name, e.g. xie-changyu"
    )
    parser.add_argument("--output", type=Path, help="write here instead of stdout")
    parser.add_argument(
        "--report", action="store_true", help="list removed lines and changes on stderr"
    )
    args = parser.parse_args(argv)

    cleaned = rawtext.clean(args.raw.read_text(encoding="utf-8"))
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
