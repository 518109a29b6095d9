"""The book's Sphinx extensions, wired together.

``extensions = ["tools.sphinxext"]`` in ``conf.py`` loads them all:

* ``messages`` — the extensions' interface words in each language (a
  message catalogue, ``locale/``);
* ``turns`` — the ``{turn}`` directive, numbered paragraphs ``#pN``, speakers;
* ``interview_meta`` — the source card under each chapter title;
* ``interview_status`` — a draft or untranslated chapter says so;
* ``cjk_text`` — no stray spaces in Chinese text, every language run marked;
* ``mentions`` — the index of people and organisations by paragraph;
* ``series`` — the interviews of the series, from ``docs/series.yaml``;
* ``fidelity_check`` — an edited interview sentence fails the build;
* ``interview_attrs`` — no class, id or wrapper hides the interview's text;
* ``apparatus_chars`` — no invisible or look-alike character in translations,
  pages, front matter or the bibliography;
* ``stable_ids`` — stable ids for glossary terms, headings and annotations;
* ``pagefind_search`` — the one search engine: Sphinx's indexer off, paragraph-precise search (Pagefind) and the search page;
* ``page_assets`` — scripts deferred, search scripts only on the search page;
* ``a11y`` — accessible markup for the bibliography and the search button;
* ``bib_check`` — references.bib parses and every entry is sourced;
* ``editions`` — the PDF and EPUB builds, and the web edition's links to them;
* ``index_pinyin`` — the general index in pinyin order, grouped by letter;
* ``epub_book`` — the EPUB's language on every file, its URN, accessibility
  metadata and cover;
* ``translations`` — each page links to the same page in the other language;
* ``incremental`` — rebuilds re-read pages that warned, pages whose
  citations changed, and every page when the extensions' code changed;
* ``speedups`` — the speed patches to Sphinx, sphinxcontrib-bibtex, pybtex
  and Jinja, behind one switch (``book_speedups``);
* ``sitemap`` — ``sitemap.xml`` lists every page, whatever a build rewrote;
* ``confinement`` — nothing is read from outside the repository;
* ``active_content`` — no raw HTML, nothing from another host, no script links, no meta;
* ``published_html`` — the written HTML is checked for the same, whatever made it;
* ``published_files`` — every other file of the site is a checked image, PDF or
  data file from ``docs/media/``, or the edition's own code;
* ``previews`` — cards for glossary terms, citations and ¶ references;
* ``edition_info`` — the edition a build is (git tag), its version switcher
  and old-edition banner;
* ``paragraph_actions`` — cite, suggest an annotation, edit, from the ¶ number;
* ``citation_meta`` — Highwire ``citation_*`` tags and schema.org JSON-LD;
* ``web_annotations`` — the annotations as W3C Web Annotations;
* ``preview_problems`` — in the live preview only, the build's problems in a
  banner over the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

# The extensions above, in the order they are set up (``messages`` first: the
# modules that show words set it up too).
EXTENSIONS = (
    "messages",
    "turns",
    "interview_meta",
    "interview_status",
    "cjk_text",
    "mentions",
    "series",
    "fidelity_check",
    "interview_attrs",
    "apparatus_chars",
    "stable_ids",
    "pagefind_search",
    "page_assets",
    "a11y",
    "bib_check",
    "editions",
    "epub_book",
    "index_pinyin",
    "translations",
    "incremental",
    "speedups",
    "sitemap",
    "previews",
    "edition_info",
    "paragraph_actions",
    "citation_meta",
    "web_annotations",
    "confinement",
    "active_content",
    "published_html",
    "published_files",
    "preview_problems",
)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Set up every extension of the book, each as an extension of its own.

    Through ``app.setup_extension``, so that Sphinx keeps each module's own
    metadata: its ``parallel_read_safe`` and ``parallel_write_safe`` from its
    ``setup()``, and a module that is not safe stops a parallel build with
    Sphinx's warning naming it.  This package's own setup does nothing but
    that, and is safe.
    """
    for name in EXTENSIONS:
        app.setup_extension(f"{__name__}.{name}")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
