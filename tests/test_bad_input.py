"""Broken input fails the build with a message naming the file and the problem.

Each case breaks a copy of the small site ``tests/roots/test-bad-input`` (the
book's reading extensions and settings, one interview with its raw source, a
glossary and a bibliography) in one way and builds it with warnings as errors,
as ``tools/lib/build.py``'s strict flags do.  The build must fail (no half-built
book is accepted) and its one-line warning must say which file, which line,
what is wrong and what to do.  ``test_the_unbroken_site_builds`` shows that
each failure is the break's.
"""

from __future__ import annotations

import re
import runpy
import shutil
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest
from sphinx.errors import ConfigError

from tools.lib.build import ROOT

CHAPTER = "interviews/wang-xiaoming.md"
# The answer the interview cases edit, and the word they change.
SENTENCE = "王小明：我从2019年开始涉猎AI的方向，那时用的是AlphaFold2 和分子动力学。"


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rename_chapter(root: Path, name: str) -> None:
    """Give the chapter the file name ``name`` (and the toctree with it)."""
    (root / CHAPTER).rename(root / "interviews" / f"{name}.md")
    replace(root / "index.md", "interviews/wang-xiaoming", f"interviews/{name}")


# A chapter's file name names its labels and PDF destinations, so it reaches
# the LaTeX source: a brace or backslash in it would be TeX.
TEX_NAME = "x}}\\input{y}{x"

# case -> (break the site, the file at fault, the text on the faulty line,
#          the whole warning after "file:line: WARNING: ")
CASES: dict[str, tuple[Callable[[Path], None], str, str, str]] = {
    "chapter file name with TeX in it": (
        lambda root: rename_chapter(root, TEX_NAME),
        f"interviews/{TEX_NAME}.md",
        "---",
        f"the chapter's file name {TEX_NAME!r} may hold only lowercase ASCII "
        "letters, digits and single hyphens (it names the paragraphs' labels and "
        "the PDF's destinations); rename the file, e.g. wang-xiaoming.md [turns]",
    ),
    "undefined term": (
        lambda root: append(root / "principles.md", "\n见{term}`不存在的术语`。\n"),
        "principles.md",
        "不存在的术语",
        "term not in glossary: '不存在的术语' [ref.term]",
    ),
    "unknown citation key": (
        lambda root: append(
            root / "principles.md", "\n见{cite:p}`nobody2099nothing`。\n"
        ),
        "principles.md",
        "nobody2099nothing",
        'could not find bibtex key "nobody2099nothing" [bibtex.key_not_found]',
    ),
    "broken cross-reference": (
        lambda root: append(root / "principles.md", "\n见{ref}`no-such-label`。\n"),
        "principles.md",
        "no-such-label",
        "undefined label: 'no-such-label' [ref.ref]",
    ),
    "missing footnote definition": (
        lambda root: replace(root / CHAPTER, SENTENCE, SENTENCE + "[^never-defined]"),
        CHAPTER,
        "[^never-defined]",
        "annotation [^never-defined] is referenced here but never defined; add a "
        "line '[^never-defined]: …' after the turn that cites it "
        "[stable_ids.footnote]",
    ),
    "edited interview sentence": (
        lambda root: replace(
            root / CHAPTER, SENTENCE, SENTENCE.replace("涉猎", "钻研")
        ),
        CHAPTER,
        "钻研",
        "interview text ¶3 differs from the source: replace source '涉猎' -> "
        "edition '钻研' at character 14; restore the source's words and put any "
        "correction in an annotation [fidelity]",
    ),
    "raw script in a chapter": (
        lambda root: replace(
            root / CHAPTER, "## 对话\n", "## 对话\n\n<script>alert('x')</script>\n"
        ),
        CHAPTER,
        "<script>",
        "raw html is not allowed in the book",
    ),
    "paragraph added to the interview": (
        lambda root: replace(
            root / CHAPTER, SENTENCE, "编者插入的一句话。\n\n" + SENTENCE
        ),
        CHAPTER,
        "编者插入的一句话。",
        "is preceded by a paragraph that is not in the source: '编者插入的一句话。'",
    ),
    "bib entry without doi or url": (
        lambda root: append(
            root / "refs.bib",
            "\n@article{nobody2020nothing,\n  title = {T}, journal = {J}, year = {2020},\n"
            "  verified = {never}\n}\n",
        ),
        "refs.bib",
        "@article{nobody2020nothing",
        "nobody2020nothing: give a doi or an https url so readers can find it "
        "[bibtex.rules]",
    ),
    "heading without a stable id": (
        lambda root: append(root / "principles.md", "\n## 没有编号的标题\n\n正文。\n"),
        "principles.md",
        "没有编号的标题",
        "heading '没有编号的标题' has only a position-based id (id2); put "
        "{#a-stable-id} on the line above it [stable_ids.heading]",
    ),
    "glossary entry without an English term": (
        lambda root: replace(
            root / "glossary.md",
            "```{glossary}\n",
            "```{glossary}\n孤立词条\n  没有英文名。\n\n",
        ),
        "glossary.md",
        "孤立词条",
        "glossary entry '孤立词条' has no English term line, so it has no stable "
        "id; add the English name as a second term line [stable_ids.glossary]",
    ),
}

# A broken references.bib stops the build before any page is read: Sphinx
# reports the configuration error as its one line (no traceback).
FATAL = {
    "malformed references.bib": (
        "\n@article{broken2024entry,\n  title = {Unclosed\n",
        "syntax error in line",
    ),
    "duplicate key in references.bib": (
        "\n@article{jumper2021highly,\n  title = {Again}, doi = {10.1000/x},\n"
        "  verified = {test}\n}\n",
        "duplicate key 'jumper2021highly' (first defined at line 1); give each "
        "entry its own key",
    ),
}


@pytest.fixture
def site(rootdir: Path, tmp_path: Path) -> Path:
    """A private copy of the small site, free to be broken."""
    return Path(shutil.copytree(rootdir / "test-bad-input", tmp_path / "site"))


def build(make_app, site: Path):
    """Build ``site`` with warnings as errors; the app, its warnings plain."""
    app = make_app("dummy", srcdir=site, freshenv=True, warningiserror=True)
    app.build()
    return app, re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


def line_of(path: Path, text: str) -> int:
    """The number of the first line of ``path`` that holds ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_the_unbroken_site_builds(make_app, site: Path) -> None:
    app, warnings = build(make_app, site)
    assert app.statuscode == 0
    assert warnings == ""


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_fails_the_build_and_names_the_file(
    make_app, site: Path, case: str
) -> None:
    break_it, culprit, marker, message = CASES[case]
    break_it(site)
    app, warnings = build(make_app, site)
    assert app.statuscode != 0, f"the build accepted: {case}"
    # file:line: message — the line number is part of the promise
    where = f"{site / culprit}:{line_of(site / culprit, marker)}: WARNING: "
    assert any(
        line.startswith(where) and message in line for line in warnings.splitlines()
    ), f"no warning {where}…{message!r}:\n{warnings}"


@pytest.mark.parametrize("case", FATAL, ids=list(FATAL))
def test_a_broken_bibliography_stops_the_build_at_its_line(
    make_app, site: Path, case: str
) -> None:
    text, message = FATAL[case]
    append(site / "refs.bib", text)
    with pytest.raises(ConfigError) as raised:
        build(make_app, site)
    (line,) = str(raised.value).splitlines()
    assert re.fullmatch(re.escape(f"{site / 'refs.bib'}:") + r"\d+: .+", line), line
    assert message in line, line


# The book's settings the site copies, so that its rules read the same input.
SHARED_SETTINGS = (
    "myst_enable_extensions",
    "myst_heading_anchors",
    "myst_footnote_transition",
    "bibtex_default_style",
    "bibtex_reference_style",
    "language",
    "smartquotes",
    "nitpicky",
)


def test_the_site_has_the_books_rules_and_settings(rootdir: Path) -> None:
    """What the site checks is what the book runs: its extensions are set up
    by the book's ``tools.sphinxext`` and its settings are the book's."""
    import tools.sphinxext

    book = runpy.run_path(str(ROOT / "conf.py"))
    site = runpy.run_path(str(rootdir / "test-bad-input" / "conf.py"))
    for name in SHARED_SETTINGS:
        assert site[name] == book[name], name
    assert "tools.sphinxext" in book["extensions"]
    app = mock.MagicMock()
    tools.sphinxext.setup(app)
    set_up = {call.args[0] for call in app.setup_extension.call_args_list}
    ours = {name for name in site["extensions"] if name.startswith("tools.")}
    assert ours <= set_up, ours - set_up
