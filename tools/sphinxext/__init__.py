"""The book's Sphinx extensions, wired together: the one map of them.

``extensions = ["tools.sphinxext"]`` in ``conf.py`` loads them all.  They sit
in one subpackage per concern, each with a docstring saying what it holds:

* ``text/`` — the interview's text and paragraphs;
* ``apparatus/`` — the scholarly apparatus: bibliography, previews,
  reference-manager metadata, annotations, index;
* ``reader/`` — what a reader's browser gets besides the text;
* ``search/`` — the one search engine;
* ``editions/`` — the PDF, EPUB and web editions, and the edition a build is;
* ``security/`` — what a pull request cannot do, refused in the doctree and
  in the written site;
* ``plumbing/`` — the build's own machinery.

Beside them, ``static/``, ``templates/`` and ``locale/`` hold the scripts and
stylesheets, the templates and the message catalogue the extensions use.

``EXTENSIONS`` names every extension (each module with a ``setup``), under
its concern, in the order they are set up; ``SET_UP_BEFORE`` the orders of
setup that matter; ``PRIORITIES`` every event listener's and transform's
priority of theirs and why it is what it is (Sphinx calls a hook's listeners
by priority, those of one priority in the order they were connected, and
docutils applies transforms the same way).  ``tests/test_sphinxext_package.py``
holds the code to this map.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


class Extension(NamedTuple):
    module: str  # under tools.sphinxext: "<concern>.<module>"
    does: str


# In the order they are set up.
EXTENSIONS: tuple[Extension, ...] = (
    Extension(
        "plumbing.messages",
        "the extensions' interface words: English in the code, marked _(), "
        "a catalogue per other language",
    ),
    Extension(
        "text.turns",
        "the {turn} directive, numbered paragraphs #pN with <chapter>-pN "
        "labels, the speakers",
    ),
    Extension(
        "text.interview_meta",
        "the source card under each chapter title, and the chapter's "
        "description for link previews and search engines",
    ),
    Extension(
        "text.interview_status",
        "a draft or untranslated chapter says so in its title and under it",
    ),
    Extension(
        "text.cjk_text",
        "no stray spaces in Chinese text (line breaks, note markers); each "
        "run of the other language marked with its lang",
    ),
    Extension(
        "text.mentions",
        "the index of people and organisations, by paragraph",
    ),
    Extension(
        "text.series",
        "the {series} list of the series' interviews, on the series page "
        "and the landing page, from one data file (docs/series.yaml)",
    ),
    Extension(
        "text.fidelity_check",
        "an edited interview paragraph, or an edited raw source, fails the build",
    ),
    Extension(
        "text.interview_attrs",
        "no class, attribute or wrapper hides the interview's text",
    ),
    Extension(
        "security.apparatus_chars",
        "no bidirectional control, zero-width character or look-alike "
        "letter in translations, pages, front matter or the bibliography",
    ),
    Extension(
        "text.stable_ids",
        "stable ids for glossary terms, headings and annotations",
    ),
    Extension(
        "search.pagefind_search",
        "the book's one search engine: Sphinx's indexer off, "
        "paragraph-precise search (Pagefind) and the search page: the "
        "interview's text first, then notes, glossary, other pages; a "
        "rebuild puts the new bundle in place at once, so the live preview "
        "never serves half of one",
    ),
    Extension(
        "reader.page_assets",
        "scripts deferred, the theme's tags for Sphinx's search scripts dropped",
    ),
    Extension(
        "reader.a11y",
        "accessible markup for the bibliography and the search button",
    ),
    Extension(
        "apparatus.bib_check",
        "references.bib parses, and every entry is sourced; works sharing "
        "an author-year label get a letter (n.d.-a, 2020b)",
    ),
    Extension(
        "editions.editions",
        "the PDF and EPUB builds, and the web edition's links to them",
    ),
    Extension(
        "editions.epub_book",
        "the EPUB's language on every XHTML file, its urn:uuid: identifier, "
        "its accessibility metadata and its cover",
    ),
    Extension(
        "apparatus.index_pinyin",
        "the general index (web, EPUB, PDF) sorted by pinyin and grouped by "
        "initial letter, Chinese and Latin entries together (pypinyin)",
    ),
    Extension(
        "reader.translations",
        "each page links to the same page in the other language, at the "
        "same paragraph (book-place.js, which also opens a note a link "
        "points into); the 404 page's links from the site's root",
    ),
    Extension(
        "plumbing.incremental",
        "rebuilds re-read what warned or changed, and every page when the "
        "extensions' or library's code (tools/sphinxext/, tools/lib/) "
        "changed",
    ),
    Extension(
        "plumbing.speedups",
        "the speed patches to Sphinx, sphinxcontrib-bibtex, pybtex and "
        "Jinja (each naming when it can go), behind one switch: -D "
        "book_speedups=0 builds without them",
    ),
    Extension(
        "editions.sitemap",
        "sitemap.xml lists every page, whatever a build rewrote",
    ),
    Extension(
        "apparatus.previews",
        "cards for glossary terms, citations and ¶ references",
    ),
    Extension(
        "editions.edition_info",
        "the edition a build is (stops on a bad tag or a CITATION.cff that "
        "disagrees), in the footer and the citations; the version menu, the "
        "old-edition banner (static/book-edition.js) and the edition "
        "history page ({edition-history})",
    ),
    Extension(
        "reader.paragraph_actions",
        "cite, suggest an annotation, edit, from the ¶ number",
    ),
    Extension(
        "apparatus.citation_meta",
        "Highwire citation_* tags and schema.org JSON-LD",
    ),
    Extension(
        "apparatus.web_annotations",
        "the annotations as W3C Web Annotations (annotations.jsonld)",
    ),
    Extension(
        "security.confinement",
        "nothing is read from outside the repository",
    ),
    Extension(
        "security.active_content",
        "nothing from another host, no script links, no meta tags",
    ),
    Extension(
        "security.published_html",
        "the written HTML is checked for the same, whatever made it",
    ),
    Extension(
        "security.published_files",
        "every other file of the site is an image, PDF or data file from "
        "docs/media/ that passes tools/lib/content_files.py, or the "
        "edition's own code",
    ),
    Extension(
        "reader.preview_problems",
        "in the live preview only (-D book_preview_problems=1), the build's "
        "problems in a banner over the page",
    ),
)

# Modules that are helpers of the extensions, not extensions (no ``setup``).
HELPERS = {
    "text.interview_facts": "a chapter's facts as the scholarly tools read them",
    "plumbing.built_pages": (
        "the built HTML pages, read once the build has written them; what is "
        "read off each page is kept by its digest, so a rebuild reads only "
        "the pages it rewrote"
    ),
}


class Before(NamedTuple):
    first: str
    then: str
    why: str


# The orders of setup that matter: ``first`` comes before ``then`` in
# ``EXTENSIONS``.  Besides these, a module that sets up another itself
# (``app.setup_extension``, so that it works alone, as in tests/roots/) comes
# after it, so that the order above is the order they are set up in.
SET_UP_BEFORE: tuple[Before, ...] = (
    Before(
        "editions.edition_info",
        "security.published_html",
        "both listen to build-finished at 900: write_history rewrites the "
        "history page, and published_html's check_output scans the pages as "
        "written",
    ),
)


class Priority(NamedTuple):
    module: str
    hook: str  # an event, or "transform" / "post-transform"
    handler: str  # the listener, or the transform's class
    priority: int  # the default is 500 for a listener
    why: str


# Every ``priority=`` of an ``app.connect`` and every ``default_priority`` of
# a transform in the extensions.
PRIORITIES: tuple[Priority, ...] = (
    # builder-inited: the file scans first, then the checks that stop the
    # build, then sphinxcontrib-bibtex parses the .bib files (500)
    Priority(
        "security.apparatus_chars",
        "builder-inited",
        "check_files",
        50,
        "before bib_check and edition_info can stop the build (100): every "
        "file's problems are reported in one run",
    ),
    Priority(
        "security.active_content",
        "builder-inited",
        "check_files",
        50,
        "the same, for the catalogues and the bibliography",
    ),
    Priority(
        "security.published_files",
        "builder-inited",
        "check_media",
        50,
        "the same, for docs/media/",
    ),
    Priority(
        "apparatus.bib_check",
        "builder-inited",
        "check_bibfiles",
        100,
        "before sphinxcontrib-bibtex parses the files (500): a broken entry "
        "is named at file:line, not by pybtex's traceback",
    ),
    Priority(
        "apparatus.bib_check",
        "builder-inited",
        "disambiguate",
        900,
        "after sphinxcontrib-bibtex has parsed the entries (500)",
    ),
    Priority(
        "editions.edition_info",
        "builder-inited",
        "check_edition",
        100,
        "a bad tag stops the build before the bibliography is parsed (500); "
        "not needed for the result, only sooner",
    ),
    Priority(
        "security.confinement",
        "config-inited",
        "remember_root",
        100,
        "the root is known before the other config-inited listeners; none of "
        "them reads it today (the transforms do, later)",
    ),
    # doctree-read
    Priority(
        "text.interview_meta",
        "doctree-read",
        "insert_source_card",
        600,
        "after Sphinx's metadata collector (500) has stored the front matter "
        "the card shows",
    ),
    Priority(
        "text.fidelity_check",
        "doctree-read",
        "check_chapter",
        700,
        "after the source card (600), reading the same metadata; the card "
        "holds no numbered paragraph, so the order does not change the check",
    ),
    # doctree-resolved
    Priority(
        "text.cjk_text",
        "doctree-resolved",
        "mark_languages",
        900,
        "after every other doctree-resolved listener (500: mentions' index, "
        "the download links, the translations' links) has put its text in",
    ),
    Priority(
        "editions.editions",
        "doctree-resolved",
        "keep_last_item",
        900,
        "after mentions (500) has made the index of people it keeps together",
    ),
    # html-page-context
    Priority(
        "text.interview_meta",
        "html-page-context",
        "add_meta_description",
        400,
        "before sphinxext-opengraph (500), which writes a description only "
        "when the page has none",
    ),
    Priority(
        "editions.editions",
        "html-page-context",
        "add_download_button",
        502,
        "after the book theme has made its header buttons (501)",
    ),
    Priority(
        "text.cjk_text",
        "html-page-context",
        "mark_index_entries",
        900,
        "after index_pinyin (500) has read the entries' plain text: the marks are HTML",
    ),
    Priority(
        "reader.page_assets",
        "html-page-context",
        "page_context",
        900,
        "after the themes (500, 501) have added their scripts, so those are "
        "deferred too",
    ),
    Priority(
        "security.published_html",
        "html-page-context",
        "refuse_unsafe_body",
        900,
        "after the listeners that change the page (500-502)",
    ),
    # build-finished: the writers at 500, then what reads what they wrote
    Priority(
        "editions.edition_info",
        "build-finished",
        "write_history",
        900,
        "after web_annotations (500) has written annotations.jsonld, which it "
        "compares with the previous edition's",
    ),
    Priority(
        "security.published_html",
        "build-finished",
        "check_output",
        900,
        "after the writers (500) and, by setup order, edition_info's history "
        "(900): it checks the pages as written",
    ),
    Priority(
        "security.published_files",
        "build-finished",
        "check_output",
        950,
        "last: every file of the site has been written",
    ),
    # transforms (read time; Sphinx's translation, Locale, is 20)
    Priority(
        "reader.translations",
        "transform",
        "DistinctIds",
        30,
        "after the translation (20) and its cleanup (25)",
    ),
    Priority(
        "security.confinement",
        "transform",
        "ConfineNodes",
        90,
        "after the translation (20), so what a catalogue brings in is checked "
        "too, and before Sphinx collects images and downloads (doctree-read)",
    ),
    Priority(
        "security.active_content",
        "transform",
        "RefuseActiveContent",
        95,
        "after the translation (20): what a catalogue puts in is refused too",
    ),
    Priority(
        "security.published_files",
        "transform",
        "RefuseUnsafeFiles",
        96,
        "after active_content (95) has refused other hosts' images",
    ),
    Priority(
        "text.cjk_text",
        "transform",
        "JoinChineseLines",
        790,
        "after the translation (20) has put in the words",
    ),
    Priority(
        "text.turns",
        "transform",
        "NumberParagraphs",
        800,
        "after the translation (20) has replaced the text",
    ),
    Priority(
        "text.interview_status",
        "transform",
        "MarkChapterStatus",
        810,
        "after the paragraphs are numbered (800)",
    ),
    # post-transforms (write time, HTML; the book theme's footnotes are 1)
    Priority(
        "text.turns",
        "post-transform",
        "FlattenTurnsForHTML",
        0,
        "before the book theme's footnote transform (1), which makes a "
        "sidenote only for a paragraph directly in a section",
    ),
    Priority(
        "text.stable_ids",
        "post-transform",
        "AnchorAnnotations",
        0,
        "before the book theme's footnote transform (1), which drops the "
        "footnote and its id",
    ),
    Priority(
        "text.stable_ids",
        "post-transform",
        "DropDuplicateIds",
        2,
        "after the book theme's footnote transform (1) has made the copy",
    ),
    Priority(
        "editions.editions",
        "post-transform",
        "LabelParagraphs",
        900,
        "LaTeX only; after Sphinx's own post-transforms (references resolved "
        "at 10), on the paragraphs as they will be written; none depends on it",
    ),
    Priority(
        "editions.editions",
        "post-transform",
        "DropFootnoteRule",
        900,
        "LaTeX only; late, like LabelParagraphs; none depends on it",
    ),
)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Set up every extension of the book, each as an extension of its own.

    Through ``app.setup_extension``, so that Sphinx keeps each module's own
    metadata: its ``parallel_read_safe`` and ``parallel_write_safe`` from its
    ``setup()``, and a module that is not safe stops a parallel build with
    Sphinx's warning naming it.  This package's own setup does nothing but
    that, and is safe.
    """
    for extension in EXTENSIONS:
        app.setup_extension(f"{__name__}.{extension.module}")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
