"""The edition's annotations as W3C Web Annotations: ``annotations.jsonld``.

Every annotation of every interview chapter becomes a Web Annotation (W3C
Web Annotation Data Model) in one ``AnnotationCollection`` per language,
written to the root of that language's web edition.  Its target is the
chapter's published address with two selectors: a ``FragmentSelector``
naming the paragraph (``p12``) and a ``TextQuoteSelector`` whose ``exact``
is the clause the annotation's marker follows, with a ``prefix`` and
``suffix`` long enough that the three together occur exactly once in the
page's text, so that a standard anchoring client (Hypothes.is, for example)
places it.  The body is the annotation's text, and each reference it cites
as a ``linking`` body (the DOI or web address, labelled with the full
reference).

The file is made from the built pages (``built_pages``) at the end of every
HTML build, so it holds every chapter however few pages were rewritten.
Each chapter page links to it under its source card.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from tools.sphinxext.plumbing import built_pages
from tools.sphinxext.plumbing.messages import _
from tools.sphinxext.text.interview_facts import (
    LANGUAGE_TAGS,
    chapter_facts,
    edition_bases,
    interview_docnames,
    page_url,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

FILENAME = "annotations.jsonld"
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
RFC3986 = "http://tools.ietf.org/rfc/rfc3986"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
CONTEXT_CHARS = 32  # the least prefix and suffix; more where needed to be unique
# Where the clause an annotation explains begins, looking back from its marker.
CLAUSE_END = re.compile(r"[。！？；!?;]|\.\s")


# --- the text of a built page, as an anchoring client sees it


class PageText:
    """A built page's text (``body.get_text()``) with where each string starts."""

    def __init__(self, body) -> None:
        self.starts: dict[int, int] = {}
        parts: list[str] = []
        offset = 0
        for string in body.strings:
            self.starts[id(string)] = offset
            parts.append(str(string))
            offset += len(string)
        self.text = "".join(parts)

    def start(self, element) -> int:
        """Where the text of ``element`` starts (or would, if it is empty)."""
        for string in element.strings if hasattr(element, "strings") else [element]:
            return self.starts[id(string)]
        following = element.find_next(string=True)
        return self.starts[id(following)] if following is not None else len(self.text)

    def end(self, element) -> int:
        strings = list(element.strings)
        if not strings:
            return self.start(element)
        return self.starts[id(strings[-1])] + len(strings[-1])

    def count(self, needle: str) -> int:
        count, at = 0, self.text.find(needle)
        while at != -1 and count < 2:
            count += 1
            at = self.text.find(needle, at + 1)
        return count


def quote_selector(page: PageText, begin: int, marker: int) -> dict[str, str]:
    """A TextQuoteSelector of ``page.text[begin:marker]``, unique in the page."""
    exact = page.text[begin:marker]
    width = CONTEXT_CHARS
    while True:
        prefix = page.text[max(0, begin - width) : begin]
        suffix = page.text[marker : marker + width]
        if page.count(prefix + exact + suffix) == 1 or width > len(page.text):
            break
        width *= 2
    return {
        "type": "TextQuoteSelector",
        "exact": exact,
        "prefix": prefix,
        "suffix": suffix,
    }


def clause_start(page: PageText, floor: int, marker: int) -> int:
    """Where the clause that ends at ``marker`` begins (not before ``floor``)."""
    head = page.text[floor:marker]
    body = head.rstrip("。！？；!?;.，,：:”’\"') ）")
    ends = [m.end() for m in CLAUSE_END.finditer(body)]
    begin = floor + (ends[-1] if ends else 0)
    while begin < marker and page.text[begin].isspace():
        begin += 1
    return begin if begin < marker else floor


# --- the annotations of one chapter


def bibliography_entries(docname: str, soup) -> dict[str, dict[str, str]]:
    """``bibliography.html#id2`` -> the entry's text and its DOI or web
    address, for the entries on one built page."""
    entries = {}
    page = f"{docname}.html"
    for entry in soup.select("div.citation[id]"):
        text = entry.find("p")
        link = entry.select_one('a.reference.external[href^="https://"]')
        entries[f"{page}#{entry['id']}"] = {
            "label": " ".join((text or entry).get_text().split()),
            "url": link["href"] if link else "",
        }
    return entries


def chapter_annotations(app: Sphinx, docname: str, soup) -> dict[str, list]:
    """The Web Annotations of one built chapter page, in reading order, each
    with the addresses its note links to (``notes``: ``linked`` makes the
    annotation), and the ids of the annotations that are left out because
    they are not inside a numbered paragraph (``outside``)."""
    page = f"{docname}.html"
    url = page_url(app.config, docname)
    language = LANGUAGE_TAGS.get(app.config.language, app.config.language)
    text = PageText(soup.body)
    annotations = []
    outside = []
    for anchor in soup.select("span.sidenote span.note-anchor[id^='note-']"):
        note = anchor.find_parent("span", class_="sidenote")
        paragraph = note.find_parent("p")
        label = note.find_previous_sibling("label")
        if paragraph is None or not paragraph.get("id") or label is None:
            outside.append(anchor["id"])
            continue
        # The clause runs back to the previous annotation's note, or to the
        # paragraph's number, whichever is later.
        number = paragraph.select_one(":scope > .paranum")
        floor = text.end(number) if number is not None else text.start(paragraph)
        for earlier in paragraph.select("span.sidenote"):
            if earlier is note:
                break
            floor = max(floor, text.end(earlier))
        marker = text.start(label)
        begin = clause_start(text, floor, marker)
        body_text = note.get_text()
        first = note.find("sup")
        if first is not None and body_text.startswith(first.get_text()):
            body_text = body_text[len(first.get_text()) :]
        bodies: list[dict[str, Any]] = [
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": " ".join(body_text.split())
                if language == "en"
                else body_text.strip(),
                "format": "text/plain",
                "language": language,
            }
        ]
        links = [built_pages.from_root(page, a["href"]) for a in note.select("a[href]")]
        annotation = {
            "id": f"{url}#{anchor['id']}",
            "type": "Annotation",
            "motivation": "commenting",
            "body": bodies,
            "target": {
                "source": url,
                "selector": [
                    {
                        "type": "FragmentSelector",
                        "conformsTo": RFC3986,
                        "value": paragraph["id"],
                    },
                    quote_selector(text, begin, marker),
                ],
            },
        }
        annotations.append({"annotation": annotation, "links": links})
    return {"notes": annotations, "outside": outside}


def linked(note: dict[str, Any], bibliography: dict[str, dict[str, str]]) -> dict:
    """A note's annotation, with a linking body for each entry of the
    bibliography it cites that has an address (each once, in order)."""
    bodies = list(note["annotation"]["body"])
    cited: list[str] = []
    for key in note["links"]:
        entry = bibliography.get(key)
        if entry and entry["url"] and entry["url"] not in cited:
            cited.append(entry["url"])
            bodies.append(
                {"id": entry["url"], "purpose": "linking", "label": entry["label"]}
            )
    return {**note["annotation"], "body": bodies}


def page_annotations(app: Sphinx, docname: str, html: str, chapter: bool) -> dict:
    """What one built page gives ``annotations.jsonld``: its bibliography
    entries, and a chapter's annotations."""
    from bs4 import BeautifulSoup

    found: dict[str, Any] = {"entries": {}, "notes": [], "outside": []}
    if not chapter and 'class="citation"' not in html:
        return found
    soup = BeautifulSoup(html, "html.parser")
    found["entries"] = bibliography_entries(docname, soup)
    if chapter:
        found.update(chapter_annotations(app, docname, soup))
    return found


def collection(app: Sphinx, items: list[dict[str, Any]]) -> dict[str, Any]:
    """The language edition's AnnotationCollection, every item on its first page."""
    base = edition_bases(app.config)[app.config.language]
    return {
        "@context": CONTEXT,
        "id": f"{base}{FILENAME}",
        "type": "AnnotationCollection",
        "label": str(_("{}: the editors' annotations")).format(app.config.project),
        "creator": {"type": "Organization", "name": app.config.author},
        "rights": LICENSE,
        "total": len(items),
        "first": {
            "id": f"{base}{FILENAME}#page-1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }


def write_annotations(app: Sphinx, exception: Exception | None) -> None:
    """Write ``annotations.jsonld`` from every built chapter (HTML builder only)."""
    if exception is not None or app.builder.name != "html":
        return
    built = built_pages.pages(app)
    chapters = [d for d in interview_docnames(app.env) if d in built]
    output = Path(app.outdir, FILENAME)
    # A page is read again only if it changed since the last build, or if
    # the settings its annotations show did; its warnings are given again.
    version = json.dumps(
        [page_url(app.config, ""), chapters],
        ensure_ascii=False,
    )
    found = built_pages.per_page(
        app,
        "annotations",
        f"{version} {app.config.language}",
        built,
        lambda docname, html: page_annotations(app, docname, html, docname in chapters),
    )
    bibliography = {
        key: e for page in found.values() for key, e in page["entries"].items()
    }
    items = []
    for docname in chapters:
        for anchor in found[docname]["outside"]:
            logger.warning(
                "annotation %s is not inside a numbered paragraph; it is left out "
                "of %s",
                anchor,
                FILENAME,
                location=docname,
                type="web_annotations",
            )
        items += [linked(note, bibliography) for note in found[docname]["notes"]]
    output.write_text(
        json.dumps(collection(app, items), ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )


def link_from_chapter(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A line under the chapter's source card that offers the file."""
    if app.builder.name != "html" or chapter_facts(app.env, docname) is None:
        return
    for card in doctree.findall(nodes.container):
        if "interview-source-card" in card["classes"]:
            uri = relative_uri(app.builder.get_target_uri(docname), FILENAME)
            line = nodes.paragraph(
                "",
                str(
                    _(
                        "This chapter's annotations, machine-readable "
                        "(W3C Web Annotations, JSON-LD), for annotation tools: "
                    )
                ),
                nodes.reference(
                    "", FILENAME, refuri=uri, classes=["book-annotations-download"]
                ),
                classes=["book-annotations"],
            )
            card.parent.insert(card.parent.index(card) + 1, line)
            break


def setup(app: Sphinx) -> ExtensionMetadata:
    """Write the annotations at the end of the build; link them from each chapter."""
    app.setup_extension("tools.sphinxext.plumbing.messages")  # the words it shows
    app.connect("doctree-resolved", link_from_chapter)
    app.connect("build-finished", write_annotations)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
