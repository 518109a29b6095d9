"""What Sphinx's EPUB builder leaves out of a book: language, identifier, access.

Sphinx's EPUB 3 builder (``sphinx.builders.epub3``) writes every XHTML file
with an ``<html>`` element that names no language (its ``HTML_TAG``; only
content.opf says zh-CN), writes ``epub_uid`` -- an XML name, since it is also
the identifier's ``id`` -- into toc.ncx, where epubcheck wants the
identifier itself (NCX-001), and its content.opf template has no place for
the accessibility metadata of EPUB Accessibility 1.1 (``schema:accessMode``
and the like, which Ace by DAISY asks for) nor for the cover image's
``cover-image`` property.  This module replaces the builder by a subclass
that does the three:

* ``<html lang="…" xml:lang="…">`` on every XHTML file, from
  ``epub_language`` (both: reading systems read one or the other);
* toc.ncx's ``dtb:uid`` is ``epub_identifier`` (a ``urn:uuid:``, conf.py);
* content.opf gets the ``book_epub_accessibility`` metadata (conf.py: the
  properties and their values) and the ``cover-image`` property on
  ``epub_cover``'s image, which is ``book_epub_cover_file`` (a PNG the
  repository keeps, made by ``tools/cover.py``) copied in.

Sphinx offers no template or setting for any of them (its content.opf is
rendered from the builder's own template folder, not ``templates_path``).
"""

from __future__ import annotations

import html
import re
import shutil
from typing import TYPE_CHECKING

from sphinx.builders.epub3 import HTML_TAG, Epub3Builder
from sphinx.util import logging

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)


class BookEpub3Builder(Epub3Builder):
    """Sphinx's EPUB 3 builder, with the book's language, identifier and
    accessibility metadata."""

    def init(self) -> None:
        super().init()
        # Epub3Builder's class attribute, which every XHTML file's template reads
        lang = html.escape(self.config.epub_language)
        self.html_tag = (
            HTML_TAG.removesuffix(">") + f' lang="{lang}" xml:lang="{lang}">'
        )

    def toc_metadata(self, level: int, navpoints: list) -> dict:
        metadata = super().toc_metadata(level, navpoints)
        metadata["uid"] = html.escape(self.config.epub_identifier)
        return metadata

    def build_content(self) -> None:
        # Sphinx writes the cover page in build_content, after listing the
        # files of the output folder: a rebuild finds the last build's page
        # there, puts it in the spine as a file of its own and then again
        # as the cover, which epubcheck refuses (RSC-005).  A rebuild is the
        # same book when the page is gone before the listing.
        (self.outdir / self.coverpage_name).unlink(missing_ok=True)
        if self.config.epub_cover and self.config.book_epub_cover_file:
            cover = self.outdir / self.config.epub_cover[0]
            cover.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.confdir / self.config.book_epub_cover_file, cover)
        super().build_content()
        opf = self.outdir / "content.opf"
        text = opf.read_text(encoding="utf-8")
        metas = "".join(
            f'    <meta property="schema:{name}">{html.escape(value)}</meta>\n'
            for name, values in self.config.book_epub_accessibility.items()
            for value in ([values] if isinstance(values, str) else values)
        )
        if metas and "  </metadata>" not in text:
            unplaced(opf, "the accessibility metadata")
        text = text.replace("  </metadata>", f"{metas}  </metadata>", 1)
        if self.config.epub_cover:
            image = html.escape(self.config.epub_cover[0].replace("\\", "/"))
            text, found = re.subn(
                rf'(<item id="[^"]*" href="{re.escape(image)}" [^>]*?) />',
                r'\1 properties="cover-image" />',
                text,
                count=1,
            )
            if not found:
                unplaced(opf, "the cover-image property")
        opf.write_text(text, encoding="utf-8")


def unplaced(opf: Path, what: str) -> None:
    """Sphinx's content.opf template no longer has the place this module
    writes into: say so rather than write an EPUB without it."""
    logger.warning(
        "%s: Sphinx's content.opf has no place for %s; update "
        "tools/sphinxext/editions/epub_book.py for this Sphinx",
        opf,
        what,
        type="epub_book",
    )


def setup(app: Sphinx) -> ExtensionMetadata:
    # {"accessMode": ["textual"], "accessibilitySummary": "…", …}
    app.add_config_value("book_epub_accessibility", {}, "epub", types=frozenset({dict}))
    # the cover's PNG, relative to conf.py's folder
    app.add_config_value("book_epub_cover_file", "", "epub", types=frozenset({str}))
    app.add_builder(BookEpub3Builder, override=True)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
