"""Incremental rebuilds that are still strict: what a rebuild must re-read.

Each fix uses Sphinx's public events; the speed patches are apart, in
``speedups`` (behind ``book_speedups``).

* A page that warned in the last build is read again in the next one, even
  if its file did not change.  Sphinx re-reads only changed pages, so
  without this a second ``nox -s html`` after a mistake (an edited sentence,
  an undefined term) would pass silently; the docnames that warned are kept
  in ``book-warned-docs.json`` beside the doctrees.
* Every page is read again when the code that shapes the output changes:
  Sphinx compares the configuration with the last build's, but not the
  extensions' code, so after an edit to an extension, its template, script
  or catalogue, or to the library it uses, a rebuild would write the old
  output for every page it did not re-read.  A digest of
  ``tools/sphinxext/`` and ``tools/lib/`` (not the commands, the LaTeX
  style or the package lists beside them) is a configuration value
  (``book_code_digest``) that rebuilds the environment when it changes.
  The book's own static files (``html_static_path``) are in the digest
  too: an edited stylesheet changes the ``?v=`` checksum on every page.
* A page that cites is read again when the bibliography (``bibtex_bibfiles``)
  changes: sphinxcontrib-bibtex re-formats the entries but re-reads no page,
  so the bibliography page and every citation's label would keep the old
  text until a clean build.  The bib files are noted as dependencies of
  each page that cites or lists references, with Sphinx's own
  ``env.note_dependency``.
* A rebuild after a change of settings (``nox -s build``, which offers the
  downloads, then ``nox -s html``) leaves no ``.buildinfo.bak``: Sphinx keeps
  the previous ``.buildinfo`` under that name, a file a clean build does not
  write (and the published-files scan would refuse).

An extension that keeps data in the environment (a domain, as ``mentions``
does) states ``env_version`` in its ``setup()`` metadata and raises it when
the shape of that data changes: Sphinx then discards the pickled
environment instead of handing the new code the old data.
"""

from __future__ import annotations

import hashlib
import json
import logging
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata


TOOLS = Path(__file__).resolve().parents[2]  # tools/
# The code that shapes the output: the extensions and the library they use.
SHAPES_OUTPUT = ("sphinxext", "lib")


def code_digest(root: Path = TOOLS) -> str:
    """A digest of every file under ``root``'s extensions and library, by
    name and bytes (not the compiled ``.pyc`` and ``.mo`` files made from
    them)."""
    digest = hashlib.sha256()
    paths = (path for folder in SHAPES_OUTPUT for path in (root / folder).rglob("*"))
    for path in sorted(paths):
        if path.suffix in {".pyc", ".mo"} or not path.is_file():
            continue
        name = path.relative_to(root).as_posix().encode()
        digest.update(name + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def static_digest(confdir: Path, static_paths: list[str]) -> str:
    """A digest of the book's own static files (``html_static_path``), by
    name and bytes: Sphinx copies an edited stylesheet but rewrites no page,
    so every page would keep the old file's ``?v=`` checksum, which a clean
    build writes anew."""
    digest = hashlib.sha256()
    for entry in static_paths:
        top = confdir / entry
        files = [top] if top.is_file() else sorted(top.rglob("*"))
        for path in files:
            if path.is_file():
                name = path.relative_to(confdir).as_posix().encode()
                digest.update(name + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def note_code(app: Sphinx, config) -> None:
    statics = static_digest(Path(app.confdir), list(config.html_static_path))
    config.book_code_digest = f"{code_digest()} {statics}"


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


# One collector per application (the tests run several in one process).
WARNED: weakref.WeakKeyDictionary[Sphinx, WarnedDocuments] = weakref.WeakKeyDictionary()


def _record(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "book-warned-docs.json"


def start_collecting(app: Sphinx) -> None:
    WARNED[app] = WarnedDocuments(app)
    logging.getLogger("sphinx").addHandler(WARNED[app])


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
    collector = WARNED.pop(app)
    logging.getLogger("sphinx").removeHandler(collector)
    _record(app).parent.mkdir(parents=True, exist_ok=True)
    _record(app).write_text(json.dumps(sorted(collector.docnames)), encoding="utf-8")


def drop_old_build_info(app: Sphinx, exception: Exception | None) -> None:
    """Remove the ``.buildinfo.bak`` Sphinx's HTML builder keeps when the
    settings changed since the last build in the folder."""
    Path(app.outdir, ".buildinfo.bak").unlink(missing_ok=True)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Connect the hooks."""
    app.add_config_value("book_code_digest", "", "env", str)
    app.connect("config-inited", note_code)
    app.connect("builder-inited", start_collecting)
    app.connect("env-get-outdated", reread_warned)
    app.connect("build-finished", save_warned)
    app.connect("build-finished", drop_old_build_info)
    app.connect("doctree-read", note_bibliography)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
