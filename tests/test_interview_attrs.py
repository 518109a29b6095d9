"""Nothing hides the interview: each known hiding trick is refused at its line.

Each case edits one chapter of a copy of ``tests/roots/test-fidelity-chars``
(with ``tools.sphinxext.text.interview_attrs`` and MyST's ``attrs_inline`` added),
builds it and asserts the exact ``file:line`` warning.  The words stay the
source's, so the fidelity guard alone would pass every one of them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

CHAPTER = "interviews/wang-xiaoming.md"
ANSWER = "王小明：我从2019年开始涉猎AI的方向，那时用的是AlphaFold2 和分子动力学。"
TURN = f":::{{turn}} answer\n{ANSWER}\n:::\n"
HEADING = "{#wang-xiaoming-dialogue .editorial}\n## 对话"
WHAT_TO_DO = (
    "the interview is shown as the source has it; remove it (a heading takes "
    "{#id .editorial}, a comment goes in an annotation)"
)

# case: (old, new, the line's offset from the turn's fence (or the heading's
# attribute line), the problem)
CASES = {
    "utility class d-none": (
        TURN,
        f":::{{turn}} answer\n{{.d-none}}\n{ANSWER}\n:::\n",
        1,
        "the attribute line {.d-none} inside a turn would style or hide the "
        "interview's text",
    ),
    "class hidden with an id": (
        TURN,
        f":::{{turn}} answer\n{{#secret .hidden}}\n{ANSWER}\n:::\n",
        1,
        "the attribute line {#secret .hidden} inside a turn would style or hide "
        "the interview's text",
    ),
    "inline style": (
        TURN,
        f':::{{turn}} answer\n{{style="display:none"}}\n{ANSWER}\n:::\n',
        1,
        'the attribute line {style="display:none"} inside a turn would style or '
        "hide the interview's text",
    ),
    "hidden attribute": (
        TURN,
        f":::{{turn}} answer\n{{hidden=hidden}}\n{ANSWER}\n:::\n",
        1,
        "the attribute line {hidden=hidden} inside a turn would style or hide "
        "the interview's text",
    ),
    "rst-class directive": (
        TURN,
        f":::{{turn}} answer\n```{{rst-class}} visually-hidden\n```\n{ANSWER}\n:::\n",
        3,
        "an interview paragraph carries the class 'visually-hidden'",
    ),
    "inline span with a class": (
        TURN,
        ":::{turn} answer\n王小明：[我从2019年开始涉猎AI的方向]{.d-none}，"
        "那时用的是AlphaFold2 和分子动力学。\n:::\n",
        1,
        "a span of the interview text carries the class 'd-none'",
    ),
    "link with a class": (
        TURN,
        ":::{turn} answer\n王小明：[我从2019年开始涉猎AI的方向](https://example.org){.d-none}，"
        "那时用的是AlphaFold2 和分子动力学。\n:::\n",
        1,
        "a span of the interview text carries the class 'd-none'",
    ),
    "only directive": (
        TURN,
        f"::::{{only}} latex\n{TURN}::::\n",
        0,
        "a turn stands inside a only, which could hide or restyle it; a turn "
        "stands directly in its chapter",
    ),
    "container": (
        TURN,
        f"::::{{container}}\n{TURN}::::\n",
        0,
        "a turn stands inside a container, which could hide or restyle it; a "
        "turn stands directly in its chapter",
    ),
}

# Markup outside the turns that sets a class the book's style does not define
# (the heading of the section holding the interview, a wrapper around it, an
# annotation): refused at its line.
CONTENT_WHAT_TO_DO = (
    "remove it: the book's text is styled by its own stylesheet, whose classes "
    "for content are editorial (a heading takes {#id .editorial})"
)
CONTENT_CASES = {
    "class on the section's heading": (
        HEADING,
        "{#wang-xiaoming-dialogue .editorial .d-none}\n## 对话",
        0,
        "the attribute line {#wang-xiaoming-dialogue .editorial .d-none} sets the "
        "class 'd-none'",
    ),
    "container with a class around a turn": (
        TURN,
        f"::::{{container}} d-none\n{TURN}::::\n",
        0,
        "'::::{container} d-none' sets the class 'd-none'",
    ),
    "class on a paragraph outside the interview": (
        HEADING,
        f"{HEADING}\n\n{{.visually-hidden}}\n编者按：本节经过删节。\n",
        3,
        "the attribute line {.visually-hidden} sets the class 'visually-hidden'",
    ),
    "style on a heading": (
        HEADING,
        '{#wang-xiaoming-dialogue .editorial style="display:none"}\n## 对话',
        0,
        "the attribute line {#wang-xiaoming-dialogue .editorial "
        "style=\"display:none\"} sets the attribute 'style'",
    ),
    "rst-class outside the interview": (
        HEADING,
        f"{HEADING}\n\n```{{rst-class}} d-none\n```\n编者按：本节经过删节。\n",
        3,
        "'```{rst-class} d-none' sets the class 'd-none'",
    ),
}


def _site(rootdir: Path, tmp_path: Path) -> Path:
    src = tmp_path / "site"
    shutil.copytree(rootdir / "test-fidelity-chars", src)
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + 'extensions.append("tools.sphinxext.text.interview_attrs")\n'
        + 'myst_enable_extensions.append("attrs_inline")\n',
        encoding="utf-8",
    )
    return src


def _warnings(app) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


def _build_with(make_app, src: Path, old: str, new: str, offset: int):
    """Build ``src`` with ``old`` replaced by ``new`` in its chapter; return
    the chapter, the line the trick is on and the warnings."""
    chapter = src / CHAPTER
    text = chapter.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1 + offset
    chapter.write_text(text.replace(old, new, 1), encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    return chapter, line, _warnings(app)


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_hiding_trick_is_refused_at_its_line(
    make_app, rootdir: Path, tmp_path: Path, case: str
) -> None:
    old, new, offset, problem = CASES[case]
    src = _site(rootdir, tmp_path)
    chapter, line, warnings = _build_with(make_app, src, old, new, offset)
    assert (
        f"{chapter}:{line}: WARNING: {problem}; {WHAT_TO_DO} [interview.attrs]"
        in warnings
    ), warnings
    assert "Traceback" not in warnings
    assert warnings.count("[interview.attrs]") == 1, warnings
    # the words are the source's: the fidelity guard alone passes it
    assert "[fidelity]" not in warnings, warnings


@pytest.mark.parametrize("case", CONTENT_CASES, ids=list(CONTENT_CASES))
def test_a_class_outside_the_book_s_style_is_refused(
    make_app, rootdir: Path, tmp_path: Path, case: str
) -> None:
    old, new, offset, problem = CONTENT_CASES[case]
    src = _site(rootdir, tmp_path)
    chapter, line, warnings = _build_with(make_app, src, old, new, offset)
    assert (
        f"{chapter}:{line}: WARNING: {problem}, which could hide or restyle the "
        f"text; {CONTENT_WHAT_TO_DO} [interview.attrs]" in warnings
    ), warnings
    assert warnings.count("[interview.attrs]") == 1, warnings


def test_the_book_s_own_classes_pass(make_app, rootdir: Path, tmp_path: Path) -> None:
    """Editorial headings ({#id .editorial}), speakers, margin numbers."""
    src = _site(rootdir, tmp_path)
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert "WARNING" not in _warnings(app), _warnings(app)
