"""Let a page's text paint before its scripts, and load no search machinery.

The PyData theme links Sphinx's search machinery on every page, as blocking
scripts in ``<head>``: ``searchtools.js``, ``language_data.js`` and
``searchindex.js``, for its search-as-you-type box, which this book does not
switch on (``search_as_you_type`` is off).  The book's search is Pagefind's
(``pagefind_search``, which switches Sphinx's indexer off, so there is no
``searchindex.js`` to load).  This module

* drops those three tags from every page except ``search.html`` (whose own
  tags ``pagefind_search`` drops); the build fails if the theme's tags ever
  change so that they are no longer found;
* drops, on the same pages, the three scripts that serve only Sphinx's
  search: ``doctools.js`` (its ``Documentation.gettext``),
  ``translations.js`` (the words it translates) and ``sphinx_highlight.js``
  (marks a search's words on the page a Sphinx search result opens; the
  book's search results link to the paragraph and add no such words).  No
  other script of the book or the themes calls them;
* marks every other script file ``defer``, so the browser paints the text
  before any script runs.  ``documentation_options.js`` (0.3 KB) stays a
  normal script: the inline scripts after it assign into the object it
  defines.  The search page is left as it is, because ``searchtools.js`` runs
  there as a blocking script and calls into ``doctools.js``;
* adds ``book-sidenotes.js`` (HTML builder only, linked with Sphinx's
  ``?v=`` checksum like the other scripts), which lets Enter open and
  Escape close an annotation where the window has no margin for it (the
  layout itself is ``docs/_static/book.css``'s; see the script).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parents[1] / "templates"
SIDENOTES_JS = Path(__file__).parents[1] / "static" / "book-sidenotes.js"
WRAPPER = "book-page-assets.html"
SEARCH_SCRIPTS = (
    "_static/searchtools.js",
    "_static/language_data.js",
    "searchindex.js",
)
KEEP_BLOCKING = {"_static/documentation_options.js"}
SEARCH_ONLY_FILES = {
    "_static/doctools.js",
    "_static/translations.js",
    "_static/sphinx_highlight.js",
}


def add_templates(app: Sphinx, config: Config) -> None:
    """Put the book's templates first (before the environment is compared).

    First, so that they override the themes' components of the same name,
    which the themes add to ``templates_path`` themselves.
    """
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.insert(0, str(TEMPLATES))


def add_static_file(app: Sphinx, path: Path) -> None:
    """Have Sphinx copy ``path`` into ``_static`` with the theme's files.

    Through ``html_static_path`` (a file may be named there, not only a
    folder): Sphinx copies those files before it writes a page, so each page
    links them with their checksum (``?v=``) in a clean build and in a
    rebuild alike.  Set at ``builder-inited``, after Sphinx has hashed the
    configuration into ``.buildinfo``; a new list, not the default's.
    """
    if str(path) not in app.config.html_static_path:
        app.config.html_static_path = [*app.config.html_static_path, str(path)]


def add_json_data(context: dict, element_id: str, data: object) -> None:
    """Put ``data`` in the page's head, as JSON for the book's scripts to read.

    ``</`` is written ``<\\/``, so that no value can close the script element.
    ``edition_info.mark_revisions`` finds the paragraph menu's data by this
    exact markup.
    """
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    context["metatags"] = (
        context.get("metatags", "")
        + f'\n<script type="application/json" id="{element_id}">{text}</script>'
    )


def add_sidenote_script(app: Sphinx) -> None:
    """Add the script, copied by Sphinx (``add_static_file``)."""
    if app.builder.name == "html":
        app.add_js_file(SIDENOTES_JS.name, defer="defer")
        add_static_file(app, SIDENOTES_JS)


def defer_scripts(script_files: list) -> list:
    """The page's script files, each with ``defer`` unless it must block."""
    deferred = []
    for js in script_files:
        attributes = dict(getattr(js, "attributes", {}))
        filename = getattr(js, "filename", None)
        if (
            not filename
            or str(filename) in KEEP_BLOCKING
            or "://" in str(filename)
            or {"async", "defer"} & attributes.keys()
        ):
            deferred.append(js)
            continue
        attributes["defer"] = "defer"
        deferred.append(type(js)(filename, priority=js.priority, **attributes))
    return deferred


def script_tag_remover(
    context: dict[str, Any],
    pagename: str,
    names: tuple[str, ...],
    *,
    holder: str,
    what_to_do: str,
    warning_type: str,
) -> Callable[[str], str]:
    """A function for a template: a block of the page's HTML without ``names``' tags.

    The tags are the ones the theme writes (``<script src="…"></script>``,
    the path relative to the page).  If one is not in the block, the theme
    has changed the way it writes them: a warning at the page says so (the
    theme's ``holder`` no longer holds the tag, and ``what_to_do``), since
    the scripts would otherwise stay on the page unnoticed.
    """
    pathto = context["pathto"]
    tags = [f'<script src="{pathto(name, resource=True)}"></script>' for name in names]

    def remove(block: str) -> str:
        missing = [tag for tag in tags if tag not in block]
        if missing:
            logger.warning(
                "the theme's %s no longer holds %s; %s",
                holder,
                ", ".join(missing),
                what_to_do,
                location=pagename,
                type=warning_type,
            )
        for tag in tags:
            block = block.replace(tag, "")
        return block

    return remove


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree
) -> str | None:
    """Wrap every page but the search page in the template that drops search."""
    if app.builder.name != "html" or pagename == "search":
        return None
    drop_search_scripts = script_tag_remover(
        context,
        pagename,
        SEARCH_SCRIPTS,
        holder="<head>",
        what_to_do="update tools/sphinxext/reader/page_assets.py so that search stays off "
        "the reading pages",
        warning_type="page_assets",
    )
    # In place: it is the builder's list, which Sphinx resets for each page.
    context["script_files"][:] = defer_scripts(
        [
            js
            for js in context["script_files"]
            if str(getattr(js, "filename", "")) not in SEARCH_ONLY_FILES
        ]
    )
    context["book_base_template"] = templatename
    context["book_drop_search_scripts"] = drop_search_scripts
    return WRAPPER


def setup(app: Sphinx) -> ExtensionMetadata:
    """Add the wrapper template and the page-context hook."""
    app.connect("config-inited", add_templates)
    app.connect("builder-inited", add_sidenote_script)
    # Late, so that the scripts the themes add for the page are deferred too.
    app.connect("html-page-context", page_context, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
