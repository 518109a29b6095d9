"""Two works never share a citation label (tools/sphinxext/apparatus/bib_check.py).

Author-year labels of works by one author in one year, or undated, would be
the same ("MELLODDY consortium, n.d." for two pages of one site): each gets
a letter, in the citations and in the bibliography.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_string

from tools.sphinxext.apparatus.bib_check import distinct_labels

BIB = """
@online{a, author = {{Org}}, title = {One}, url = {https://example.org/1}}
@online{b, author = {{Org}}, title = {Two}, url = {https://example.org/2}}
@article{c, author = {Doe, Jane}, title = {Three}, year = {2020}, doi = {10.1/x}}
@article{d, author = {Doe, Jane}, title = {Four}, year = {2020}, doi = {10.1/y}}
@article{e, author = {Doe, Jane}, title = {Five}, year = {2021}, doi = {10.1/z}}
"""


def test_works_sharing_author_and_year_get_a_letter() -> None:
    entries = parse_string(BIB, "bibtex").entries
    assert distinct_labels(entries) == {
        "a": "n.d.-a",
        "b": "n.d.-b",
        "c": "2020a",
        "d": "2020b",
    }


@pytest.mark.parametrize("folder", ["", "en/"])
def test_no_two_works_share_a_label(built_book: Path, folder: str) -> None:
    targets: dict[str, set[str]] = defaultdict(set)
    for page in sorted((built_book / folder).glob("**/*.html")):
        if folder == "" and page.is_relative_to(built_book / "en"):
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for link in soup.select(".bibtex-citation a[href]"):
            label = " ".join(link.get_text("").split())
            targets[label].add(re.sub(r"^(\.\./)+", "", link["href"]))
    assert targets, "no citation found"
    shared = {label: sorted(t) for label, t in targets.items() if len(t) > 1}
    assert shared == {}
