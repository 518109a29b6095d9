"""Refuse every way a page could read a file from outside the repository.

A pull request is built on CI, on Read the Docs and on reviewers' machines,
and whatever its pages read is published.  Before anything is read:

* docutils' own switches are off (its "Deploying Docutils Securely"):
  ``file_insertion_enabled`` (no ``include``, in MyST or reStructuredText,
  no ``literalinclude``, no ``csv-table :file:`` or ``:url:``, no ``raw
  :file:`` or ``:url:``) and ``raw_enabled`` (no ``raw`` directive).
  docutils refuses each at its ``file:line``; this module adds what to do
  to its message (``SaysWhatToDo``);
* images and figures (any syntax) and ``{download}`` are checked by path
  before Sphinx collects them for copying (``tools/lib/confine.py``:
  symbolic links followed, never ``.git``, the environments or the build
  output);
* a symbolic link in ``docs/``, ``sources/`` or ``locales/`` that leads out
  of bounds is refused, and a page behind one is not read;
* a page that is not UTF-8 is refused with its line, instead of crashing the
  build.

Each refusal is a warning at ``file:line`` saying what to do; the build's
``-W`` turns it into a failure.  (What a page could otherwise read from a
file went with docutils' switches; ``published_html`` checks the written
HTML whatever made it.)
"""

from __future__ import annotations

import codecs
import encodings.utf_8_sig
import glob
import logging as logging_
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

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


# What docutils says when a switch below refuses a directive (docutils'
# include, raw and csv-table, MyST's include, Sphinx's literalinclude).
SWITCHED_OFF = re.compile(
    r"[Dd]irective\b.*\bdisabled|File insertion disabled|File and URL access deactivated"
)
# Sphinx ends the first line with the warning's type: `` [docutils]``.
_TYPE = re.compile(r"\.?( \[[\w.-]+\])?$")
SWITCHED_OFF_WHAT_TO_DO = (
    "the book's pages read no other file or address and hold no raw markup "
    "(docutils' file_insertion_enabled and raw_enabled are off); write the text "
    "into the page in Markdown, keep an image in docs/media/ and name its "
    "path, or ask for a Sphinx extension (SECURITY.md)"
)


class SaysWhatToDo(logging_.Filter):
    """Adds what to do to the first line of docutils' warning for a directive
    a switch refused (at its ``file:line``; docutils, MyST and Sphinx each
    pass theirs on by another logger, so the filter is on Sphinx's handlers).
    A warning that passes twice is left as it is the second time.
    """

    def filter(self, record: logging_.LogRecord) -> bool:
        first, newline, rest = str(record.msg).partition("\n")
        if SWITCHED_OFF.search(first) and SWITCHED_OFF_WHAT_TO_DO not in first:
            first = _TYPE.sub(rf"; {SWITCHED_OFF_WHAT_TO_DO}\1", first, count=1)
            record.msg = first + newline + rest
        return True


def refusal(what: str, reason: str) -> str:
    """The warning for a refused read: what, why, what to do."""
    return f"{what} refused: {reason}; {confine.WHAT_TO_DO}"


def _escape(env: BuildEnvironment, path: str | os.PathLike) -> str | None:
    """Why the book may not read ``path`` (``None``: it may)."""
    return confine.escape(os.fspath(path), env.config.confinement_root)


def remember_root(app: Sphinx, config: Config) -> None:
    """The repository is the folder of conf.py."""
    config.confinement_root = str(app.confdir)


def _has_scheme(uri: str) -> bool:
    return "://" in uri or uri.startswith(("//", "data:")) or ":" in uri.split("/")[0]


class ConfineNodes(SphinxTransform):
    """Images and downloads that name a file out of bounds.

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
                continue  # not a file: tools/sphinxext/security/active_content.py
            path = self.env.relfn2path(uri, docname)[1]
            paths = glob.glob(path) if "*" in uri else [path]
            reason = next(filter(None, (_escape(self.env, p) for p in paths)), None)
            if reason:
                self._refuse(node, f"image {uri!r}", reason)
        for ref in list(self.document.findall(addnodes.download_reference)):
            target = ref.get("reftarget", "")
            if _has_scheme(target):
                continue  # a link, not a file
            reason = _escape(self.env, self.env.relfn2path(target, docname)[1])
            if reason:
                self._refuse(ref, f"download {target!r}", reason)

    def _refuse(self, node, what, reason) -> None:
        logger.warning(refusal(what, reason), location=node, type="confinement")
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
    # docutils' own switches ("Deploying Docutils Securely"): no directive
    # inserts a file or a URL (include, literalinclude, csv-table :file:
    # and :url:, raw :file: and :url:), and no raw directive at all.
    env.settings["file_insertion_enabled"] = False
    env.settings["raw_enabled"] = False
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
    """Switch file insertion off; register the node check and the file checks."""
    for handler in logging_.getLogger("sphinx").handlers:
        if not any(isinstance(f, SaysWhatToDo) for f in handler.filters):
            handler.addFilter(SaysWhatToDo())
    app.add_config_value("confinement_root", None, "", types=frozenset({str}))
    app.connect("config-inited", remember_root, priority=100)
    app.add_transform(ConfineNodes)
    app.connect("config-inited", refuse_outside_links)
    app.connect("env-before-read-docs", report_unreadable_pages)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
