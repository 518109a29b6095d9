"""Speed patches to Sphinx, sphinxcontrib-bibtex, pybtex and Jinja, behind
one switch: ``book_speedups`` (on by default; ``-D book_speedups=0`` builds
without them).  Each makes a rebuild faster and none may change what it
writes: ``tests/test_rebuild.py`` compares rebuilds with a clean build with
the switch on and off.  This is the one module of the book that reaches
into other packages' internals; each patch names the upstream change that
would let it go (no upstream issue was found for any of them in the issue
trackers searched on 2026-12-07: filing one is the first step to removing
the patch).

1. ``keep_index_pages`` — Sphinx's HTML builder renders the general index and
   the search page on every build, even when no page changed; with the
   book's theme that is most of a rebuild with nothing to do.  When no
   document was read and none is out of date, the two pages of the previous
   build are still exact, so they are kept (the builder's ``use_index`` is
   switched off for this build, and ``pagefind_search`` leaves the search
   page out).  Can go when Sphinx skips unchanged index pages itself.
2. ``BookBibtexDomain`` — sphinxcontrib-bibtex formats every entry of the
   bibliography in every build (its domain's ``env_updated``), about a third
   of a rebuild with nothing to do.  Its result depends only on the pages
   read and on the bib files (whose change makes the pages that cite be
   read again: ``incremental``); when no page was read, the citations the
   environment kept from the last build are exact, so they are kept.  Can
   go when sphinxcontrib-bibtex formats only when a page was read.
3. ``scan_entry_points_once`` — pybtex finds its styles and backends
   through ``importlib.metadata`` entry points, scanning every installed
   distribution at each look-up: sphinxcontrib-bibtex looks up a style for
   each citation, about a tenth of a rebuild after one edit.  pybtex's
   module-level ``entry_points`` is given one scan to select from (a
   process-wide monkeypatch).  Can go when pybtex caches its plugin look-up.
4. ``remembering_style`` — sphinxcontrib-bibtex formats every cited entry in
   every build that reads a page, with pybtex's templates, about a seventh
   of a rebuild after one edit.  The style is registered as a subclass that
   remembers each formatted entry, keyed by the entry's every field and
   name and its label, across builds (``book-bibtex-formatted.pickle``
   beside the doctrees, forgotten when pybtex or sphinxcontrib-bibtex is
   upgraded).  Can go when sphinxcontrib-bibtex caches formatted entries.
5. ``cache_compiled_templates`` — Sphinx compiles the theme's Jinja templates
   anew in every build that writes a page, about a tenth of a rebuild after
   one edit; they are kept beside the doctrees with Jinja's own
   ``FileSystemBytecodeCache`` (checked against each template's source).
   Can go when Sphinx's template bridge sets a bytecode cache itself.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata


# The attributes this module sets on Sphinx's objects are not Sphinx's API:
# the objects are typed Any where they are set.


def note_documents_read(
    app: Sphinx, env: BuildEnvironment, docnames: list[str]
) -> None:
    builder: Any = app.builder
    builder.book_documents_read = bool(docnames)
    if "cite" in env.domains:
        cite: Any = env.get_domain("cite")
        cite.book_nothing_read = not docnames


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


def keep_index_pages(app: Sphinx, builder: Any) -> None:
    """Skip the general index (and search page) when nothing is to be written."""
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


SCAN: list[Any] = []  # the one scan of the distributions, once made
REMEMBERING_STYLES: set[type] = set()


def scanned_entry_points(**params):
    """``importlib.metadata.entry_points``, from one scan of every group."""
    from importlib.metadata import entry_points

    if not SCAN:
        SCAN.append(entry_points().select)
    return SCAN[0](**params)


def scan_entry_points_once() -> None:
    """Let pybtex find its plugins in one scan of the distributions."""
    import pybtex.plugin

    if getattr(pybtex.plugin, "entry_points", None) is not None:
        pybtex.plugin.entry_points = scanned_entry_points


def register_bibtex_plugins(app: Sphinx, config) -> None:
    """Scan pybtex's plugins once; register the remembering styles."""
    from pybtex.plugin import find_plugin, register_plugin

    scan_entry_points_once()
    for name in {config.bibtex_default_style, config.bibtex_tooltips_style} - {""}:
        style = find_plugin("pybtex.style.formatting", name)
        if style not in REMEMBERING_STYLES:
            style = remembering_style(style)
            REMEMBERING_STYLES.add(style)
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


def switch_on(app: Sphinx, config) -> None:
    """Connect every patch, unless ``book_speedups`` is off."""
    if not config.book_speedups:
        return
    app.connect("env-before-read-docs", note_documents_read)
    app.connect("write-started", keep_index_pages)
    app.connect("write-started", cache_compiled_templates)
    if "sphinxcontrib.bibtex" in app.extensions:
        app.add_domain(citations_domain(), override=True)
        register_bibtex_plugins(app, config)
        app.connect("build-finished", save_formatted)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the switch; the patches are connected once it is read."""
    app.add_config_value("book_speedups", True, "", bool)
    app.connect("config-inited", switch_on)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
