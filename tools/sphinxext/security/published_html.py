"""Check the HTML the book publishes, whatever path produced it.

The source rules (``active_content``, ``confinement``) know
the ways a pull request can reach a page; this module does not trust them to
know every way.  It reads what the HTML writer made:

* before a page is written (``html-page-context``), its body — the part that
  comes from the contributors' sources and translations — may hold no
  script, frame, object, style, form, meta or base element, no ``on…``
  event attribute, no ``javascript:``-like link and no resource from another
  host; a page that does is refused: the warning names it and the page is
  written without that body, so nothing of it is published;
* when the build has finished, every written HTML page (templates, theme,
  the 404 page, the search page) and every stylesheet in ``_static`` may
  load nothing from another host and may not redirect the reader.

Every finding is a warning (``-W``: the build fails, and neither CI nor Read
the Docs publishes it).  The edition's own scripts and styles in
``tools/sphinxext/static`` and ``docs/_static`` are allowed, as files of the
book; they change only with an editor's review (``.github/CODEOWNERS``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sphinx.util import logging

from tools.sphinxext.plumbing import built_pages
from tools.sphinxext.security.active_content import (
    IGNORED_IN_URL,
    link_problem,
    resource_problem,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

# Elements a page's body (contributors' content) never holds.
BODY_FORBIDDEN = frozenset(
    {
        "script", "iframe", "frame", "frameset", "object", "embed", "applet",
        "style", "link", "meta", "base", "form", "portal", "template", "noscript",
    }
)  # fmt: skip
# Attributes whose value the browser fetches.
RESOURCE_ATTRIBUTES = frozenset(
    {"src", "srcset", "imagesrcset", "poster", "data", "background", "xlink:href"}
)
LINK_ATTRIBUTES = frozenset({"href", "action", "formaction", "ping"})
# <link rel=…> values that make the browser fetch the target.
FETCHING_RELS = frozenset(
    {
        "stylesheet", "preload", "modulepreload", "prefetch", "preconnect",
        "dns-prefetch", "icon", "shortcut", "apple-touch-icon", "manifest",
        "prerender", "import",
    }
)  # fmt: skip
NETWORK_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss"})
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_DATA_URI = re.compile(r"""url\(\s*(['"]?)data:.*?\1\s*\)""", re.I | re.S)
_CSS_HOST = re.compile(
    r"""(?i)(?:\b(?:https?|ftp|wss?):)?//[a-z0-9][a-z0-9.-]*\.[a-z]{2,}[^\s'")]*"""
)
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.I)


class _Scanner(HTMLParser):
    """Collect what a piece of HTML must not contain."""

    def __init__(self, *, body: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.body = body
        self.problems: list[tuple[int, str]] = []  # (line, problem)
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if self.body and tag in BODY_FORBIDDEN:
            self._add(f"<{tag}> element")
        if self.body and tag == "input" and values.get("type") != "checkbox":
            self._add("<input> element (only the sidenotes' toggles)")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and self.body:
                self._add(f"event attribute {name}= on <{tag}>")
            elif name in RESOURCE_ATTRIBUTES:
                for part in value.split(",") if "srcset" in name else [value]:
                    if part.strip() and resource_problem(part.strip().split()[0]):
                        self._add(
                            f"<{tag} {name}={part.strip()[:60]!r}> loads from another host"
                        )
            elif name in LINK_ATTRIBUTES:
                if tag == "link" and FETCHING_RELS & set(
                    values.get("rel", "").lower().split()
                ):
                    if resource_problem(value):
                        self._add(f"<link href={value[:60]!r}> loads from another host")
                elif problem := link_problem(value):
                    self._add(problem)
            elif name == "style":
                self._css(value, f"style attribute of <{tag}>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self._add("<meta http-equiv=refresh> would send the reader elsewhere")
        if tag == "base":
            self._add("<base> element would change where every link leads")
        self._in_style = tag == "style"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._css(data, "<style> element")

    def _css(self, css: str, where: str) -> None:
        for url in css_urls(css):
            self._add(f"{where} loads {url[:60]!r} from another host")

    def _add(self, problem: str) -> None:
        self.problems.append((self.getpos()[0], problem))


def css_urls(css: str) -> list[str]:
    """Every address a stylesheet makes the browser fetch from another host.

    ``data:`` and ``res:///…`` (an e-reader's own fonts, in Sphinx's
    epub.css) name no host; ``https://``, ``//host`` and the like do.
    """
    found = []
    for a, b in _CSS_URL.findall(css):
        url = IGNORED_IN_URL.sub("", a or b)
        parts = urlsplit(url)
        if parts.netloc or parts.scheme.lower() in NETWORK_SCHEMES:
            found.append(url)
    # Any other way of naming a host (image-set("https://…"), a future
    # function): an address with a host outside comments (licence headers)
    # and data: URIs (whose SVG names its namespace without fetching it).
    rest = _CSS_URL.sub("", _CSS_DATA_URI.sub("", _CSS_COMMENT.sub("", css)))
    found += _CSS_HOST.findall(rest)
    return found


def html_problems(html: str, *, body: bool) -> list[tuple[int, str]]:
    """(line, problem) for what ``html`` may not contain.

    ``body``: the stricter rules for a page's content, which also refuse
    scripts, styles, frames, forms and event attributes.
    """
    scanner = _Scanner(body=body)
    scanner.feed(html)
    scanner.close()
    return list(dict.fromkeys(scanner.problems))


def refuse_unsafe_body(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """Check a page's body before the page is written; drop it if unsafe."""
    body = context.get("body")
    if not body:
        return
    problems = [problem for _line, problem in html_problems(body, body=True)]
    if not problems:
        return
    location = (pagename, None) if pagename in app.env.all_docs else pagename
    logger.warning(
        "the page's HTML holds what the book never publishes (%s); it is not "
        "written. Find the markup that made it and write plain Markdown instead",
        "; ".join(problems[:5]),
        location=location,
        type="published-html",
    )
    context["body"] = ""


def check_output(app: Sphinx, exception: Exception | None) -> None:
    """Scan every written page and stylesheet of an HTML build."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    pages = {str(page): page for page in sorted(out.rglob("*.html"))}
    # A page whose bytes did not change since the last build has the same
    # problems: they are kept with its digest, and reported again.
    found = built_pages.per_page(
        app,
        "published-html",
        "",
        pages,
        lambda _path, html: html_problems(html, body=False),
    )
    for page, problems in found.items():
        for line, problem in problems:
            logger.warning(
                "written page: %s; nothing may be published until the template, "
                "theme option or extension that made it is fixed",
                problem,
                location=f"{page}:{line}",
                type="published-html",
            )
    for sheet in sorted(out.rglob("*.css")):
        css = sheet.read_text(encoding="utf-8", errors="replace")
        # comments out, their lines kept, so that a finding keeps its line
        css = _CSS_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), css)
        for number, line in enumerate(css.splitlines(), 1):
            for url in css_urls(line):
                logger.warning(
                    "stylesheet loads %r from another host; ship the file in "
                    "docs/_static and refer to it by a relative path",
                    url[:80],
                    location=f"{sheet}:{number}",
                    type="published-html",
                )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Connect the body check and the check of the written output."""
    app.connect("html-page-context", refuse_unsafe_body, priority=900)
    app.connect("build-finished", check_output, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
