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
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))  # for the book's own extensions in tools/

from tools.build import LANGUAGES, ORIGINAL, edition_basename  # noqa: E402

# -- The edition -------------------------------------------------------------

project = "《AI制药十人谈》注释版"
subtitle = "Ten Conversations on AI Drug Discovery: An Annotated Edition"
author = "《AI制药十人谈》注释版编者"
version = release = "0.1"
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
# Where each language edition lives in the published site.
book_languages = LANGUAGES  # tools/build.py
root_doc = "index"
exclude_patterns = ["_build", "**/README.md"]

extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "sphinx_book_theme",  # so that {margin} and sidenotes exist for every builder
    "notfound.extension",  # a 404 page that works at any depth
    "sphinx_sitemap",
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

# -- Bibliography -----------------------------------------------------------------

bibtex_bibfiles = ["references.bib"]  # relative to this file's directory
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

# -- Link checking (nox -s linkcheck) -------------------------------------------
# The settings, each with the reason for it, live in tools/linkcheck_config.py
# so that the loopback test in tests/test_linkcheck.py runs with the same ones.

from tools.linkcheck_config import (  # noqa: E402, F401 (Sphinx reads them here)
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
    # Search lives in the sidebar (and the header's search button on phones);
    # a second search field in a bar of its own above every page adds nothing.
    "navbar_persistent": [],
    # the same page in the other language (tools/sphinxext/translations.py)
    "article_header_end": ["article-header-buttons.html", "edition-switch.html"],
}

# -- Hosting: 404 page, sitemap, link previews -------------------------------------

# GitHub Pages serves the book under /annotated-edition/; on Read the Docs the
# extension works the prefix out by itself.
if not os.environ.get("READTHEDOCS"):
    notfound_urls_prefix = "/" + html_baseurl.split("/", 3)[3]
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "404.html"]
ogp_site_url = html_baseurl
ogp_site_name = project
ogp_type = "book"
ogp_social_cards = {"enable": False}  # cards need matplotlib and fetch no fonts here
ogp_custom_meta_tags = ['<meta property="og:locale" content="zh_CN" />']

html_search_options = {"dict": str(ROOT / "tools" / "search_words.txt")}


def _interview_keywords(language: str) -> list[str]:
    """Every interview's ``keywords`` (``keywords_en``), in order, once each."""
    from tools import interview

    key = "keywords" if language == ORIGINAL else f"keywords_{language}"
    words = [w for c in interview.chapters(ROOT) for w in c.meta.get(key) or []]
    return list(dict.fromkeys(words))


# -- PDF (LaTeX) and EPUB editions: nox -s pdf, nox -s epub ----------------------

from sphinx.util import texescape  # noqa: E402

texescape.init()  # Sphinx does it only when the LaTeX builder starts
_tex = texescape.escape

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# The PDF's language: \booklanguage switches the language-dependent
# typography of tools/latex/aipharmabook.sty (captions, quotation marks,
# paragraphs, hyphenation); \bookpdflang is the PDF's language tag.
_latex_language = {"zh_CN": ("zh", "zh-CN"), "en": ("en", "en")}
# What the PDF's title page and its back say, its captions and its metadata,
# in each language: each key becomes a macro (\booktitle …) that the layout,
# tools/latex/aipharmabook.sty, uses; a tuple's items are lines.
_book_texts = {
    "zh_CN": {
        "booktitle": project,
        "booktitlelines": (project,),
        "booksubtitle": subtitle,
        "bookseries": "雷峰网《医健AI掘金志》系列访谈《AI制药十人谈》",
        "bookauthor": author,
        "bookedition": f"注释版 · 第 {release} 版",
        "bookdate": (
            f"{_build_time.tm_year}年{_build_time.tm_mon}月{_build_time.tm_mday}日"
        ),
        "bookstatement": (
            "本书是《AI制药十人谈》的注释版。"
            "访谈原文照录底本，只作有文档记录的机械性处理；"
            "页边的段落编号（¶12 即网页版的 #p12）、页脚的注释、"
            "术语表和参考文献都是编者所加。"
        ),
        "bookrights": (
            "访谈原文的著作权属于原出版方雷峰网及受访者，"
            "本版引用原文只为注释、研究和评论。"
            "编者所写的注释、术语表、编辑说明等文字以 CC BY 4.0 许可发布；"
            "构建本书的代码以 MIT 许可发布。"
        ),
        "bookrepositorylabel": "源文件：",
        "bookcontentsname": "目录",
        "bookbibname": "参考文献",
        "bookindexname": "索引",
        # xindy's group of the index entries that start with no Latin letter
        "booknonalphabeticalname": "中文词目",
        "bookpdfsubject": subtitle,
        # the series' words, then each interview's (its front matter's keywords)
        "bookpdfkeywords": ", ".join(
            [
                "AI制药",
                "药物研发",
                "人工智能",
                *_interview_keywords(ORIGINAL),
                "访谈",
                "注释版",
            ]
        ),
    },
    "en": {
        "booktitle": subtitle,
        "booktitlelines": (
            "Ten Conversations on",
            "AI Drug Discovery:",
            "An Annotated Edition",
        ),
        "booksubtitle": "An annotated edition of 《AI制药十人谈》",
        "bookseries": (
            "From the interview series 《AI制药十人谈》 of Leiphone’s column "
            "《医健AI掘金志》 (Yijian AI Juejin Zhi)"
        ),
        "bookauthor": "The editors of the annotated edition",
        "bookedition": f"English edition, version {release}",
        # not strftime's %B, which follows the locale sphinx-build runs in
        "bookdate": (
            f"{_build_time.tm_mday} {_MONTHS[_build_time.tm_mon - 1]} "
            f"{_build_time.tm_year}"
        ),
        "bookstatement": (
            "This is the English edition of the annotated edition of "
            "《AI制药十人谈》 (Ten Conversations on AI Drug Discovery).  "
            "The interview is translated from the Chinese text, which the "
            "original edition reproduces exactly after a documented mechanical "
            "normalisation; the paragraph numbers in the margin (¶12 is #p12 "
            "in the web edition, in both languages), the annotations in the "
            "footnotes, the glossary and the references are the editors’."
        ),
        "bookrights": (
            "The interview text belongs to its original publisher, Leiphone, "
            "and to the interviewee; this edition quotes and translates it for "
            "annotation, study and criticism.  The editors’ own text "
            "(annotations, glossary, editorial pages, translation) is "
            "published under CC BY 4.0; the code that builds the book under "
            "the MIT licence."
        ),
        "bookrepositorylabel": "Source files: ",
        "bookcontentsname": "Contents",
        "bookbibname": "References",
        "bookindexname": "Index",
        "booknonalphabeticalname": "Chinese terms",
        "bookpdfsubject": "An annotated English edition of 《AI制药十人谈》",
        "bookpdfkeywords": ", ".join(
            [
                "AI drug discovery",
                "drug development",
                "artificial intelligence",
                *_interview_keywords("en"),
                "interview",
                "annotated edition",
            ]
        ),
    },
}


def _tex_lines(text: str | tuple[str, ...]) -> str:
    """LaTeX for a text, or for a tuple of lines."""
    return "\\\\".join(map(_tex, text)) if isinstance(text, tuple) else _tex(text)


def _latex_elements(language: str) -> dict[str, str]:
    """Sphinx's LaTeX settings for the edition in ``language``."""
    texts = _book_texts[language]
    code, tag = _latex_language[language]
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
                rf"\newcommand*{{\booklanguage}}{{{code}}}",
                rf"\newcommand*{{\bookpdflang}}{{{tag}}}",
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
    texts = _book_texts[language]
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
epub_language = "zh-CN"  # a BCP 47 tag; "zh_CN" fails epubcheck
epub_title = project
epub_description = subtitle
epub_author = epub_publisher = author
epub_copyright = copyright
# Sphinx writes epub_uid into toc.ncx and epub_identifier into content.opf;
# epubcheck requires the two to be the same (and epub_uid is an XML name).
epub_uid = epub_identifier = "ai-pharma-ten-annotated-edition"
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

# -- The English edition (-D language=en) -------------------------------------------
# Sphinx applies -D after reading this file, so the values that name the book
# in its own language are switched once the final language is known.

ENGLISH_EDITION = {
    "project": subtitle,
    "html_title": subtitle,
    "author": _book_texts["en"]["bookauthor"],
    "copyright": (
        f"{_build_time.tm_year}, the editors (annotations and code; the interview "
        "text belongs to its original publisher)"
    ),
    # the PDF: its own .tex file, title page, captions and typography
    "latex_documents": _latex_documents("en"),
    "latex_elements": _latex_elements("en"),
    "epub_basename": edition_basename("en"),
    "epub_language": "en",
    "epub_title": subtitle,
    "epub_description": "An annotated English edition of 《AI制药十人谈》",
    "epub_uid": "ai-pharma-ten-annotated-edition-en",
    "epub_identifier": "ai-pharma-ten-annotated-edition-en",
    # Where the English edition is published: its canonical URLs, sitemap,
    # link previews and the EPUB's links to the downloads.
    "ogp_site_name": subtitle,
    "ogp_custom_meta_tags": ['<meta property="og:locale" content="en" />'],
}
if not os.environ.get("READTHEDOCS"):
    ENGLISH_EDITION["notfound_urls_prefix"] = (
        f"{notfound_urls_prefix}{LANGUAGES['en']}/"
    )


def _switch_to_english(app, config) -> None:
    """Give the English edition its own title, names, file names and PDF."""
    if config.language != "en":
        return
    # The site's address may come from the command line (Read the Docs passes
    # -D html_baseurl=...); the English edition lives in its en/ folder.
    base = config.html_baseurl
    for name, value in ENGLISH_EDITION.items():
        config[name] = value
    config.html_baseurl = config.ogp_site_url = f"{base}{LANGUAGES['en']}/"
    config.epub_author = config.epub_publisher = config.author
    config.epub_copyright = config.copyright


def setup(app) -> None:
    """Connect the language switch (conf.py is loaded as an extension too)."""
    app.connect("config-inited", _switch_to_english)
