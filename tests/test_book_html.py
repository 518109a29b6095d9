"""The built HTML book, parsed and checked as a reader would meet it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.helpers.book import SLUGS, facts
from tools.lib import fidelity


def page(built_book: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((built_book / name).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(params=SLUGS)
def slug(request: pytest.FixtureRequest) -> str:
    """Each chapter of the test book in turn (the slug is the test's id)."""
    return request.param


@pytest.fixture
def chapter(built_book: Path, slug: str) -> BeautifulSoup:
    return page(built_book, f"interviews/{slug}.html")


@pytest.fixture
def expected(test_chapters: dict, slug: str) -> list[str]:
    return test_chapters[slug].expected()


def test_every_page_exists(built_book: Path) -> None:
    for name in (
        "index",
        "principles",
        "glossary",
        "bibliography",
        "genindex",
        "search",
    ):
        assert (built_book / f"{name}.html").is_file(), name
    for slug in SLUGS:
        assert (built_book / f"interviews/{slug}.html").is_file(), slug


def test_interface_language_is_chinese(built_book: Path, slug: str) -> None:
    for name in ("index.html", f"interviews/{slug}.html", "search.html"):
        assert page(built_book, name).html["lang"] == "zh-CN"


def test_chapter_text_is_the_sources(built_book: Path, test_book: Path) -> None:
    assert [str(p) for p in fidelity.check_html(built_book, test_book)] == []
    assert len(fidelity.chapters(test_book)) == len(SLUGS) >= 2


def test_every_paragraph_is_numbered_in_order(
    chapter: BeautifulSoup, expected: list[str]
) -> None:
    paragraphs = chapter.select("p.interview-paragraph")
    assert [p["id"] for p in paragraphs] == [
        f"p{n}" for n in range(1, len(expected) + 1)
    ]
    for number, paragraph in enumerate(paragraphs, 1):
        link = paragraph.select_one("span.paranum > a")
        assert link["href"] == f"#p{number}"
        assert link.get_text() == str(number)


def test_speaker_turns_are_marked(chapter: BeautifulSoup, slug: str) -> None:
    known = facts(slug)
    questions = chapter.select("p.turn-question.turn-start")
    answers = chapter.select("p.turn-answer.turn-start")
    assert len(questions) == known["questions"]
    assert len(answers) == known["answers"]
    label = known["interviewer_label"]
    assert all(q.select_one(".speaker").get_text() == label for q in questions)
    label = known["interviewee_label"]
    assert all(a.select_one(".speaker").get_text() == label for a in answers)
    assert chapter.select_one("#q1") is not None
    assert chapter.select_one(f"#a{known['answers']}") is not None
    narration = chapter.select("p.turn-narration")
    assert narration[0]["id"] == "p1" and not narration[0].select(".speaker")
    # Continuation paragraphs belong to the answer but carry no label.
    continuation = chapter.select_one(f"#{known['continuation']}")
    assert (
        "turn-answer" in continuation["class"]
        and "turn-start" not in continuation["class"]
    )


def test_editorial_headings_are_marked_and_have_stable_ids(
    chapter: BeautifulSoup,
) -> None:
    sections = chapter.select("section.editorial")
    assert len(sections) >= 3
    for section in chapter.select("section"):
        assert not re.fullmatch(r"id\d+", section["id"]), section.find(
            ["h1", "h2", "h3"]
        )


def test_source_card_shows_the_metadata(chapter: BeautifulSoup, slug: str) -> None:
    known = facts(slug)
    card = chapter.select_one("div.interview-source-card")
    labels = [dt.get_text().rstrip(":") for dt in card.select("dt")]
    assert labels == [
        "原题",
        "系列",
        "原载",
        "作者",
        "发表日期",
        "原文地址",
        "受访者",
        "本版底本",
        "核实说明",
    ]
    text = card.get_text()
    assert known["source"] in text
    for value in known["source_card_contains"]:
        assert value in text
    link = card.select_one("a.reference.external")
    assert link["href"].startswith(known["url_prefix"])


def test_paragraph_numbers_and_ids_are_per_chapter(built_book: Path) -> None:
    """Each chapter numbers its own paragraphs from ¶1 (ids ``p1``…)."""
    for slug in SLUGS:
        ids = [
            p["id"]
            for p in page(built_book, f"interviews/{slug}.html").select(
                "p.interview-paragraph"
            )
        ]
        assert ids == [f"p{n}" for n in range(1, facts(slug)["paragraphs"] + 1)], slug


def test_a_chapter_cites_another_chapters_paragraph(built_book: Path) -> None:
    """``{ref}`<slug>-pN``` links to that chapter's paragraph and shows ¶N."""
    found = []
    for slug in SLUGS:
        for link in page(built_book, f"interviews/{slug}.html").select(
            "a.reference.internal[href*='.html#p']"
        ):
            target, anchor = link["href"].split("#")
            if not target.endswith(f"{slug}.html"):
                found.append((slug, target, anchor, link.get_text()))
    assert found, "no chapter cites another chapter's paragraph"
    for _slug, target, anchor, text in found:
        assert text == f"¶{anchor[1:]}"
        assert page(built_book, f"interviews/{target}").select_one(f"p#{anchor}")


def test_people_index_lists_every_chapter_that_mentions_a_name(
    built_book: Path,
) -> None:
    index = page(built_book, "people.html")
    for slug in SLUGS:
        name, paragraph = facts(slug)["mention"]
        term = next(t for t in index.select("dl.mentions dt") if t.get_text() == name)
        hrefs = [a["href"] for a in term.find_next("dd").select("a")]
        assert f"interviews/{slug}.html#{paragraph}" in hrefs, (slug, hrefs)


def test_landing_page_lists_every_interview(built_book: Path) -> None:
    links = [
        a["href"] for a in page(built_book, "index.html").select(".toctree-wrapper a")
    ]
    for slug in SLUGS:
        assert f"interviews/{slug}.html" in links, slug


def test_a_draft_chapter_says_so_on_the_page_and_in_the_toc(built_book: Path) -> None:
    drafts = [slug for slug in SLUGS if facts(slug)["draft"]]
    assert drafts, "the test book has no draft chapter"
    for slug in SLUGS:
        chapter = page(built_book, f"interviews/{slug}.html")
        marked = chapter.select_one("h1 .chapter-status-draft") is not None
        noted = chapter.select_one(".chapter-status-note-draft") is not None
        assert marked == noted == (slug in drafts), slug
        entry = next(
            a
            for a in page(built_book, "index.html").select(".toctree-wrapper a")
            if a["href"] == f"interviews/{slug}.html"
        )
        assert ("（草稿）" in entry.get_text()) == (slug in drafts), slug


def test_annotations_are_sidenotes_beside_their_paragraph(
    chapter: BeautifulSoup,
) -> None:
    sidenotes = chapter.select("p.interview-paragraph span.sidenote")
    assert len(sidenotes) >= 2
    for note in sidenotes:
        anchor = note.select_one("span.note-anchor")
        assert anchor is not None and anchor["id"].startswith("note-")
    assert not chapter.select("aside.footnote"), "an annotation was left as a footnote"


def test_glossary_links_lead_to_the_glossary(
    chapter: BeautifulSoup, built_book: Path
) -> None:
    links = chapter.select(
        "p.interview-paragraph a.reference[href^='../glossary.html#term-']"
    )
    assert links
    glossary_ids = {
        tag["id"] for tag in page(built_book, "glossary.html").select("[id]")
    }
    for link in links:
        assert link["href"].split("#")[1] in glossary_ids


def test_citations_lead_to_the_bibliography(built_book: Path, slug: str) -> None:
    html = (built_book / "glossary.html").read_text(encoding="utf-8") + (
        built_book / f"interviews/{slug}.html"
    ).read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    cites = [
        a
        for a in soup.select("a.reference")
        if "bibliography.html#" in a.get("href", "")
    ]
    assert cites
    bib_ids = {
        tag["id"] for tag in page(built_book, "bibliography.html").select("[id]")
    }
    for cite in cites:
        assert cite["href"].split("#")[1] in bib_ids


def test_glossary_terms_have_readable_ids(built_book: Path) -> None:
    terms = page(built_book, "glossary.html").select("dl.glossary dt")
    assert terms
    for term in terms:
        assert re.fullmatch(r"term-[A-Za-z0-9][A-Za-z0-9-]*", term["id"]), term
        assert not re.fullmatch(r"term-\d+", term["id"]), term


def test_smart_quotes_left_the_chinese_quotes_alone(
    built_book: Path, test_chapters: dict
) -> None:
    quoted = []
    for slug, chapter in test_chapters.items():
        shown = fidelity.html_paragraphs(built_book / f"interviews/{slug}.html")
        quoted += [
            (shown[i], text)
            for i, text in enumerate(chapter.expected())
            if set(text) & set("“”‘’")
        ]
    assert quoted, "no chapter quotes anything"
    for shown, text in quoted:
        assert shown == text


EXTERNAL = re.compile(r"^(https?:)?//")


def test_pages_load_nothing_from_other_hosts(built_book: Path) -> None:
    for html in built_book.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.select(
            "script[src], link[href], img[src], iframe, source[src], video, audio"
        ):
            url = tag.get("src") or tag.get("href") or ""
            if tag.name == "link" and not set(tag.get("rel", [])) & {
                "stylesheet",
                "preload",
                "icon",
                "modulepreload",
            }:
                continue
            assert not EXTERNAL.match(url), f"{html.name} loads {url}"
    for css in built_book.rglob("*.css"):
        for url in re.findall(
            r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")
        ):
            assert not EXTERNAL.match(url), f"{css.name} loads {url}"


def test_no_mathjax_and_no_script_from_markdown(built_book: Path) -> None:
    for html in built_book.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "mathjax" not in text.lower(), html.name
        assert "alert(" not in text, html.name
