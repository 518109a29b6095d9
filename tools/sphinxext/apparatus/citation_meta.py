"""Reference-manager metadata on every interview page.

Zotero, Google Scholar and other reference managers read two kinds of
metadata from a page's ``<head>``; this module writes both for each
interview chapter, in the page's language, from the chapter's facts
(``interview_facts``):

* Highwire Press ``citation_*`` tags describing the interview as first
  published: its title, authors (the interviewee, then the article's
  byline), date, publisher (the outlet), language and the original's
  address (``citation_public_url``), with this edition's copy
  (``citation_fulltext_html_url``), the edition it is part of
  (``citation_inbook_title``) and, where this build offers it, the edition's
  PDF (``citation_pdf_url``);
* schema.org JSON-LD: the edition as a ``Book``, the chapter as a
  ``Chapter`` that ``isPartOf`` it and ``isBasedOn`` the original article,
  with ``datePublished``, ``author``, ``inLanguage``, and its translation
  linked (``workTranslation`` from the original, ``translationOfWork`` from
  a translation).

A fact the editors could not verify is left out, never guessed.
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

from tools.lib.build import ORIGINAL, edition_basename
from tools.sphinxext.editions import edition_info, editions
from tools.sphinxext.text.interview_facts import (
    LANGUAGE_TAGS,
    InterviewFacts,
    chapter_facts,
    edition_bases,
    page_url,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

SCHEMA = "https://schema.org"
# English month names, whatever the locale sphinx-build runs in
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _english(app: Sphinx) -> bool:
    return app.config.language != ORIGINAL


def _value(app: Sphinx, facts: InterviewFacts, key: str) -> str:
    return facts.en(key) if _english(app) else getattr(facts, key)


def pdf_url(app: Sphinx) -> str | None:
    """The published address of this language's PDF, if this build offers it."""
    if not app.config.book_downloads:
        return None
    name = f"{edition_basename(app.config.language)}.pdf"
    return f"{app.config.html_baseurl}{editions.DOWNLOADS_DIR}/{name}"


def highwire_tags(app: Sphinx, facts: InterviewFacts) -> list[tuple[str, str]]:
    """(name, content) of the page's ``citation_*`` tags, in order."""
    tags: list[tuple[str, str]] = []

    def add(name: str, content: str | None) -> None:
        if content:
            tags.append((name, content))

    add("citation_title", _value(app, facts, "title"))
    add("citation_author", _value(app, facts, "interviewee"))
    add("citation_author", _value(app, facts, "author"))
    # Highwire's dates are YYYY/MM/DD
    add("citation_publication_date", facts.published.replace("-", "/"))
    add("citation_publisher", _value(app, facts, "outlet"))
    add("citation_language", LANGUAGE_TAGS.get(app.config.language))
    add("citation_public_url", facts.url)
    add("citation_fulltext_html_url", page_url(app.config, facts.docname))
    add("citation_inbook_title", app.config.project)
    add("citation_pdf_url", pdf_url(app))
    return tags


def _person(name: str) -> dict[str, str]:
    return {"@type": "Person", "name": name}


def json_ld(app: Sphinx, facts: InterviewFacts) -> dict[str, Any]:
    """The page's schema.org graph: the edition, this chapter, the original."""
    config = app.config
    language = config.language
    bases = edition_bases(config)
    lang = LANGUAGE_TAGS.get(language, language)

    def book_id(edition: str) -> str:
        return f"{bases[edition]}#book"

    book: dict[str, Any] = {
        "@id": book_id(language),
        "@type": "Book",
        "name": config.project,
        "url": bases[language],
        "inLanguage": lang,
        "bookEdition": edition_info.citation_edition(config, language),
        "version": config.version,
        "editor": {"@type": "Organization", "name": config.author},
    }
    if release_date := edition_info.edition_of(config)["date"]:
        book["datePublished"] = release_date
    if doi := edition_info.doi(config):
        book["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "DOI",
            "value": doi,
            "url": edition_info.doi_url(config),
        }
    original: dict[str, Any] = {"@type": "NewsArticle", "inLanguage": "zh-CN"}
    if facts.url:
        original["@id"] = original["url"] = facts.url
    for key, value in (
        ("headline", facts.title),
        ("datePublished", facts.published),
        ("author", _person(facts.author) if facts.author else None),
        ("publisher", {"@type": "Organization", "name": facts.outlet}),
        ("about", _person(facts.interviewee) if facts.interviewee else None),
    ):
        if value and (not isinstance(value, dict) or value.get("name")):
            original[key] = value
    authors = [
        _person(name)
        for name in (_value(app, facts, "interviewee"), _value(app, facts, "author"))
        if name
    ]
    chapter: dict[str, Any] = {
        "@id": page_url(config, facts.docname),
        "@type": "Chapter",
        "url": page_url(config, facts.docname),
        "name": _value(app, facts, "title"),
        "inLanguage": lang,
        "isPartOf": {"@id": book_id(language)},
        "isBasedOn": original,
        "author": authors,
    }
    if facts.published:
        chapter["datePublished"] = facts.published
    others = [other for other in bases if other != language]
    link = "translationOfWork" if language != ORIGINAL else "workTranslation"
    for node, make_id in (
        (chapter, lambda o: page_url(config, facts.docname, o)),
        (book, book_id),
    ):
        targets = [
            {"@id": make_id(o), "inLanguage": LANGUAGE_TAGS.get(o, o)}
            for o in others
            if language == ORIGINAL or o == ORIGINAL
        ]
        if targets:
            node[link] = targets if len(targets) > 1 else targets[0]
    if language != ORIGINAL:
        chapter["translator"] = book["editor"]
    return {"@context": SCHEMA, "@graph": [book, chapter]}


def _script_json(data: Any) -> str:
    """JSON safe inside ``<script>``: no ``</`` can end the element early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("</", "<\\/")


def add_metadata(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """Append the citation tags and the JSON-LD to an interview page's head."""
    if app.builder.format != "html" or app.builder.name.startswith("epub"):
        return
    facts = chapter_facts(app.env, pagename)
    if facts is None:
        return
    tags = "".join(
        f'\n<meta name="{name}" content="{html.escape(content)}" />'
        for name, content in highwire_tags(app, facts)
    )
    script = (
        '\n<script type="application/ld+json">\n'
        f"{_script_json(json_ld(app, facts))}\n</script>"
    )
    context["metatags"] = context.get("metatags", "") + tags + script


def setup(app: Sphinx) -> ExtensionMetadata:
    """Connect the metadata to ``html-page-context``."""
    app.setup_extension("tools.sphinxext.editions.edition_info")  # the edition it names
    app.connect("html-page-context", add_metadata)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
