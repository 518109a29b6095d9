"""What a reader can do with an interview paragraph, from its ¶ number.

Hovering over, focusing or tapping a paragraph's number opens a small menu
(``static/book-scholarly.js``) that

* copies a citation of the paragraph, in Chinese (GB/T 7714 style) or in
  English, naming the interviewee, the original title, outlet and date, the
  paragraph number and this edition's address with ``#pN``;
* opens the repository's “suggest an annotation” issue form
  (``.github/ISSUE_TEMPLATE/suggest-annotation.yml``) with the chapter and
  the paragraph filled in, through the URL query parameters GitHub's issue
  forms take (one per field id);
* opens the paragraph's source on GitHub at its line: the chapter's MyST
  file, or, in a translation, the message of the translation catalogue that
  holds the paragraph.

This module works out everything but the reader's date (a citation of a web
page gives the day it was consulted) and puts it into the page as JSON;
every value comes from the chapter's front matter (``interview_facts``), the
configuration and the doctree, so any interview chapter gets the menu.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from docutils import nodes
from sphinx.util.i18n import docname_to_domain

from tools.lib.build import ORIGINAL
from tools.sphinxext.editions import edition_info
from tools.sphinxext.plumbing.messages import _
from tools.sphinxext.reader import page_assets
from tools.sphinxext.text.interview_facts import InterviewFacts, chapter_facts, page_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

ROOT = Path(__file__).resolve().parents[3]
ISSUE_FORM = ".github/ISSUE_TEMPLATE/suggest-annotation.yml"
DATA_ID = "book-paragraph-actions"
# Placeholders the script fills in: the paragraph number, the reader's date.
N, ACCESSED_ZH, ACCESSED_EN = "{n}", "{accessed}", "{accessed_en}"


def menu_texts() -> dict[str, str]:
    """What the menu says, in this build's language (the message catalogue)."""
    return {
        "menu": str(_("¶{n}: cite and annotate")),
        "cite_zh": str(_("Copy citation in Chinese (GB/T 7714)")),
        "cite_en": str(_("Copy citation in English")),
        "suggest": str(_("Suggest an annotation")),
        "edit": str(_("Edit on GitHub (line {line})")),
        "edit_source": str(_("Edit the Chinese source on GitHub (line {line})")),
        "copied": str(_("Copied")),
        "failed": str(_("Could not copy; select it by hand:")),
        "go": str(_("Go there →")),
    }


def edition(app: Sphinx, language: str, key: str) -> str:
    """The edition's ``title`` or ``editors`` in ``language`` (``book_editions``)."""
    names = app.config.book_editions.get(language, {})
    return names.get(key) or (
        app.config.project if key == "title" else app.config.author
    )


def citation_zh(app: Sphinx, facts: InterviewFacts, url: str) -> str:
    """GB/T 7714—2015: the interview as a contribution to the edition."""
    authors = ", ".join(name for name in (facts.interviewee, facts.author) if name)
    head = f"{authors}. " if authors else ""
    origin = ", ".join(part for part in (facts.outlet, facts.published) if part)
    origin = f". {origin}" if origin else ""
    return (
        f"{head}{facts.title}[EB/OL]{origin}"
        f"//{edition(app, ORIGINAL, 'editors')}. {edition(app, ORIGINAL, 'title')}. "
        f"{edition_info.citation_edition(app.config, ORIGINAL)}: "
        f"¶{N}[{ACCESSED_ZH}]. {url}#p{N}{_doi(app)}."
    )


def _doi(app: Sphinx) -> str:
    """``. DOI: …`` when the edition has a DOI (CITATION.cff), else nothing."""
    found = edition_info.doi(app.config)
    return f". DOI: {found}" if found else ""


def _english_date(iso: str) -> str:
    from tools.sphinxext.apparatus.citation_meta import MONTHS

    year, month, day = iso.split("-")
    return f"{int(day)} {MONTHS[int(month) - 1]} {year}"


def citation_en(app: Sphinx, facts: InterviewFacts, url: str) -> str:
    """An English citation (author–title–outlet–date, then the edition)."""
    authors = " and ".join(
        n for n in (facts.en("interviewee"), facts.en("author")) if n
    )
    parts = [
        f"{authors}." if authors else "",
        f"{facts.en('title')}." if facts.title else "",
        ", ".join(
            p
            for p in (
                facts.en("outlet"),
                _english_date(facts.published) if facts.published else "",
            )
            if p
        ),
    ]
    head = " ".join(p for p in parts if p).rstrip(".") + "."
    return (
        f"{head} ¶{N}, in {edition(app, 'en', 'title')} "
        f"({edition(app, 'en', 'editors')}), "
        f"{edition_info.citation_edition(app.config, 'en')}. "
        f"{url}#p{N} (accessed {ACCESSED_EN}){_doi(app)}."
    )


def _theme_option(app: Sphinx, name: str, default: str = "") -> str:
    return str(app.config.html_theme_options.get(name, default)).rstrip("/")


def paragraph_lines(doctree: nodes.document) -> dict[str, int]:
    """``p12`` -> the line of the chapter's source that holds the paragraph."""
    lines = {}
    for paragraph in doctree.findall(nodes.paragraph):
        if "interview-paragraph" in paragraph["classes"] and paragraph.line:
            lines[paragraph["ids"][0]] = paragraph.line
    return lines


def catalogue_lines(
    app: Sphinx, docname: str, source: Path, lines: dict[str, int]
) -> tuple[str, dict[str, int]] | None:
    """In a translation: the catalogue that holds the chapter, and its lines.

    A paragraph's message is found by its text (the source line), since the
    catalogue's own ``#:`` line numbers do not count the front matter.
    """
    from babel.messages.pofile import read_po

    domain = docname_to_domain(docname, app.config.gettext_compact)
    for folder in app.config.locale_dirs:
        path = Path(
            app.srcdir, folder, app.config.language, "LC_MESSAGES", f"{domain}.po"
        )
        if path.is_file():
            break
    else:
        return None
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    by_text = {str(m.id): m.lineno for m in catalogue if m.id and m.lineno}
    text = source.read_text(encoding="utf-8").splitlines()
    found = {}
    for pid, line in lines.items():
        if 0 < line <= len(text) and (number := by_text.get(text[line - 1].strip())):
            found[pid] = number
    return path.resolve().relative_to(ROOT).as_posix(), found


def actions(
    app: Sphinx, docname: str, facts: InterviewFacts, doctree
) -> dict[str, Any]:
    """Everything the menu needs for one chapter, but the paragraph and date."""
    url = page_url(app.config, docname)
    repository = _theme_option(app, "repository_url")
    branch = _theme_option(app, "repository_branch", "main")
    source = Path(app.env.doc2path(docname))
    path = source.resolve().relative_to(ROOT).as_posix()
    lines = source_lines = paragraph_lines(doctree)
    source_path = path
    if app.config.language != ORIGINAL:
        found = catalogue_lines(app, docname, source, lines)
        if found is not None:
            path, lines = found
    # a paragraph the catalogue lacks (untranslated): its source instead
    missing = {pid: line for pid, line in source_lines.items() if pid not in lines}

    def edit(path: str) -> str:
        return (
            f"{repository}/blob/{branch}/{quote(path)}?plain=1#L{{line}}"
            if repository
            else ""
        )

    query = urlencode(
        {
            "template": Path(ISSUE_FORM).name,
            "title": f"[注释] {facts.interviewee} ¶{N}",
            "chapter": f"{facts.interviewee}（{docname}）",
            "paragraph": f"¶{N} {url}#p{N}",
        },
        quote_via=quote,
        safe="{}",
    )
    return {
        "citation": {
            "zh": citation_zh(app, facts, url),
            "en": citation_en(app, facts, url),
        },
        "suggest": f"{repository}/issues/new?{query}" if repository else "",
        "edit": edit(path),
        "lines": lines,
        **(
            {"edit_source": edit(source_path), "source_lines": missing}
            if missing
            else {}
        ),
        "texts": menu_texts(),
    }


def add_actions(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """Put the menu's data into an interview page."""
    if app.builder.name != "html" or doctree is None:
        return
    facts = chapter_facts(app.env, pagename)
    if facts is None:
        return
    page_assets.add_json_data(context, DATA_ID, actions(app, pagename, facts, doctree))


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register ``book_editions`` and put the menu's data into chapters."""
    app.setup_extension("tools.sphinxext.plumbing.messages")  # the words it shows
    app.setup_extension("tools.sphinxext.editions.edition_info")  # the edition it cites
    app.add_config_value("book_editions", {}, "html", types=frozenset({dict}))
    app.connect("html-page-context", add_actions)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
