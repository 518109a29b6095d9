"""The PDF and EPUB editions, and the web edition that offers them.

The PDF and the EPUB are built once per test session, as ``nox -s pdf`` and
``nox -s epub`` build them (``tools.build``), with a fixed SOURCE_DATE_EPOCH.
Without XeLaTeX and the Noto CJK fonts, poppler-utils or epubcheck the tests
that need them are skipped locally and fail on CI (``CI`` set), where
``.ci/run`` installs ``tools/debian-packages.txt``.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT, run_sphinx
from tools import build, fidelity

EPOCH = "1700000000"  # 2023-11-14 22:13:20 UTC
EPOCH_DATE = "2023年11月14日"
CHAPTER = "interviews/xie-changyu"


def need(problem: str | None) -> None:
    """Skip (fail on CI) when the machine lacks a tool the test needs."""
    if problem:
        message = f"{problem}; {build.INSTALL_HINT}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def need_tex() -> None:
    missing = build.missing_tex()
    need(f"the PDF edition needs {', '.join(missing)}" if missing else None)


def need_poppler() -> None:
    need(
        None
        if shutil.which("pdftotext") and shutil.which("pdffonts")
        else "no poppler-utils"
    )


@dataclass(frozen=True)
class PdfBuild:
    pdf: Path
    tex: Path
    log: Path


def build_pdf(out: Path, root: Path = ROOT) -> PdfBuild:
    """Build the PDF edition into ``out`` with SOURCE_DATE_EPOCH=EPOCH."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = run_sphinx(root, out, "latex", jobs="auto")
        assert result.returncode == 0, f"the LaTeX build failed:\n{result.stderr}"
        try:
            pdf = build.latex_to_pdf(out / "latex")
        except subprocess.CalledProcessError:
            log = (out / "latex" / f"{build.BASENAME}.log").read_text(errors="replace")
            pytest.fail(f"XeLaTeX failed:\n{log[-3000:]}")
    return PdfBuild(pdf, pdf.with_suffix(".tex"), pdf.with_suffix(".log"))


@pytest.fixture(scope="session")
def pdf_build(tmp_path_factory: pytest.TempPathFactory) -> PdfBuild:
    """The PDF edition, built once."""
    need_tex()
    return build_pdf(tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="session")
def epub_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The EPUB edition, built once."""
    out = tmp_path_factory.mktemp("epub")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = run_sphinx(ROOT, out, "epub", jobs="auto")
    assert result.returncode == 0, f"the EPUB build failed:\n{result.stderr}"
    return out / "epub" / f"{build.BASENAME}.epub"


def build_html_with_downloads(out: Path, downloads: Path, root: Path = ROOT) -> Path:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = run_sphinx(
            root, out, "html", jobs="auto", overrides={"book_downloads": str(downloads)}
        )
    assert result.returncode == 0, f"the HTML build failed:\n{result.stderr}"
    return out / "html"


@pytest.fixture(scope="session")
def downloads(
    tmp_path_factory: pytest.TempPathFactory, pdf_build: PdfBuild, epub_file: Path
) -> Path:
    """A folder with the PDF and the EPUB, as ``nox -s build`` makes it."""
    folder = tmp_path_factory.mktemp("downloads")
    shutil.copy(pdf_build.pdf, folder)
    shutil.copy(epub_file, folder)
    return folder


@pytest.fixture(scope="session")
def html_with_downloads(
    tmp_path_factory: pytest.TempPathFactory, downloads: Path
) -> Path:
    """The web edition offering the PDF and the EPUB."""
    return build_html_with_downloads(tmp_path_factory.mktemp("site"), downloads)


def pdftotext(pdf: Path, *args: str) -> str:
    need_poppler()
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def squeeze(text: str) -> str:
    """Text without whitespace and margin numbers ¶N."""
    return re.sub(r"¶\d+|\s+", "", text)


def toctree_titles() -> list[str]:
    """The title of every page in the landing page's toctrees, in order."""
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    titles = []
    for block in re.findall(r"```\{toctree\}\n(.*?)```", index, re.S):
        for entry in block.splitlines():
            entry = entry.strip()
            if not entry or entry.startswith(":") or entry == "genindex":
                continue
            page = (ROOT / "docs" / f"{entry}.md").read_text(encoding="utf-8")
            titles.append(re.search(r"^# (.+)$", page, re.M).group(1).strip())
    return titles


def outline(pdf: Path) -> list[tuple[str, int]]:
    """(title, 0-based page) of the PDF's top-level bookmarks."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    return [
        (item.title, reader.get_destination_page_number(item))
        for item in reader.outline
        if not isinstance(item, list)
    ]


def annotation_labels(chapter: Path) -> list[tuple[str, str]]:
    """(label, opening words) of every annotation defined in a chapter source."""
    text = chapter.read_text(encoding="utf-8")
    return [
        (label, re.split(r"[{`]", body, maxsplit=1)[0].strip())
        for label, body in re.findall(r"^\[\^([\w-]+)\]:\s*(.+)$", text, re.M)
    ]


# --- the PDF: text, typography, structure


def test_pdf_holds_every_interview_paragraph_verbatim(pdf_build: PdfBuild) -> None:
    # The fidelity guard reads the paragraphs back by their margin numbers.
    assert [str(p) for p in fidelity.check_pdf(pdf_build.pdf)] == []


def test_pdftotext_finds_every_paragraph_in_order(pdf_build: PdfBuild) -> None:
    # An independent reader: poppler, in reading order.  Page breaks put
    # footnotes and running heads inside a paragraph, so each paragraph's
    # opening words are looked for, in order, in the squeezed text.
    text = squeeze(pdftotext(pdf_build.pdf))
    position = 0
    for number, paragraph in enumerate(fidelity.chapters()[0].expected(), 1):
        opening = squeeze(paragraph)[:12]
        found = text.find(opening, position)
        assert found >= 0, (
            f"¶{number} ({opening}…) is not in the PDF after ¶{number - 1}"
        )
        position = found + len(opening)


def test_every_paragraph_number_is_in_the_margin(pdf_build: PdfBuild) -> None:
    numbers = [
        int(n) for n in re.findall(r"\\bookparanum\{(\d+)\}", pdf_build.tex.read_text())
    ]
    assert numbers == list(range(1, len(fidelity.chapters()[0].expected()) + 1))
    assert len(re.findall(r"¶\d+", pdftotext(pdf_build.pdf))) >= len(numbers)


def test_latex_log_has_no_missing_character_or_undefined_reference(
    pdf_build: PdfBuild,
) -> None:
    log = pdf_build.log.read_text(encoding="utf-8", errors="replace")
    problems = re.findall(
        r"^(?:Missing character.*|.*Reference .* undefined.*|Overfull \\hbox.*)$",
        log,
        re.M,
    )
    assert problems == [], f"see {pdf_build.log}"


def test_fonts_are_noto_cjk_and_freefont_embedded_as_subsets(
    pdf_build: PdfBuild,
) -> None:
    need_poppler()
    rows = subprocess.run(
        ["pdffonts", str(pdf_build.pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert rows
    names = [row.split()[0] for row in rows]
    for row in rows:
        # name type... emb sub uni object-id generation
        emb, sub = row.split()[-5:-3]
        assert (emb, sub) == ("yes", "yes"), f"not embedded as a subset: {row}"
    for family in ("NotoSerifCJK", "NotoSansCJK", "FreeSerif"):
        assert any(family in name for name in names), (family, names)
    assert not any("Fandol" in name for name in names), names


def test_outline_has_every_chapter_in_toctree_order(pdf_build: PdfBuild) -> None:
    assert [title for title, _page in outline(pdf_build.pdf)] == [
        *toctree_titles(),
        "索引",
    ]


def test_metadata_and_title_page(pdf_build: PdfBuild) -> None:
    from pypdf import PdfReader

    reader = PdfReader(pdf_build.pdf)
    info = reader.metadata
    assert info.title == "《AI制药十人谈》注释版"
    assert info.author == "《AI制药十人谈》注释版编者"
    assert (
        info.subject == "Ten Conversations on AI Drug Discovery: An Annotated Edition"
    )
    assert "AI制药" in info["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert info["/CreationDate"].startswith("D:20231114")
    title_page = squeeze(reader.pages[0].extract_text())
    for words in (
        "《AI制药十人谈》注释版",
        "TenConversationsonAIDrugDiscovery",
        "注释版",
        "第0.1版",
    ):
        assert words in title_page, words
    assert EPOCH_DATE in title_page, "the date comes from SOURCE_DATE_EPOCH"


def test_annotations_are_footnotes(pdf_build: PdfBuild) -> None:
    labels = annotation_labels(ROOT / "docs" / f"{CHAPTER}.md")
    assert labels
    tex = pdf_build.tex.read_text(encoding="utf-8")
    chapter = tex[tex.index(r"\label{\detokenize{" + CHAPTER + "::doc}}") :]
    chapter = chapter[: chapter.index(r"\chapter{")]
    assert chapter.count(r"\begin{footnote}") == len(labels)
    text = squeeze(pdftotext(pdf_build.pdf))
    for label, opening in labels:
        assert squeeze(opening)[:15] in text, f"annotation [^{label}] is not in the PDF"


def test_glossary_terms_and_references_link_inside_the_pdf(pdf_build: PdfBuild) -> None:
    from pypdf import PdfReader

    reader = PdfReader(pdf_build.pdf)
    chapters = outline(pdf_build.pdf)
    pages = {title: page for title, page in chapters}
    glossary = range(
        pages["术语表"], chapters[[t for t, _ in chapters].index("术语表") + 1][1]
    )
    interview = range(chapters[0][1], chapters[1][1])
    destinations = reader.named_destinations
    to_glossary = 0
    for number in interview:
        for annotation in reader.pages[number].get("/Annots", []):
            action = annotation.get_object().get("/A", {})
            if action.get("/S") != "/GoTo":
                continue
            assert action["/D"] in destinations, (
                f"page {number + 1}: dead link {action['/D']}"
            )
            target = reader.get_destination_page_number(destinations[action["/D"]])
            to_glossary += target in glossary
    assert to_glossary >= 10, (
        "the interview's glossary terms do not link to the glossary"
    )


def test_glossary_and_bibliography_are_chapters(pdf_build: PdfBuild) -> None:
    from pypdf import PdfReader

    reader = PdfReader(pdf_build.pdf)
    pages = dict(outline(pdf_build.pdf))
    glossary = squeeze(reader.pages[pages["术语表"]].extract_text())
    assert "术语表" in glossary and "quantumcomputing" in glossary
    # The references continue the bibliography chapter, on its first page:
    # no empty chapter (and no second heading: see the outline test).
    bibliography = squeeze(reader.pages[pages["参考文献"]].extract_text())
    assert "参考文献" in bibliography and "[1]" in bibliography
    assert re.search(r"doi:10\.\d{4,9}/", bibliography)


# --- the EPUB


def test_epub_passes_epubcheck(epub_file: Path) -> None:
    command = build.epubcheck_command()
    need(None if command else "epubcheck is not installed")
    result = subprocess.run(
        [*command, str(epub_file)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected" in result.stdout + result.stderr


def test_epub_holds_the_interview_verbatim(epub_file: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(epub_file) as epub:
        assert epub.namelist()[0] == "mimetype"
        page = tmp_path / "chapter.xhtml"
        page.write_bytes(epub.read(f"{CHAPTER}.xhtml"))
        opf = epub.read("content.opf").decode()
    expected = fidelity.chapters()[0].expected()
    assert [
        str(p)
        for p in fidelity.compare(expected, fidelity.html_paragraphs(page), "epub")
    ] == []
    assert "<dc:language>zh-CN</dc:language>" in opf
    assert "<dc:title>《AI制药十人谈》注释版</dc:title>" in opf


def test_epub_keeps_annotations_as_footnotes(epub_file: Path) -> None:
    with zipfile.ZipFile(epub_file) as epub:
        soup = BeautifulSoup(epub.read(f"{CHAPTER}.xhtml"), "html.parser")
    notes = soup.select("aside.footnote")
    assert len(notes) == len(annotation_labels(ROOT / "docs" / f"{CHAPTER}.md"))
    assert not soup.select("span.sidenote"), "the web's sidenotes leaked into the EPUB"


# --- the web edition offers both


def test_downloads_are_the_built_files(
    html_with_downloads: Path, downloads: Path
) -> None:
    for suffix in (".pdf", ".epub"):
        name = f"{build.BASENAME}{suffix}"
        assert filecmp.cmp(
            html_with_downloads / "_downloads" / name, downloads / name, shallow=False
        )


@pytest.mark.parametrize(
    ("page", "prefix"), [("index.html", ""), (f"{CHAPTER}.html", "../")]
)
def test_landing_page_and_chapter_link_to_the_downloads(
    html_with_downloads: Path, page: str, prefix: str
) -> None:
    soup = BeautifulSoup(
        (html_with_downloads / page).read_text(encoding="utf-8"), "html.parser"
    )
    in_text = {a["href"] for a in soup.select("article p.book-downloads a")}
    in_header = {a["href"] for a in soup.select(".dropdown-book-download-buttons a")}
    wanted = {
        f"{prefix}_downloads/{build.BASENAME}{suffix}" for suffix in (".pdf", ".epub")
    }
    assert in_text == wanted
    assert in_header == wanted
    for href in wanted:
        assert (html_with_downloads / page).parent.joinpath(href).resolve().is_file()


def test_html_without_downloads_says_how_to_get_them(built_book: Path) -> None:
    soup = BeautifulSoup(
        (built_book / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    note = soup.select_one("p.book-downloads")
    assert note is not None and "nox -s build" in note.get_text()
    assert not soup.select(".dropdown-book-download-buttons")


def test_book_downloads_must_hold_both_files(book_copy: Path, tmp_path: Path) -> None:
    result = run_sphinx(
        book_copy, tmp_path / "out", overrides={"book_downloads": str(tmp_path)}
    )
    assert result.returncode != 0
    assert f"book_downloads: {tmp_path / build.BASENAME}.pdf not found" in result.stderr


# --- reproducible builds


def test_two_clean_builds_give_the_same_pdf_text_and_html(
    book_copy: Path, tmp_path: Path, downloads: Path
) -> None:
    # Both builds read one copy of the sources, so only the build can differ.
    first, second = (build_pdf(tmp_path / name, book_copy) for name in ("a", "b"))
    assert pdftotext(first.pdf) == pdftotext(second.pdf)
    # xdvipdfmx takes its dates and file id from SOURCE_DATE_EPOCH: same bytes.
    assert filecmp.cmp(first.pdf, second.pdf, shallow=False)
    sites = [
        build_html_with_downloads(tmp_path / name, downloads, book_copy)
        for name in ("a", "b")
    ]
    pages = [
        sorted(p.relative_to(site) for p in site.rglob("*.html")) for site in sites
    ]
    assert pages[0] == pages[1]
    _same, differ, errors = filecmp.cmpfiles(*sites, pages[0], shallow=False)
    assert (differ, errors) == ([], [])


# --- what the build needs and what it checks


def test_missing_tex_names_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    missing = build.missing_tex()
    assert {"xelatex", "latexmk", "xindy"} <= set(missing)
    assert "tools/debian-packages.txt" in build.INSTALL_HINT


def test_every_tex_tool_is_in_the_package_list() -> None:
    packages = (ROOT / "tools" / "debian-packages.txt").read_text(encoding="utf-8")
    for package in (
        "latexmk",
        "texlive-xetex",
        "texlive-lang-chinese",
        "fonts-noto-cjk",
        "xindy",
        "poppler-utils",
        "epubcheck",
    ):
        assert re.search(rf"^{package}$", packages, re.M), package


def test_bibliography_must_be_the_last_chapter(book_copy: Path, tmp_path: Path) -> None:
    index = book_copy / "docs" / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(
        text.replace("glossary\n", "bibliography\nglossary\n", 1).replace(
            "bibliography\ngenindex", "genindex"
        ),
        encoding="utf-8",
    )
    result = run_sphinx(book_copy, tmp_path / "out", "latex")
    assert (
        "the bibliography (bibliography) must be the last page of the toctree"
        in result.stderr
    )
