"""The edition a build is, for everything that prints or links it.

``conf.py`` reads the release from the git tags (``tools/lib/release.py``)
into ``book_edition``; this module

* stops the build, in one line naming the file, when the tag being built is
  not a version or ``CITATION.cff`` disagrees with it;
* states the edition at the foot of every page of the web edition;
* gives the citations their edition (``citation_edition``): ``1.2版`` /
  ``version 1.2`` for a release, and, between releases, the plain statement
  that this is the development state after the last release; and the DOI,
  when ``CITATION.cff`` sets one (``doi``);
* in a versioned site (``nox -s editions``: ``book_versions_url`` names the
  site's ``versions.json``), turns on the theme's own version switcher
  (pydata-sphinx-theme's ``switcher``, which sphinx-book-theme inherits),
  reading that file from the book's own host, and the book's banner on an
  edition that is no longer the current one (``static/book-edition.js``),
  which links the same page and paragraph in the current edition.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.util.docutils import SphinxDirective

from tools.lib import edition_history
from tools.lib import release as releases
from tools.lib.build import ORIGINAL
from tools.sphinxext.plumbing.messages import _
from tools.sphinxext.reader import page_assets

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

SCRIPT = Path(__file__).resolve().parents[1] / "static" / "book-edition.js"
STYLE = SCRIPT.with_suffix(".css")
DATA_ID = "book-edition"
MENU_DATA_ID = "book-paragraph-actions"  # paragraph_actions.DATA_ID
SWITCHER = "version-switcher"
HISTORY_CLASS = "book-edition-history"
HISTORY_BLOCK = re.compile(
    rf'(<div class="[^"]*\b{HISTORY_CLASS}\b[^"]*"[^>]*>).*?(</div>)', re.S
)


def edition_of(config: Config) -> dict[str, str]:
    """``book_edition`` with every key present."""
    values = {"version": "", "date": "", "tag": "", "last": "", "doi": ""}
    values.update(getattr(config, "book_edition", None) or {})
    return values


def citation_edition(config: Config, language: str) -> str:
    """The edition as a citation names it, in the citation's language."""
    edition = edition_of(config)
    chinese = language.startswith("zh")
    if edition["tag"]:
        return f"{edition['version']}版" if chinese else f"version {edition['version']}"
    if edition["last"]:
        return (
            f"{edition['last']}版之后的未发布修订版"
            if chinese
            else f"development state after version {edition['last']}"
        )
    return "未发布的修订版" if chinese else "development state, not yet released"


def doi(config: Config) -> str:
    """The DOI of the edition, or ``""`` (never a placeholder)."""
    return edition_of(config)["doi"]


def doi_url(config: Config) -> str:
    return f"https://doi.org/{doi(config)}" if doi(config) else ""


def edition_statement(config: Config) -> str:
    """What the book's pages say of their edition, in the build's language."""
    edition = edition_of(config)
    if edition["tag"]:
        return str(_("Edition {version}, released {date}")).format(**edition)
    if edition["last"]:
        return str(_("Development state after the last release, {last}")).format(
            **edition
        )
    return str(_("Development state: no edition has been released yet"))


def check_edition(app: Sphinx) -> None:
    """Stop a build of a bad tag, or of a tag CITATION.cff disagrees with,
    before any page is read (as ``bib_check`` and ``series`` do)."""
    config = app.config
    edition = edition_of(config)
    if problem := (config.book_edition or {}).get("problem"):
        raise ConfigError(problem)
    if edition["tag"] and Path(app.confdir, releases.CITATION).is_file():
        tag = releases.Release(
            releases.parse_tag(edition["tag"]), edition["tag"], edition["date"]
        )
        if problems := releases.citation_problems(Path(app.confdir), tag):
            raise ConfigError("\n".join(problems))


def switcher(app: Sphinx, config: Config) -> None:
    """In a versioned site: the theme's version switcher, on this host."""
    edition = edition_of(config)
    if config.book_versions_url:
        options = dict(config.html_theme_options or {})
        options["switcher"] = {
            "json_url": config.book_versions_url,
            "version_match": edition["version"],
        }
        # The theme would fetch the file at build time; it is made after.
        options["check_switcher"] = False
        options["show_version_warning_banner"] = False  # the book's own, below
        end = list(options.get("article_header_end") or [])
        if SWITCHER not in end:
            end.insert(0, SWITCHER)
        options["article_header_end"] = end
        config.html_theme_options = options


def edition_data(app: Sphinx) -> dict[str, Any]:
    """What the banner script needs: this edition, the versions file, words."""
    edition = edition_of(app.config)
    return {
        "version": edition["version"],
        "versions": app.config.book_versions_url,
        "texts": {
            "banner": str(
                _("This is edition {version}; the current edition is {current}.")
            ),
            "link": str(_("Read this passage in the current edition")),
        },
    }


def add_assets(app: Sphinx) -> None:
    """The banner script, in a versioned site's web edition."""
    if app.builder.name != "html" or not app.config.book_versions_url:
        return
    app.add_js_file(SCRIPT.name, defer="defer")
    app.add_css_file(STYLE.name)
    page_assets.add_static_file(app, SCRIPT)
    page_assets.add_static_file(app, STYLE)


def add_data(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    """Every page states its edition (the footer); in a versioned site it
    also names it for the banner."""
    if app.builder.format != "html" or app.builder.name.startswith("epub"):
        return
    statement = html.escape(edition_statement(app.config))
    context["theme_extra_footer"] = f'<p class="book-edition">{statement}</p>'
    if app.builder.name != "html" or not app.config.book_versions_url:
        return
    page_assets.add_json_data(context, DATA_ID, {**edition_data(app), "page": pagename})


class EditionHistory(SphinxDirective):
    """``{edition-history}``: where the edition history goes on its page.

    The entries are computed from the built editions, so they are put in at
    the end of a release's build (``write_history``); until then, and in a
    build that is no release, the block says what it will hold.
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        block = nodes.container(classes=[HISTORY_CLASS])
        block += nodes.paragraph(text=edition_statement(self.config))
        return [block]


def _history_titles() -> dict[str, dict[str, Any]]:
    """The headings of the history's lists, in the build's language."""
    return {
        "annotations": {
            "added": _("Annotations added"),
            "changed": _("Annotations changed"),
            "removed": _("Annotations removed"),
        },
        "glossary": {
            "added": _("Glossary entries added"),
            "changed": _("Glossary entries changed"),
            "removed": _("Glossary entries removed"),
        },
        "references": {
            "added": _("References added"),
            "changed": _("References changed"),
            "removed": _("References removed"),
        },
        "translation": {"changed": _("Translation of the interview changed")},
    }


def _history_item(kind: str, change: str, note: dict[str, str], chapters) -> str:
    """One change as a list item: where (linked), then the text."""
    text = html.escape(note["text"])
    before = note.get("before")
    if before:
        text += f"<br/><del>{html.escape(before)}</del>"
    if kind not in ("annotations", "translation"):
        if change == "removed":  # it is not in this edition to link to
            return f"<li>{text}</li>"
        link = html.escape(f"{note['chapter']}.html#{note['paragraph']}")
        return f'<li><a href="{link}">{text}</a></li>'
    chapter = chapters.get(note["chapter"], note["chapter"])
    where = html.escape(f"{chapter} ¶{note['paragraph'].removeprefix('p')}")
    link = html.escape(f"{note['chapter']}.html#{note['paragraph']}")
    return f'<li><a href="{link}">{where}</a>: {text}</li>'


def _render_history(history: list[dict[str, Any]], chapters: dict[str, str]) -> str:
    """The history's HTML, newest release first, in the build's language."""
    titles = _history_titles()
    out = []
    for item in history:
        version = html.escape(item["version"])
        heading = str(_("Edition {version} ({date})")).format(
            version=version, date=html.escape(item["date"])
        )
        out.append(f'<section id="edition-{version}"><h2>{heading}</h2>')
        if not item["previous"]:
            out.append(f"<p>{html.escape(str(_('The first edition.')))}</p>")
            out.append("</section>")
            continue
        since = str(_("Changes since edition {previous}:"))
        out.append(f"<p>{html.escape(since.format(previous=item['previous']))}</p>")
        if not any(any(item.get(kind, {}).values()) for kind in titles):
            out.append(f"<p>{html.escape(str(_('Nothing changed.')))}</p>")
        for kind, changes in titles.items():
            for change, title in changes.items():
                notes = item.get(kind, {}).get(change)
                if not notes:
                    continue
                out.append(f"<h3>{html.escape(str(title))}</h3><ul>")
                out += [_history_item(kind, change, n, chapters) for n in notes]
                out.append("</ul>")
        out.append("</section>")
    return "".join(out)


def write_history(app: Sphinx, exception: Exception | None) -> None:
    """In a release's build: compute its history entry and put it on its page.

    After ``annotations.jsonld`` is written (a later priority than
    ``web_annotations``): this edition's annotations against those of the
    previous edition (``book_previous_edition``, its built folder in this
    language), added to the history that edition published.
    """
    edition = edition_of(app.config)
    if exception is not None or app.builder.name != "html" or not edition["tag"]:
        return
    previous = app.config.book_previous_edition
    old = Path(previous) if previous else None
    last = ""
    if old is not None:
        older = edition_history.read_history(old)
        last = older[0]["version"] if older else ""
    out = Path(app.outdir)
    history = edition_history.write_history(
        out,
        edition["version"],
        edition["date"],
        last,
        old,
        translation=app.config.language != ORIGINAL,
    )
    chapters = {
        docname: app.env.titles[docname].astext()
        for docname in app.env.found_docs
        if docname in app.env.titles
    }
    body = _render_history(history, chapters)
    history_page = None
    for page in sorted(out.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        if HISTORY_CLASS not in text:
            continue
        history_page = history_page or page.name
        text = HISTORY_BLOCK.sub(lambda m: m.group(1) + body + m.group(2), text, 1)
        page.write_text(text, encoding="utf-8")
    if history_page is not None:
        mark_revisions(out, history, history_page)


def revisions(history: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """chapter -> ``pN`` -> the last release that changed its annotations."""
    found: dict[str, dict[str, str]] = {}
    for item in reversed(history):  # oldest first: later releases win
        if not item["previous"]:
            continue  # the first edition revised nothing
        for notes in item.get("annotations", {}).values():
            for note in notes:
                found.setdefault(note["chapter"], {})[note["paragraph"]] = item[
                    "version"
                ]
    return found


def mark_revisions(out: Path, history: list[dict[str, Any]], history_page: str):
    """Give each chapter's ¶ menu (``paragraph_actions``) when its notes last
    changed, linking that release's entry of the history: the menu's data
    gets ``revised`` (``pN`` -> version and link) and ``revised_text``."""
    opening = f'<script type="application/json" id="{MENU_DATA_ID}">{{'
    for chapter, paragraphs in revisions(history).items():
        page = out / f"{chapter}.html"
        if not page.is_file():
            continue
        text = page.read_text(encoding="utf-8")
        if opening not in text:
            continue
        # a rebuild into the same folder: the data once, as a clean build has it
        text = re.sub(
            re.escape(opening) + r'"revised": .*?, "revised_text": "[^"]*",',
            lambda _match: opening,
            text,
            count=1,
        )
        up = posixpath.relpath(history_page, posixpath.dirname(chapter) or ".")
        data = {
            "revised": {
                pid: {"version": version, "href": f"{up}#edition-{version}"}
                for pid, version in sorted(paragraphs.items())
            },
            "revised_text": str(_("Notes revised in {version}")),
        }
        inner = json.dumps(data, ensure_ascii=False)[1:-1].replace("</", "<\\/")
        page.write_text(text.replace(opening, f"{opening}{inner},", 1), "utf-8")


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the edition's settings and check them before anything is read."""
    app.setup_extension("tools.sphinxext.plumbing.messages")
    app.add_config_value("book_edition", {}, "env", types=frozenset({dict}))
    # the site's versions.json as the browser asks for it ("" = no switcher)
    app.add_config_value("book_versions_url", "", "env", types=frozenset({str}))
    app.connect("config-inited", switcher)
    app.connect("builder-inited", check_edition, priority=100)
    app.connect("builder-inited", add_assets)
    # the previous edition's built folder in this language ("" = none)
    app.add_config_value("book_previous_edition", "", "env", types=frozenset({str}))
    app.add_directive("edition-history", EditionHistory)
    app.connect("html-page-context", add_data)
    app.connect("build-finished", write_history, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
