"""The bibliography's accessible markup, on a small site (``tools/sphinxext/reader/a11y.py``).

docutils writes each citation with ``role="doc-biblioentry"``, a role
DPUB-ARIA 1.1 deprecated, inside a ``role="list"`` that may own only list
items (axe: aria-required-children).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup


@pytest.mark.sphinx("html", testroot="a11y", freshenv=True)
def test_each_run_of_citations_is_a_list_of_list_items(app, warning) -> None:
    app.build()
    assert warning.getvalue() == ""
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "doc-biblioentry" not in html
    soup = BeautifulSoup(html, "html.parser")
    lists = soup.select('[role="list"]')
    assert [
        [item.get_text(" ", strip=True) for item in run.find_all(recursive=False)]
        for run in lists
    ] == [
        ["[ One ] The first reference.", "[ Two ] The second reference."],
        ["[ Three ] A run of one."],
    ]
    assert all(
        item.get("role") == "listitem"
        for run in lists
        for item in run.find_all(recursive=False)
    )
