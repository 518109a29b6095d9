"""Search's scripts stay off the reading pages, and the build says when they cannot.

``page_assets`` removes the tags the theme writes for Sphinx's search from
every page's ``<head>`` (``pagefind_search`` does the same on the search
page, with the same helper); if the theme stops writing them, the build must
warn rather than leave them on the page unnoticed.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sphinx.util.console import strip_escape_sequences

from tools.sphinxext.reader import page_assets


def remover(warning_type: str = "page_assets"):
    return page_assets.script_tag_remover(
        {"pathto": lambda name, resource: f"../{name}"},
        "index",
        ("_static/a.js", "b.js"),
        holder="<head>",
        what_to_do="update the extension",
        warning_type=warning_type,
    )


@pytest.mark.sphinx("html", testroot="page-assets")
def test_the_tags_are_removed_and_a_missing_one_is_named(app, warning) -> None:
    remove = remover()
    head = (
        '<script src="../_static/a.js"></script><meta><script src="../b.js"></script>'
    )
    assert remove(head) == "<meta>"
    assert warning.getvalue() == ""
    assert remove('<script src="../b.js"></script>') == ""
    assert strip_escape_sequences(warning.getvalue()).strip() == (
        f"{app.srcdir / 'index.md'}: WARNING: the theme's <head> no longer holds "
        '<script src="../_static/a.js"></script>; update the extension [page_assets]'
    )


@pytest.mark.sphinx("html", testroot="page-assets")
def test_the_book_theme_writes_the_tags_the_reading_pages_drop(app, warning) -> None:
    app.build()
    assert warning.getvalue() == ""
    soup = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    sources = [s["src"].split("?")[0] for s in soup.head.find_all("script", src=True)]
    dropped = {*page_assets.SEARCH_SCRIPTS, *page_assets.SEARCH_ONLY_FILES}
    assert sources and not dropped & set(sources)
    for script in soup.head.find_all("script", src=True):
        if script["src"].split("?")[0] not in page_assets.KEEP_BLOCKING:
            assert script.has_attr("defer"), script


@pytest.mark.sphinx(
    "html", testroot="page-assets", confoverrides={"html_theme": "alabaster"}
)
def test_a_theme_without_the_tags_fails_the_build_loudly(app, warning) -> None:
    app.build()
    assert (
        "index.md: WARNING: the theme's <head> no longer holds "
        '<script src="_static/searchtools.js"></script>'
    ) in strip_escape_sequences(warning.getvalue())
