"""Every file the site serves is a page, the edition's own code, or checked content.

Sphinx copies the images a page shows into ``_images/`` and the files it
offers with ``{download}`` into ``_downloads/``, byte for byte, at the book's
own address.  ``published_html`` reads the pages Sphinx writes; this module
holds every other file to the rules of ``tools.lib.content_files`` (raster
images by their real type and size, plain SVG only, PDFs without scripts,
UTF-8 data; never HTML, JavaScript, CSS or an unknown type):

* before the pages are read, every file in the content folder
  ``docs/media/`` is checked, used or not, and named at its ``file:line``;
* while a page is read, each image and download it names must lie in that
  folder and pass; a refused one is left out of the page, so it is not
  copied;
* when an HTML build has finished, every file in the output is: what is
  neither a page Sphinx wrote, nor under ``_static/`` (the edition's own
  code and the theme's: ``docs/_static/`` and ``tools/sphinxext/static/``,
  CODEOWNERS paths) or ``pagefind/`` (the search index Pagefind wrote), nor
  one of the files the build itself writes, must pass the same rules — so
  nothing served from the book's origin runs a contributor's script, by
  whatever path it got there.  Raster images and SVG under ``_static/`` are
  checked too.

Every finding is a warning (``-W`` fails the build).
"""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from tools.lib import content_files
from tools.lib.build import edition_basename

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

#: Output folders of the edition's own code (CODEOWNERS paths, the theme's,
#: Sphinx's) and of the search index Pagefind writes from the pages.
OWN_FOLDERS = frozenset({"_static", "pagefind", "_sources"})
#: Files the build writes itself: Sphinx's, ``sitemap``'s, ``web_annotations``'.
BUILD_FILES = frozenset(
    {".buildinfo", "objects.inv", "searchindex.js", "sitemap.xml", "annotations.jsonld"}
)
EXTRA_PAGES = ("genindex", "search", "py-modindex")
IMAGE_SUFFIXES = frozenset({*content_files.RASTER, ".svg"})


def _report(path: Path | str, line: int, problem: str, what_to_do: str) -> None:
    logger.warning(
        "%s; %s",
        problem,
        what_to_do,
        location=f"{path}:{line}",
        type="published-files",
    )


def _check_file(path: Path) -> bool:
    """Warn about each problem of a content file; whether it has any."""
    found = content_files.problems(path)
    for line, problem in found:
        _report(path, line, problem, content_files.WHAT_TO_DO)
    return bool(found)


class RefuseUnsafeFiles(SphinxTransform):
    """Check every image and download a page names; drop a refused one."""

    default_priority = 96  # after active_content (95) refused other hosts' images

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        for node in list(self.document.findall(nodes.image)):
            uri = node.get("uri", "")
            if "://" in uri or uri.startswith(("data:", "//")):
                continue  # active_content's to refuse
            self._check(node, uri, docname)
        for download in list(self.document.findall(addnodes.download_reference)):
            target = download.get("reftarget", "")
            if target and "://" not in target:
                self._check(download, target, docname)

    def _check(self, node: nodes.Element, uri: str, docname: str) -> None:
        _rel, filename = self.env.relfn2path(uri, docname)
        paths = (
            [Path(p) for p in glob.glob(filename)]
            if "*" in filename
            else [Path(filename)]
        )
        media = Path(self.env.srcdir, content_files.MEDIA_FOLDER).resolve()
        refused = False
        for path in paths:
            if not path.is_file():
                continue  # Sphinx says so
            self.env.note_dependency(str(path))
            if not path.resolve().is_relative_to(media):
                refused = True
                logger.warning(
                    "%r is not in docs/%s/, the folder of the book's images, PDFs "
                    "and data files; move it there and name that path",
                    uri,
                    content_files.MEDIA_FOLDER,
                    location=node,
                    type="published-files",
                )
            elif content_files.problems(path):  # named at its line by check_media
                refused = True
        if refused and node.parent is not None:
            if isinstance(node, addnodes.download_reference):
                node.replace_self(nodes.inline("", "", *node.children))
            else:
                node.parent.remove(node)


def check_media(app: Sphinx) -> None:
    """Check every file in the content folder, whether a page uses it or not."""
    folder = Path(app.srcdir, content_files.MEDIA_FOLDER)
    if not folder.is_dir():
        return
    for here, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            _check_file(Path(here, name))


def _written_pages(app: Sphinx) -> set[str]:
    builder = cast("StandaloneHTMLBuilder", app.builder)
    names = [*app.env.found_docs, *EXTRA_PAGES, *app.config.html_additional_pages]
    return {os.path.realpath(builder.get_outfilename(name)) for name in names}


def check_output(app: Sphinx, exception: Exception | None) -> None:
    """Hold every file of the written site to the content rules."""
    if exception is not None or app.builder.format != "html":
        return
    if app.builder.name.startswith("epub"):
        return  # a container (its own .opf, .ncx, .xhtml), offered as a download
    out = Path(app.outdir)
    folders = app.config.book_languages if "book_languages" in app.config else {}
    mine = folders.get(app.config.language, "")
    others = {f for f in folders.values() if f and f != mine}  # built beside it
    pages = _written_pages(app)
    editions = {
        f"_downloads/{edition_basename(app.config.language)}{suffix}"
        for suffix in (".pdf", ".epub")
    }
    doctrees = Path(app.doctreedir).resolve()  # sphinx-build's default: inside
    for here, dirs, files in os.walk(out):
        rel_dir = Path(here).relative_to(out)
        dirs[:] = [d for d in dirs if Path(here, d).resolve() != doctrees]
        if rel_dir == Path("."):
            dirs[:] = [d for d in dirs if d not in others]
        dirs.sort()
        top = rel_dir.parts[0] if rel_dir.parts else ""
        for name in sorted(files):
            path = Path(here, name)
            rel = (rel_dir / name).as_posix()
            if rel in editions or (not top and name in BUILD_FILES):
                continue
            if top in OWN_FOLDERS:
                if path.suffix.lower() not in IMAGE_SUFFIXES:
                    continue  # the edition's own code, reviewed as code
            elif os.path.realpath(path) in pages:
                continue  # a page: published_html read it
            stale = " (a page removed since the last build? build afresh)"
            for line, problem in content_files.problems(path):
                _report(
                    path,
                    line,
                    f"published file: {problem}",
                    "find the page, download or setting that published it"
                    + (stale if path.suffix == ".html" else "")
                    + "; "
                    + content_files.WHAT_TO_DO,
                )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the page transform, the media-folder check and the site check."""
    app.add_transform(RefuseUnsafeFiles)
    app.connect("builder-inited", check_media, priority=50)
    app.connect("build-finished", check_output, priority=950)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
