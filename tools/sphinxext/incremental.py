"""Incremental rebuilds that are fast and still strict.

* A page that warned in the last build is read again in the next one, even
  if its file did not change.  Sphinx re-reads only changed pages, so
  without this a second ``nox -s html`` after a mistake (an edited sentence,
  an undefined term) would pass silently; the docnames that warned are kept
  in ``book-warned-docs.json`` beside the doctrees.
* Every page is read again when the book's own code changes: Sphinx
  compares the configuration with the last build's, but not the extensions'
  code, so after an edit under ``tools/`` (an extension, its template,
  script or catalogue) a rebuild would write the old output for every page
  it did not re-read.  A digest of ``tools/`` is a configuration value
  (``book_code_digest``) that rebuilds the environment when it changes.
* A page that cites is read again when the bibliography (``bibtex_bibfiles``)
  changes: sphinxcontrib-bibtex re-formats the entries but re-reads no page,
  so the bibliography page and every citation's label would keep the old
  text until a clean build.  The bib files are noted as dependencies of
  each page that cites or lists references, with Sphinx's own
  ``env.note_dependency``.
* sphinxcontrib-bibtex formats every entry of the bibliography in every
  build, about a third of a rebuild with nothing to do.  Its result depends
  only on the pages read and on the bib files (whose change makes the pages
  that cite be read again, above); when no page was read, the citations the
  environment kept from the last build are exact, so they are kept.
* pybtex finds its styles and backends through ``importlib.metadata``
  entry points, scanning every installed distribution at each look-up (even
  to register a plugin): sphinxcontrib-bibtex looks up a style for each
  citation, about a tenth of a rebuild after one edit.  The distributions
  do not change during a build, so pybtex's ``entry_points`` is given the
  result of one scan to select from.
* sphinxcontrib-bibtex formats every cited entry (for the list, and for
  the tooltip where tooltips are on) in every build that reads a page, with pybtex's
  templates, about a seventh of a rebuild after one edit.  The style is
  registered as a subclass that remembers each formatted entry, keyed by
  the entry's every field and name and its label, across builds (in
  ``book-bibtex-formatted.pickle`` beside the doctrees, forgotten when
  pybtex or sphinxcontrib-bibtex is upgraded): an edited entry has a new
  key and is formatted anew.
* Sphinx compiles the theme's Jinja templates anew in every build that
  writes a page, about a tenth of a rebuild after one edit; they are
  compiled once and kept beside the doctrees with Jinja's own bytecode
  cache (checked against each template's source, so an edited template is
  compiled again).
* Sphinx's HTML builder renders the general index and the search page on
  every build, even when no page changed; with the book's theme that is
  most of a rebuild with nothing to do.  When no document was read and none
  is out of date, the two pages of the previous build are still exact, so
  they are kept, and so is ``searchindex.js``.  Any change — a source, the
  configuration, a template — rebuilds them.  The search indexer is still
  set up: ``language_data.js``, written in every build, is rendered from it,
  and without it would lose the stemmer and the query splitter.
* The search index keeps its index entries (glossary terms, ``{index}``
  entries) for the pages a rebuild does not rewrite.  Sphinx's
  ``IndexBuilder.load`` restores every part of the previous
  ``searchindex.js`` but its ``indexentries``, so a rebuild's index held
  those of the rewritten pages only.  They are restored into the dict the
  indexer starts from, ``env._search_index_index_entries`` (a private
  attribute; the build fails with a message if it is ever gone), in the
  order a clean build feeds the pages.  And a word that was only on a
  rewritten page, and is there no more, stays in the loaded index with no
  page (``"word":[]``); such words are dropped from ``searchindex.js``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging as sphinx_logging

logger = sphinx_logging.getLogger(__name__)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata


CODE = Path(__file__).resolve().parents[1]  # tools/


def code_digest(root: Path = CODE) -> str:
    """A digest of every file of the book's code under ``root``, by name and
    bytes (not the compiled ``.pyc`` and ``.mo`` files made from them)."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in {".pyc", ".mo"} or not path.is_file():
            continue
        name = path.relative_to(root).as_posix().encode()
        digest.update(name + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def note_code(app: Sphinx, config) -> None:
    config.book_code_digest = code_digest()


def note_documents_read(
    app: Sphinx, env: BuildEnvironment, docnames: list[str]
) -> None:
    app.builder.book_documents_read = bool(docnames)
    if "cite" in env.domains:
        env.get_domain("cite").book_nothing_read = not docnames


def citations_domain() -> type:
    """sphinxcontrib-bibtex's domain, formatting only when a page was read."""
    from sphinxcontrib.bibtex.domain import BibtexDomain

    class BookBibtexDomain(BibtexDomain):
        book_nothing_read = False

        def env_updated(self):
            if self.book_nothing_read and self.citations:
                return []  # the citations of the last build, from its pickle
            return super().env_updated()

    return BookBibtexDomain


def keep_unchanged_pages(app: Sphinx, builder: Builder) -> None:
    """Skip the general index when the build has nothing to write."""
    builder.book_nothing_to_write = False
    if builder.format != "html" or getattr(builder, "book_documents_read", True):
        return
    # The EPUB builder's format is "html" too, but it packs the files it
    # lists in content.opf from use_index: without it a rebuild's EPUB
    # would have no index (tests/test_editions.py).
    if builder.name.startswith("epub"):
        return
    if next(iter(builder.get_outdated_docs()), None) is not None:
        return
    builder.book_nothing_to_write = True
    builder.use_index = False  # genindex.html of the last build stays


def keep_search_page(app: Sphinx) -> list:
    """Skip the search page and index too, once the static files are done.

    ``html-collect-pages`` comes after the static files (language_data.js)
    were rendered from the indexer, and before the search page and the
    index are written.
    """
    if getattr(app.builder, "book_nothing_to_write", False):
        app.builder.search = False  # search.html of the last build stays
        app.builder.indexer = None  # so does searchindex.js
    return []


def restore_index_entries(app: Sphinx, builder: Builder) -> None:
    """Give the search indexer the previous index's entries of every page."""
    if builder.format != "html" or not getattr(builder, "search", False):
        return
    entries = getattr(app.env, "_search_index_index_entries", None)
    if not isinstance(entries, dict):
        logger.warning(
            "Sphinx no longer has env._search_index_index_entries; update "
            "tools/sphinxext/incremental.py so that a rebuild's search index "
            "keeps the index entries of the pages it does not rewrite",
            type="incremental",
        )
        return
    try:
        path = Path(builder.outdir, builder.searchindex_filename)
        with path.open(encoding="utf-8") as stream:
            frozen = builder.indexer_format.load(stream)
        docnames = frozen["docnames"]
        previous: dict[str, list[tuple[str, str, str]]] = {}
        for entry, places in frozen["indexentries"].items():
            for index, target, main in places:
                previous.setdefault(docnames[index], []).append(
                    (entry, target, "main" if main else "")
                )
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return  # no usable index: Sphinx indexes every page anew
    # Every page in the order the clean build feeds them (sorted); a page
    # that is rewritten gets its entries anew, in its place.
    entries.clear()
    for docname in sorted(app.env.found_docs):
        entries[docname] = sorted(previous.get(docname, ()))


def drop_unused_terms(app: Sphinx, exception: Exception | None) -> None:
    """Remove the words that no page holds any more from searchindex.js."""
    builder = app.builder
    if exception is not None or getattr(builder, "indexer", None) is None:
        return
    path = Path(builder.outdir, builder.searchindex_filename)
    try:
        frozen = builder.indexer_format.loads(path.read_text(encoding="utf-8"))
        kept = {
            part: {word: pages for word, pages in frozen[part].items() if pages != []}
            for part in ("terms", "titleterms")
        }
    except (OSError, ValueError, KeyError, AttributeError):
        return
    if any(len(kept[part]) != len(frozen[part]) for part in kept):
        path.write_text(
            builder.indexer_format.dumps({**frozen, **kept}), encoding="utf-8"
        )


FORMATTED: dict[tuple, Any] = {}  # (style, label, entry) -> FormattedEntry
FORMATTED_USED: set[tuple] = set()


def _formatted_cache(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "book-bibtex-formatted.pickle"


def remembering_style(base: type) -> type:
    """``base``, a pybtex style, remembering the entries it formats."""

    class RememberingStyle(base):
        def format_entry(self, label, entry, bib_data=None):
            if bib_data is not None:
                return super().format_entry(label, entry, bib_data)
            key = (
                f"{base.__module__}.{base.__qualname__}",
                label,
                entry.key,
                entry.type,
                tuple(entry.fields.items()),
                tuple(
                    (role, tuple(str(person) for person in persons))
                    for role, persons in entry.persons.items()
                ),
            )
            FORMATTED_USED.add(key)
            if key not in FORMATTED:
                FORMATTED[key] = super().format_entry(label, entry)
            return FORMATTED[key]

    RememberingStyle.__name__ = RememberingStyle.__qualname__ = base.__name__
    return RememberingStyle


def register_bibtex_plugins(app: Sphinx, config) -> None:
    """Let pybtex find its plugins in one scan; register the remembering styles."""
    if "sphinxcontrib.bibtex" not in app.extensions:
        return
    from importlib.metadata import entry_points

    import pybtex.plugin
    from pybtex.plugin import find_plugin, register_plugin

    current = getattr(pybtex.plugin, "entry_points", None)
    if current is not None and not getattr(current, "book_scanned_once", False):
        select = entry_points().select  # every group, scanned now

        def scanned_entry_points(**params):
            return select(**params)

        scanned_entry_points.book_scanned_once = True
        pybtex.plugin.entry_points = scanned_entry_points
    for name in {config.bibtex_default_style, config.bibtex_tooltips_style} - {""}:
        style = find_plugin("pybtex.style.formatting", name)
        if not getattr(style, "book_remembers", False):
            style = remembering_style(style)
            style.book_remembers = True
        register_plugin("pybtex.style.formatting", name, style, force=True)
    try:
        with _formatted_cache(app).open("rb") as stream:
            versions, formatted = pickle.load(stream)
        if versions == _bibtex_versions():
            FORMATTED.update(formatted)
    except (
        OSError,
        EOFError,
        ImportError,
        AttributeError,
        TypeError,
        ValueError,
        pickle.UnpicklingError,
    ):
        pass  # no cache yet, or an unreadable one: everything is formatted


def save_formatted(app: Sphinx, exception: Exception | None) -> None:
    """Keep the entries this build formatted or used, for the next build."""
    if exception is not None or not FORMATTED_USED:
        return  # nothing formatted: the saved cache is still the right one
    kept = {key: FORMATTED[key] for key in FORMATTED_USED if key in FORMATTED}
    _formatted_cache(app).parent.mkdir(parents=True, exist_ok=True)
    with _formatted_cache(app).open("wb") as stream:
        pickle.dump((_bibtex_versions(), kept), stream, pickle.HIGHEST_PROTOCOL)


def _bibtex_versions() -> tuple[str, str]:
    """The versions the remembered entries were formatted with."""
    from importlib.metadata import version

    return version("pybtex"), version("sphinxcontrib-bibtex")


def note_bibliography(app: Sphinx, doctree: nodes.document) -> None:
    """Make the bib files dependencies of a page that cites or lists them."""
    from sphinxcontrib.bibtex.nodes import bibliography

    cites = any(
        node.get("refdomain") in {"cite", "footcite"}
        for node in doctree.findall(addnodes.pending_xref)
    )
    if cites or next(iter(doctree.findall(bibliography)), None) is not None:
        for name in app.config.bibtex_bibfiles:
            app.env.note_dependency(Path(app.confdir, name).resolve())


class WarnedDocuments(logging.Handler):
    """Collects the docnames that warnings point at."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(logging.WARNING)
        self.app = app
        self.docnames: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        location = getattr(record, "location", None)
        env = self.app.env
        if isinstance(location, tuple) and location and location[0]:
            docname = location[0] if location[0] in env.found_docs else None
        else:
            if isinstance(location, nodes.Node):
                location = location.source or ""
            path = str(location or "").rsplit(":", 1)[0].split(":", 1)[0]
            docname = env.path2doc(path) if path else None
        if docname:
            self.docnames.add(docname)


def _record(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "book-warned-docs.json"


def cache_compiled_templates(app: Sphinx, builder: Builder) -> None:
    """Keep the builder's compiled templates for the next build.

    At ``write-started``: the themes set the builder's templates up anew
    after ``builder-inited``.
    """
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None or environment.bytecode_cache is not None:
        return
    from jinja2 import FileSystemBytecodeCache

    folder = Path(app.doctreedir) / "book-templates"
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def start_collecting(app: Sphinx) -> None:
    app.book_warned = WarnedDocuments(app)
    logging.getLogger("sphinx").addHandler(app.book_warned)


def reread_warned(
    app: Sphinx, env: BuildEnvironment, added, changed, removed
) -> list[str]:
    """The pages that warned last time are out of date until they build cleanly."""
    try:
        warned = json.loads(_record(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return sorted(set(warned) & env.found_docs)


def save_warned(app: Sphinx, exception: Exception | None) -> None:
    logging.getLogger("sphinx").removeHandler(app.book_warned)
    _record(app).parent.mkdir(parents=True, exist_ok=True)
    _record(app).write_text(
        json.dumps(sorted(app.book_warned.docnames)), encoding="utf-8"
    )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Connect the hooks."""
    if "sphinxcontrib.bibtex" in app.extensions:
        app.add_domain(citations_domain(), override=True)
    app.add_config_value("book_code_digest", "", "env", str)
    app.connect("config-inited", note_code)
    app.connect("config-inited", register_bibtex_plugins)
    app.connect("builder-inited", start_collecting)
    app.connect("write-started", cache_compiled_templates)
    app.connect("env-get-outdated", reread_warned)
    app.connect("build-finished", save_warned)
    app.connect("build-finished", drop_unused_terms)
    app.connect("build-finished", save_formatted)
    app.connect("doctree-read", note_bibliography)
    app.connect("env-before-read-docs", note_documents_read)
    app.connect("write-started", keep_unchanged_pages)
    app.connect("write-started", restore_index_entries)
    app.connect("html-collect-pages", keep_search_page)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
