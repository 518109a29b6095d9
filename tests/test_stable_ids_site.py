"""tools/sphinxext/text/stable_ids.py on tiny sites.

The ``{glossary}`` directive passes each term's stable id to Sphinx's public
``make_glossary_term``; these tests pin what it must give, so that a Sphinx
or MyST upgrade that changes the glossary directive, ``make_glossary_term``
or how MyST numbers a directive's lines fails here, with the id or the line
that differ.  The annotations' anchors depend on sphinx-book-theme's
sidenote transform, and are pinned the same way.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

# term text -> id, in the order of the glossary (tests/roots/test-stable-glossary)
EXPECTED_IDS = {
    "AI制药": "term-AIDD",  # the first ASCII line names the entry
    "AIDD": "term-AIDD-en",
    "AI-driven drug discovery": "term-AI-driven-drug-discovery",  # Sphinx's own
    "联邦学习": "term-federated-learning",
    "federated learning": "term-federated-learning-en",
    "数据隐私": "term-data-privacy",
    "同义词": "term-data-privacy-2",
    "data privacy": "term-data-privacy-en",
}


@pytest.fixture
def built(app):
    app.build()
    return app


@pytest.mark.sphinx("html", testroot="stable-glossary", freshenv=True)
def test_terms_take_the_id_of_their_english_line(built) -> None:
    soup = BeautifulSoup(
        (built.outdir / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    terms = {dt.get_text().strip("#¶ \n"): dt["id"] for dt in soup.select("dl dt")}
    assert {t: i for t, i in terms.items() if t in EXPECTED_IDS} == EXPECTED_IDS
    # {term} links reach them, as does the general index
    links = [a["href"] for a in soup.select("p a.reference")]
    assert links == [
        "#term-federated-learning",
        "#term-AIDD-en",
        "#term-data-privacy",
        "#term-data-privacy-2",
    ]
    index = (built.outdir / "genindex.html").read_text(encoding="utf-8")
    for term_id in EXPECTED_IDS.values():
        assert f'index.html#{term_id}"' in index


@pytest.mark.sphinx("html", testroot="stable-glossary", freshenv=True)
def test_the_domain_resolves_terms_to_the_stable_ids(built) -> None:
    objects = built.env.domains.standard_domain.objects
    assert {name: objects["term", name] for name in EXPECTED_IDS} == {
        name: ("index", term_id) for name, term_id in EXPECTED_IDS.items()
    }


@pytest.mark.sphinx("html", testroot="stable-glossary", freshenv=True)
def test_an_entry_without_english_is_reported_at_its_line(built) -> None:
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", built.warning.getvalue()).splitlines()
    assert [w.split("stable-glossary/", 1)[1] for w in warnings] == [
        "index.md:20: WARNING: glossary entry '孤立词条' has no English term "
        "line, so it has no stable id; add the English name as a second term "
        "line [stable_ids.glossary]"
    ]


@pytest.mark.sphinx("html", testroot="sidenote-anchors", freshenv=True)
def test_each_annotation_keeps_its_anchor_once_in_its_sidenote(app) -> None:
    """AnchorAnnotations and DropDuplicateIds against the book theme's sidenotes.

    Both run around sphinx-book-theme's footnote transform (priority 1),
    which turns each footnote into a sidenote and, for a passage nested in a
    container (an interview's turn), a hidden copy (``d-n``) whose ids must
    go: a theme upgrade that changes either fails here.
    """
    app.build()
    soup = BeautifulSoup(
        (app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    ids = [tag["id"] for tag in soup.select("[id]")]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for label, text in (
        ("melloddy-results", "The first annotation."),
        ("second-note", "The second annotation."),
        ("in-a-turn", "The annotation of a nested passage."),
    ):
        anchor = soup.select_one(f"#note-{label}")
        assert anchor is not None, label
        sidenote = anchor.find_parent(class_="sidenote")
        assert sidenote is not None, label
        assert text in sidenote.get_text()
    assert app.warning.getvalue() == ""
