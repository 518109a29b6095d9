"""Sphinx configuration of 《AI制药十人谈》注释版.

Build with ``nox -s html`` (see README.md); the sources are in ``docs/`` and
this file sits at the repository root, so sphinx-build is called with
``-c .``.  Paths in here are absolute where Sphinx would otherwise silently
ignore a relative one.
"""

from __future__ import annotations

import os
import sys
import time
import tomllib
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))  # for the book's own extensions in tools/

from tools.lib import languages  # noqa: E402
from tools.lib import release as _release  # noqa: E402
from tools.lib.build import LANGUAGES, ORIGINAL, edition_basename  # noqa: E402

# -- The edition -------------------------------------------------------------

project = "《AI制药十人谈》注释版"
subtitle = "Ten Conversations on AI Drug Discovery: An Annotated Edition"
author = "《AI制药十人谈》注释版编者"
# The edition comes from the git tag being built (vMAJOR.MINOR), never from
# a constant here: tools/lib/release.py.  Between releases it is the
# development state after the last one ("1.2+dev"), and says so.
book_edition = _release.book_edition(ROOT)  # tools/sphinxext/editions/edition_info.py
version = release = book_edition["version"]
# The date printed in the book: SOURCE_DATE_EPOCH makes it reproducible.
_build_time = time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", time.time())))
today = time.strftime("%Y-%m-%d", _build_time)
copyright = f"{_build_time.tm_year}, {author}（注释与代码；访谈原文版权归原出版方）"
# The one place that names where the book lives: the theme's repository,
# edit and issue buttons, the sitemap and the link previews all follow it.
repository_url = "https://github.com/ai-pharma-ten/annotated-edition"
html_baseurl = "https://ai-pharma-ten.github.io/annotated-edition/"

# The Chinese original; the English edition is the same sources built with
# ``-D language=en`` (nox -s html builds both), translated in locales/en/.
language = ORIGINAL  # "zh_CN"
locale_dirs = ["../locales"]  # relative to docs/
gettext_compact = False  # one catalogue per page, as translators work
# No source line references in the catalogues: a line added above a paragraph
# would otherwise touch every later message (tools/gettext_update.py).
gettext_location = False
gettext_uuid = False  # no per-message uuid comments either
# Where each language edition lives in the published site.
book_languages = LANGUAGES  # tools/lib/build.py
root_doc = "index"
exclude_patterns = ["_build", "**/README.md"]

extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "sphinx_book_theme",  # so that {margin} and sidenotes exist for every builder
    "notfound.extension",  # a 404 page that works at any depth
    "sphinxext.opengraph",  # link previews
    "tools.sphinxext",
]

# -- Strictness: every broken reference is an error (-W on the command line) --

nitpicky = True
# Docutils' smart quotes would turn the Chinese “ ” and ‘ ’ of the interview
# into other characters; the text is reproduced as it is.
smartquotes = False

# -- MyST ------------------------------------------------------------------------

myst_enable_extensions = [
    "colon_fence",  # ::: fences for {turn} and other directives
    "attrs_block",  # {#stable-id .class} above a heading
    "deflist",
]
myst_heading_anchors = 0  # ids come from {#…}, never from Chinese heading text
myst_footnote_transition = True

# Words with letters of two scripts, and invisible characters, that the text
# really needs (tools/sphinxext/security/apparatus_chars.py refuses every other one
# outside the interview): a word as it is written, a character by its code
# point ("U+200D"), each with the reason.
book_allowed_characters = {
    "μM": "micromolar: the Greek micro prefix before the Latin unit",
}

# -- Bibliography -----------------------------------------------------------------

bibtex_bibfiles = ["references.bib"]  # relative to this file's directory
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"
# No reference in each citation's title: the preview card shows the built
# bibliography's entry (tools/sphinxext/apparatus/previews.py), and the titles repeated
# every reference at every citation (20 KB of a chapter page).
bibtex_tooltips = False

# -- Link checking (nox -s linkcheck) -------------------------------------------
# The settings, each with the reason for it, live in tools/lib/linkcheck_config.py
# so that the loopback test in tests/test_linkcheck.py runs with the same ones.

from tools.lib.linkcheck_config import (  # noqa: E402, F401 (Sphinx reads them here)
    linkcheck_allowed_redirects,
    linkcheck_anchors_ignore_for_url,
    linkcheck_ignore,
    linkcheck_rate_limit_timeout,
    linkcheck_retries,
    linkcheck_timeout,
)

# -- HTML -------------------------------------------------------------------------

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["docs/_static"]
html_css_files = ["book.css"]
# The book's own mark, drawn in its colours (shapes only, no font).
html_favicon = "docs/_static/favicon.svg"
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
# Values the pydata and book themes would otherwise set themselves during the
# build; setting them here keeps the saved environment equal to the fresh
# configuration, so a rebuild with nothing changed re-reads nothing.
html_permalinks_icon = "#"
html_sourcelink_suffix = ""
templates_path = ["docs/_templates"]

html_theme_options = {
    "use_sidenotes": True,
    "repository_url": repository_url,
    "repository_branch": "main",
    "path_to_docs": "docs",
    "use_repository_button": True,
    "use_issues_button": True,
    "use_edit_page_button": True,
    "use_download_button": False,
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "navigation_with_keys": False,
    # The theme's "back to top" pill floats over the text, white on orange
    # (2.45:1): a reader scrolls, or follows a heading in the contents.
    "back_to_top_button": False,
    # Search lives in the sidebar (and the header's search button on phones);
    # a second search field in a bar of its own above every page adds nothing.
    "navbar_persistent": [],
    # the same page in the other language (tools/sphinxext/reader/translations.py)
    "article_header_end": ["article-header-buttons.html", "edition-switch.html"],
}

# The reader's system scheme on a first visit (the theme's default, "", is no
# mode: its script logged "Got invalid theme mode" and the page stayed light
# until it ran); tools/sphinxext/templates/book-theme-mode.html applies it
# before the first paint.
html_context = {"default_mode": "auto"}

# -- Hosting: 404 page, sitemap, link previews -------------------------------------

# GitHub Pages serves the book under /annotated-edition/; on Read the Docs the
# extension works the prefix out by itself.
if not os.environ.get("READTHEDOCS"):
    notfound_urls_prefix = "/" + html_baseurl.split("/", 3)[3]
# sitemap.xml lists every page but these (tools/sphinxext/editions/sitemap.py)
sitemap_excludes = ["search.html", "genindex.html", "404.html"]
ogp_site_url = html_baseurl
ogp_site_name = project
ogp_type = "book"
ogp_social_cards = {"enable": False}  # cards need matplotlib and fetch no fonts here
ogp_custom_meta_tags = [f'<meta property="og:locale" content="{ORIGINAL}" />']


def _interview_keywords(language: str) -> list[str]:
    """Every interview's ``keywords`` (``keywords_en``), in order, once each."""
    from tools.lib import interview

    key = "keywords" if language == ORIGINAL else f"keywords_{language}"
    words = [w for c in interview.chapters(ROOT) for w in c.meta.get(key) or []]
    return list(dict.fromkeys(words))


# -- PDF (LaTeX) and EPUB editions: nox -s pdf, nox -s epub ----------------------

from sphinx.util import texescape  # noqa: E402

texescape.init()  # Sphinx does it only when the LaTeX builder starts
_tex = texescape.escape

# What the PDF's title page and its back say, its captions and its metadata,
# in each language: tools/latex/booktexts.toml, beside the layout that uses
# them (each key becomes a macro, \booktitle …).  The PDF's language
# (\booklanguage, the typography of tools/latex/aipharmabook.sty, and
# \bookpdflang, the PDF's language tag) is the language's record.
_booktexts = tomllib.loads(
    (ROOT / "tools" / "latex" / "booktexts.toml").read_text(encoding="utf-8")
)


def _edition_values(language: str) -> dict[str, str]:
    """What the texts of ``language`` may name: the book and the build's date."""
    months = _booktexts[language].get("months", ())
    return {
        "project": project,
        "subtitle": subtitle,
        "author": author,
        "release": release,
        # the edition as the title page states it (tools/latex/booktexts.toml)
        "edition": _booktexts[language]["editions"][
            "release"
            if book_edition["tag"]
            else ("development" if book_edition["last"] else "unreleased")
        ].format_map(book_edition),
        "year": str(_build_time.tm_year),
        "month": str(_build_time.tm_mon),
        "day": str(_build_time.tm_mday),
        "month_name": months[_build_time.tm_mon - 1] if months else "",
        # each interview's keywords (its front matter), each after ", "
        "interview_keywords": "".join(
            f", {word}" for word in _interview_keywords(language)
        ),
    }


def _texts(language: str, table: str = "titlepage") -> dict[str, str | tuple]:
    """One table of booktexts.toml for ``language``, its values filled in."""
    values = _edition_values(language)
    return {
        name: (
            tuple(line.format_map(values) for line in text)
            if isinstance(text, list)
            else text.format_map(values)
        )
        for name, text in _booktexts[language][table].items()
    }


def _tex_lines(text: str | tuple[str, ...]) -> str:
    """LaTeX for a text, or for a tuple of lines."""
    return "\\\\".join(map(_tex, text)) if isinstance(text, tuple) else _tex(text)


def _latex_elements(language: str) -> dict[str, str]:
    """Sphinx's LaTeX settings for the edition in ``language``."""
    texts = _texts(language)
    record = languages.get(language)
    return {
        "papersize": "a4paper",
        "pointsize": "11pt",
        # Sphinx would load babel with English captions for Chinese; the book's
        # package sets the captions of each language (目录, 参考文献, 索引).
        # For English, Sphinx loads polyglossia (English hyphenation).
        "babel": "",
        "fontpkg": "",  # every font is named in aipharmabook.sty
        "fncychap": "",  # chapter heads are styled in aipharmabook.sty
        # inner and outer margin: the outer one holds the paragraph numbers
        "sphinxsetup": "hmargin={24mm,36mm}, vmargin={24mm,26mm}, marginpar=18mm",
        "preamble": "\n".join(
            [
                rf"\newcommand*{{\booklanguage}}{{{record.latex}}}",
                rf"\newcommand*{{\bookpdflang}}{{{record.tag}}}",
                *(
                    rf"\newcommand*{{\{name}}}{{{_tex_lines(text)}}}"
                    for name, text in texts.items()
                ),
                rf"\newcommand*{{\bookrepository}}"
                rf"{{\bookrepositorylabel\url{{{repository_url}}}}}",
                r"\usepackage{aipharmabook}",
            ]
        ),
    }


def _latex_documents(language: str) -> list[tuple]:
    """The one LaTeX document of the edition in ``language``."""
    texts = _texts(language)
    # toctree_only: the landing page is for the web; the PDF opens with its
    # title page and contents and then the chapters of the toctrees.
    return [
        (
            root_doc,
            f"{edition_basename(language)}.tex",
            _tex(texts["booktitle"]),
            _tex(texts["bookauthor"]),
            "manual",
            True,
        )
    ]


latex_engine = "xelatex"  # the only engine with xeCJK and system fonts
latex_documents = _latex_documents(ORIGINAL)
latex_additional_files = ["tools/latex/aipharmabook.sty"]
latex_show_urls = "no"
latex_elements = _latex_elements(ORIGINAL)

# The default is made from the title and loses the Chinese.
epub_basename = edition_basename(ORIGINAL)
epub_language = languages.ORIGINAL.tag  # BCP 47 ("zh-CN"); "zh_CN" fails epubcheck
epub_title = project
epub_description = subtitle
epub_author = epub_publisher = author
epub_copyright = copyright
# Sphinx writes epub_uid into content.opf as the identifier's id (an XML
# name) and epub_identifier as the identifier, a URN made from the
# repository's address and the edition's language tag: the same for every
# build of one edition, another for each language.  toc.ncx, where Sphinx
# would write epub_uid, gets the identifier too (tools/sphinxext/editions/epub_book.py;
# epubcheck requires the two to be the same).
EPUB_UID = "ai-pharma-ten-annotated-edition"


def _epub_identifier(language: str) -> str:
    tag = languages.get(language).tag
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{repository_url}#{tag}')}"


epub_uid = EPUB_UID
epub_identifier = _epub_identifier(ORIGINAL)
epub_scheme = "uuid"
# The cover is the PDF's title page (python -m tools.cover makes the PNGs);
# the page around it is docs/_templates/epub-cover.html.
epub_cover = ("_static/cover.png", "epub-cover.html")
book_epub_cover_file = f"tools/latex/cover-{ORIGINAL}.png"


def _epub_texts(language: str) -> dict:
    """The EPUB's contributor and accessibility metadata in ``language``."""
    texts = _texts(language, "epub")
    return {
        "epub_contributor": texts["contributor"],
        # EPUB Accessibility 1.1's schema.org properties (content.opf)
        "book_epub_accessibility": {
            "accessMode": "textual",
            "accessModeSufficient": "textual",
            "accessibilityFeature": [
                "structuralNavigation",
                "tableOfContents",
                "index",
                "readingOrder",
            ],
            "accessibilityHazard": "none",
            "accessibilitySummary": texts["accessibility_summary"],
        },
    }


_epub = _epub_texts(ORIGINAL)
epub_contributor = _epub["epub_contributor"]
book_epub_accessibility = _epub["book_epub_accessibility"]
# The web edition's stylesheet, scripts and fonts are for the theme's pages;
# the EPUB has a stylesheet of its own.  Left out with them: the 404 page
# (it links to /annotated-edition/), the sitemap, and the backup of the build
# information Sphinx leaves after a configuration change.
epub_css_files = ["book-epub.css"]
epub_exclude_files = [
    "404.xhtml",
    "sitemap.xml",
    ".buildinfo.bak",
    *sorted(
        f"_static/{path.relative_to(ROOT / 'docs' / '_static').as_posix()}"
        for path in (ROOT / "docs" / "_static").rglob("*")
        if path.is_file() and path.name not in epub_css_files
    ),
]
epub_show_urls = "no"
epub_tocdepth = 2

# The edition's title and editors in each language, whichever language is
# built: a paragraph's citation in Chinese and in English names them
# (tools/sphinxext/reader/paragraph_actions.py).  A translation's names are its
# [<code>.edition] table of booktexts.toml.
book_editions = {
    code: (
        {"title": project, "editors": author}
        if code == ORIGINAL
        else {
            "title": _texts(code, "edition")["project"],
            "editors": _texts(code, "edition")["author"],
        }
    )
    for code in LANGUAGES
}

# -- The translations (-D language=en) ------------------------------------------------
# Sphinx applies -D after reading this file, so the values that name the book
# in its own language are switched once the final language is known: the
# names from the language's [<code>.edition] table of booktexts.toml, its
# tag and folder from its record in tools/lib/languages.py.


def _switch_language(app, config) -> None:
    """Give a translation its own title, names, file names, PDF and address."""
    if config.language == ORIGINAL or config.language not in languages.BY_CODE:
        return
    language = config.language
    record = languages.get(language)
    names = _texts(language, "edition")
    config.project = config.html_title = config.epub_title = names["project"]
    config.ogp_site_name = names["project"]
    config.author = config.epub_author = config.epub_publisher = names["author"]
    config.copyright = config.epub_copyright = names["copyright"]
    config.epub_description = names["description"]
    # the PDF: its own .tex file, title page, captions and typography
    config.latex_documents = _latex_documents(language)
    config.latex_elements = _latex_elements(language)
    config.epub_basename = edition_basename(language)
    config.epub_language = record.tag
    config.epub_uid = f"{EPUB_UID}-{record.tag.lower()}"
    config.epub_identifier = _epub_identifier(language)
    config.book_epub_cover_file = f"tools/latex/cover-{language}.png"
    for name, value in _epub_texts(language).items():
        setattr(config, name, value)
    # Where the edition is published: its canonical URLs, sitemap, link
    # previews and the EPUB's links to the downloads.  The site's address may
    # come from the command line (Read the Docs passes -D html_baseurl=...).
    config.ogp_custom_meta_tags = [
        f'<meta property="og:locale" content="{language}" />'
    ]
    if not os.environ.get("READTHEDOCS"):
        config.notfound_urls_prefix = f"{notfound_urls_prefix}{record.folder}/"
    base = config.html_baseurl
    config.html_baseurl = config.ogp_site_url = f"{base}{record.folder}/"


def setup(app) -> None:
    """Connect the language switch (conf.py is loaded as an extension too)."""
    app.connect("config-inited", _switch_language)
