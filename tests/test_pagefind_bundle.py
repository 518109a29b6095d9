"""The Pagefind bundle (tools/sphinxext/search/pagefind_search.py) is replaced whole.

The live preview serves the site while it rebuilds it, so a search during a
rebuild must find the last bundle or the new one, never a folder that
Pagefind is still writing; a failed Pagefind leaves no bundle at all, as a
clean build that failed would; and nothing an interrupted build left stays.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.util.docutils import docutils_namespace

from tools.sphinxext.search import pagefind_search


def build(make_app, site: Path) -> Path:
    """Build ``site``'s HTML; its Pagefind bundle folder."""
    with docutils_namespace():
        app = make_app("html", srcdir=site)
        app.build()
    return site / "_build" / "html" / pagefind_search.BUNDLE


def edit(site: Path, words: str) -> None:
    page = site / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{words}\n", "utf-8")


def test_a_rebuild_puts_the_new_bundle_in_place_at_once(
    make_app, rootdir: Path, tmp_path: Path, monkeypatch
) -> None:
    site = Path(shutil.copytree(rootdir / "test-pagefind", tmp_path / "site"))
    bundle = build(make_app, site)
    before = (bundle / "pagefind-entry.json").read_bytes()
    write_bundle = pagefind_search.write_bundle
    seen = []

    def while_pagefind_writes(out: Path, language: str, found: list[str]) -> bool:
        # the bundle readers are served is still the last one, whole
        seen.append((bundle / "pagefind-entry.json").read_bytes())
        return write_bundle(out, language, found)

    monkeypatch.setattr(pagefind_search, "write_bundle", while_pagefind_writes)
    edit(site, "Molecular dynamics simulates the motion of atoms.")
    build(make_app, site)
    assert seen == [before]
    assert (bundle / "pagefind-entry.json").read_bytes() != before
    assert sorted(p.name for p in bundle.parent.glob("pagefind*")) == ["pagefind"]


def test_a_failed_pagefind_leaves_no_bundle(
    make_app, rootdir: Path, tmp_path: Path, monkeypatch
) -> None:
    site = Path(shutil.copytree(rootdir / "test-pagefind", tmp_path / "site"))
    bundle = build(make_app, site)
    assert bundle.is_dir()

    def failing(out: Path, language: str, found: list[str]) -> bool:
        (out / "half-written").mkdir(parents=True)
        return False

    monkeypatch.setattr(pagefind_search, "write_bundle", failing)
    edit(site, "Quantum chemistry computes binding free energies.")
    build(make_app, site)
    assert not list(bundle.parent.glob("pagefind*"))


def test_what_an_interrupted_build_left_goes(
    make_app, rootdir: Path, tmp_path: Path
) -> None:
    """A build stopped while Pagefind wrote (Ctrl+C in the live preview)
    leaves ``pagefind.new``; the next build, with nothing to index anew,
    removes it, so that the site is a clean build's again."""
    site = Path(shutil.copytree(rootdir / "test-pagefind", tmp_path / "site"))
    bundle = build(make_app, site)
    (bundle.parent / "pagefind.new" / "fragment").mkdir(parents=True)
    (bundle.parent / "pagefind.old").write_text("a file, not a folder\n", "utf-8")
    build(make_app, site)
    assert sorted(p.name for p in bundle.parent.glob("pagefind*")) == ["pagefind"]


def test_a_record_keeps_the_spaces_between_elements() -> None:
    """The text of an element next to another keeps the space between them
    ("AlphaFold 3. Nature", not "AlphaFold 3.Nature"), and Chinese is spaced
    character by character, as the index is searched."""
    page = pagefind_search._page(
        "en",
        {
            "url": "bibliography.html",
            "meta": {"title": "References", "place": "", "kind": "page"},
            "html": "<div data-pagefind-body><p>with AlphaFold 3. <em>Nature</em>, "
            "630 <span>碳硅智慧</span></p></div>",
        },
    )
    assert "with AlphaFold 3. <em>Nature</em>, 630 <span>碳 硅 智 慧</span>" in page
    assert "data-pagefind-filter" not in page  # its index is not reproducible
