"""The private attributes of Sphinx and MyST the book still uses, each guarded.

Where no public API does the job, an extension reads a private attribute;
each has a test on a tiny site that fails, naming the attribute, when an
upgrade removes or changes it:

* ``env._search_index_index_entries`` (``incremental.restore_index_entries``):
  here;
* MyST's ``MockState._renderer`` (``confinement.ConfinedInclude``):
  ``tests/test_security.py::test_an_include_inside_the_repository_still_works``;
* Sphinx's script-file class, rebuilt with ``defer`` (``page_assets.defer_scripts``,
  its ``filename``, ``priority`` and ``attributes``):
  ``tests/test_page_assets.py::test_the_book_theme_writes_the_tags_the_reading_pages_drop``.
"""

from __future__ import annotations

import pytest


@pytest.mark.sphinx("html", testroot="index-entries", freshenv=True)
def test_the_environment_keeps_each_pages_index_entries_for_the_indexer(app) -> None:
    app.build()
    entries = getattr(app.env, "_search_index_index_entries", None)
    assert isinstance(entries, dict), (
        "Sphinx no longer has env._search_index_index_entries: update "
        "tools/sphinxext/incremental.py (restore_index_entries)"
    )
    # what restore_index_entries writes into it: (entry, target id, main)
    [(entry, target, main)] = entries["index"]
    assert entry == "federated learning" and target.startswith("index-")
    assert main == ""
