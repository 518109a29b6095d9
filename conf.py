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

# -- The edition -------------------------------------------------------------

project = "《AI制药十人谈》注释版"
subtitle = "Ten Conversations on AI Drug Discovery: An Annotated Edition"
author = "《AI制药十人谈》注释版编者"
version = release = "0.1"
# The date printed in the book: SOURCE_DATE_EPOCH makes it reproducible.
_build_time = time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", time.time())))
today = time.strftime("%Y-%m-%d", _build_time)
copyright = f"{_build_time.tm_year}, {author}（注释与代码；访谈原文版权归原出版方）"
repository_url = "https://github.com/ai-pharma-ten/annotated-edition"

language = "zh_CN"
root_doc = "index"
exclude_patterns = ["_build", "**/README.md"]

extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "sphinx_book_theme",  # so that {margin} and sidenotes exist for every builder
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
templates_path: list[str] = []

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
}

html_search_language = "zh"
html_search_options = {"dict": str(ROOT / "tools" / "search_words.txt")}
