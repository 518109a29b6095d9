"""The form of every external link a reader can follow, checked without a network.

Each rule is a function of one file that yields ``(line, message)`` (the
model is python/peps' ``check-peps.py``); ``tools.contribution_rules`` runs
them all (``check``) and prints ``file:line: message``:

* ``markdown_links``: the URLs of a Markdown source, outside code (front
  matter included);
* ``text_links``: the URLs anywhere in a text file (``conf.py``);
* ``bibliography_links``: the fields of ``references.bib`` (parsed with
  pybtex, as sphinxcontrib-bibtex does), the editors' ``verified`` note
  excepted.

A URL must be https (a host without it would be listed in ``HTTP_ONLY``,
with the reason); a DOI is ``https://doi.org/10.…`` (in the bibliography the
bare ``doi`` field, which the style renders as that link); no link
shortener, search result page or redirector (the link names the page
itself); no tracking parameters.  The build's own bibliography rules (a DOI
or URL for every entry, ``verified``) are ``tools/sphinxext/apparatus/bib_check.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

URL = re.compile(r"""(?:https?|ftp)://[^\s<>()\[\]{}"'`，。；：！？、）》」』]+""")
DOI = re.compile(r"10\.\d{4,9}/\S+")
ENTRY_START = re.compile(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,", re.M)
FENCE = re.compile(r"\s*(`{3,}|~{3,})")

# Hosts that do not offer https, so that http is the only way; none yet.
# An entry needs a comment saying how that was checked.
HTTP_ONLY: set[str] = set()

SHORTENERS = {
    "bit.ly", "t.co", "tinyurl.com", "goo.gl", "ow.ly", "buff.ly", "is.gd",
    "rb.gy", "cutt.ly", "shorturl.at", "tiny.cc", "lnkd.in", "s.id", "v.gd",
    "youtu.be", "t.cn", "url.cn", "dwz.cn", "suo.im", "b23.tv", "j.mp",
}  # fmt: skip
# (host pattern, path pattern): result pages and click-through redirectors.
SEARCH_PAGES = [
    (r"(www\.)?google\.[a-z.]+", r"/(search|url)\b"),
    (r"scholar\.google\.[a-z.]+", r"/scholar\b"),
    (r"(www\.|cn\.)?bing\.com", r"/search\b"),
    (r"(www\.|m\.)?baidu\.com", r"/(s|link|baidu)\b"),
    (r"(www\.|m\.)?so\.com", r"/s\b"),
    (r"(www\.|weixin\.)?sogou\.com", r"/(web|weixin|link)\b"),
    (r"(html\.)?duckduckgo\.com", r"/(html/?)?$"),
    (r"search\.yahoo\.com", r"/search\b"),
    (r"(www\.)?yandex\.[a-z.]+", r"/search\b"),
]
SHORTENER = "a link shortener hides the page: link the page itself"
SEARCH_PAGE = "a search result page: link the page that was found"
TRACKING = re.compile(
    r"utm_\w+|fbclid|gclid|spm|chksm|isappinstalled|sharer_\w+|share_token"
)


def problems_with(url: str) -> list[str]:
    """What is wrong with one external URL, as short sentences."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    found = []
    if parts.scheme == "http" and host not in HTTP_ONLY:
        found.append("use https")
    elif parts.scheme not in ("http", "https"):
        found.append(f"{parts.scheme}: is not a web link")
    if host in SHORTENERS:
        found.append(SHORTENER)
    for host_re, path_re in SEARCH_PAGES:
        if re.fullmatch(host_re, host) and re.match(path_re, parts.path):
            found.append(SEARCH_PAGE)
    if host == "dx.doi.org" or (host == "doi.org" and parts.scheme != "https"):
        found.append("write a DOI as https://doi.org/10.…")
    elif host == "doi.org" and not DOI.fullmatch(parts.path.removeprefix("/")):
        found.append("a doi.org link needs a DOI: https://doi.org/10.NNNN/…")
    if any(TRACKING.fullmatch(key) for key, _ in parse_qsl(parts.query)):
        found.append("drop the tracking parameters")
    return found


def markdown_urls(path: Path) -> list[tuple[int, str]]:
    """(line, url) for the URLs of a Markdown source, outside code.

    URLs in the front matter (the chapter's metadata) count; those in code
    spans and fenced blocks are examples and do not.
    """
    found = []
    fence = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if marker := FENCE.match(line):
            if fence is None:
                fence = marker.group(1)
            elif marker.group(1).startswith(fence):
                fence = None
            continue
        if fence is not None:
            continue
        line = re.sub(r"`[^`]*`", "", line)  # inline code may show a URL
        found += [(number, match.group()) for match in URL.finditer(line)]
    return found


def markdown_links(path: Path) -> Iterator[tuple[int, str]]:
    """Every badly formed link of a Markdown source."""
    for number, url in markdown_urls(path):
        for why in problems_with(url):
            yield number, f"{url}: {why}"


def text_links(path: Path) -> Iterator[tuple[int, str]]:
    """Every badly formed URL anywhere in a text file (``conf.py``)."""
    text = path.read_text(encoding="utf-8")
    for match in URL.finditer(text):
        for why in problems_with(match.group()):
            yield text.count("\n", 0, match.start()) + 1, f"{match.group()}: {why}"


def entry_lines(text: str) -> dict[str, list[int]]:
    """Line numbers where each key of a .bib text is defined (more: duplicates)."""
    lines: dict[str, list[int]] = {}
    for match in ENTRY_START.finditer(text):
        if match.group(1).lower() in {"comment", "preamble", "string"}:
            continue
        lines.setdefault(match.group(2), []).append(
            text.count("\n", 0, match.start()) + 1
        )
    return lines


def bibliography_links(path: Path) -> Iterator[tuple[int, str]]:
    """Every badly formed link field of a .bib file, at its entry's line.

    The DOI's own form (bare ``10.…``) is the build's rule
    (``tools/sphinxext/apparatus/bib_check.py``); a DOI written as a link is caught
    here too, as a link.
    """
    try:
        from pybtex.database import parse_string  # only this rule needs pybtex
    except ImportError:
        yield 1, "reading the bibliography needs pybtex: run nox -s lint"
        return
    from pybtex.scanner import PybtexSyntaxError

    text = path.read_text(encoding="utf-8")
    lines = entry_lines(text)
    try:
        entries = parse_string(text, "bibtex").entries
    except PybtexSyntaxError as error:  # as bib_check says it in the build
        yield (
            error.lineno or 1,
            f"{error}; check the braces and commas of the entry that ends here",
        )
        return
    for key, entry in entries.items():
        line = lines.get(key, [1])[0]
        fields = {name.lower(): value for name, value in entry.fields.items()}
        eprint = fields.get("eprint", "")
        if eprint and "://" in eprint:
            yield line, f"{key}: eprint: {eprint!r} is not a bare arXiv id"
        url = fields.get("url", "")
        if urlsplit(url).hostname in ("doi.org", "dx.doi.org"):
            yield line, f"{key}: url: a DOI goes in the doi field, not the url"
        for name, value in fields.items():
            if name == "verified":
                continue  # the editors' provenance note, not shown to readers
            for match in URL.finditer(value):
                for why in problems_with(match.group()):
                    yield line, f"{key}: {name}: {match.group()}: {why}"
            if name == "url" and value and URL.fullmatch(value) is None:
                yield line, f"{key}: url: {value!r} is not one plain URL"


def check(root: Path) -> Iterator[tuple[Path, int, str]]:
    """(file, line, message) for every broken link rule of the book in ``root``."""
    for path in sorted((root / "docs").rglob("*.md")):
        for line, message in markdown_links(path):
            yield path, line, message
    for name, rule in (("conf.py", text_links), ("references.bib", bibliography_links)):
        if (root / name).is_file():  # a tree that has them (a test's may not)
            for line, message in rule(root / name):
                yield root / name, line, message
