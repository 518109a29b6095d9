"""A small book for tests/test_releases.py: one fixture chapter, released.

Laid out as the book is (``conf.py`` at the root, the sources in ``docs/``),
so that ``tools/lib/editions_site.py`` builds it from a throwaway git
repository's tags as it builds the book; the tests copy the book's
``tools/`` beside it.  Only the extensions that make, cite and publish the
annotations are loaded.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from tools.lib import release as _release  # noqa: E402

project = "测试书"
author = "测试编者"
book_edition = _release.book_edition(ROOT)
version = release = book_edition["version"]
extensions = [
    "myst_parser",
    "sphinx_book_theme",
    "tools.sphinxext.text.turns",
    "tools.sphinxext.text.interview_meta",
    "tools.sphinxext.text.stable_ids",
    "tools.sphinxext.editions.edition_info",
    "tools.sphinxext.reader.paragraph_actions",
    "tools.sphinxext.apparatus.citation_meta",
    "tools.sphinxext.apparatus.web_annotations",
]
myst_enable_extensions = ["colon_fence", "attrs_block"]
myst_heading_anchors = 0
language = "zh_CN"
html_search_language = "en"  # not jieba
smartquotes = False
exclude_patterns = ["_build"]
html_theme = "sphinx_book_theme"
html_theme_options = {"use_sidenotes": True}
html_baseurl = "https://example.org/book/"
book_languages = {"zh_CN": "", "en": "en"}
book_downloads = ""


def _english(app, config) -> None:
    if config.language == "en":
        config.html_baseurl = f"{config.html_baseurl}en/"


def setup(app) -> None:
    # the book's translations and editions extensions register these
    app.add_config_value("book_downloads", "", "html")
    app.add_config_value("book_languages", {}, "html")
    app.connect("config-inited", _english)
