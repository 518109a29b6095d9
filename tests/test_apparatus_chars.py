"""One guard for every language: no invisible or look-alike character outside
the interview either.

Each case writes one catalogue, page or bibliography line into a copy of the
tiny site ``tests/roots/test-security`` (with ``tools.sphinxext.security.apparatus_chars``
added), builds it and asserts the exact ``file:line`` warning naming the
code point; the legitimate twins (an English message with ordinary
punctuation, a Chinese annotation, an allowed word) build without one.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tools.lib import characters, fidelity

WHAT_TO_DO = (
    "delete it (or type the plain letter); if the text really needs it, an "
    "editor allows it in conf.py's book_allowed_characters (CONTRIBUTING)"
)
BIDI = "a bidirectional control: the text would show in another order than the one reviewed"
ZERO = "a zero-width character: it splits or joins words unseen"


def catalogue(msgstr: str) -> str:
    return (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#: ../../index.md:3\nmsgid "正文。"\n'
        f'msgstr "{msgstr}"\n'
    )


PO = "locales/en/LC_MESSAGES/index.po"
PAGE = "index.md"

# case: (file, content, line, problem)
REFUSED = {
    "right-to-left override in a translation": (
        PO,
        catalogue("Access level: \u202euser\u2066 // admin"),
        7,
        f"U+202E RIGHT-TO-LEFT OVERRIDE, {BIDI}",
    ),
    "bidi control written as a character reference": (
        PO,
        catalogue("Pay &#x202E;0001$ now"),
        7,
        "U+202E RIGHT-TO-LEFT OVERRIDE written as &#x202E;, an invisible control "
        "character",
    ),
    "zero-width space in a translation": (
        PO,
        catalogue("Alpha\u200bFold"),
        7,
        f"U+200B ZERO WIDTH SPACE, {ZERO}",
    ),
    "tag characters smuggling text in a translation": (
        PO,
        catalogue("See the paper.\U000e0049\U000e0047\U000e004e"),
        7,
        "U+E0049 TAG LATIN CAPITAL LETTER I, an invisible format character: it "
        "hides in the text unseen",
    ),
    "soft hyphen inside a term": (
        PO,
        catalogue("Alpha\u00adFold"),
        7,
        "U+00AD SOFT HYPHEN, an invisible format character: it hides in the text "
        "unseen",
    ),
    "byte-order mark inside a line": (
        PAGE,
        "# Index\n\nText\ufeff here.\n",
        3,
        f"U+FEFF ZERO WIDTH NO-BREAK SPACE, {ZERO}",
    ),
    "Cyrillic letter in a Latin word of a translation": (
        PO,
        catalogue("AlphaF\u043eld predicts structures."),
        7,
        "U+043E CYRILLIC SMALL LETTER O inside the Latin word 'AlphaFоld', a "
        "look-alike from another script",
    ),
    "bidi control in an annotation": (
        PAGE,
        "# Index\n\n正文。[^n]\n\n[^n]: 见\u2067第二版\u2069。\n",
        5,
        f"U+2067 RIGHT-TO-LEFT ISOLATE, {BIDI}",
    ),
    "zero-width joiner in a glossary entry": (
        PAGE,
        "# Index\n\n```{glossary}\nAI\u200d制药\n  用AI研发药物。\n```\n",
        4,
        f"U+200D ZERO WIDTH JOINER, {ZERO}",
    ),
    "Arabic letter mark in front matter": (
        PAGE,
        "---\ntitle: 正文\u061c\n---\n# Index\n\nText.\n",
        2,
        f"U+061C ARABIC LETTER MARK, {BIDI}",
    ),
    "Greek letter in a reference": (
        "refs.bib",
        "@misc{editors2026site,\n  title = {A \u03bfne-site study},\n"
        "  url = {https://example.org/},\n}\n",
        2,
        "U+03BF GREEK SMALL LETTER OMICRON inside the Latin word 'οne', a "
        "look-alike from another script",
    ),
}


def _site(rootdir: Path, tmp_path: Path, files: dict[str, str]) -> Path:
    src = tmp_path / "site"
    shutil.copytree(rootdir / "test-security", src)
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + 'extensions.append("tools.sphinxext.security.apparatus_chars")\n',
        encoding="utf-8",
    )
    for name, content in files.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(content, encoding="utf-8")
    return src


def _build(make_app, src: Path, **kwargs) -> str:
    app = make_app("dummy", srcdir=src, freshenv=True, **kwargs)
    app.build()
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_an_invisible_or_look_alike_character_is_refused(
    make_app, rootdir: Path, tmp_path: Path, case: str
) -> None:
    name, content, line, problem = REFUSED[case]
    src = _site(rootdir, tmp_path, {name: content})
    warnings = _build(make_app, src)
    assert (
        f"{src / name}:{line}: WARNING: {problem}; {WHAT_TO_DO} [characters]"
        in warnings
    ), warnings
    assert "Traceback" not in warnings


LEGITIMATE = {
    "English with ordinary punctuation": (
        PO,
        catalogue(
            "Xie’s group — at Zhejiang University — uses “AI” for α-helices, "
            "10 µM and café-style talks… (¶3)."
        ),
    ),
    "a Chinese annotation with a Latin name": (
        PAGE,
        "# Index\n\n正文。[^n]\n\n[^n]: 见AlphaFold2的论文（2021年）。\n",
    ),
    "a byte-order mark at the start of a file": (PAGE, "\ufeff# Index\n\nText.\n"),
}


@pytest.mark.parametrize("case", LEGITIMATE, ids=list(LEGITIMATE))
def test_a_legitimate_text_passes(
    make_app, rootdir: Path, tmp_path: Path, case: str
) -> None:
    name, content = LEGITIMATE[case]
    src = _site(rootdir, tmp_path, {name: content})
    warnings = _build(make_app, src)
    assert "[characters]" not in warnings, warnings


def test_an_editor_allows_a_word_that_needs_two_scripts(
    make_app, rootdir: Path, tmp_path: Path
) -> None:
    src = _site(rootdir, tmp_path, {PO: catalogue("an IC50 of 3 \u03bcM")})
    assert "U+03BC GREEK SMALL LETTER MU inside the Latin word 'μM'" in _build(
        make_app, src
    )
    shutil.rmtree(src)
    src = _site(rootdir, tmp_path, {PO: catalogue("an IC50 of 3 \u03bcM")})
    allowed = {"book_allowed_characters": {"μM": "micromolar"}}
    assert "[characters]" not in _build(make_app, src, confoverrides=allowed)


def test_the_interview_and_the_apparatus_name_a_character_alike() -> None:
    """One naming, shared with the fidelity guard."""
    assert characters.describe("\u202e") == "U+202E RIGHT-TO-LEFT OVERRIDE"
    assert fidelity.code_points("a\u202e") == characters.describe("\u202e")


def test_the_contribution_rules_say_the_same_before_a_build(tmp_path: Path) -> None:
    """``python -m tools.contribution_rules`` (nox -s lint) runs the same rule,
    with the allow-list read from conf.py without running it."""
    from tools import contribution_rules

    (tmp_path / "conf.py").write_text(
        'book_allowed_characters = {"μM": "micromolar"}\n', encoding="utf-8"
    )
    po = tmp_path / PO
    po.parent.mkdir(parents=True)
    po.write_text(catalogue("3 \u03bcM; Access level: \u202euser"), encoding="utf-8")
    assert characters.allowed_in_conf(tmp_path / "conf.py") == {"μM"}
    assert [str(p) for p in contribution_rules.hidden_characters(tmp_path)] == [
        f"{po}:7: U+202E RIGHT-TO-LEFT OVERRIDE, {BIDI}; {WHAT_TO_DO}"
    ]


def test_the_book_allows_what_it_needs_and_nothing_else() -> None:
    from tools.contribution_rules import ROOT

    assert characters.allowed_in_conf(ROOT / "conf.py") == {"μM"}
