"""The fidelity guard compares exact code points and names the ones hard to see.

A full-width digit, a letter from another script, a zero-width or
bidirectional control, a changed space: each looks the same on screen and
each fails the build at the paragraph's file:line, with the code point.
Built on the one-interview site ``tests/roots/test-fidelity-chars``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tools.lib import fidelity

CHAPTER = "interviews/wang-xiaoming.md"
ANSWER = "王小明：我从2019年开始涉猎AI的方向，那时用的是AlphaFold2 和分子动力学。"

CASES = {
    "full-width digits": (
        "2019",
        "２０１９",
        "replace source '2019' -> edition '２０１９' at character 7 (edition: "
        "U+FF12 FULLWIDTH DIGIT TWO, U+FF10 FULLWIDTH DIGIT ZERO, U+FF11 FULLWIDTH "
        "DIGIT ONE, U+FF19 FULLWIDTH DIGIT NINE)",
    ),
    "look-alike letter": (
        "AlphaFold2",
        "AlphaFоld2",
        "replace source 'o' -> edition 'о' at character 33 (edition: U+043E "
        "CYRILLIC SMALL LETTER O)",
    ),
    "compatibility ideograph": (
        "方向",
        "⽅向",
        "replace source '方' -> edition '⽅' at character 19 (edition: U+2F45 "
        "KANGXI RADICAL SQUARE)",
    ),
    "zero-width space": (
        "涉猎",
        "涉\u200b猎",
        "insert source '' -> edition '\\u200b' at character 15 (edition: U+200B "
        "ZERO WIDTH SPACE)",
    ),
    "bidirectional control": (
        "AlphaFold2",
        "\u202eAlphaFold2",
        "insert source '' -> edition '\\u202e' at character 27 (edition: U+202E "
        "RIGHT-TO-LEFT OVERRIDE)",
    ),
    "no-break space": (
        "AlphaFold2 和",
        "AlphaFold2\u00a0和",
        "replace source ' ' -> edition '\\xa0' at character 37 (source: U+0020 "
        "SPACE; edition: U+00A0 NO-BREAK SPACE)",
    ),
    "ideographic space": (
        "AlphaFold2 和",
        "AlphaFold2\u3000和",
        "replace source ' ' -> edition '\\u3000' at character 37 (source: U+0020 "
        "SPACE; edition: U+3000 IDEOGRAPHIC SPACE)",
    ),
    "soft hyphen": (
        "分子",
        "分\u00ad子",
        "insert source '' -> edition '\\xad' at character 40 (edition: U+00AD SOFT "
        "HYPHEN)",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_an_invisible_change_fails_the_build_with_its_code_point(
    make_app, rootdir: Path, tmp_path: Path, case: str
) -> None:
    old, new, message = CASES[case]
    src = tmp_path / "site"
    shutil.copytree(rootdir / "test-fidelity-chars", src)
    chapter = src / CHAPTER
    text = chapter.read_text(encoding="utf-8")
    assert ANSWER in text
    chapter.write_text(text.replace(ANSWER, ANSWER.replace(old, new, 1)), "utf-8")
    line = text[: text.index(ANSWER)].count("\n") + 1

    app = make_app("dummy", srcdir=src, freshenv=True)  # the check runs on reading
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    assert (
        f"{chapter}:{line}: WARNING: interview text ¶3 differs from the source: "
        f"{message}; restore the source's words" in warnings
    ), warnings


def test_the_unchanged_site_passes(make_app, rootdir: Path, tmp_path: Path) -> None:
    src = tmp_path / "site"
    shutil.copytree(rootdir / "test-fidelity-chars", src)
    app = make_app("dummy", srcdir=src, freshenv=True)  # the check runs on reading
    app.build()
    assert "WARNING" not in app.warning.getvalue()


def test_compare_folds_nothing() -> None:
    """No normalisation of the edition's side: NFKC-equal is not equal."""
    problems = fidelity.compare(["2019年"], ["２０１９年"], "x.md")
    assert [str(p) for p in problems] == [
        "x.md ¶1: differs from the source: replace source '2019' -> edition "
        "'２０１９' at character 1 (edition: U+FF12 FULLWIDTH DIGIT TWO, U+FF10 "
        "FULLWIDTH DIGIT ZERO, U+FF11 FULLWIDTH DIGIT ONE, U+FF19 FULLWIDTH DIGIT "
        "NINE)"
    ]


def test_editing_the_raw_source_with_the_chapter_fails_the_build(
    make_app, rootdir: Path, tmp_path: Path
) -> None:
    """The same full-width edit in both files: the raw text has a recorded sha256."""
    src = tmp_path / "site"
    shutil.copytree(rootdir / "test-fidelity-chars", src)
    for path in (src / CHAPTER, src / "sources" / "fixture.txt"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("2019", "２０１９", 1), encoding="utf-8")
    app = make_app("dummy", srcdir=src, freshenv=True)
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    assert re.search(
        re.escape(f"{src / 'sources' / 'fixture.txt'}:1: WARNING: fixture.txt is not ")
        + r"the raw text sources/README\.md records \(sha256 [0-9a-f]{12}…, recorded "
        r"a5d66f25e023…\); raw sources are kept verbatim: restore it",
        warnings,
    ), warnings
