"""Refuse every way a page could read a file from outside the repository.

A pull request is built on CI, on Read the Docs and on reviewers' machines,
and whatever its pages read is published.  Before anything is read:

* ``include`` (MyST and reStructuredText, also inside ``eval-rst`` and
  translations), ``literalinclude`` (and its ``:diff:``) and
  ``csv-table :file:`` must name a file
  inside the repository (``tools/lib/confine.py``: symbolic links followed, never
  ``.git``, the environments or the build output); docutils' standard
  includes (``<isonum.txt>``) and ``csv-table :url:`` are refused;
* the ``raw`` directive is refused outright, before its ``:file:`` or
  ``:url:`` is read;
* images and figures (any syntax) and ``{download}`` are checked by path
  before Sphinx collects them for copying;
* a symbolic link in ``docs/``, ``sources/`` or ``locales/`` that leads out
  of bounds is refused, and a page behind one is not read;
* a page that is not UTF-8 is refused with its line, instead of crashing the
  build.

Each refusal is a warning at ``file:line`` saying what to do; the build's
``-W`` turns it into a failure.  As a last line, any node of a doctree whose
source is out of bounds (a file-reading path no rule here knows) is refused
and removed.
"""

from __future__ import annotations

import codecs
import encodings.utf_8_sig
import glob
import os
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.misc import Raw
from docutils.parsers.rst.directives.tables import CSVTable
from sphinx import addnodes
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from tools.lib import confine, textfile

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

# Where contributors' files live besides the pages (srcdir); a symbolic link
# in any of them is checked.
CONTENT_FOLDERS = ("sources", "locales", "references.bib")


def refusal(what: str, reason: str) -> str:
    """The warning for a refused read: what, why, what to do."""
    return f"{what} refused: {reason}; {confine.WHAT_TO_DO}"


def _escape(env: BuildEnvironment, path: str | os.PathLike) -> str | None:
    """Why the book may not read ``path`` (``None``: it may)."""
    return confine.escape(path, env.config.confinement_root)


def remember_root(app: Sphinx, config: Config) -> None:
    """The repository is the folder of conf.py."""
    config.confinement_root = str(app.confdir)


class ConfinedInclude(SphinxDirective):
    """``include`` that reads only files inside the repository."""

    required_arguments = 1
    final_argument_whitespace = True
    # docutils' options, and the Markdown-only ones MyST adds to them
    option_spec: ClassVar = {
        **Include.option_spec,
        "relative-images": directives.flag,
        "relative-docs": directives.path,
        "heading-offset": directives.nonnegative_int,
    }

    def run(self) -> list[nodes.Node]:
        argument = "".join(part.strip() for part in self.arguments[0].splitlines())
        if argument.startswith("<") and argument.endswith(">"):
            reason = "it is one of docutils' own files, outside the repository"
        else:
            reason = _escape(self.env, self.env.relfn2path(argument)[1])
        if reason:
            logger.warning(
                refusal(f"include {argument!r}", reason),
                location=self.get_location(),
                type="confinement",
            )
            return []
        return self._delegate()

    def _delegate(self) -> list[nodes.Node]:
        """Run the include of the document's own parser (MyST or docutils)."""
        from myst_parser.mocking import MockIncludeDirective, MockState

        if isinstance(self.state, MockState):
            # MyST runs its own include for Markdown (private: guarded by
            # tests/test_security.py, which includes a file that is inside).
            return MockIncludeDirective(
                self.state._renderer,
                name=self.name,
                klass=Include,
                arguments=self.arguments,
                options=self.options,
                body=list(self.content),
                lineno=self.lineno,
            ).run()
        return Include(
            self.name,
            self.arguments,
            self.options,
            self.content,
            self.lineno,
            self.content_offset,
            self.block_text,
            self.state,
            self.state_machine,
        ).run()


class ConfinedLiteralInclude(LiteralInclude):
    """``literalinclude`` that reads only files inside the repository."""

    def run(self) -> list[nodes.Node]:
        # the file itself, and the one its :diff: compares it with
        for what, path in [
            (f"literalinclude {self.arguments[0]!r}", self.arguments[0]),
            *(
                [
                    (
                        f"literalinclude :diff: {self.options['diff']!r}",
                        self.options["diff"],
                    )
                ]
                if "diff" in self.options
                else []
            ),
        ]:
            if reason := _escape(self.env, self.env.relfn2path(path)[1]):
                logger.warning(
                    refusal(what, reason),
                    location=self.get_location(),
                    type="confinement",
                )
                return []
        return super().run()


class ConfinedCSVTable(CSVTable):
    """``csv-table`` without ``:url:`` and with ``:file:`` inside the repository."""

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        reason = None
        if "url" in self.options:
            what = f"csv-table :url: {self.options['url']!r}"
            reason = "a build fetches nothing from the network"
        elif "file" in self.options:
            what = f"csv-table :file: {self.options['file']!r}"
            here = Path(self.state.document.current_source or env.doc2path(env.docname))
            reason = _escape(env, os.path.normpath(here.parent / self.options["file"]))
        if reason:
            logger.warning(
                refusal(what, reason),
                location=(env.docname, self.lineno),
                type="confinement",
            )
            return []
        return super().run()


class RefusedRaw(SphinxDirective):
    """``raw``: refused before its ``:file:`` or ``:url:`` is read."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar = dict(Raw.option_spec)

    def run(self) -> list[nodes.Node]:
        source = self.options.get("file") or self.options.get("url")
        logger.warning(
            "raw %s is not allowed in the book%s; write Markdown, or ask for a "
            "Sphinx extension if something cannot be expressed",
            self.arguments[0],
            f" (nor reading {source!r} into a page)" if source else "",
            location=self.get_location(),
            type="raw",
        )
        return []


def _has_scheme(uri: str) -> bool:
    return "://" in uri or uri.startswith(("//", "data:")) or ":" in uri.split("/")[0]


def _detached(node: nodes.Node, document: nodes.document) -> bool:
    """Whether ``node`` was removed from ``document`` (with an ancestor)."""
    while node.parent is not None:
        node = node.parent
    return node is not document


class ConfineNodes(SphinxTransform):
    """Images, downloads and any node whose source lies out of bounds.

    Runs after the translation of a page (priority 20), so what a catalogue
    brings in is checked too, and before Sphinx collects images and
    downloads for copying (``doctree-read``).
    """

    default_priority = 90

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        for node in list(self.document.findall(nodes.image)):
            uri = node.get("uri", "")
            if _has_scheme(uri):
                continue  # not a file: tools/sphinxext/active_content.py
            path = self.env.relfn2path(uri, docname)[1]
            paths = glob.glob(path) if "*" in uri else [path]
            reason = next(filter(None, (_escape(self.env, p) for p in paths)), None)
            if reason:
                self._refuse(node, f"image {uri!r}", reason)
        for node in list(self.document.findall(addnodes.download_reference)):
            target = node.get("reftarget", "")
            if _has_scheme(target):
                continue  # a link, not a file
            reason = _escape(self.env, self.env.relfn2path(target, docname)[1])
            if reason:
                self._refuse(node, f"download {target!r}", reason)
        reasons: dict[str, str | None] = {}  # one look per file, not per node
        for node in list(self.document.findall(nodes.Element)):
            if node is self.document or _detached(node, self.document):
                continue
            for source in {node.source, node.get("source")}:
                if not (isinstance(source, str) and os.path.isabs(source)):
                    continue  # "<translated>", "<string>": nothing was read
                if source not in reasons:
                    reasons[source] = (
                        _escape(self.env, source) if os.path.exists(source) else None
                    )
                if reason := reasons[source]:
                    self._refuse(
                        node,
                        "content read from a file",
                        reason,
                        location=(docname, node.line),
                    )
                    break

    def _refuse(self, node, what, reason, location=None) -> None:
        logger.warning(
            refusal(what, reason),
            location=location or node,
            type="confinement",
        )
        if node.parent is not None:
            node.parent.remove(node)


def refuse_outside_links(app: Sphinx, config: Config) -> None:
    """Refuse symbolic links that lead out of bounds; read no page behind one."""
    root = Path(app.confdir)
    folders = (os.path.relpath(app.srcdir, root), *CONTENT_FOLDERS)
    for path, reason in confine.outside_links(root, folders):
        logger.warning(
            "%s: symbolic link refused: %s; replace the link with the file "
            "itself, or remove it",
            path,
            reason,
            type="confinement",
        )
        srcdir = Path(app.srcdir)
        if path.is_relative_to(srcdir):
            below = path.relative_to(srcdir).as_posix()
            config.exclude_patterns = [*config.exclude_patterns, below, f"{below}/**"]


# Sphinx reads a page strictly as UTF-8 and ends the build with a traceback
# on one wrong byte.  The book's pages are read with this codec instead: the
# same UTF-8 (with or without a byte-order mark), a wrong byte read as U+FFFD,
# once ``report_unreadable_pages`` has named its file and line.
CODEC = "book_utf_8"


class _LenientDecoder(encodings.utf_8_sig.IncrementalDecoder):
    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")


def _find_codec(name: str) -> codecs.CodecInfo | None:
    if name != CODEC:
        return None
    utf8 = codecs.lookup("utf-8-sig")
    return codecs.CodecInfo(
        utf8.encode,
        lambda data, errors="strict": utf8.decode(data, "replace"),
        incrementalencoder=utf8.incrementalencoder,
        incrementaldecoder=_LenientDecoder,
        streamreader=utf8.streamreader,
        streamwriter=utf8.streamwriter,
        name=CODEC,
    )


codecs.register(_find_codec)


def report_unreadable_pages(
    app: Sphinx, env: BuildEnvironment, docnames: list[str]
) -> None:
    """A page that is not UTF-8 or whose front matter is not YAML, at its line.

    A page that is not UTF-8 is then read leniently.

    ``env.settings`` is the environment's docutils settings, which Sphinx
    fills from ``source_encoding`` when the environment is set up (guarded
    by tests/test_security.py: a page with a wrong byte builds).
    """
    if codecs.lookup(env.settings["input_encoding"]).name in {"utf-8", "utf-8-sig"}:
        env.settings["input_encoding"] = CODEC
    for docname in docnames:
        try:
            textfile.front_matter(env.doc2path(docname))
        except textfile.UnreadableText as error:
            logger.warning(
                error.message,
                location=(docname, error.line),
                type="confinement",
                subtype="encoding",
            )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the confined directives, the node check and the file checks."""
    app.add_directive("include", ConfinedInclude, override=True)
    app.add_directive("literalinclude", ConfinedLiteralInclude, override=True)
    app.add_directive("csv-table", ConfinedCSVTable, override=True)
    app.add_directive("raw", RefusedRaw, override=True)
    app.add_config_value("confinement_root", None, "", types=frozenset({str}))
    app.connect("config-inited", remember_root, priority=100)
    app.add_transform(ConfineNodes)
    app.connect("config-inited", refuse_outside_links)
    app.connect("env-before-read-docs", report_unreadable_pages)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
