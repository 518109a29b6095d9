"""The English edition: complete catalogues, kept markup, a clean build.

The catalogues in ``locales/en/LC_MESSAGES`` are read with Babel (which
Sphinx itself uses); the English book is built once per session with
``-D language=en``, exactly as ``nox -s html`` builds it.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.helpers.book import FIXTURE_INTERVIEWS, ROOT, SLUGS, facts
from tests.helpers.catalogues import BOOK_CATALOGUES, LOCALES, messages
from tools import check
from tools.lib import interview
from tools.lib.markup import CITE, FOOTNOTE_REF, TERM, XREF

# The book's catalogues, and the fixture interviews' (tests/fixtures/interviews).
CATALOGUES = [*BOOK_CATALOGUES, *sorted(FIXTURE_INTERVIEWS.glob("*/en.po"))]


def catalogue_id(path: Path) -> str:
    if path.is_relative_to(LOCALES):
        return str(path.relative_to(LOCALES))
    return f"fixture:{path.parent.name}"


def is_draft_catalogue(path: Path) -> bool:
    """Whether the catalogue translates a chapter still marked ``status: draft``."""
    if not path.is_relative_to(LOCALES):
        return False  # a fixture's catalogue is held to the finished rules
    page = ROOT / "docs" / path.relative_to(LOCALES).with_suffix(".md")
    if not page.is_file():
        return False
    meta = interview.parse_front_matter(page.read_text(encoding="utf-8"))
    return interview.is_draft(meta.get("interview"))


def test_every_page_has_a_catalogue() -> None:
    pages = {
        p.relative_to(ROOT / "docs").with_suffix("")
        for p in (ROOT / "docs").rglob("*.md")
    }
    catalogues = {p.relative_to(LOCALES).with_suffix("") for p in BOOK_CATALOGUES}
    assert pages == catalogues


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_catalogue_is_complete_and_not_fuzzy(path: Path) -> None:
    # A draft chapter's translation may follow later: its page then says
    # which paragraphs are still in Chinese (interview_status.py).
    draft = is_draft_catalogue(path)
    missing = [m.id[:60] for m in messages(path) if not m.string and not draft]
    fuzzy = [m.id[:60] for m in messages(path) if m.fuzzy]
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    assert not missing, (
        f"{where}: untranslated messages: {missing}; translate them "
        "(CONTRIBUTING.md, Translating); nox -s check lists each at its source line"
    )
    assert not fuzzy, (
        f"{where}: fuzzy messages: {fuzzy}; compare the English with the new "
        "Chinese (the #| msgid line is the old one), correct it and delete the "
        "#, fuzzy and #| lines"
    )


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_translations_keep_terms_citations_and_notes(path: Path) -> None:
    for message in messages(path):
        if not message.string:
            continue
        for name, pattern in (
            ("footnote", FOOTNOTE_REF),
            ("citation", CITE),
            ("link", XREF),
        ):
            source, target = (
                Counter(pattern.findall(message.id)),
                Counter(pattern.findall(message.string)),
            )
            assert source == target, (
                f"{path.name}:{message.lineno}: the translation changes the {name}s "
                f"{dict(source)} -> {dict(target)} of {message.id[:50]!r}"
            )
        assert len(TERM.findall(message.id)) == len(TERM.findall(message.string)), (
            f"{path.name}:{message.lineno}: the translation drops or adds a glossary "
            f"link in {message.id[:50]!r}"
        )


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The messages of the book's sources, extracted once for this file's
    tests as ``nox -s check`` extracts them (tools/check.py: a gettext build
    of the book in this process, strict, with source lines); the folder of
    its ``.pot`` files.  The build must give no warning."""
    out = tmp_path_factory.mktemp("gettext")
    findings = check.sphinx_findings("gettext", out, {"gettext_location": "1"})
    assert [str(f) for f in findings] == []
    return out


def test_catalogues_are_up_to_date_with_the_sources(extracted: Path) -> None:
    # sphinx.pot holds the templates' words, translated by Sphinx's and the themes' catalogues
    pots = [p for p in extracted.rglob("*.pot") if p.name != "sphinx.pot"]
    assert len(pots) == len(BOOK_CATALOGUES)
    for pot in pots:
        po = LOCALES / pot.relative_to(extracted).with_suffix(".po")
        wanted = {m.id for m in messages(pot)}
        have = {m.id for m in messages(po)}
        assert wanted <= have, (
            f"{po.relative_to(ROOT)} lacks {len(wanted - have)} message(s) the sources now "
            f"have, e.g. {sorted(wanted - have)[0][:60]!r}: run `nox -s gettext` and translate them"
        )


@pytest.fixture(scope="session")
def english_book(built_book: Path) -> Path:
    """The English edition of the session's build (it fails on any warning)."""
    return built_book / "en"


def page(book: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((book / name).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(params=SLUGS)
def slug(request: pytest.FixtureRequest) -> str:
    """Each chapter of the test book in turn (the slug is the test's id)."""
    return request.param


def test_english_chapter_has_the_same_numbered_paragraphs(
    english_book: Path, built_book: Path, slug: str
) -> None:
    known = facts(slug)
    english = page(english_book, f"interviews/{slug}.html")
    chinese = page(built_book, f"interviews/{slug}.html")
    assert english.html["lang"] == "en"
    ids = [p["id"] for p in english.select("p.interview-paragraph")]
    assert ids == [p["id"] for p in chinese.select("p.interview-paragraph")]
    questions = english.select("p.turn-question.turn-start .speaker")
    assert len(questions) == known["questions"]
    assert {q.get_text() for q in questions} == {known["english_interviewer_label"]}
    start = english.select_one(f"#{known['answer_start']} .speaker")
    assert start.get_text() == known["english_interviewee_label"]
    text = english.select_one("article").get_text()
    continuation = english.select_one(f"#{known['continuation']}").get_text()
    assert not re.search(r"[\u4e00-\u9fff]{12,}", continuation), (
        "an interview paragraph of the English edition is still in Chinese"
    )
    assert "federated learning" in text.lower()
    # A translated chapter says nothing about translation.
    assert english.select_one(".chapter-status-note-untranslated") is None


def test_english_apparatus_is_complete(english_book: Path, slug: str) -> None:
    chapter = page(english_book, f"interviews/{slug}.html")
    notes = chapter.select("p.interview-paragraph span.sidenote")
    assert len(notes) >= facts(slug)["annotations"]
    glossary = page(english_book, "glossary.html")
    assert glossary.select_one("#term-federated-learning") is not None
    links = chapter.select("a.reference[href^='../glossary.html#term-']")
    assert links and all("term-" in a["href"] for a in links)
    assert page(english_book, "bibliography.html").select("a[href^='https://doi.org/']")


def test_each_page_links_to_the_other_language(
    english_book: Path, built_book: Path, slug: str
) -> None:
    name = f"interviews/{slug}.html"
    zh = page(built_book, name).select_one(".edition-switch a")
    en = page(english_book, name).select_one(".edition-switch a")
    assert zh["href"] == f"../en/{name}" and zh["hreflang"] == "en"
    assert en["href"] == f"../../{name}" and en["hreflang"] == "zh-CN"


def test_no_id_is_repeated_on_an_english_page(english_book: Path) -> None:
    # A translated paragraph that cites one work twice once got one id twice
    # (tools/sphinxext/reader/translations.py, DistinctIds).
    for html in sorted(english_book.glob("**/*.html")):
        if "_static" in html.parts:
            continue
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        ids = Counter(tag["id"] for tag in soup.select("[id]"))
        assert [i for i, n in ids.items() if n > 1] == [], html.name


def test_report_translation_coverage(record_property, extracted: Path) -> None:
    # Counted over the messages of the sources (extracted as nox -s check
    # does), not over the catalogues, which lack a new message until
    # nox -s gettext adds it.
    failures, _drafts, translated, total = check.translation_findings(extracted)
    record_property("translation_coverage_en", f"{translated}/{total}")
    assert not failures, (
        f"English translation: {translated}/{total} messages of the sources "
        f"({translated / total:.1%}); to do:\n" + "\n".join(map(str, failures))
    )
