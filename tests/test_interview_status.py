"""A chapter tells readers it is unfinished (tools/sphinxext/text/interview_status.py).

The draft status is checked on the test book (tests/test_book_html.py); here a
tiny English site has one chapter half translated and one not at all.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup


def soup(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / name).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.sphinx("html", testroot="untranslated")
def test_an_untranslated_chapter_says_so_on_the_page_and_in_the_toc(app) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    for name, missing, question in (
        ("half", 2, "Asker: "),  # the question is translated, the answer is not
        ("none", 3, "问者："),
    ):
        page = soup(app, f"interviews/{name}.html")
        assert page.select_one("h1 .chapter-status-untranslated").get_text() == (
            "(not yet translated)"
        )
        note = page.select_one(".chapter-status-note-untranslated").get_text()
        assert note == (
            f"This chapter is not yet translated: {missing} of its 3 paragraphs "
            "are shown in the Chinese original."
        )
        assert page.select_one("#p1 .speaker").get_text() == question
        # the untranslated answer keeps its Chinese label, still marked
        assert page.select_one("#p2 .speaker").get_text() == "答者："
    toc = soup(app, "index.html").select(".toctree-wrapper a")
    assert [a.get_text() for a in toc] == [
        "Answerer (not yet translated)",
        "答者 (not yet translated)",
    ]


@pytest.mark.sphinx(
    "html", testroot="untranslated", confoverrides={"language": "zh_CN"}
)
def test_the_original_edition_says_nothing_about_translation(app) -> None:
    app.build()
    page = soup(app, "interviews/none.html")
    assert page.select_one(".chapter-status") is None
    assert page.select_one(".chapter-status-note") is None


@pytest.mark.sphinx(
    "html", testroot="untranslated", confoverrides={"language": "zh_CN"}
)
def test_a_turn_without_its_speakers_label_is_refused(app) -> None:
    """The label comes from the front matter, not from a guess at its length."""
    page = app.srcdir / "interviews" / "none.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace("答者：第一个回答。", "别人：第一个回答。"), encoding="utf-8"
    )
    app.build()
    assert (
        "none.md:17: WARNING: a answer turn must open with its speaker's label "
        "'答者：' ('interview.interviewee' in the front matter)"
    ) in app.warning.getvalue()
    soup_ = soup(app, "interviews/none.html")
    assert soup_.select_one("#p1 .speaker").get_text() == "问者："
    assert soup_.select_one("#p2 .speaker") is None
