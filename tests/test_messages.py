"""The extensions' interface words: one catalogue per language, and the records.

tools/sphinxext/plumbing/messages.py: the code writes English and marks it ``_()``;
each other language has ``tools/sphinxext/locale/<code>/LC_MESSAGES/
aipharmabook.po``.  tools/lib/languages.py holds one record per edition and
tools/latex/booktexts.toml the PDF's texts, so a new language is one
record, one catalogue and one table -- these tests say what it lacks.
"""

from __future__ import annotations

import ast
import shutil
import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from tools.lib import build, languages
from tools.sphinxext.plumbing import messages

SPHINXEXT = build.ROOT / "tools" / "sphinxext"
BOOKTEXTS = build.ROOT / "tools" / "latex" / "booktexts.toml"
SOURCE_LANGUAGE = "en"  # the language the code writes its words in


def marked_words() -> dict[str, str]:
    """Every literal ``_("…")`` in tools/sphinxext: word -> module."""
    found = {}
    for path in sorted(SPHINXEXT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, path.name)
    return found


def catalogue(code: str) -> dict[str, str]:
    with messages.catalogues()[code].open("rb") as po:
        return {
            m.id: m.string
            for m in read_po(po)
            if m.id and not m.fuzzy and isinstance(m.id, str)
        }


def test_the_code_marks_its_words() -> None:
    assert len(marked_words()) >= 5


@pytest.mark.parametrize("code", sorted(messages.catalogues()))
def test_every_word_is_translated_and_every_translation_used(code: str) -> None:
    words, translated = marked_words(), catalogue(code)
    missing = {w: where for w, where in words.items() if not translated.get(w)}
    assert missing == {}, f"translate these in {messages.catalogues()[code]}"
    assert set(translated) - set(words) == set(), "no code uses these any more"


def test_every_language_has_its_catalogue_and_texts() -> None:
    texts = tomllib.loads(BOOKTEXTS.read_text(encoding="utf-8"))
    original = set(texts[languages.ORIGINAL.code]["titlepage"])
    assert set(messages.catalogues()) == {
        lang.code for lang in languages.ALL if lang.code != SOURCE_LANGUAGE
    }
    assert set(texts) == {lang.code for lang in languages.ALL}
    for lang in languages.ALL:
        assert set(texts[lang.code]["titlepage"]) == original, lang.code
        if lang is not languages.ORIGINAL:
            assert set(texts[lang.code]["edition"]) == {
                "project",
                "author",
                "copyright",
                "description",
            }
    assert {lang.code: lang.folder for lang in languages.ALL} == build.LANGUAGES
    assert languages.ORIGINAL.code == build.ORIGINAL


def page(app) -> BeautifulSoup:
    app.build()
    return BeautifulSoup(
        (app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser"
    )


@pytest.mark.sphinx(
    "html", testroot="messages", confoverrides={"language": "zh_CN"}, freshenv=True
)
def test_the_original_shows_its_catalogue_words(app) -> None:
    soup = page(app)
    assert soup.select_one(".book-downloads").get_text() == (
        "（这一次构建只有网页版：nox -s build 才同时构建 PDF 版和 EPUB 版，"
        "并在这里提供下载。）"
    )
    switch = soup.select_one("nav.edition-switch")
    assert switch["aria-label"] == "其他语言版本"
    link = switch.select_one("a")
    assert (link["hreflang"], link["lang"], link.get_text()) == ("en", "en", "English")
    assert link["href"] == "en/index.html"
    assert app.warning.getvalue() == ""


@pytest.mark.sphinx(
    "html", testroot="messages", confoverrides={"language": "en"}, freshenv=True
)
def test_english_shows_the_words_as_written(app) -> None:
    soup = page(app)
    assert (
        soup.select_one(".book-downloads")
        .get_text()
        .startswith("(This build has only the web edition")
    )
    switch = soup.select_one("nav.edition-switch")
    assert switch["aria-label"] == "Other language"
    link = switch.select_one("a")
    assert (link["hreflang"], link.get_text(), link["href"]) == (
        "zh-CN",
        "中文",
        "../index.html",
    )
    head = soup.select_one('link[rel="alternate"]')
    assert (head["hreflang"], head["href"]) == ("zh-CN", "../index.html")
    assert app.warning.getvalue() == ""


def test_a_changed_word_reaches_every_page_on_a_rebuild(
    make_app, rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locale = Path(shutil.copytree(messages.LOCALE, tmp_path / "locale"))
    monkeypatch.setattr(messages, "LOCALE", locale)
    srcdir = Path(shutil.copytree(rootdir / "test-messages", tmp_path / "site"))

    def build() -> BeautifulSoup:
        app = make_app("html", srcdir=srcdir, confoverrides={"language": "zh_CN"})
        try:
            return page(app)
        finally:
            app.cleanup()  # the next app loads the catalogue afresh, as a new process

    assert build().select_one("nav.edition-switch")["aria-label"] == "其他语言版本"
    po = locale / "zh_CN" / "LC_MESSAGES" / f"{messages.CATALOG}.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace("其他语言版本", "另一种语言"),
        encoding="utf-8",
    )
    assert build().select_one("nav.edition-switch")["aria-label"] == "另一种语言"


def test_words_are_looked_up_when_used_not_at_import() -> None:
    """A ``_()`` run when its module is imported would keep the words of
    whichever build's language was active then (Sphinx registers the
    catalogue per build), so every ``_()`` is inside a function."""
    functions = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda

    def calls_at_import(node: ast.AST):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, functions):
                continue  # runs when called, not at import
            if (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Name)
                and child.func.id == "_"
            ):
                yield child.lineno
            yield from calls_at_import(child)

    at_import = [
        f"{path.name}:{line}"
        for path in sorted(SPHINXEXT.rglob("*.py"))
        for line in calls_at_import(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert at_import == []
