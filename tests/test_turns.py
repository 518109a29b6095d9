"""Numbered paragraphs: each is a label ``<chapter>-pN`` that ``{ref}`` cites as ¶N.

The labels go into Sphinx's standard domain through its
``note_hyperlink_target``; two chapters with the same file name (the slug)
in different folders would give the same labels, which the build refuses
at the second one's paragraph.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sphinx.util.console import strip_escape_sequences


def soup(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / name).read_text("utf-8"), "html.parser")


@pytest.mark.sphinx("html", testroot="turns", freshenv=True)
def test_a_paragraph_label_is_cited_as_its_number_and_kept_once(app) -> None:
    app.build()
    std = app.env.domains.standard_domain
    assert std.labels["x-p2"] == ("a/x", "p2", "¶2")
    assert std.anonlabels["x-p2"] == ("a/x", "p2")
    link = soup(app, "index.html").select_one("a[href='a/x.html#p2']")
    assert link is not None and link.get_text() == "¶2"
    warnings = strip_escape_sequences(app.warning.getvalue()).splitlines()
    assert [w for w in warnings if "WARNING" in w] == [
        f"{app.srcdir / 'b' / 'x.md'}:{line}: WARNING: duplicate paragraph label "
        f"x-p{number} (also in a/x)"
        for line, number in ((10, 1), (14, 2), (16, 3))
    ]


@pytest.mark.sphinx("html", testroot="turns", freshenv=True)
def test_the_margin_number_links_its_paragraph_in_the_editions_words(app) -> None:
    app.build()
    number = soup(app, "a/x.html").select_one("#p2 > .paranum > a")
    assert (number["href"], number["title"], number.get_text()) == (
        "#p2",
        "¶2：本段链接",
        "2",
    )


@pytest.mark.sphinx(
    "html", testroot="turns", freshenv=True, confoverrides={"language": "en"}
)
def test_the_margin_number_in_english(app) -> None:
    app.build()
    number = soup(app, "a/x.html").select_one("#p2 > .paranum > a")
    assert number["title"] == "¶2: link to this paragraph"
