"""A tiny site for tests/test_security.py: the book's security extensions only."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # a test may add site_extension.py

extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "tools.sphinxext.security.confinement",
    "tools.sphinxext.security.active_content",
    "tools.sphinxext.security.published_html",
]
if (HERE / "site_extension.py").exists():
    extensions.append("site_extension")
bibtex_bibfiles = ["refs.bib"]
myst_enable_extensions = ["colon_fence", "attrs_block"]
locale_dirs = ["locales"]
gettext_compact = False
exclude_patterns = ["_build"]
