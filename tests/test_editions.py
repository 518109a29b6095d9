"""The PDF and EPUB editions, and the web edition that offers them.

The PDF and the EPUB are built once per test session in each language, as
``nox -s pdf`` and ``nox -s epub`` build them (``tools.lib.build``), with a fixed
SOURCE_DATE_EPOCH; the English ones are the same sources built with
``-D language=en``, translated by ``locales/en/LC_MESSAGES``.  The web
edition that offers them, and what does not depend on the book's size
(reproducible builds, an EPUB rebuilt in place), are built from the small
test book (tests/helpers/small_book.py): what the whole book's text gives
the editions is tested on the whole book's PDF and EPUB.
Without XeLaTeX and the Noto CJK fonts, poppler-utils or epubcheck the tests
that need them are skipped locally and fail on CI (``CI`` set), where
``.ci/run`` installs ``tools/debian-packages.txt``.
"""

from __future__ import annotations

import filecmp
import functools
import re
import shutil
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from tests.helpers.book import SLUGS, facts, run_sphinx
from tests.helpers.index_order import (
    html_index_groups,
    index_problems,
    latex_index_groups,
)
from tests.helpers.small_book import SMALL_BOOK
from tests.helpers.support import skip_or_fail
from tests.helpers.workers import shared
from tools import fidelity as fidelity_command
from tools.lib import build, fidelity, interview

EPOCH = "1700000000"  # 2023-11-14 22:13:20 UTC
EPOCH_DATE = "2023年11月14日"
ENGLISH = "en"
ENGLISH_TITLE = "Ten Conversations on AI Drug Discovery: An Annotated Edition"
CATALOGUES = Path("locales") / ENGLISH / "LC_MESSAGES"
# What a draft chapter's title carries in each edition (interview_status.py).
DRAFT_MARK = {build.ORIGINAL: "（草稿）", ENGLISH: " (draft)"}
# With pytest-xdist, the English edition's tests and the second clean build
# may run in another worker than the Chinese edition's (tests/conftest.py).
ENGLISH_GROUP = pytest.mark.xdist_group("test_editions-en")


@pytest.fixture(params=SLUGS)
def slug(request: pytest.FixtureRequest) -> str:
    """Each chapter of the test book in turn (the slug is the test's id)."""
    return request.param


def need(problem: str | None) -> None:
    """Skip (fail on CI) when the machine lacks a tool the test needs."""
    if problem:
        skip_or_fail(f"{problem}; {build.INSTALL_HINT}")


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
class PdfFont:
    """One row of ``pdffonts``: a font of the PDF."""

    name: str
    embedded: bool
    subset: bool


def pdf_fonts(pdf: Path) -> list[PdfFont]:
    """The fonts of ``pdf``, as poppler's ``pdffonts`` lists them."""
    rows = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]  # a header line and a rule
    # name type... emb sub uni object-id generation (the type has spaces)
    return [
        PdfFont(row.split()[0], row.split()[-5] == "yes", row.split()[-4] == "yes")
        for row in rows
    ]


@dataclass(frozen=True)
class PdfBuild:
    pdf: Path
    tex: Path
    log: Path


def language_overrides(language: str) -> dict[str, str]:
    """The ``-D`` settings that build ``language`` (none for the original)."""
    return {} if language == build.ORIGINAL else {"language": language}


def build_pdf(
    out: Path, root: Path, language: str = build.ORIGINAL, fresh: bool = False
) -> PdfBuild:
    """Build the PDF edition into ``out`` with SOURCE_DATE_EPOCH=EPOCH
    (``fresh``: see ``run_sphinx``)."""
    basename = build.edition_basename(language)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = run_sphinx(
            root,
            out,
            "latex",
            jobs="auto",
            overrides=language_overrides(language),
            fresh=fresh,
        )
        assert result.returncode == 0, f"the LaTeX build failed:\n{result.stderr}"
        try:
            pdf = build.latex_to_pdf(out / "latex", basename)
        except subprocess.CalledProcessError:
            log = (out / "latex" / f"{basename}.log").read_text(errors="replace")
            pytest.fail(f"XeLaTeX failed:\n{log[-3000:]}")
    return PdfBuild(pdf, pdf.with_suffix(".tex"), pdf.with_suffix(".log"))


@pytest.fixture(scope="session")
def pdf_build(tmp_path_factory: pytest.TempPathFactory, test_book: Path) -> PdfBuild:
    """The PDF edition of the test book, built once."""
    need_tex()
    return shared(tmp_path_factory, "pdf", lambda out: build_pdf(out, test_book))


@pytest.fixture(scope="session")
def english_pdf_build(
    tmp_path_factory: pytest.TempPathFactory, test_book: Path
) -> PdfBuild:
    """The English PDF edition of the test book, built once."""
    need_tex()
    return shared(
        tmp_path_factory,
        "pdf-en",
        lambda out: build_pdf(out, test_book, language=ENGLISH),
    )


def build_epub(
    out: Path, root: Path, language: str = build.ORIGINAL, fresh: bool = False
) -> Path:
    """Build the EPUB edition into ``out`` with SOURCE_DATE_EPOCH=EPOCH
    (``fresh``: see ``run_sphinx``)."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = run_sphinx(
            root,
            out,
            "epub",
            jobs="auto",
            overrides=language_overrides(language),
            fresh=fresh,
        )
    assert result.returncode == 0, f"the EPUB build failed:\n{result.stderr}"
    return out / "epub" / f"{build.edition_basename(language)}.epub"


@pytest.fixture(scope="session")
def epub_file(tmp_path_factory: pytest.TempPathFactory, test_book: Path) -> Path:
    """The EPUB edition of the test book, built once."""
    return shared(tmp_path_factory, "epub", lambda out: build_epub(out, test_book))


@pytest.fixture(scope="session")
def english_epub_file(
    tmp_path_factory: pytest.TempPathFactory, test_book: Path
) -> Path:
    """The English EPUB edition of the test book, built once."""
    return shared(
        tmp_path_factory, "epub-en", lambda out: build_epub(out, test_book, ENGLISH)
    )


def build_html_with_downloads(
    out: Path,
    downloads: Path,
    root: Path,
    language: str = build.ORIGINAL,
    fresh: bool = False,
) -> Path:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = run_sphinx(
            root,
            out,
            "html",
            jobs="auto",
            overrides={
                **language_overrides(language),
                "book_downloads": str(downloads),
            },
            fresh=fresh,
        )
    assert result.returncode == 0, f"the HTML build failed:\n{result.stderr}"
    return out / "html"


@pytest.fixture(scope="session")
def downloads(
    tmp_path_factory: pytest.TempPathFactory, pdf_build: PdfBuild, epub_file: Path
) -> Path:
    """A folder with the PDF and the EPUB, as ``nox -s build`` makes it."""

    def make(folder: Path) -> Path:
        shutil.copy(pdf_build.pdf, folder)
        shutil.copy(epub_file, folder)
        return folder

    return shared(tmp_path_factory, "downloads", make)


@pytest.fixture(scope="session")
def html_with_downloads(
    tmp_path_factory: pytest.TempPathFactory, downloads: Path, small_book: Path
) -> Path:
    """A web edition offering the PDF and the EPUB: the small test book's.

    The pages that offer the downloads are the landing page and each
    chapter's, whatever the chapter holds; the files it offers are the
    whole book's editions.
    """
    return shared(
        tmp_path_factory,
        "site",
        lambda out: build_html_with_downloads(out, downloads, small_book),
    )


@pytest.fixture(scope="session")
def english_html_with_downloads(
    tmp_path_factory: pytest.TempPathFactory,
    downloads: Path,
    english_pdf_build: PdfBuild,
    english_epub_file: Path,
    small_book: Path,
) -> Path:
    """The English web edition (the small test book's), from a folder with
    both languages' files (the whole book's).

    As ``nox -s build`` makes it: each language offers only its own.
    """

    def make(out: Path) -> Path:
        folder = out / "downloads-both"
        folder.mkdir()
        for edition in (*downloads.iterdir(), english_pdf_build.pdf, english_epub_file):
            shutil.copy(edition, folder)
        return build_html_with_downloads(out, folder, small_book, language=ENGLISH)

    return shared(tmp_path_factory, "site-en", make)


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


def squeeze_english(text: str) -> str:
    """English text without whitespace, margin numbers and hyphens.

    The English edition is hyphenated; NFKC undoes ligatures (ﬁ).
    """
    return squeeze(unicodedata.normalize("NFKC", text)).replace("-", "")


def catalogue(root: Path, page: str) -> dict[str, str]:
    """msgid -> msgstr of one page's English catalogue."""
    with (root / CATALOGUES / f"{page}.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def toctree_titles(root: Path, language: str = build.ORIGINAL) -> list[str]:
    """The title of every page in the landing page's toctrees, in order.

    In English, as the catalogues translate them; a draft's title carries
    its mark.
    """
    index = (root / "docs" / "index.md").read_text(encoding="utf-8")
    titles = []
    for block in re.findall(r"```\{toctree\}\n(.*?)```", index, re.S):
        for entry in block.splitlines():
            entry = entry.strip()
            if not entry or entry.startswith(":") or entry == "genindex":
                continue
            path = root / "docs" / f"{entry}.md"
            page = path.read_text(encoding="utf-8")
            title = re.search(r"^# (.+)$", page, re.M).group(1).strip()
            if language != build.ORIGINAL:
                title = catalogue(root, entry)[title]
            meta = interview.parse_front_matter(page).get("interview")
            if interview.is_draft(meta):
                title += DRAFT_MARK[language]
            titles.append(title)
    return titles


def interview_titles(root: Path) -> set[str]:
    """The titles of the book's interview chapters, as their files give them."""
    return {
        re.search(r"^# (.+)$", path.read_text(encoding="utf-8"), re.M).group(1).strip()
        for path in (root / "docs" / "interviews").glob("*.md")
    }


def outline(pdf: Path) -> list[tuple[str, int]]:
    """(title, 0-based page) of the PDF's top-level bookmarks."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    return [
        (item.title, reader.get_destination_page_number(item))
        for item in reader.outline
        if not isinstance(item, list)
    ]


def chapter_tex(tex: Path, slug: str) -> str:
    """The LaTeX of one interview chapter, up to the next chapter."""
    text = tex.read_text(encoding="utf-8")
    chapter = text[text.index(r"\label{\detokenize{interviews/" + slug + "::doc}}") :]
    return chapter[: chapter.index(r"\chapter{")]


def annotation_labels(chapter: Path) -> list[tuple[str, str]]:
    """(label, opening words) of every annotation defined in a chapter source."""
    text = chapter.read_text(encoding="utf-8")
    return [
        (label, re.split(r"[{`]", body, maxsplit=1)[0].strip())
        for label, body in re.findall(r"^\[\^([\w-]+)\]:\s*(.+)$", text, re.M)
    ]


# --- the PDF: text, typography, structure


def test_pdf_holds_every_interview_paragraph_verbatim(
    pdf_build: PdfBuild, test_book: Path
) -> None:
    # The fidelity guard reads each chapter's paragraphs back by their
    # named destinations.
    assert [str(p) for p in fidelity.check_pdf(pdf_build.pdf, test_book)] == []


def without_destinations(pdf: Path, unwanted, out: Path) -> Path:
    """A copy of ``pdf`` without the named destinations ``unwanted(name)`` picks.

    As a LaTeX style that no longer writes them would make it: the pages,
    their text and the links are the same.
    """
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    writer = PdfWriter(clone_from=pdf)
    removed = 0
    nodes = [writer.root_object["/Names"]["/Dests"]]
    while nodes:  # the name tree: /Kids down to leaves of /Names pairs
        node = nodes.pop().get_object()
        nodes += node.get("/Kids", [])
        if "/Names" in node:
            names = node["/Names"]
            pairs = list(zip(names[::2], names[1::2], strict=True))
            kept = [(name, dest) for name, dest in pairs if not unwanted(str(name))]
            removed += len(pairs) - len(kept)
            node[NameObject("/Names")] = ArrayObject(
                [item for pair in kept for item in pair]
            )
    assert removed, "no destination was removed"
    writer.write(out)
    return out


def one_line_problems(pdf: Path, root: Path) -> list[str]:
    """What the fidelity guard says of ``pdf``, each problem on one line."""
    problems = [str(p) for p in fidelity.check_pdf(pdf, root)]
    assert all("\n" not in problem for problem in problems), problems
    return problems


@pytest.mark.parametrize(
    ("removed", "number", "named"),
    [
        ("{slug}-p2", 2, "{slug}-p2"),
        ("{slug}-p3-end", 3, "{slug}-p3-end"),
        ("{slug}-p1", 1, "{slug}-p1"),  # its end is there: not a lost paragraph
    ],
)
def test_a_paragraph_without_its_destination_fails_the_guard_in_one_line(
    pdf_build: PdfBuild,
    test_book: Path,
    tmp_path: Path,
    removed: str,
    number: int,
    named: str,
) -> None:
    slug = SLUGS[-1]
    removed, named = removed.format(slug=slug), named.format(slug=slug)
    pdf = without_destinations(pdf_build.pdf, removed.__eq__, tmp_path / "x.pdf")
    assert one_line_problems(pdf, test_book) == [
        f"{pdf}: interviews/{slug} ¶{number}: the PDF has no destination "
        f"{named!r}; {fidelity.HINT}"
    ]


def test_a_pdf_without_paragraph_destinations_fails_once_per_chapter(
    pdf_build: PdfBuild,
    test_book: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """As a style that stopped marking the paragraphs would make it."""
    pdf = without_destinations(
        pdf_build.pdf,
        lambda name: not name.startswith(("aipharmabook.", "Hfootnote.")),
        tmp_path / "x.pdf",
    )
    assert one_line_problems(pdf, test_book) == [
        f"{pdf}: {chapter.docname} ¶1: the PDF has no destination "
        f"{chapter.label(1)!r} (is the chapter in the PDF?); {fidelity.HINT}"
        for chapter in fidelity.chapters(test_book)
    ]
    # The command line (the repository's chapters): those lines and no
    # "difference from the source", which would send an editor to the text.
    assert fidelity_command.main(["--pdf", str(pdf)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines == [str(problem) for problem in fidelity.check_pdf(pdf)]
    assert len(lines) == len(fidelity.chapters())
    assert all("the PDF has no destination" in line for line in lines), lines


def test_the_text_the_edition_adds_is_left_out_by_its_destinations(
    pdf_build: PdfBuild, test_book: Path, tmp_path: Path
) -> None:
    """Without the footnote rule's marks the notes are read as interview text."""
    pdf = without_destinations(
        pdf_build.pdf,
        lambda name: name.startswith("aipharmabook.notes."),
        tmp_path / "x.pdf",
    )
    problems = one_line_problems(pdf, test_book)
    assert problems
    assert all("differs from the source: insert" in p for p in problems), problems


def test_pdftotext_finds_every_paragraph_in_order(
    pdf_build: PdfBuild, test_chapters: dict, slug: str
) -> None:
    # An independent reader: poppler, in reading order.  Page breaks put
    # footnotes and running heads inside a paragraph, so each paragraph's
    # opening words are looked for, in order, in the squeezed text.
    text = squeeze(pdftotext(pdf_build.pdf))
    position = 0
    for number, paragraph in enumerate(test_chapters[slug].expected(), 1):
        opening = squeeze(paragraph)[:12]
        found = text.find(opening, position)
        assert found >= 0, (
            f"¶{number} ({opening}…) is not in the PDF after ¶{number - 1}"
        )
        position = found + len(opening)


def test_every_paragraph_number_is_in_the_margin(
    pdf_build: PdfBuild, test_chapters: dict, slug: str
) -> None:
    """Each chapter has its own margin numbers, from ¶1."""
    tex = chapter_tex(pdf_build.tex, slug)
    numbers = [int(n) for n in re.findall(r"\\bookparanum\{(\d+)\}", tex)]
    assert numbers == list(range(1, len(test_chapters[slug].expected()) + 1))
    every = re.findall(r"\\bookparanum\{(\d+)\}", pdf_build.tex.read_text())
    assert len(re.findall(r"¶\d+", pdftotext(pdf_build.pdf))) >= len(every)


@pytest.mark.parametrize(
    "edition", ["pdf_build", pytest.param("english_pdf_build", marks=ENGLISH_GROUP)]
)
def test_latex_log_has_no_missing_character_or_undefined_reference(
    edition: str, request: pytest.FixtureRequest
) -> None:
    built: PdfBuild = request.getfixturevalue(edition)
    log = built.log.read_text(encoding="utf-8", errors="replace")
    problems = re.findall(
        r"^(?:Missing character.*|.*Reference .* undefined.*|Overfull \\hbox.*)$",
        log,
        re.M,
    )
    assert problems == [], f"see {built.log}"


def assert_fonts_embedded(pdf: Path, families: tuple[str, ...]) -> None:
    """Every font of ``pdf`` is embedded as a subset, each of ``families``
    is among them, and TeX's Fandol fallback is not."""
    need_poppler()
    fonts = pdf_fonts(pdf)
    assert fonts
    names = [font.name for font in fonts]
    for font in fonts:
        assert font.embedded and font.subset, f"not embedded as a subset: {font}"
    for family in families:
        assert any(family in name for name in names), (family, names)
    assert not any("Fandol" in name for name in names), names


def test_fonts_are_noto_cjk_and_freefont_embedded_as_subsets(
    pdf_build: PdfBuild,
) -> None:
    assert_fonts_embedded(pdf_build.pdf, ("NotoSerifCJK", "NotoSansCJK", "FreeSerif"))


# The regional faces of Debian's Noto CJK collections (fonts-noto-cjk): each
# maps some characters to glyphs of its own (the SC colon sits low at the
# left, the JP one in the middle).  The faces of a collection share one CFF
# table named after its JP face, which is the name the PDF gives every face
# (aipharmabook.sty, Fonts): the glyphs say which face set the text.
CJK_FACE = re.compile(r"Noto(Serif|Sans|SansMono)CJK(jp|kr|sc|tc|hk)-(\w+)")


@functools.cache
def cjk_collection(postscript_name: str) -> dict:
    """The faces of the Noto CJK collection holding ``postscript_name``, by
    PostScript name, in the collection's order.  Read once per process, and
    each face's tables only when asked for: a collection holds ten faces of
    tens of thousands of glyphs."""
    from fontTools.ttLib import TTCollection

    file = subprocess.run(
        ["fc-match", f":postscriptname={postscript_name}", "--format=%{file}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {font["name"].getDebugName(6): font for font in TTCollection(file).fonts}


@functools.cache
def cjk_face_glyphs(collection: str, face: str) -> dict[int, int]:
    """The character-to-glyph map of the face ``face`` of the collection
    holding ``collection`` (the caller only reads it)."""
    font = cjk_collection(collection)[face]
    glyph_id = font.getReverseGlyphMap()
    return {code: glyph_id[glyph] for code, glyph in font.getBestCmap().items()}


def cjk_glyphs(pdf: Path) -> dict[str, dict[int, str]]:
    """The Noto CJK fonts embedded in ``pdf`` by name: the glyphs each sets
    (the CIDs of its ToUnicode map: Identity-H, where a CID is the glyph's
    index in the collection's shared CFF table) and their characters."""
    from pypdf import PdfReader

    fonts: dict[str, dict[int, str]] = {}
    for page in PdfReader(pdf).pages:
        for ref in page.get("/Resources", {}).get("/Font", {}).values():
            font = ref.get_object()
            name = str(font["/BaseFont"]).split("+")[-1].removesuffix("-Identity-H")
            if "CJK" not in name:
                continue
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            glyphs = fonts.setdefault(name, {})
            for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
                for cid, text in re.findall(r"<(\w+)>\s*<(\w+)>", block):
                    glyphs[int(cid, 16)] = bytes.fromhex(text).decode("utf-16-be")
            for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
                for first, last, text in re.findall(
                    r"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block
                ):
                    start = ord(bytes.fromhex(text).decode("utf-16-be"))
                    for offset in range(int(last, 16) - int(first, 16) + 1):
                        glyphs[int(first, 16) + offset] = chr(start + offset)
    return fonts


def non_sc_glyphs(pdf: Path) -> list[str]:
    """Each character of ``pdf`` set in a Noto CJK face other than SC, as
    "字 (face)", and each CJK font not from a Noto CJK collection."""
    wrong = []
    for name, glyphs in cjk_glyphs(pdf).items():
        if (match := CJK_FACE.fullmatch(name)) is None:
            wrong.append(f"{name}: not a Noto CJK face")
            continue
        family, region, weight = match.groups()
        if region not in ("jp", "sc"):  # jp: the collection's shared name
            wrong.append(f"{name}: a {region.upper()} face")
        sc = f"Noto{family}CJKsc-{weight}"
        own = cjk_face_glyphs(sc, sc)
        for cid, text in sorted(glyphs.items()):
            if len(text) != 1 or own.get(ord(text)) == cid:
                continue
            others = [
                face
                for face in cjk_collection(sc)
                if cjk_face_glyphs(sc, face).get(ord(text)) == cid
            ]
            wrong.append(f"{text} ({', '.join(others) or 'no face'})")
    return wrong


@pytest.mark.parametrize(
    "edition", ["pdf_build", pytest.param("english_pdf_build", marks=ENGLISH_GROUP)]
)
def test_chinese_is_set_in_the_simplified_chinese_faces_only(
    edition: str, request: pytest.FixtureRequest
) -> None:
    built: PdfBuild = request.getfixturevalue(edition)
    assert cjk_glyphs(built.pdf), "no Noto CJK font in the PDF"
    assert non_sc_glyphs(built.pdf) == []


def test_a_japanese_face_is_told_from_the_simplified_chinese_one(
    tmp_path: Path,
) -> None:
    """The checks fail on the JP face, which pdffonts names alike."""
    need_tex()
    need_poppler()
    tex = tmp_path / "jp.tex"
    tex.write_text(
        "\\documentclass{article}\\usepackage{xeCJK}"
        "\\setCJKmainfont{NotoSerifCJKjp-Regular}"
        "\\begin{document}他说：直\\end{document}\n",
        encoding="utf-8",
    )
    subprocess.run(
        ["xelatex", "-interaction=nonstopmode", tex.name],
        cwd=tmp_path,
        capture_output=True,
        check=True,
    )
    assert non_sc_glyphs(tmp_path / "jp.pdf") == [
        "直 (NotoSerifCJKjp-Regular, NotoSerifCJKkr-Regular)",
        "： (NotoSerifCJKjp-Regular, NotoSerifCJKkr-Regular, "
        "NotoSerifCJKtc-Regular, NotoSerifCJKhk-Regular)",
    ]
    across, _down = colon_ink(tmp_path / "jp.pdf")
    assert across > 0.4


def colon_ink(pdf: Path, dpi: int = 600) -> tuple[float, float]:
    """Where the ink of the first full-width colon of the body face lies in
    its em box: the centre's distance from the box's left edge and from its
    top, in ems.  The em box is pdfminer's, from the ideographic baseline."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTContainer
    from PIL import Image

    def chars(item):
        if isinstance(item, LTChar):
            yield item
        elif isinstance(item, LTContainer):
            for child in item:
                yield from chars(child)

    found = next(
        (
            (number, page, char)
            for number, page in enumerate(extract_pages(pdf), 1)
            for char in chars(page)
            if char.get_text() == "：" and "SerifCJK" in char.fontname
        ),
        None,
    )
    if found is None:
        pytest.fail(f"{pdf}: no ：in the body face")
    number, page, colon = found
    scale = dpi / 72
    box = [
        round(colon.x0 * scale),
        round((page.height - colon.y1) * scale),
        round(colon.width * scale),
        round(colon.height * scale),
    ]
    crop = pdf.with_name(f"{pdf.stem}-colon")
    subprocess.run(
        ["pdftoppm", "-f", str(number), "-l", str(number), "-r", str(dpi), "-gray"]
        + [arg for o, v in zip("xyWH", box, strict=True) for arg in (f"-{o}", str(v))]
        + ["-singlefile", "-png", str(pdf), str(crop)],
        check=True,
    )
    image = Image.open(crop.with_suffix(".png")).convert("L")
    ink = [
        (x, y)
        for y in range(image.height)
        for x in range(image.width)
        if image.getpixel((x, y)) < 128
    ]
    assert ink, f"{pdf} p. {number}: the colon left no ink"
    return (
        sum(x for x, _ in ink) / len(ink) / image.width,
        sum(y for _, y in ink) / len(ink) / image.height,
    )


@pytest.mark.parametrize(
    "edition", ["pdf_build", pytest.param("english_pdf_build", marks=ENGLISH_GROUP)]
)
def test_the_colon_sits_low_at_the_left_of_its_em_box(
    edition: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """GB/T 15834: the SC face's colon; a JP or TC one is centred (0.49)."""
    need_poppler()
    built: PdfBuild = request.getfixturevalue(edition)
    pdf = tmp_path / built.pdf.name
    shutil.copy(built.pdf, pdf)
    across, down = colon_ink(pdf)
    assert across < 0.35 and down > 0.5, (across, down)


def test_outline_has_every_chapter_in_toctree_order(
    pdf_build: PdfBuild, test_book: Path
) -> None:
    assert [title for title, _page in outline(pdf_build.pdf)] == [
        *toctree_titles(test_book),
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
        # the test book is a copy outside git: no release, and it says so
        "未发布的修订版",
    ):
        assert words in title_page, words
    assert EPOCH_DATE in title_page, "the date comes from SOURCE_DATE_EPOCH"


def test_annotations_are_footnotes(
    pdf_build: PdfBuild, test_chapters: dict, slug: str
) -> None:
    labels = annotation_labels(test_chapters[slug].path)
    assert labels
    chapter = chapter_tex(pdf_build.tex, slug)
    assert chapter.count(r"\begin{footnote}") == len(labels)
    text = squeeze(pdftotext(pdf_build.pdf))
    for label, opening in labels:
        assert squeeze(opening)[:15] in text, f"annotation [^{label}] is not in the PDF"


def test_glossary_terms_and_references_link_inside_the_pdf(
    pdf_build: PdfBuild, test_book: Path
) -> None:
    from pypdf import PdfReader

    reader = PdfReader(pdf_build.pdf)
    chapters = outline(pdf_build.pdf)
    pages = {title: page for title, page in chapters}
    glossary = range(
        pages["术语表"], chapters[[t for t, _ in chapters].index("术语表") + 1][1]
    )
    # the interviews' chapters: from the first to the chapter after the last
    # (the series page comes before them)
    titles = interview_titles(test_book)
    # a draft's title carries its mark after the file's title
    first = next(
        i
        for i, (title, _) in enumerate(chapters)
        if any(title.startswith(own) for own in titles)
    )
    interviews = range(chapters[first][1], chapters[first + len(SLUGS)][1])
    destinations = reader.named_destinations
    to_glossary = 0
    for number in interviews:
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


def assert_passes_epubcheck(epub: Path) -> None:
    command = build.epubcheck_command()
    need(None if command else "epubcheck is not installed")
    result = subprocess.run(
        [*command, str(epub)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected" in result.stdout + result.stderr


def test_epub_passes_epubcheck(epub_file: Path) -> None:
    assert_passes_epubcheck(epub_file)


def test_epub_holds_the_interview_verbatim(
    epub_file: Path, tmp_path: Path, test_chapters: dict, slug: str
) -> None:
    with zipfile.ZipFile(epub_file) as epub:
        assert epub.namelist()[0] == "mimetype"
        page = tmp_path / "chapter.xhtml"
        page.write_bytes(epub.read(f"interviews/{slug}.xhtml"))
        opf = epub.read("content.opf").decode()
    expected = test_chapters[slug].expected()
    assert [
        str(p)
        for p in fidelity.compare(expected, fidelity.html_paragraphs(page), "epub")
    ] == []
    assert "<dc:language>zh-CN</dc:language>" in opf
    assert "<dc:title>《AI制药十人谈》注释版</dc:title>" in opf


def test_epub_keeps_annotations_as_footnotes(
    epub_file: Path, test_chapters: dict, slug: str
) -> None:
    with zipfile.ZipFile(epub_file) as epub:
        soup = BeautifulSoup(epub.read(f"interviews/{slug}.xhtml"), "html.parser")
    notes = soup.select("aside.footnote")
    assert len(notes) == len(annotation_labels(test_chapters[slug].path))
    assert not soup.select("span.sidenote"), "the web's sidenotes leaked into the EPUB"


@pytest.mark.parametrize(
    "edition", ["pdf_build", pytest.param("english_pdf_build", marks=ENGLISH_GROUP)]
)
def test_the_pdf_index_is_in_pinyin_order(
    edition: str, request: pytest.FixtureRequest
) -> None:
    built: PdfBuild = request.getfixturevalue(edition)
    ind = built.tex.with_suffix(".ind").read_text(encoding="utf-8")
    assert index_problems(latex_index_groups(ind)) == []


def test_the_epub_index_is_in_pinyin_order(epub_file: Path) -> None:
    with zipfile.ZipFile(epub_file) as book:
        page = book.read("genindex.xhtml").decode()
    assert index_problems(html_index_groups(page)) == []


def page_lines(pdf: Path) -> list[list[str]]:
    """Each page's non-blank lines, as pdftotext lays them out."""
    need_poppler()
    return [
        [line for line in page.splitlines() if line.strip()]
        for page in pdftotext(pdf, "-layout").split("\f")[:-1]
    ]


@pytest.mark.parametrize(
    "edition", ["pdf_build", pytest.param("english_pdf_build", marks=ENGLISH_GROUP)]
)
def test_no_blank_page_carries_a_running_head(
    edition: str, request: pytest.FixtureRequest
) -> None:
    """A page left blank before a chapter is blank: no head, no folio (a page
    with one line and nothing else would be one)."""
    pages = page_lines(request.getfixturevalue(edition).pdf)
    assert any(not lines for lines in pages), "no blank page to look at"
    assert [n for n, lines in enumerate(pages, 1) if len(lines) == 1] == []


# A line of one or two Chinese characters ending a sentence or clause, the
# paragraph's number in the margin and a note's number aside.
SHORT_LAST_LINE = re.compile(r"[\u4e00-\u9fff]{1,2}[。！？；”’」）…]{1,2}")


def short_last_lines(pdf: Path) -> list[tuple[int, str]]:
    """(page, text) of each line of ``pdf`` that SHORT_LAST_LINE matches.

    The lines are pdfminer's, which keeps a line whole where xeCJK squeezes
    two marks together (pdftotext -layout breaks it there: "实。" "（…").
    """
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTContainer, LTTextLine

    def lines(item):
        if isinstance(item, LTTextLine):
            yield item
        elif isinstance(item, LTContainer):
            for child in item:
                yield from lines(child)

    params = LAParams(line_margin=0.1, char_margin=4)
    return [
        (number, bare)
        for number, page in enumerate(extract_pages(pdf, laparams=params), 1)
        for line in lines(page)
        if SHORT_LAST_LINE.fullmatch(
            bare := re.sub(r"\s|¶\d+|\d+$", "", line.get_text())
        )
    ]


def test_no_chinese_paragraph_ends_in_a_line_of_one_or_two_characters(
    pdf_build: PdfBuild,
) -> None:
    assert short_last_lines(pdf_build.pdf) == []


def test_no_list_leaves_its_last_entry_to_a_page_of_its_own(
    pdf_build: PdfBuild,
) -> None:
    """Every description list of two or more entries (glossary, index of
    people) forbids a page break before its last entry."""
    lists = re.findall(
        r"\\begin\{description\}(.*?)\\end\{description\}",
        pdf_build.tex.read_text(encoding="utf-8"),
        re.S,
    )
    long_lists = [items for items in lists if items.count("\\sphinxlineitem{") > 1]
    assert long_lists
    mark = "\\nopagebreak\\csname @nobreaktrue\\endcsname"
    for items in long_lists:
        # the mark, then the last entry's terms, then its text, no other entry
        after = items.rsplit(mark, 1)[1] if mark in items else items
        terms, _, text = after.partition("\\sphinxAtStartPar")
        assert mark in items and "\\sphinxlineitem{" in terms, after[:200]
        assert "\\sphinxlineitem{" not in text, after[:200]


def epub_parts(epub: Path) -> tuple[BeautifulSoup, str, dict[str, BeautifulSoup]]:
    """content.opf (parsed as XML), toc.ncx's text and every XHTML file."""
    with zipfile.ZipFile(epub) as book:
        opf = BeautifulSoup(book.read("content.opf"), "xml")
        ncx = book.read("toc.ncx").decode()
        pages = {
            name: BeautifulSoup(book.read(name), "html.parser")
            for name in book.namelist()
            if name.endswith(".xhtml")
        }
    return opf, ncx, pages


@pytest.mark.parametrize(
    "edition", ["epub_file", pytest.param("english_epub_file", marks=ENGLISH_GROUP)]
)
def test_every_epub_page_names_its_language(
    edition: str, request: pytest.FixtureRequest
) -> None:
    opf, _ncx, pages = epub_parts(request.getfixturevalue(edition))
    language = opf.find("dc:language").get_text()
    assert len(pages) > 3
    assert {
        name: (page.html.get("lang"), page.html.get("xml:lang"))
        for name, page in pages.items()
    } == dict.fromkeys(pages, (language, language))


@pytest.mark.parametrize(
    "edition", ["epub_file", pytest.param("english_epub_file", marks=ENGLISH_GROUP)]
)
def test_epub_metadata_names_contributor_urn_cover_and_access(
    edition: str, request: pytest.FixtureRequest
) -> None:
    epub = request.getfixturevalue(edition)
    opf, ncx, pages = epub_parts(epub)
    contributor = opf.find("dc:contributor").get_text()
    assert contributor and contributor != "unknown"
    identifier = opf.find("dc:identifier").get_text()
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifier), identifier
    assert f'<meta name="dtb:uid" content="{identifier}"/>' in ncx
    properties = {}
    for meta in opf.find_all("meta", property=re.compile("^schema:")):
        properties.setdefault(meta["property"], []).append(meta.get_text())
    assert properties["schema:accessMode"] == ["textual"]
    assert properties["schema:accessModeSufficient"] == ["textual"]
    assert "tableOfContents" in properties["schema:accessibilityFeature"]
    assert properties["schema:accessibilityHazard"] == ["none"]
    assert len(properties["schema:accessibilitySummary"][0]) > 40
    cover = opf.find("item", properties="cover-image")
    with zipfile.ZipFile(epub) as book:
        assert book.read(cover["href"]).startswith(b"\x89PNG")
    title = opf.find("dc:title").get_text()
    image = pages["epub-cover.xhtml"].select_one("img")
    assert (image["src"], image["alt"]) == (cover["href"], title)


def test_an_epub_rebuilt_in_place_is_the_clean_build(
    small_book: Path, tmp_path: Path
) -> None:
    """Sphinx would list the last build's cover page twice in the spine.

    On the small test book (the book's configuration and extensions on two
    chapters, tests/helpers/small_book.py): the cover is the same whatever
    the book holds."""
    with zipfile.ZipFile(build_epub(tmp_path / "out", small_book)) as clean:
        opf = clean.read("content.opf")
    rebuilt = build_epub(tmp_path / "out", small_book, fresh=True)
    assert_passes_epubcheck(rebuilt)
    with zipfile.ZipFile(rebuilt) as again:
        assert again.read("content.opf") == opf


def test_the_two_epubs_have_their_own_identifiers(
    epub_file: Path, english_epub_file: Path
) -> None:
    identifiers = {
        epub_parts(epub)[0].find("dc:identifier").get_text()
        for epub in (epub_file, english_epub_file)
    }
    assert len(identifiers) == 2


@pytest.mark.browser
def test_epub_note_references_show_their_brackets_once(
    epub_file: Path, browser, tmp_path: Path
) -> None:
    """The markup brackets a reference ([1]); the stylesheets add none."""
    from tests.helpers.browser import open_page, serve

    with zipfile.ZipFile(epub_file) as book:
        book.extractall(tmp_path)
        chapter = next(
            n for n in book.namelist() if n.startswith("interviews/") and "xhtml" in n
        )
    with serve(tmp_path) as url:
        page = open_page(browser, f"{url}/{chapter}")
        shown = page.evaluate(
            """() => [...document.querySelectorAll('a.footnote-reference')].map(
                (a) => [':before', ':after'].map((pseudo) =>
                    getComputedStyle(a, pseudo).content.replace(/^none$/, '')
                      .replace(/^"(.*)"$/, '$1')).join(a.textContent))"""
        )
        page.context.close()
    assert shown and all(re.fullmatch(r"\[\d+\]", label) for label in shown), shown


# --- the English PDF and EPUB


@ENGLISH_GROUP
def test_english_pdf_has_the_chapter_in_english_with_margin_numbers(
    english_pdf_build: PdfBuild, test_book: Path, test_chapters: dict, slug: str
) -> None:
    text = pdftotext(english_pdf_build.pdf)
    chapter = test_chapters[slug]
    numbers = [
        int(n)
        for n in re.findall(
            r"\\bookparanum\{(\d+)\}", chapter_tex(english_pdf_build.tex, slug)
        )
    ]
    # The same paragraphs, with the same numbers, as the Chinese edition.
    assert numbers == list(range(1, len(chapter.expected()) + 1))
    squeezed = squeeze_english(text)
    messages = catalogue(test_book, f"interviews/{slug}")
    paragraphs = chapter.paragraphs()
    first_question = next(p for p in paragraphs if p.role == "question")
    for paragraph in (paragraphs[0], first_question):
        english = re.sub(
            r"\{term\}`([^`<]*?)\s*(?:<[^>]*>)?`", r"\1", messages[paragraph.markup]
        )
        english = re.sub(r"\[\^[\w-]+\]", "", english)
        assert squeeze_english(english)[:40] in squeezed, english[:60]
    known = facts(slug)
    for label in ("english_interviewer_label", "english_interviewee_label"):
        assert known[label].strip() in text, label


@ENGLISH_GROUP
def test_english_pdf_annotations_are_footnotes(
    english_pdf_build: PdfBuild, test_book: Path, test_chapters: dict, slug: str
) -> None:
    labels = annotation_labels(test_chapters[slug].path)
    chapter = chapter_tex(english_pdf_build.tex, slug)
    assert chapter.count(r"\begin{footnote}") == len(labels)
    text = squeeze_english(pdftotext(english_pdf_build.pdf))
    messages = catalogue(test_book, f"interviews/{slug}")
    for label, opening in labels:
        source = next((m for m in messages if m.startswith(opening[:20])), None)
        assert source is not None and messages[source], (
            f"annotation [^{label}] has no English: no translated message of "
            f"{CATALOGUES}/interviews/{slug}.po starts with {opening[:20]!r}; run "
            "nox -s gettext, translate it and check with nox -s check"
        )
        english = re.split(r"[{`]", messages[source], maxsplit=1)[0]
        assert squeeze_english(english)[:25] in text, (
            f"annotation [^{label}] is not in the English PDF"
        )


@ENGLISH_GROUP
def test_english_pdf_embeds_every_font_and_the_chinese_ones_too(
    english_pdf_build: PdfBuild,
) -> None:
    # FreeSerif for the English, Noto CJK for the Chinese it quotes
    assert_fonts_embedded(
        english_pdf_build.pdf, ("FreeSerif", "FreeSans", "NotoSerifCJK")
    )


@ENGLISH_GROUP
def test_english_outline_has_every_chapter_in_english(
    english_pdf_build: PdfBuild, test_book: Path
) -> None:
    assert [title for title, _page in outline(english_pdf_build.pdf)] == [
        *toctree_titles(test_book, ENGLISH),
        "Index",
    ]


@ENGLISH_GROUP
def test_english_metadata_title_page_and_captions(english_pdf_build: PdfBuild) -> None:
    from pypdf import PdfReader

    reader = PdfReader(english_pdf_build.pdf)
    assert reader.metadata.title == ENGLISH_TITLE
    assert reader.metadata.author == "The editors of the annotated edition"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    title_page = squeeze(reader.pages[0].extract_text())
    for words in (
        "TenConversationsonAIDrugDiscovery",
        "Anannotatededitionof《AI制药十人谈》",
        "Englishedition,developmentstate,notyetreleased",
        "14November2023",  # SOURCE_DATE_EPOCH, in English
    ):
        assert words in title_page, words
    assert "目录" not in squeeze(reader.pages[2].extract_text())
    assert "Contents" in reader.pages[2].extract_text()
    pages = dict(outline(english_pdf_build.pdf))
    assert "References" in reader.pages[pages["References"]].extract_text()
    index = squeeze(reader.pages[pages["Index"]].extract_text())
    assert "Chineseterms" not in index and "中文词目" not in index


@ENGLISH_GROUP
def test_english_epub_passes_epubcheck(english_epub_file: Path) -> None:
    assert_passes_epubcheck(english_epub_file)


@ENGLISH_GROUP
def test_english_epub_holds_the_chapter_in_english(
    english_epub_file: Path, test_chapters: dict, slug: str
) -> None:
    with zipfile.ZipFile(english_epub_file) as epub:
        soup = BeautifulSoup(epub.read(f"interviews/{slug}.xhtml"), "html.parser")
        opf = epub.read("content.opf").decode()
    known = facts(slug)
    paragraphs = soup.select("p.interview-paragraph")
    assert [p["id"] for p in paragraphs] == [
        f"p{n}" for n in range(1, len(test_chapters[slug].expected()) + 1)
    ]
    start = soup.select_one(f"#{known['answer_start']} .speaker")
    assert start.get_text() == known["english_interviewee_label"]
    assert "federated learning" in soup.get_text().lower()
    continuation = soup.select_one(f"#{known['continuation']}").get_text()
    assert not re.search(r"[\u4e00-\u9fff]{12,}", continuation), continuation
    assert len(soup.select("aside.footnote")) == len(
        annotation_labels(test_chapters[slug].path)
    )
    assert "<dc:language>en</dc:language>" in opf
    assert f"<dc:title>{ENGLISH_TITLE}</dc:title>" in opf


# --- the web edition offers both


def test_downloads_are_the_built_files(
    html_with_downloads: Path, downloads: Path
) -> None:
    for suffix in (".pdf", ".epub"):
        name = f"{build.BASENAME}{suffix}"
        assert filecmp.cmp(
            html_with_downloads / "_downloads" / name, downloads / name, shallow=False
        )


# The small test book's landing page and chapters (html_with_downloads).
PAGES_WITH_DOWNLOADS = [
    ("index.html", ""),
    *(
        (f"interviews/{chapter.name}.html", "../")
        for chapter in sorted((SMALL_BOOK / "interviews").iterdir())
    ),
]


@pytest.mark.parametrize(("page", "prefix"), PAGES_WITH_DOWNLOADS)
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


@ENGLISH_GROUP
@pytest.mark.parametrize(("page", "prefix"), PAGES_WITH_DOWNLOADS)
def test_english_pages_link_to_the_english_downloads(
    english_html_with_downloads: Path, page: str, prefix: str
) -> None:
    site = english_html_with_downloads
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    in_text = {a["href"] for a in soup.select("article p.book-downloads a")}
    in_header = {a["href"] for a in soup.select(".dropdown-book-download-buttons a")}
    basename = build.edition_basename(ENGLISH)
    wanted = {f"{prefix}_downloads/{basename}{suffix}" for suffix in (".pdf", ".epub")}
    assert in_text == wanted
    assert in_header == wanted
    for href in wanted:
        assert (site / page).parent.joinpath(href).resolve().is_file()
    # only its own language's files, and the words in English
    assert sorted(p.name for p in (site / "_downloads").iterdir()) == sorted(
        f"{basename}{suffix}" for suffix in (".epub", ".pdf")
    )
    assert "下载" not in str(soup.select_one(".dropdown-book-download-buttons"))
    if prefix:
        assert "Download the book:" in soup.select_one("p.book-downloads").get_text()


@pytest.mark.browser
def test_downloads_answer_with_the_files_in_a_browser(
    browser, html_with_downloads: Path
) -> None:
    """Served on 127.0.0.1, every download link the landing page offers answers
    with a real PDF or EPUB."""
    from tests.helpers.browser import serve

    index = (html_with_downloads / "index.html").read_text(encoding="utf-8")
    links = sorted(set(re.findall(r'href="([^"#?]+\.(?:pdf|epub))"', index)))
    assert {link.rsplit(".", 1)[1] for link in links} == {"pdf", "epub"}, links
    with serve(html_with_downloads) as site:
        page = browser.new_page()
        page.goto(f"{site}/index.html")
        for href in links:
            response = page.request.get(f"{site}/{href}")
            assert response.ok, f"{href}: HTTP {response.status}"
            magic = b"%PDF" if href.endswith(".pdf") else b"PK"
            assert response.body().startswith(magic), (
                f"{href} is not a {href[-4:]} file"
            )
        page.close()


def test_html_without_downloads_says_how_to_get_them(built_book: Path) -> None:
    soup = BeautifulSoup(
        (built_book / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    note = soup.select_one("p.book-downloads")
    assert note is not None and "nox -s build" in note.get_text()
    assert not soup.select(".dropdown-book-download-buttons")


# A ``book_downloads`` folder without the files: tests/test_editions_site.py.


# --- reproducible builds


@pytest.mark.long
@pytest.mark.xdist_group("test_editions-again")
def test_two_clean_builds_give_the_same_pdf_text_and_html(
    small_book: Path, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Two clean builds of the same sources, into two folders, are the same
    PDF and the same web edition (offering the PDF and the EPUB) byte for
    byte.  On the small test book (the book's configuration and extensions
    on two chapters, tests/helpers/small_book.py): what makes a build
    reproducible (SOURCE_DATE_EPOCH, no build path or time in the output) is
    the same whatever the book holds.  The first web edition is the
    session's (html_with_downloads), the second is built here from the same
    sources and the same downloads."""
    need_tex()
    # Both builds read one copy of the sources, so only the build can differ.
    # The second in a new interpreter: not the first's hash seed.
    first = build_pdf(tmp_path / "pdf-1", small_book)
    again = build_pdf(tmp_path / "pdf-2", small_book, fresh=True)
    assert pdftotext(again.pdf) == pdftotext(first.pdf)
    # xdvipdfmx takes its dates and file id from SOURCE_DATE_EPOCH: same bytes.
    assert filecmp.cmp(again.pdf, first.pdf, shallow=False)
    # Asked for only now: the downloads are the whole book's editions, which
    # another worker may still be building while the PDFs above are made.
    downloads = request.getfixturevalue("downloads")
    sites = [
        request.getfixturevalue("html_with_downloads"),
        build_html_with_downloads(tmp_path / "html", downloads, small_book, fresh=True),
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


def test_each_language_names_its_own_files() -> None:
    assert build.edition_basename("zh_CN") == build.BASENAME
    assert build.edition_basename("en") == f"{build.BASENAME}-en"
    assert list(build.LANGUAGES) == [build.ORIGINAL, ENGLISH]


def test_every_tex_tool_is_in_the_package_list() -> None:
    packages = (build.ROOT / "tools" / "debian-packages.txt").read_text(
        encoding="utf-8"
    )
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


# The bibliography must be the PDF's last chapter: tests/test_editions_site.py.
