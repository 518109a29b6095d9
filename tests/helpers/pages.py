"""The test book's chapter pages in each edition, and what their metadata says.

Shared by the tests of the pages' scholarly data (``test_scholarly.py``) and
of the same tools in the browser (``test_browser_scholarly.py``).
"""

from __future__ import annotations

import conf
from tests.helpers.book import SLUGS
from tools.lib.build import LANGUAGES, ROOT

ISSUE_FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "suggest-annotation.yml"
# every chapter of the test book, by docname
CHAPTERS = [f"interviews/{slug}" for slug in SLUGS]
EDITIONS = [(lang, folder) for lang, folder in LANGUAGES.items()]


def base(folder: str) -> str:
    """The published address of the edition in ``folder``."""
    return conf.html_baseurl + (f"{folder}/" if folder else "")


def value(meta: dict, key: str, english: bool) -> str:
    """A front-matter value as the edition shows it (``<key>_en`` in English)."""
    found = (english and meta.get(f"{key}_en")) or meta.get(key)
    return str(found).strip() if found else ""
