"""The scholarly tools in the built book: reference-manager metadata, the Web
Annotations, the paragraph menu's data, and the previews' data.

Every check runs on every chapter of the test book (the real chapters and the
fixture interviews) in both languages, with the expected values read from
the chapter's own front matter, so that a new chapter is checked as the
first one is.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

import conf
from tests.helpers.pages import CHAPTERS, EDITIONS, ISSUE_FORM, base, value
from tools.lib.build import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SCHEMA = "https://schema.org/"
ANNO = "http://www.w3.org/ns/anno.jsonld"


# every chapter's page in every edition
EVERY_CHAPTER_PAGE = pytest.mark.parametrize(
    ("docname", "language", "folder"),
    [(docname, *edition) for edition in EDITIONS for docname in CHAPTERS],
)


def page(book: Path, folder: str, docname: str) -> str:
    return (book / folder / f"{docname}.html").read_text(encoding="utf-8")


def test_there_are_chapters_to_check() -> None:
    assert len(CHAPTERS) >= 2, "the test book has fewer than two chapters"


@pytest.fixture(scope="module")
def chapters(test_chapters) -> dict[str, dict]:
    """docname -> the chapter's ``interview`` front matter (the interview model)."""
    return {chapter.docname: chapter.meta for chapter in test_chapters.values()}


# --- Highwire Press tags and schema.org JSON-LD


@EVERY_CHAPTER_PAGE
def test_highwire_citation_tags(
    built_book: Path, chapters, test_book: Path, docname, language, folder
) -> None:
    meta = chapters[docname]
    english = language != "zh_CN"
    soup = BeautifulSoup(page(built_book, folder, docname), "html.parser")
    tags: dict[str, list[str]] = {}
    for tag in soup.select("head meta[name^='citation_']"):
        tags.setdefault(tag["name"], []).append(tag["content"])
    assert tags["citation_title"] == [value(meta, "title", english)]
    assert tags["citation_author"] == [
        v
        for v in (value(meta, "interviewee", english), value(meta, "author", english))
        if v
    ]
    assert tags["citation_publication_date"] == [
        str(meta["published"]).replace("-", "/")
    ]
    assert re.fullmatch(r"\d{4}/\d\d/\d\d", tags["citation_publication_date"][0])
    assert tags["citation_publisher"] == [value(meta, "outlet", english)]
    assert tags["citation_language"] == ["en" if english else "zh-CN"]
    assert tags["citation_public_url"] == [meta["url"]]
    assert tags["citation_fulltext_html_url"] == [f"{base(folder)}{docname}.html"]
    # this build offers no PDF (nox -s build does): no link to a missing file
    assert "citation_pdf_url" not in tags


@EVERY_CHAPTER_PAGE
def test_json_ld_describes_book_chapter_and_original(
    built_book: Path, chapters, docname, language, folder
) -> None:
    import extruct
    from pyld import jsonld

    meta = chapters[docname]
    english = language != "zh_CN"
    found = extruct.extract(
        page(built_book, folder, docname), syntaxes=["json-ld"], uniform=True
    )["json-ld"]
    assert len(found) == 1, found

    # pyld may not fetch schema.org's context: give it the vocabulary offline
    def loader(url, options=None):
        assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
        return {
            "contextUrl": None,
            "documentUrl": url,
            "document": {"@context": {"@vocab": SCHEMA}},
        }

    graph = jsonld.flatten(found[0], options={"documentLoader": loader})
    nodes = {node["@id"]: node for node in graph}

    def one(node, prop):
        values = node.get(SCHEMA + prop, [])
        assert len(values) == 1, (prop, values)
        return values[0].get("@value", values[0].get("@id"))

    url = f"{base(folder)}{docname}.html"
    chapter = nodes[url]
    assert chapter["@type"] == [SCHEMA + "Chapter"]
    assert one(chapter, "inLanguage") == ("en" if english else "zh-CN")
    assert one(chapter, "datePublished") == str(meta["published"])
    authors = [nodes[a["@id"]] for a in chapter[SCHEMA + "author"]]
    assert [one(a, "name") for a in authors] == [
        v
        for v in (value(meta, "interviewee", english), value(meta, "author", english))
        if v
    ]
    book = nodes[one(chapter, "isPartOf")]
    assert book["@type"] == [SCHEMA + "Book"]
    assert one(book, "url") == base(folder)
    original = nodes[one(chapter, "isBasedOn")]
    assert one(original, "url") == meta["url"]
    assert one(original, "headline") == meta["title"]
    assert one(original, "datePublished") == str(meta["published"])
    assert one(original, "inLanguage") == "zh-CN"
    assert one(nodes[one(original, "author")], "name") == meta["author"]
    # the translations are linked both ways
    if english:
        assert one(chapter, "translationOfWork") == f"{base('')}{docname}.html"
    else:
        others = [
            f"{base(f)}{docname}.html" for lang, f in EDITIONS if lang != language
        ]
        assert [v["@id"] for v in chapter[SCHEMA + "workTranslation"]] == others


# --- the Web Annotations


@pytest.mark.parametrize(("language", "folder"), EDITIONS)
def test_annotations_are_web_annotations_anchored_once(
    built_book: Path, language, folder
) -> None:
    path = built_book / folder / "annotations.jsonld"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["@context"] == ANNO
    assert data["type"] == "AnnotationCollection"
    assert data["id"] == f"{base(folder)}annotations.jsonld"
    items = data["first"]["items"]
    assert data["first"]["type"] == "AnnotationPage"
    assert data["total"] == len(items)
    seen: dict[str, int] = {}
    for docname in CHAPTERS:
        soup = BeautifulSoup(page(built_book, folder, docname), "html.parser")
        url = f"{base(folder)}{docname}.html"
        text = soup.body.get_text()
        notes = soup.select("span.sidenote span.note-anchor[id^='note-']")
        mine = [a for a in items if a["target"]["source"] == url]
        assert len(mine) == len(notes) > 0, docname
        assert [a["id"] for a in mine] == [f"{url}#{n['id']}" for n in notes]
        # the chapter links to the file
        assert soup.select_one(
            "a.book-annotations-download[href$='annotations.jsonld']"
        )
        for item, note in zip(mine, notes, strict=True):
            assert item["type"] == "Annotation" and item["motivation"] == "commenting"
            body = item["body"][0]
            assert body["type"] == "TextualBody" and body["value"].strip()
            assert body["language"] == ("zh-CN" if language == "zh_CN" else "en")
            for ref in item["body"][1:]:
                assert ref["purpose"] == "linking"
                assert ref["id"].startswith("https://") and ref["label"]
            selectors = {s["type"]: s for s in item["target"]["selector"]}
            fragment = selectors["FragmentSelector"]
            assert fragment["conformsTo"] == "http://tools.ietf.org/rfc/rfc3986"
            paragraph = soup.find(id=fragment["value"])
            assert paragraph is not None and note in paragraph.descendants, item["id"]
            quote = selectors["TextQuoteSelector"]
            assert quote["exact"].strip(), item["id"]
            assert {"prefix", "suffix"} <= quote.keys()
            assert quote["exact"] in paragraph.get_text()
            whole = quote["prefix"] + quote["exact"] + quote["suffix"]
            assert text.count(whole) == 1, f"{item['id']}: {text.count(whole)} matches"
            seen[item["id"]] = seen.get(item["id"], 0) + 1
    assert len(seen) == len(items) and set(seen.values()) == {1}


# --- the paragraph menu's data


def issue_form_fields() -> set[str]:
    form = yaml.safe_load(ISSUE_FORM.read_text(encoding="utf-8"))
    return {field["id"] for field in form["body"] if "id" in field}


def menu_data(book: Path, folder: str, docname: str) -> dict:
    soup = BeautifulSoup(page(book, folder, docname), "html.parser")
    return json.loads(soup.select_one("script#book-paragraph-actions").string)


@EVERY_CHAPTER_PAGE
def test_paragraph_menu_data(
    built_book: Path, chapters, test_book: Path, docname, language, folder
) -> None:
    meta = chapters[docname]
    data = menu_data(built_book, folder, docname)
    soup = BeautifulSoup(page(built_book, folder, docname), "html.parser")
    paragraphs = [p["id"] for p in soup.select("p.interview-paragraph[id]")]
    fallback = data.get("source_lines", {})
    assert set(data["lines"]) | set(fallback) == set(paragraphs)
    assert not set(data["lines"]) & set(fallback)
    # the suggest link fills in fields the form has
    query = parse_qs(urlsplit(data["suggest"]).query)
    assert query.pop("template") == [ISSUE_FORM.name]
    assert query.pop("title")[0].startswith("[注释]")
    assert set(query) <= issue_form_fields() and set(query) == {"chapter", "paragraph"}
    # the edit link's line holds the paragraph's text (or its message)
    for pid in paragraphs:
        translated = pid in data["lines"]
        template = data["edit"] if translated else data["edit_source"]
        number = data["lines"][pid] if translated else fallback[pid]
        source = unquote(urlsplit(template).path.split("/blob/main/", 1)[1])
        lines = (test_book / source).read_text(encoding="utf-8").splitlines()
        line = lines[number - 1]
        if language == "zh_CN" or not translated:
            assert source == f"docs/{docname}.md"
            assert soup.find(id=pid).get_text()[len(pid) - 1 :][:4] in re.sub(
                r"\{term\}`([^`<]*?)(?: <[^>]*>)?`", r"\1", line
            ), pid
        else:
            assert source.endswith(f"LC_MESSAGES/{docname}.po")
            assert line.startswith("msgid "), (pid, line)
    # citations name what the issue asks for
    for key in ("zh", "en"):
        cite = data["citation"][key]
        english = key == "en"
        for part in ("interviewee", "title", "outlet"):
            assert value(meta, part, english) in cite, (key, part)
        assert "¶{n}" in cite and f"{base(folder)}{docname}.html#p{{n}}" in cite
    assert str(meta["published"]) in data["citation"]["zh"]
    assert "[EB/OL]" in data["citation"]["zh"]


# --- the previews' data


def preview_data(edition: Path) -> dict:
    """``_static/book-previews.js`` of an edition, as the script reads it."""
    script = (edition / "_static" / "book-previews.js").read_text(encoding="utf-8")
    return json.loads(script.removeprefix("window.bookPreviewData = ").rstrip(";\n"))


def built_page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize(("language", "folder"), EDITIONS)
def test_preview_data_holds_every_bibliography_entry(
    built_book: Path, language, folder
) -> None:
    data = preview_data(built_book / folder)
    bibliography = built_page(built_book / folder / "bibliography.html")
    entries = bibliography.select("div.citation[id]")
    assert entries
    assert sorted(data["citations"]) == sorted(
        f"bibliography.html#{entry['id']}" for entry in entries
    )
    for entry in entries:
        html = data["citations"][f"bibliography.html#{entry['id']}"]
        card = BeautifulSoup(html, "html.parser")
        assert card.get_text() == entry.find("p").get_text(), entry["id"]
        assert [a["href"] for a in card.select("a")] == [
            a["href"] for a in entry.find("p").select("a")
        ]
    # and the chapters' citations carry no copy of the reference
    for path in (built_book / folder / "interviews").glob("*.html"):
        cites = built_page(path).select(
            ".bibtex-citation a[href*='bibliography.html#']"
        )
        assert not [a for a in cites if a.get("title")], path


@pytest.mark.parametrize(("language", "folder"), EDITIONS)
def test_preview_data_holds_every_glossary_term(
    built_book: Path, language, folder
) -> None:
    data = preview_data(built_book / folder)
    glossary = built_page(built_book / folder / "glossary.html")
    terms = [
        f"glossary.html#{dt['id']}" for dt in glossary.select("dl.glossary > dt[id]")
    ]
    assert terms and sorted(terms) == sorted(data["terms"])
    for key in terms:
        assert data["terms"][key]["html"].strip(), key
        assert ' id="' not in data["terms"][key]["html"]
    # every ¶ reference to another page's paragraph has its text
    for path in (built_book / folder).glob("**/*.html"):
        if (
            "_static" in path.parts
            or "en" in path.relative_to(built_book / folder).parts[:1]
        ):
            continue
        here = path.relative_to(built_book / folder).as_posix()
        soup = built_page(path)
        for link in soup.select("a.reference.internal[href*='#p']"):
            if re.fullmatch(r"¶\d+", link.get_text().strip()):
                href = link["href"]
                target = href.split("#")[0]
                if target and not here.endswith(target.split("/")[-1]):
                    assert any(
                        k.endswith(href.lstrip("./").split("/")[-1])
                        for k in data["paragraphs"]
                    ), href


def test_contributing_shows_a_link_the_form_understands() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    urls = re.findall(r"https://github\.com/\S+/issues/new\?\S+", text)
    assert urls, "CONTRIBUTING.md shows no suggest-an-annotation link"
    for url in urls:
        query = parse_qs(urlsplit(url).query)
        assert query.pop("template") == [ISSUE_FORM.name]
        assert query.pop("title")
        assert set(query) == {"chapter", "paragraph"} <= issue_form_fields()


# A rebuild after a glossary edit writes the same annotations and previews as
# a clean build, rewrites no interview page and shows the new words in the
# previews: tests/test_rebuild.py, which compares every file, in both languages.


def test_pdf_url_only_when_the_build_offers_the_pdf() -> None:
    from types import SimpleNamespace

    from tools.sphinxext.apparatus.citation_meta import pdf_url

    def app(downloads: str, language: str, baseurl: str) -> SimpleNamespace:
        config = SimpleNamespace(
            book_downloads=downloads, language=language, html_baseurl=baseurl
        )
        return SimpleNamespace(config=config)

    assert pdf_url(app("", "zh_CN", conf.html_baseurl)) is None
    zh = pdf_url(app("build/downloads", "zh_CN", conf.html_baseurl))
    assert zh == f"{conf.html_baseurl}_downloads/ai-pharma-ten-conversations.pdf"
    en = pdf_url(app("build/downloads", "en", base("en")))
    assert en == f"{base('en')}_downloads/ai-pharma-ten-conversations-en.pdf"


def test_unverified_facts_are_left_out_not_guessed() -> None:
    """A chapter whose author and date could not be verified (empty front
    matter) is cited and described without them."""
    from types import SimpleNamespace

    from tools.sphinxext.apparatus import citation_meta
    from tools.sphinxext.reader import paragraph_actions
    from tools.sphinxext.text.interview_facts import InterviewFacts

    facts = InterviewFacts(
        docname="interviews/fixture",
        slug="fixture",
        interviewee="某某",
        title="某某访谈",
        outlet="某刊",
        series="",
        author="",
        published="",
        url="",
        source="sources/fixture.txt",
        english={"interviewee": "Mou Mou"},
    )
    config = SimpleNamespace(
        language="zh_CN",
        html_baseurl=conf.html_baseurl,
        book_languages=LANGUAGES,
        book_downloads="",
        book_editions=conf.book_editions,
        project=conf.project,
        author=conf.author,
        version=conf.version,
    )
    app = SimpleNamespace(config=config)
    url = f"{conf.html_baseurl}interviews/fixture.html"
    zh = paragraph_actions.citation_zh(app, facts, url)
    assert zh.startswith("某某. 某某访谈[EB/OL]. 某刊//")
    en = paragraph_actions.citation_en(app, facts, url)
    assert en.startswith("Mou Mou. 某某访谈. 某刊. ¶{n}, in ")
    for text in (zh, en):
        assert "未能查证" not in text and ", ," not in text and ". ." not in text
    tags = dict(citation_meta.highwire_tags(app, facts))
    assert "citation_publication_date" not in tags
    assert "citation_public_url" not in tags
    graph = citation_meta.json_ld(app, facts)["@graph"]
    chapter = next(node for node in graph if node["@type"] == "Chapter")
    assert "datePublished" not in chapter
    assert chapter["author"] == [{"@type": "Person", "name": "某某"}]
    assert "url" not in chapter["isBasedOn"] and "author" not in chapter["isBasedOn"]
