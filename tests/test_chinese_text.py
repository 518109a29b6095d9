"""Chinese text without stray spaces, on every built page of both editions,
and the English in the Chinese edition marked as English.

A browser draws a run of whitespace in HTML as one space, also between two
Chinese characters, where it is a gap in the line ("预测中的那么大， 注26 有很多").
The pages' text is read here as a browser lays it out: the text of each
block, its whitespace collapsed, the notes' markers (``label``, ``sup``)
and code kept apart (a space between the marks listed in ``<code>`` is
meant).  Then every space between two Chinese characters or full-width
marks is counted, and every space inside a note's marker or beside it where
it meets Chinese.  ``tools/sphinxext/text/cjk_text.py`` takes them out.
Every English word of three letters or more with a small letter in it (a
name, a title: AlphaFold2, Schrödinger) in a Chinese page's text is inside
a ``lang="en"`` run; acronyms and units (AI, nM) and a link's address are
not English.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from docutils import nodes

from tools.sphinxext.text.cjk_text import ENGLISH_RUN, _worth, join_chinese_lines

WIDE = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u201c\u201d\u2026"
OPEN, CLOSE = "\ue000", "\ue001"  # around a note's marker in the page's text
GAP = re.compile(f"(?<=[{WIDE}])\\s+(?=[{WIDE}])")
MARKER_GAP = re.compile(
    f"(?<=[{WIDE}])\\s+{OPEN}|{OPEN}\\s+|\\s+{CLOSE}|{CLOSE}\\s+(?=[{WIDE}])"
)
BLOCKS = {
    *[
        "p",
        "li",
        "dd",
        "dt",
        "td",
        "th",
        "div",
        "figcaption",
        "caption",
        "blockquote",
        "section",
        "article",
    ],
    *[
        "nav",
        "header",
        "footer",
        "main",
        "aside",
        "ul",
        "ol",
        "dl",
        "table",
        "tr",
        "body",
        "form",
        "details",
    ],
    *["summary", "h1", "h2", "h3", "h4", "h5", "h6", "title"],
}
SKIPPED = {"script", "style", "template", "code", "pre", "kbd", "samp", "head"}


def _is_marker(tag: Tag) -> bool:
    return tag.name in {"label", "sup"} or "footnote-reference" in tag.get("class", [])


def block_texts(html: str) -> list[str]:
    """The text of each block of a page, as a browser runs it together."""
    found: list[str] = []
    line: list[str] = []

    def walk(element: Tag) -> None:
        for child in element.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                line.append(str(child))
            elif child.name in SKIPPED:
                line.append("\ufffc" if child.name not in {"script", "style"} else "")
            elif _is_marker(child):
                line.append(OPEN + child.get_text("") + CLOSE)
            elif child.name in BLOCKS or "sidenote" in child.get("class", []):
                found.append("".join(line))
                line.clear()
                walk(child)
                found.append("".join(line))
                line.clear()
            else:
                walk(child)

    soup = BeautifulSoup(html, "html.parser")
    walk(soup.body or soup)
    found.append("".join(line))
    return [" ".join(text.split()) for text in found if text.strip()]


def stray_spaces(html: str) -> list[str]:
    """Each stray space of a page, with the text around it."""
    hits = []
    for text in block_texts(html):
        for pattern in (GAP, MARKER_GAP):
            for match in pattern.finditer(text):
                around = text[max(0, match.start() - 10) : match.end() + 10]
                hits.append(around.replace(OPEN, "[").replace(CLOSE, "]"))
    return hits


LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
# a word; not a piece of a name joined by an underscore (cadd_frontend)
# or of a hexadecimal commit name
WORD = re.compile(
    f"(?<![{LATIN}0-9_.])[{LATIN}][{LATIN}\u0300-\u036f0-9'’\\-]*"
    f"(?![{LATIN}\u0300-\u036f0-9_])"
)
ADDRESS = re.compile(r"\s*[a-z][a-z0-9+.\-]*:\S+\s*")


def unmarked_english(html: str) -> list[str]:
    """The English words of a Chinese page's text outside a ``lang="en"`` run."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for article in soup.select("article"):
        for text in article.find_all(string=WORD):
            if text.find_parent([*SKIPPED, "samp"]) or ADDRESS.fullmatch(text):
                continue
            # an address the theme shortened (github.com/a/b: "a/b")
            if text.find_parent("a", class_=["github", "gitlab"]):
                continue
            if text.find_parent(attrs={"lang": re.compile(r"^en")}) is not None:
                continue
            found += [
                word
                for word in WORD.findall(text)
                if sum(c.isalpha() for c in word) >= 3
                and any(c.islower() for c in word)
            ]
    return found


def built_pages(site: Path) -> list[Path]:
    return [
        path
        for path in sorted(site.rglob("*.html"))
        if not {"_static", "pagefind", "_sources"} & set(path.parts)
    ]


def test_the_counting_sees_what_a_browser_draws() -> None:
    page = (
        "<body><p>那么大，<label class='margin-toggle'><span>\n<sup>26</sup></span>\n"
        "</label>有很多。\n下一句。<code>， ：</code></p>"
        "<p>English text.<label><sup>1</sup></label> And more.</p></body>"
    )
    hits = stray_spaces(page)
    # the line break after 。, and a space inside the marker on either side
    assert len(hits) == 3
    assert "很多。 下一句" in hits[0] and all("[ 26 ]" in hit for hit in hits[1:])
    assert stray_spaces(page.replace("\n", "")) == []


def test_line_breaks_between_chinese_characters_are_taken_out() -> None:
    paragraph = nodes.paragraph(
        "",
        "",
        nodes.Text("第一句。"),
        nodes.Text("\n"),
        nodes.emphasis("", "第二句"),
        nodes.Text("，\n  第三句\nand English\n句。"),
        nodes.literal("", "代码\n代码"),
    )
    document = nodes.document(None, None)
    document += paragraph
    join_chinese_lines(document)
    assert paragraph.astext() == "第一句。第二句，第三句\nand English\n句。代码\n代码"


def test_no_page_of_either_edition_has_stray_spaces(built_book: Path) -> None:
    pages = built_pages(built_book)
    assert any(page.parts[-2] == "en" for page in pages)
    found = {}
    for page in pages:
        if hits := stray_spaces(page.read_text(encoding="utf-8")):
            found[str(page.relative_to(built_book))] = hits
    assert found == {}, f"{sum(map(len, found.values()))} stray spaces: {found}"


def test_english_runs_are_names_and_words_not_acronyms() -> None:
    text = (
        "模型AlphaFold2的，费曼（Feynman）和AI+量子，Cao et al., 2019，10 nM，"
        "Schrödinger，DrugFlow1.0 的 CarbonSilicon.AI，MODEL_LICENSE.txt "
        "(commit 0051e5fa72)"
    )
    runs = [m.group() for m in ENGLISH_RUN.finditer(text) if _worth(m.group(), "en")]
    assert runs == [
        "AlphaFold2",
        "Feynman",
        "Cao et al",
        "Schrödinger",
        "DrugFlow1.0",
        "CarbonSilicon.AI",
        "commit",
    ]


def test_every_english_word_of_the_chinese_edition_is_marked(
    built_book: Path,
) -> None:
    pages = [
        p for p in built_pages(built_book) if p.relative_to(built_book).parts[0] != "en"
    ]
    assert any(p.name == "genindex.html" for p in pages)
    found = {}
    for page in pages:
        if words := unmarked_english(page.read_text(encoding="utf-8")):
            found[str(page.relative_to(built_book))] = words
    assert found == {}, f"English words without lang: {found}"
