"""Check the built book's internal links offline: files, anchors, PDF destinations.

``python -m tools.check_site build/html`` reads every page of the HTML build
and checks that each internal ``href`` and ``src`` names a file that exists
and that each ``#fragment`` names an id on the target page: paragraph anchors
``#pN``, glossary terms ``#term-…``, citations, footnotes and sidenotes,
headings.  External links (anything with a scheme or a host) are left to
``nox -s linkcheck``.  Every broken link is printed with the page it is on;
the exit status is 1 if there is one.

If a PDF of the book exists (``build/pdf/*.pdf`` beside ``build/html``, or
files given with ``--pdf``), the destinations of its internal links are
checked too with pypdf; without a PDF that part is skipped and says so.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Folders of the build that hold no pages a reader opens: the themes copy
# Jinja macro files ending in .html into _static/.
NOT_PAGES = ("_static", "_sources", "_images", "_downloads")


@dataclass(frozen=True, order=True)
class Problem:
    """One broken link: where it is (page or PDF), the link, what is wrong."""

    where: str
    link: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: broken link {self.link} ({self.reason})"


# -- HTML ----------------------------------------------------------------------


def pages(root: Path) -> list[Path]:
    """Every HTML page of the build under ``root``, in a stable order."""
    return sorted(
        path
        for path in root.rglob("*.html")
        # at any depth: each language edition has its own _static/
        if not set(path.relative_to(root).parts[:-1]) & set(NOT_PAGES)
    )


class _PageReader(HTMLParser):
    """The ids, the links (``href`` and ``src``, in document order) and the
    canonical address of one page, in one pass of the standard library's
    parser (attribute values come unescaped)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.canonical = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        self.links += [values[n].strip() for n in ("href", "src") if n in values]
        if tag == "link" and "canonical" in values.get("rel", "").split():
            self.canonical = self.canonical or values.get("href", "")


@cache
def _read(path: Path) -> _PageReader:
    """What the checks need of the page ``path``, read once."""
    reader = _PageReader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader


@dataclass(frozen=True)
class Site:
    """Where the build is and where it is published.

    ``url`` is the published address of the site root (from the pages'
    ``<link rel="canonical">``, which Sphinx writes when ``html_baseurl`` is
    set), ``path`` its path: the 404 page links to ``/annotated-edition/…``
    because it must work at any depth, and those links are checked as links
    into the build.
    """

    root: Path
    url: str = ""
    path: str = "/"

    @classmethod
    def of(cls, root: Path) -> Site:
        _read.cache_clear()  # a page may have changed since the last site was read
        root = root.resolve()
        index = root / "index.html"
        href = _read(index).canonical if index.is_file() else ""
        if not href.endswith("/index.html"):
            return cls(root)
        url = href.removesuffix("index.html")
        return cls(root, url, urlsplit(url).path or "/")

    def local(self, page: Path, link: str) -> tuple[str, Path | None]:
        """The link's path in the build (None: not in it) and its fragment.

        An empty path is the page itself; an external link gives ("", None)
        and is not checked.
        """
        if self.url and link.startswith(self.url):
            link = self.path + link.removeprefix(self.url)
        parts = urlsplit(link)
        if parts.scheme or parts.netloc:  # http:, mailto:, data:, //host…
            return "", None
        fragment = unquote(parts.fragment)
        if not parts.path:
            return fragment, page
        if parts.path.startswith("/"):
            if not parts.path.startswith(self.path):
                return fragment, Path("/")  # outside the published site
            return fragment, self.root / unquote(parts.path.removeprefix(self.path))
        return fragment, page.parent / unquote(parts.path)


def check_link(site: Site, page: Path, link: str) -> str | None:
    """Why ``link`` on ``page`` is broken, or None if it is fine or external."""
    if not link or link == "#":
        return None
    fragment, target = site.local(page, link)
    if target is None:
        return None
    target = target.resolve()
    if not target.is_relative_to(site.root):
        return f"points outside the site ({site.path})"
    if target.is_dir():
        target = target / "index.html"
    name = target.relative_to(site.root).as_posix()
    if not target.is_file():
        return f"no file {name}"
    if not fragment or fragment.startswith(":~:") or target.suffix != ".html":
        return None  # no anchor, a text fragment, or a fragment into a non-page
    if fragment not in _read(target).ids:
        return f'no id "{fragment}" on {name}'
    return None


def check_html(root: Path) -> list[Problem]:
    """Every broken internal link of the HTML build in ``root``."""
    site = Site.of(root)
    problems: set[Problem] = set()
    for page in pages(site.root):
        where = page.relative_to(site.root).as_posix()
        for link in _read(page).links:
            if (reason := check_link(site, page, link)) is not None:
                problems.add(Problem(where, link, reason))
    return sorted(problems)


# -- PDF ------------------------------------------------------------------------


def find_pdfs(html_root: Path) -> list[Path]:
    """The book's PDFs where ``nox`` puts them: ``pdf/`` beside the HTML build."""
    return sorted((html_root.resolve().parent / "pdf").glob("*.pdf"))


def _destination(annotation) -> object | None:
    """The internal destination of a link annotation, or None if it has none."""
    if "/Dest" in annotation:
        return annotation["/Dest"]
    action = annotation.get("/A")
    if action is not None:
        action = action.get_object()
        if action.get("/S") == "/GoTo":
            return action.get("/D")
    return None  # /URI, /GoToR, /Launch, /Named: not a place inside this PDF


def check_pdf(path: Path) -> list[Problem]:
    """Every link in the PDF ``path`` whose destination does not exist."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, IndirectObject

    reader = PdfReader(path)
    names = set(reader.named_destinations)
    page_ids = {
        page.indirect_reference.idnum
        for page in reader.pages
        if page.indirect_reference is not None
    }
    problems = []
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots", None) or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            dest = _destination(annotation)
            if dest is None:
                continue
            dest = dest.get_object() if isinstance(dest, IndirectObject) else dest
            where = f"{path.name}: page {number}"
            if isinstance(dest, ArrayObject):  # [page /XYZ left top zoom]
                target = dest[0] if dest else None
                if not (
                    isinstance(target, IndirectObject) and target.idnum in page_ids
                ):
                    problems.append(Problem(where, "explicit destination", "no page"))
            elif str(dest) not in names:
                problems.append(Problem(where, str(dest), "no such named destination"))
    return problems


# -- CLI -------------------------------------------------------------------------


def check(html_root: Path, pdfs: Iterable[Path] | None = None) -> list[Problem]:
    """Check the HTML build and the PDFs (found beside it unless given)."""
    problems = check_html(html_root)
    for pdf in find_pdfs(html_root) if pdfs is None else pdfs:
        problems += check_pdf(pdf)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.check_site", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("html", type=Path, help="the HTML build, e.g. build/html")
    parser.add_argument(
        "--pdf",
        type=Path,
        action="append",
        help="a PDF to check (default: every build/pdf/*.pdf beside the HTML)",
    )
    args = parser.parse_args(argv)
    if not (args.html / "index.html").is_file():
        parser.error(f"{args.html} is not an HTML build (no index.html)")

    pdfs = find_pdfs(args.html) if args.pdf is None else args.pdf
    try:
        problems = check(args.html, pdfs)
    except ImportError as error:  # pypdf, only needed when there is a PDF
        parser.error(f"{error.name} is needed to check {', '.join(map(str, pdfs))}")
    count = len(pages(args.html))
    for problem in problems:
        print(problem)
    pdf_note = (
        f"{len(pdfs)} PDF(s)"
        if pdfs
        else f"no PDF in {args.html.resolve().parent / 'pdf'}, PDF links not checked"
    )
    verdict = f"{len(problems)} broken" if problems else "all internal links resolve"
    print(f"check_site: {count} pages, {pdf_note}: {verdict}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
