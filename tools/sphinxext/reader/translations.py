"""Links between the language editions of the web book.

The Chinese book is built at the site's root and the English one under
``en/`` (``nox -s html``); ``book_languages`` in ``conf.py`` says which
language lives in which folder, and each edition's record in
``tools/lib/languages.py`` its BCP 47 tag and how it names itself.  Every page
then

* offers the same page in the other language (``edition-switch.html`` in the
  article header, rendered from ``book_translation_links``), and
* declares it to search engines with ``<link rel="alternate" hreflang>``.

Paragraph numbers are the same in every language, so a reader who switches
on ``#p12`` lands on the same passage: ``book-place.js`` gives the switch
the fragment, or the paragraph at the top of the window when there is none,
and on the search page the query; it brings the link's address up to date
whenever it may be followed (a click, a middle click, Enter, "copy link").
The same script opens a note that a fragment points into (a search hit on
``#note-…``) when the note is shown behind a toggle (the toggle before it is
ticked, or the ``<details>`` around it opened) and brings it into view.

It also mends a translated paragraph that refers twice to one target (a
work cited twice, ``{cite:p}`key` … {cite:p}`key```): Sphinx gives both
references the same id (``DistinctIds``), which HTML forbids and epubcheck
refuses.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

from tools.lib import languages
from tools.sphinxext.plumbing.messages import _
from tools.sphinxext.reader import page_assets

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

    from tools.lib.languages import Language

PLACE_JS = Path(__file__).parents[1] / "static" / "book-place.js"


def _record(code: str) -> Language | None:
    return languages.BY_CODE.get(code)


def other_editions(
    language: str, folders: dict[str, str], pagename: str
) -> list[tuple[str, str, str]]:
    """(BCP 47 tag, label, relative URL) of ``pagename`` in every other edition.

    The label is how that edition names itself, in its own language.
    """
    here = folders[language]
    depth = pagename.count("/") + (here.count("/") + 1 if here else 0)
    up = "../" * depth
    return [
        (
            record.tag if (record := _record(other)) else other,
            record.label if record else other,
            f"{up}{folder + '/' if folder else ''}{pagename}.html",
        )
        for other, folder in folders.items()
        if other != language
    ]


def add_links(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """Put the other editions' URLs into the page context and its head."""
    folders = app.config.book_languages
    if app.config.language not in folders or app.builder.format != "html":
        return
    links = other_editions(app.config.language, folders, pagename)
    if pagename == getattr(app.config, "notfound_pagename", None):
        links = [(tag, label, _from_site_root(app, url)) for tag, label, url in links]
    context["book_translation_links"] = links
    # the switch's name for screen readers, in the edition's language
    context["book_translation_label"] = str(_("Other language"))
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<link rel="alternate" hreflang="{tag}" href="{url}" />'
        for tag, _label, url in links
    )


def _not_found_prefix(app: Sphinx) -> str:
    """Where this edition lives from the site's root (``/annotated-edition/``,
    ``/annotated-edition/en/``): sphinx-notfound-page's prefix."""
    return app.config.notfound_urls_prefix or "/"


def _from_site_root(app: Sphinx, url: str) -> str:
    """A link of the 404 page to another edition, relative to this edition's
    root (``en/404.html``, ``../404.html``), made absolute from the site's
    root: the 404 page is served at any depth."""
    folder = app.config.book_languages.get(app.config.language, "")
    root = _not_found_prefix(app)
    if folder:
        root = root.removesuffix(f"{folder}/")
        url = url.removeprefix("../" * (folder.count("/") + 1))
    return root + url


def absolute_not_found_links(
    app: Sphinx, doctree: nodes.document, docname: str
) -> None:
    """The 404 page's own links from the site's root, like its theme's.

    sphinx-notfound-page makes the 404 page's navigation, styles and images
    absolute (``notfound_urls_prefix``), but not the links in its text
    ("首页"), which then lead to another 404 from any deeper address.
    """
    if app.builder.format != "html" or docname != getattr(
        app.config, "notfound_pagename", None
    ):
        return
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri")
        if not uri or uri.startswith(("#", "/")) or "://" in uri or ":" in uri[:8]:
            continue
        reference["refuri"] = _not_found_prefix(app) + uri


class DistinctIds(SphinxTransform):
    """Give every repeated id after translation a new one of its own.

    Sphinx's Locale transform copies each attribute of the original
    cross-reference to the translated one with the same target, its ids too
    (``update_pending_xrefs`` in sphinx.transforms.i18n), so two references
    to one target in a translated paragraph share an id.  The first keeps it
    (backlinks lead there); the others get fresh ones.  The original's
    doctrees have no repeated id, so this changes nothing there.
    """

    default_priority = 30  # after Locale (20) and its cleanup (25)

    def apply(self, **kwargs) -> None:
        seen: set[str] = set()
        for node in self.document.findall(nodes.Element):
            ids = node.get("ids")
            if not ids:
                continue
            fresh = [i for i in ids if i not in seen]
            if len(fresh) < len(ids):
                node["ids"] = fresh
                if not fresh:
                    self.document.set_id(node)
            for node_id in node["ids"]:
                self.document.ids[node_id] = node
            seen.update(node["ids"])


def add_place_script(app: Sphinx) -> None:
    """Add ``book-place.js`` to every page of the web book, copied by Sphinx
    (``page_assets.add_static_file``)."""
    if app.builder.name == "html":
        app.add_js_file(PLACE_JS.name, defer="defer")
        page_assets.add_static_file(app, PLACE_JS)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register ``book_languages``, the page-context hook and ``DistinctIds``."""
    app.setup_extension("tools.sphinxext.plumbing.messages")  # the words it shows
    app.add_config_value("book_languages", {}, "html", types=frozenset({dict}))
    app.connect("builder-inited", add_place_script)
    app.connect("html-page-context", add_links)
    app.connect("doctree-resolved", absolute_not_found_links)
    app.add_transform(DistinctIds)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
