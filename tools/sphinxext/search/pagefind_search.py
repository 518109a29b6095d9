"""Paragraph-precise search with Pagefind, written when the HTML build ends.

Pagefind is the book's one search engine.  Sphinx's own index
(``searchindex.js``) knew pages, not passages, and the browser loaded all of
it for any query, so Sphinx's indexer is switched off the way Sphinx's EPUB
builder switches it off (the HTML builder's ``search`` attribute); the
search page, which that switch also drops, is added back with
``html-collect-pages``.  This module indexes the built pages with Pagefind's
extended build (``pagefind[extended]`` from PyPI: the binary ships in the wheel,
segments Chinese, and needs no network) into ``pagefind/`` in the output
folder, and the search page queries it through ``book-search.js``.  Each
record is one thing a reader can be sent to:

* a chapter: its top, with its title and source card (title of the
  original, author, date);
* an interview paragraph: ``<chapter>.html#pN``, its text without the margin
  number or the annotations beside it, titled with the chapter's title;
* an annotation: ``#note-<label>``, its text;
* a glossary entry: ``glossary.html#term-…``, one record per entry, the
  headword and English term weighted above the definition;
* any other page: its article, split by Pagefind at each heading with an id.

Each record says what it is (``kind``: ``interview``, ``note``, ``term``,
``page``; Pagefind metadata) and where it is (``place``: ¶12,
"注3（¶12）", a headword), and carries its group's heading in the edition's
language: the search page shows the interview's text first, then the notes,
the glossary and the other pages, each in Pagefind's order; the interview's
paragraphs weigh double, so that they are among the results it groups.

The records are read off the built HTML of every document of the build
(not off whatever else lies in the output folder), in document order, and
the bundle is written afresh whenever they change (a stamp in the doctree
folder remembers their digest), so an incremental build writes the same
bundle as a clean one, and a rebuild with nothing to do writes none.  A
page's records are kept with its digest (``built_pages.per_page``): a
rebuild reads only the pages it rewrote, and Pagefind indexes the records
of every page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from copy import deepcopy
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from tools.sphinxext.plumbing import built_pages
from tools.sphinxext.plumbing.messages import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"
SCRIPT = Path(__file__).parents[1] / "static" / "book-search.js"
SKIP = {"genindex", "search", "404"}
# What is never part of a record: the margin numbers, the annotations' toggles
# and their text (indexed as records of their own), permalinks.
NOISE = ".paranum, .headerlink, label.margin-toggle, input.margin-toggle"


def switch_off_sphinx_search(app: Sphinx) -> None:
    """No ``searchindex.js``: Sphinx's indexer is off, as in its EPUB builder."""
    if app.builder.name == "html" and isinstance(app.builder, StandaloneHTMLBuilder):
        app.builder.search = False


def add_search_page(app: Sphinx):
    """The search page, which ``search = False`` would leave out (and the
    last build's, when ``incremental`` found nothing to write)."""
    if app.builder.name == "html" and not getattr(
        app.builder, "book_nothing_to_write", False
    ):
        yield "search", {}, "search.html"


def pagefind_language(language: str) -> str:
    """Sphinx's ``zh_CN`` as Pagefind's ``zh``: its extended build segments
    Chinese for ``zh`` (``zh-cn`` would be an unknown language, unsegmented)."""
    return language.replace("-", "_").split("_")[0].lower()


def group_names() -> dict[str, str]:
    """Each kind's heading on the search page, in the edition's language."""
    return {
        "interview": str(_("Interview text")),
        "note": str(_("Notes")),
        "term": str(_("Glossary")),
        "page": str(_("Other pages")),
    }


# Chinese characters, each indexed as a word of its own (see ``spaced``).
HAN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")


def spaced(text: str) -> str:
    """``text`` with a space around every Chinese character.

    Pagefind segments Chinese twice, and differently: its indexer with its
    own dictionary, the browser's query with ``Intl.Segmenter``.  泛化能力 is
    indexed as 泛化 + 能力 but asked as 泛 + 化 + 能力, and then matches
    nothing.  Indexed and asked character by character (book-search.js
    spaces the query the same way), every Chinese query matches, and
    Pagefind's exact search (a quoted query) finds the characters in a row:
    a phrase or a glossary compound, never the same characters scattered.
    """
    return " ".join(HAN.sub(r" \1 ", text).split())


def spaced_keeping_ends(text: str) -> str:
    """``spaced(text)``, with a space kept at either end where ``text`` had
    whitespace: the text of an element next to another ("3. <em>Nature</em>")
    keeps the space between them."""
    inner = spaced(text)
    if not inner:
        return " " if text[:1].isspace() else ""
    start = " " if text[:1].isspace() else ""
    end = " " if text[-1:].isspace() else ""
    return f"{start}{inner}{end}"


def _text(tag) -> str:
    return " ".join(tag.get_text("").split())


def _clean(tag, notes: bool = True):
    """A copy of ``tag`` (in a document of its own) without the margin
    numbers and toggles, and without the annotations in it unless ``notes``
    is false.  The tree is copied, not parsed again from its text."""
    from bs4 import BeautifulSoup

    copy = BeautifulSoup("", "html.parser")
    copy.append(deepcopy(tag))
    for noise in copy.select(f"{NOISE}, .sidenote, .marginnote" if notes else NOISE):
        noise.decompose()
    return copy


def _title(soup) -> str:
    heading = soup.select_one("article h1")
    if heading is None:
        return ""
    heading = _clean(heading)
    return _text(heading)


def records(uri: str, html: str) -> list[dict]:
    """The search records of one built page, in the page's order.

    Each is ``{"url", "content", "meta"}`` for Pagefind's custom records, or
    ``{"url", "html"}`` for a fragment of HTML Pagefind reads itself.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article.bd-article")
    if article is None:
        return []
    title = _title(soup)
    found: list[dict] = []
    card = article.select_one(".interview-source-card")
    if card is not None:
        # The chapter itself: its title, the original's title, author, date.
        fields = [_text(_clean(item)) for item in card.select("dt, dd")]
        found.append(
            {
                "url": uri,
                "content": " ".join([title, *fields]),
                "meta": {"title": title, "place": "", "kind": "page"},
            }
        )
    paragraphs = article.select("p.interview-paragraph[id]")
    for paragraph in paragraphs:
        text = _text(_clean(paragraph))
        number = paragraph["id"].removeprefix("p")
        if text:
            found.append(
                {
                    "url": f"{uri}#{paragraph['id']}",
                    "content": text,
                    "meta": {
                        "title": title,
                        "place": f"¶{number}",
                        "kind": "interview",
                    },
                }
            )
        for note in paragraph.select(".sidenote, .marginnote"):
            anchor = note.select_one(".note-anchor[id]")
            if anchor is None:
                continue
            mark = note.select_one("sup")
            note = _clean(note, notes=False)
            for sup in note.select("sup"):
                sup.decompose()
            if not _text(note):
                continue
            # What the annotation is: its number, at its paragraph.
            if mark:
                place = _("Note {note} (¶{paragraph})").format(
                    note=_text(mark), paragraph=number
                )
            else:
                place = _("Note (¶{paragraph})").format(paragraph=number)
            found.append(
                {
                    "url": f"{uri}#{anchor['id']}",
                    "content": _text(note),
                    "meta": {"title": title, "place": str(place), "kind": "note"},
                }
            )
    glossaries = article.select("dl.glossary")
    for glossary in glossaries:
        terms: list = []
        for child in glossary.find_all(["dt", "dd"], recursive=False):
            if child.name == "dt":
                terms.append(child)
                continue
            if not terms:
                continue
            names = [_text(_clean(term)) for term in terms]
            entry = BeautifulSoup("<div></div>", "html.parser")
            body = entry.div
            body["data-pagefind-body"] = ""
            head = entry.new_tag("h2", attrs={"data-pagefind-weight": "10"})
            head.string = " · ".join(names)
            body.append(head)
            definition = entry.new_tag("p")
            definition.string = _text(_clean(child))
            body.append(definition)
            found.append(
                {
                    "url": f"{uri}#{terms[0]['id']}",
                    "meta": {
                        "title": title,
                        "place": " · ".join(names),
                        "kind": "term",
                    },
                    "content": definition.string,
                    "html": str(entry),
                }
            )
            terms = []
    if not paragraphs and not glossaries:
        body = _clean(article)
        root = body.select_one("article")
        root["data-pagefind-body"] = ""
        found.append(
            {
                "url": uri,
                "meta": {"title": title, "place": "", "kind": "page"},
                "html": str(body),
            }
        )
    return found


# The interview's own words weigh more than what is said about them, so that
# its paragraphs are among the results the search page groups.  (Not
# Pagefind's filters, which would let it search group by group: it writes
# their index in a different order on every run, and a rebuild must write
# the same bundle as a clean build.)
INTERVIEW_WEIGHT = "2"


def _page(language: str, record: dict) -> str:
    """One record as a page for Pagefind: its metadata (with its group's
    heading), and its text."""
    kind = record["meta"]["kind"]
    meta = dict(record["meta"], url=record["url"], group=group_names()[kind])
    if "content" in record:
        meta["text"] = record["content"]  # what the result shows
    tags = "".join(
        f'<meta data-pagefind-meta="{key}[content]" content="{escape(value)}">'
        for key, value in sorted(meta.items())
    )
    # Once one page marks its body, Pagefind drops every page that does not.
    if "html" in record:
        from bs4 import BeautifulSoup

        fragment = BeautifulSoup(record["html"], "html.parser")
        for string in list(fragment.find_all(string=True)):
            string.replace_with(spaced_keeping_ends(str(string)))
        body = str(fragment)
    else:
        weight = (
            f' data-pagefind-weight="{INTERVIEW_WEIGHT}"' if kind == "interview" else ""
        )
        body = f"<p data-pagefind-body{weight}>{escape(spaced(record['content']))}</p>"
    return (
        f'<!DOCTYPE html><html lang="{language}"><head>{tags}</head>'
        f"<body>{body}</body></html>"
    )


def write_bundle(out: Path, language: str, found: list[str]) -> bool:
    """Index the records ``found`` (each a page made by ``_page``) into
    ``out``; return whether Pagefind succeeded.

    Each record is written as a small page of its own (``r/00001.html``) with
    its real address in the ``url`` metadata, and Pagefind's command line
    indexes them all in one run.  (Pagefind's Python API would take records
    directly, but its client waits 0.1 s for every answer: 16 s for this
    book.)
    """
    from pagefind_bin_extended import get_executable

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        folder = site / "r"
        folder.mkdir(parents=True)
        for count, page in enumerate(found, 1):
            (folder / f"{count:05d}.html").write_text(page, encoding="utf-8")
        result = subprocess.run(
            [
                str(get_executable()),
                "--site",
                str(site),
                "--output-path",
                str(out),
                "--force-language",
                language,
                "--silent",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    # Pagefind's own search interfaces (this book has its own): not shipped.
    for unused in [*out.glob("pagefind-*ui.*"), out / "pagefind-highlight.js"]:
        unused.unlink(missing_ok=True)
    if result.returncode:
        logger.warning(
            "pagefind failed (%s): %s",
            result.returncode,
            (result.stderr or result.stdout).strip(),
            type="pagefind",
        )
    return result.returncode == 0


def remove(path: Path) -> None:
    """Remove the folder, file or link at ``path``, if there is one."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def build_index(app: Sphinx, exception: Exception | None) -> None:
    """Write the Pagefind bundle of the documents of this build."""
    if exception is not None or app.builder.name != "html":
        return
    try:
        import bs4  # noqa: F401
        import pagefind_bin_extended  # noqa: F401
    except ImportError as error:
        logger.warning(
            "%s is not installed, so the book has no search; install the "
            "'docs' dependency group",
            error.name,
            type="pagefind",
        )
        return
    outdir = Path(app.outdir)
    pages = {}
    for docname in sorted(app.env.found_docs):
        if docname in SKIP:
            continue
        uri = app.builder.get_target_uri(docname)
        if (outdir / uri).is_file():
            pages[uri] = outdir / uri
    language = pagefind_language(app.config.language)
    version = f"{built_pages.code(app)} {language}"
    by_page = built_pages.per_page(
        app,
        "pagefind-records",
        version,
        pages,
        lambda uri, html: [_page(language, record) for record in records(uri, html)],
    )
    found = [record for uri in pages for record in by_page[uri]]
    out = outdir / BUNDLE
    # The new bundle is written beside the old one and put in its place at
    # once: the live preview (nox -s serve) serves the site while it is
    # rebuilt, and a search then must find the old bundle or the new one,
    # never half of one.  What an interrupted build left beside it goes first.
    fresh, old = out.with_name(f"{BUNDLE}.new"), out.with_name(f"{BUNDLE}.old")
    for leftover in (fresh, old):
        remove(leftover)
    # A rebuild whose records did not change keeps the bundle it wrote.
    digest = built_pages.inputs_digest([version, *found])
    stamp = Path(app.doctreedir) / "pagefind.sha256"
    if out.is_dir() and stamp.is_file() and stamp.read_text() == digest:
        return
    # no stamp while the bundle is changing: an interrupted build is redone
    stamp.unlink(missing_ok=True)
    start = time.perf_counter()
    if write_bundle(fresh, language, found):
        if out.exists() or out.is_symlink():
            out.rename(old)
        fresh.rename(out)
        remove(old)
        stamp.write_text(digest)
    else:
        # as after a clean build that failed: no bundle, and the next build
        # tries again (and warns again)
        for written in (fresh, out):
            remove(written)
    logger.info(
        "pagefind: %d records from %d pages in %.2f s",
        len(found),
        len(pages),
        time.perf_counter() - start,
    )


def search_page(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """The search page runs Pagefind through book-search.js, not Sphinx's
    search scripts (templates/search.html calls ``book_strip_sphinx_search``).

    Every page still names the search page in ``<head>`` (``hasdoc``), as
    when Sphinx wrote it.
    """
    from tools.sphinxext.reader import page_assets

    if app.builder.name != "html":
        return
    hasdoc = context["hasdoc"]
    context["hasdoc"] = lambda name: name == "search" or hasdoc(name)
    if pagename != "search":
        return
    app.add_js_file(SCRIPT.name, type="module")
    strip = page_assets.script_tag_remover(
        context,
        pagename,
        page_assets.SEARCH_SCRIPTS,
        holder="search page",
        what_to_do="update tools/sphinxext/search/pagefind_search.py",
        warning_type="pagefind",
    )
    context["book_strip_sphinx_search"] = strip


def copy_script(app: Sphinx) -> None:
    """Have Sphinx copy book-search.js (``page_assets.add_static_file``)."""
    from tools.sphinxext.reader import page_assets

    if app.builder.name == "html":
        page_assets.add_static_file(app, SCRIPT)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Switch Sphinx's search off; add the Pagefind step at the end of the build."""
    app.connect("builder-inited", switch_off_sphinx_search)
    app.connect("builder-inited", copy_script)
    app.connect("html-collect-pages", add_search_page)
    app.connect("html-page-context", search_page)
    app.connect("build-finished", build_index)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
