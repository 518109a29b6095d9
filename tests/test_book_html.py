"""The built HTML book, parsed and checked as a reader would meet it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tools import fidelity

CHAPTER = "interviews/xie-changyu.html"


def page(built_book: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((built_book / name).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def chapter(built_book: Path) -> BeautifulSoup:
    return page(built_book, CHAPTER)


@pytest.fixture(scope="module")
def expected() -> list[str]:
    return fidelity.chapters()[0].expected()


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
    assert (built_book / CHAPTER).is_file()


def test_interface_language_is_chinese(built_book: Path) -> None:
    for name in ("index.html", CHAPTER, "search.html"):
        assert page(built_book, name).html["lang"] == "zh-CN"


def test_chapter_text_is_the_sources(built_book: Path) -> None:
    assert [str(p) for p in fidelity.check_html(built_book)] == []


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


def test_speaker_turns_are_marked(chapter: BeautifulSoup) -> None:
    questions = chapter.select("p.turn-question.turn-start")
    answers = chapter.select("p.turn-answer.turn-start")
    assert len(questions) == len(answers) == 8
    assert all(q.select_one(".speaker").get_text() == "雷峰网：" for q in questions)
    assert all(a.select_one(".speaker").get_text() == "谢昌谕：" for a in answers)
    assert (
        chapter.select_one("#q1") is not None and chapter.select_one("#a8") is not None
    )
    narration = chapter.select("p.turn-narration")
    assert narration[0]["id"] == "p1" and not narration[0].select(".speaker")
    # Continuation paragraphs belong to the answer but carry no label.
    continuation = chapter.select_one("#p17")
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


def test_source_card_shows_the_metadata(chapter: BeautifulSoup) -> None:
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
    assert "sources/000_4d613195765c6445.txt" in text
    assert "《AI制药十人谈》" in text and "2023-09-22" in text and "乔燕薇" in text
    link = card.select_one("a.reference.external")
    assert link["href"].startswith("https://www.leiphone.com/")


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


def test_citations_lead_to_the_bibliography(built_book: Path) -> None:
    html = (built_book / "glossary.html").read_text(encoding="utf-8") + (
        built_book / CHAPTER
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


def search_index(built_book: Path) -> dict:
    text = (built_book / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def documents_with(index: dict, word: str) -> set[str]:
    """Docnames whose text or titles hold ``word`` (Sphinx keeps them apart)."""
    found = set()
    for table in ("terms", "titleterms"):
        hits = index[table].get(word, [])
        found |= {
            index["docnames"][i] for i in (hits if isinstance(hits, list) else [hits])
        }
    return found


@pytest.mark.parametrize(
    "word", ["联邦学习", "蛋白质", "量子计算", "结合自由能", "药物", "melloddi"]
)
def test_search_index_holds_chinese_words(built_book: Path, word: str) -> None:
    # "melloddi": Latin words are stored stemmed, as the browser stems queries.
    assert "interviews/xie-changyu" in documents_with(search_index(built_book), word)


def test_search_script_has_a_working_stemmer_and_splitter(built_book: Path) -> None:
    language_data = (built_book / "_static" / "language_data.js").read_text(
        encoding="utf-8"
    )
    assert "window.Stemmer = EnglishStemmer;" in language_data
    assert "ChineseStemmer" not in language_data
    assert "Intl.Segmenter" in language_data


def test_smart_quotes_left_the_chinese_quotes_alone(built_book: Path) -> None:
    second = fidelity.html_paragraphs(built_book / CHAPTER)[1]
    assert second.startswith("“数据共享") and second.endswith("问题。”")
    assert "‘AI+量子’" in fidelity.html_paragraphs(built_book / CHAPTER)[8]


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
