"""The PDF and EPUB editions, and the web edition's links to them.

``nox -s pdf`` and ``nox -s epub`` build the same sources with Sphinx's LaTeX
and EPUB builders (configured in ``conf.py``; the PDF's typography is
``tools/latex/aipharmabook.sty``).  This module mends what those builders do
with a book made for the web:

* the toctree's ``genindex`` entry is a page only in HTML; the PDF prints its
  own index and the EPUB adds one (``epub_use_index``), so both drop it —
  otherwise the LaTeX build warns and the EPUB lists the index twice;
* Sphinx's LaTeX writer drops the ids of paragraphs, so ``{ref}`` links to
  ``¶N`` would lead nowhere: each paragraph id becomes a LaTeX label;
* MyST puts a rule (a transition) before a page's footnotes; the PDF sets
  them at the foot of their pages, so the rule would stand alone at the
  chapter's end, on a page of its own when the chapter fills its last page:
  the LaTeX build drops it (``DropFootnoteRule``);
* a list's last entry may not go to a page of its own (the index of people
  ended with one entry on an almost empty page): no page break before the
  last item of a definition list (``keep_last_item``);
* sphinxcontrib-bibtex moves every citation to the end of the LaTeX document,
  so the page with the ``{bibliography}`` must be the last chapter: a warning
  says so if it is not.

For the web edition it adds the ``book_downloads`` setting: the folder that
holds the built PDF and EPUB (``nox -s build`` passes it).  Each language
edition offers its own language's files, named by
``tools.lib.build.edition_basename()`` (``ai-pharma-ten-conversations.pdf``,
``ai-pharma-ten-conversations-en.pdf``…).  They are copied into
``_downloads/`` of the HTML output and offered three ways: the
``{book-downloads}`` directive (the landing page's download section), a line
under the source card of every interview chapter, and a download button in
the header of every page.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from tools.lib.build import edition_basename
from tools.sphinxext.plumbing.messages import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

# (file suffix, label shown to readers)
EDITIONS = ((".pdf", "PDF"), (".epub", "EPUB"))
DOWNLOADS_DIR = "_downloads"


def _file_name(app: Sphinx, suffix: str) -> str:
    """The PDF's or EPUB's file name in this build's language."""
    return f"{edition_basename(app.config.language)}{suffix}"


def _is_book_builder(app: Sphinx) -> bool:
    """The LaTeX and EPUB builders: one file holding the whole book."""
    return app.builder.format == "latex" or app.builder.name.startswith("epub")


def drop_virtual_documents(app: Sphinx, doctree: nodes.document) -> None:
    """Remove ``genindex`` and the like from the toctrees of a PDF or EPUB.

    The toctree directive lists as included files the pages it found and the
    pages the HTML builder generates (``genindex``, ``search``…); those of
    the second kind are the ones that are not among the environment's
    ``found_docs``.
    """
    if not _is_book_builder(app):
        return
    for toctree in doctree.findall(addnodes.toctree):
        virtual = set(toctree["includefiles"]) - app.env.found_docs
        toctree["entries"] = [e for e in toctree["entries"] if e[1] not in virtual]
        toctree["includefiles"] = [
            f for f in toctree["includefiles"] if f not in virtual
        ]


class LabelParagraphs(SphinxPostTransform):
    """Give every paragraph id (``p12``, ``q3``…) a LaTeX label.

    A target node just inside the paragraph makes the LaTeX writer emit
    ``\\phantomsection\\label{docname:id}`` at the start of its first line.
    """

    default_priority = 900
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for paragraph in self.document.findall(nodes.paragraph):
            if paragraph["ids"]:
                paragraph.insert(0, nodes.target("", "", ids=list(paragraph["ids"])))


class DropFootnoteRule(SphinxPostTransform):
    """Remove MyST's rule before the footnotes (``myst_footnote_transition``)
    from the LaTeX document: the notes are footnotes there, not a list."""

    default_priority = 900
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for rule in list(self.document.findall(nodes.transition)):
            if "footnotes" in rule["classes"]:
                rule.parent.remove(rule)


def keep_last_item(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """No page break before the last item of a definition or field list, in LaTeX.

    ``\\nopagebreak`` alone would not do: ``\\item`` adds a penalty of its
    own, a place to break, unless LaTeX's ``@nobreak`` switch is on.  On
    doctree-resolved after the other handlers: the index of people is made
    there (mentions.py).
    """
    if app.builder.format != "latex":
        return
    for items in doctree.findall(
        lambda n: isinstance(n, (nodes.definition_list, nodes.field_list))
    ):
        entries = [
            c
            for c in items.children
            if isinstance(c, (nodes.definition_list_item, nodes.field))
        ]
        if len(entries) > 1:
            entries[-1].insert(
                0,
                nodes.raw(
                    "",
                    "\\nopagebreak\\csname @nobreaktrue\\endcsname\n",
                    format="latex",
                ),
            )


def _reading_order(env: BuildEnvironment, docname: str, seen: set[str]) -> list[str]:
    order = [docname]
    seen.add(docname)
    for child in env.toctree_includes.get(docname, []):
        if child not in seen and child in env.all_docs:
            order += _reading_order(env, child, seen)
    return order


def check_bibliography_is_last(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn unless the page with the bibliography is the PDF's last chapter."""
    if app.builder.format != "latex":
        return
    from sphinxcontrib.bibtex.nodes import bibliography

    order = _reading_order(env, app.config.root_doc, set())
    holders = [d for d in order if any(env.get_doctree(d).findall(bibliography))]
    if holders and holders[-1] != order[-1]:
        logger.warning(
            "the bibliography (%s) must be the last page of the toctree: in the PDF "
            "every citation is printed at the end of the book, which would leave "
            "its chapter empty and put the references under %s",
            holders[-1],
            order[-1],
            location=(holders[-1], 1),
            type="editions",
        )


# --- the web edition's links to the PDF and EPUB


class book_downloads(nodes.General, nodes.Element):
    """Where the links to the PDF and EPUB editions go."""


class BookDownloadsDirective(SphinxDirective):
    """``{book-downloads}``: an introductory paragraph, then the links."""

    has_content = True
    option_spec: ClassVar[dict] = {}

    def run(self) -> list[nodes.Node]:
        node = book_downloads()
        self.set_source_info(node)
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


def _downloads_dir(app: Sphinx) -> Path | None:
    value = app.config.book_downloads
    return Path(app.confdir, value) if value else None


def check_downloads(app: Sphinx) -> None:
    """Refuse a ``book_downloads`` folder without this language's PDF and EPUB."""
    folder = _downloads_dir(app)
    if folder is None or app.builder.name != "html":
        return
    for suffix, _label in EDITIONS:
        if not (folder / _file_name(app, suffix)).is_file():
            logger.warning(
                "book_downloads: %s not found; build it first (nox -s build builds "
                "the PDF and the EPUB, then the HTML that offers them)",
                folder / _file_name(app, suffix),
                type="editions",
            )


def _download_links(app: Sphinx, docname: str, base: str = "") -> list[nodes.Node]:
    """``PDF · EPUB`` links from ``docname``'s page (or ``base``) to the files."""
    page = app.builder.get_target_uri(docname)
    links: list[nodes.Node] = []
    for suffix, label in EDITIONS:
        if links:
            links.append(nodes.Text(" · "))
        path = f"{DOWNLOADS_DIR}/{_file_name(app, suffix)}"
        uri = f"{base.rstrip('/')}/{path}" if base else relative_uri(page, path)
        links.append(
            nodes.reference(
                "", label, refuri=uri, classes=["book-download", suffix[1:]]
            )
        )
    return links


def resolve_downloads(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill in the download links of one page, or say why there are none.

    The web edition links to its own copies; an EPUB links to the published
    web edition in its language (``html_baseurl``, which conf.py sets per
    language), which ``nox -s build`` always builds with them.
    """
    html = app.builder.name == "html"
    offered = html and _downloads_dir(app) is not None
    for node in list(doctree.findall(book_downloads)):
        if offered:
            extra = nodes.paragraph("", "", *_download_links(app, docname))
        elif html:
            # what the downloads say: the edition's words (messages.py)
            web_only = _(
                "(This build has only the web edition: nox -s build also builds the "
                "PDF and EPUB editions and offers them here.)"
            )
            extra = nodes.paragraph("", str(web_only))
        elif app.config.html_baseurl:
            links = _download_links(app, docname, base=app.config.html_baseurl)
            extra = nodes.paragraph("", "", *links)
        else:
            node.parent.remove(node)
            continue
        extra["classes"].append("book-downloads")
        node.replace_self([*node.children, extra])
    if not offered:
        return
    for card in doctree.findall(nodes.container):
        if "interview-source-card" in card["classes"]:
            line = nodes.paragraph(
                "",
                str(_("Download the book: ")),
                *_download_links(app, docname),
                classes=["book-downloads"],
            )
            card.parent.insert(card.parent.index(card) + 1, line)
            break


def add_download_button(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """A download menu among the book theme's header buttons."""
    if _downloads_dir(app) is None or "header_buttons" not in context:
        return
    pathto = context["pathto"]
    context["header_buttons"].insert(
        0,
        {
            "type": "group",
            "tooltip": str(_("Download the book")),
            "icon": "fas fa-download",
            "label": "book-download-buttons",
            "buttons": [
                {
                    "type": "link",
                    "url": pathto(f"{DOWNLOADS_DIR}/{_file_name(app, suffix)}", 1),
                    "text": label,
                    "tooltip": _("Download the book ({})").format(label),
                    "icon": "fas fa-file-pdf" if suffix == ".pdf" else "fas fa-book",
                    "label": f"book-download-{suffix[1:]}-button",
                }
                for suffix, label in EDITIONS
            ],
        },
    )


def copy_downloads(app: Sphinx, exception: Exception | None) -> None:
    """Copy this language's PDF and EPUB into the HTML output's ``_downloads/``."""
    folder = _downloads_dir(app)
    if exception is not None or folder is None or app.builder.name != "html":
        return
    target = Path(app.outdir, DOWNLOADS_DIR)
    target.mkdir(exist_ok=True)
    for suffix, _label in EDITIONS:
        source = folder / _file_name(app, suffix)
        if source.is_file():
            shutil.copyfile(source, target / source.name)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the edition fixes, the download directive and its setting."""
    app.setup_extension("tools.sphinxext.plumbing.messages")  # the words it shows
    app.add_config_value("book_downloads", "", "html", types=frozenset({str}))
    app.add_node(book_downloads)
    app.add_directive("book-downloads", BookDownloadsDirective)
    app.connect("builder-inited", check_downloads)
    app.connect("doctree-read", drop_virtual_documents)
    app.connect("env-check-consistency", check_bibliography_is_last)
    app.connect("doctree-resolved", resolve_downloads)
    # after the book theme has made its list of header buttons (priority 501)
    app.connect("html-page-context", add_download_button, priority=502)
    app.connect("build-finished", copy_downloads)
    app.add_post_transform(LabelParagraphs)
    app.add_post_transform(DropFootnoteRule)
    app.connect("doctree-resolved", keep_last_item, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
