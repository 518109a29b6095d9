"""Every external link a reader can follow is well formed.

Checked without the network, in the sources (``docs/**/*.md``, ``conf.py``)
and in ``references.bib`` (parsed with pybtex, as sphinxcontrib-bibtex does):

* https, never bare http (a site without https would be listed in HTTP_ONLY,
  with the reason);
* a DOI is a ``https://doi.org/10.…`` link; in the bibliography it is the bare
  ``doi`` field, which the style renders as that link (checked on the build);
* no search-engine result pages and no link shorteners or redirectors: the
  link names the page itself;
* no tracking parameters;
* a URL into the book's own published site (``html_baseurl``), such as the
  citation example on the home page, names a page and anchor that exist in
  the build (no link checker would see it: it is text, not a link).

The ``verified`` field of an entry is the editors' provenance note, not shown
to readers, and is not checked here.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_file

from tools import check_site

ROOT = Path(__file__).resolve().parent.parent
BIB = ROOT / "references.bib"
URL = re.compile(r"""(?:https?|ftp)://[^\s<>()\[\]{}"'`，。；：！？、）》」』]+""")
DOI = re.compile(r"10\.\d{4,9}/\S+")

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


# -- The rules themselves -----------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://doi.org/10.1038/s41586-021-03819-2", []),
        ("https://www.leiphone.com/category/shengwuyiyao/x.html", []),
        ("http://www.nature.com/articles/x", ["use https"]),
        (
            "https://bit.ly/3abc",
            [SHORTENER],
        ),
        (
            "https://t.cn/A6abc",
            [SHORTENER],
        ),
        (
            "https://www.google.com/search?q=melloddy",
            [SEARCH_PAGE],
        ),
        (
            "https://www.baidu.com/s?wd=AI制药",
            [SEARCH_PAGE],
        ),
        (
            "https://www.baidu.com/link?url=abc",
            [SEARCH_PAGE],
        ),
        (
            "https://weixin.sogou.com/weixin?type=2&query=x",
            [SEARCH_PAGE],
        ),
        (
            "https://scholar.google.com/scholar?q=alphafold",
            [SEARCH_PAGE],
        ),
        ("https://dx.doi.org/10.1038/x", ["write a DOI as https://doi.org/10.…"]),
        (
            "http://doi.org/10.1038/x",
            ["use https", "write a DOI as https://doi.org/10.…"],
        ),
        (
            "https://doi.org/https://doi.org/10.1038/x",
            ["a doi.org link needs a DOI: https://doi.org/10.NNNN/…"],
        ),
        ("https://example.com/a?utm_source=wechat", ["drop the tracking parameters"]),
        ("https://www.google.com/maps/place/Hangzhou", []),
    ],
)
def test_the_rules(url: str, expected: list[str]) -> None:
    assert problems_with(url) == expected


# -- The sources --------------------------------------------------------------


def markdown_urls(path: Path) -> list[tuple[int, str]]:
    """(line, url) for the URLs of a Markdown source, outside code.

    URLs in the front matter (the chapter's metadata) count; those in code
    spans and fenced blocks are examples and do not.
    """
    found = []
    fence = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if marker := re.match(r"\s*(`{3,}|~{3,})", line):
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


def sources() -> list[Path]:
    return sorted((ROOT / "docs").rglob("*.md"))


@pytest.mark.parametrize(
    "path", sources(), ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_markdown_links_are_well_formed(path: Path) -> None:
    rel = path.relative_to(ROOT).as_posix()
    found = [
        f"{rel}:{number}: {url}: {why}"
        for number, url in markdown_urls(path)
        for why in problems_with(url)
    ]
    assert found == []


def test_conf_links_are_well_formed() -> None:
    text = (ROOT / "conf.py").read_text(encoding="utf-8")
    found = [
        f"conf.py:{text.count(chr(10), 0, m.start()) + 1}: {m.group()}: {why}"
        for m in URL.finditer(text)
        for why in problems_with(m.group())
    ]
    assert found == []


def bib_problems(path: Path) -> list[str]:
    """``key: field: problem`` for every entry of a .bib file."""
    found = []
    for key, entry in parse_file(path, "bibtex").entries.items():
        fields = {name.lower(): value for name, value in entry.fields.items()}
        doi = fields.get("doi", "")
        if doi and not DOI.fullmatch(doi):
            found.append(f"{key}: doi: {doi!r} is not a bare DOI (10.NNNN/…)")
        eprint = fields.get("eprint", "")
        if eprint and "://" in eprint:
            found.append(f"{key}: eprint: {eprint!r} is not a bare arXiv id")
        url = fields.get("url", "")
        if urlsplit(url).hostname in ("doi.org", "dx.doi.org"):
            found.append(f"{key}: url: a DOI goes in the doi field, not the url")
        for name, value in fields.items():
            if name == "verified":
                continue  # the editors' provenance note, not shown to readers
            for match in URL.finditer(value):
                found += [
                    f"{key}: {name}: {match.group()}: {why}"
                    for why in problems_with(match.group())
                ]
            if name == "url" and value and URL.fullmatch(value) is None:
                found.append(f"{key}: url: {value!r} is not one plain URL")
    return found


def test_bibliography_links_are_well_formed() -> None:
    assert bib_problems(BIB) == []


def test_bib_rules_catch_what_they_should(tmp_path: Path) -> None:
    bib = tmp_path / "bad.bib"
    bib.write_text(
        "@article{a2020x, title={T}, doi={https://doi.org/10.1/x}}\n"
        "@online{b2021y, title={T}, url={http://dx.doi.org/10.1038/y}}\n"
        "@online{c2022z, title={T}, url={https://bit.ly/abc}, note={see https://www.baidu.com/s?wd=x}}\n"
        "@online{d2023w, title={T}, url={https://example.com/a。}}\n",
        encoding="utf-8",
    )
    assert bib_problems(bib) == [
        "a2020x: doi: 'https://doi.org/10.1/x' is not a bare DOI (10.NNNN/…)",
        "a2020x: doi: https://doi.org/10.1/x: "
        "a doi.org link needs a DOI: https://doi.org/10.NNNN/…",
        "b2021y: url: a DOI goes in the doi field, not the url",
        "b2021y: url: http://dx.doi.org/10.1038/y: use https",
        "b2021y: url: http://dx.doi.org/10.1038/y: write a DOI as https://doi.org/10.…",
        f"c2022z: url: https://bit.ly/abc: {SHORTENER}",
        f"c2022z: note: https://www.baidu.com/s?wd=x: {SEARCH_PAGE}",
        "d2023w: url: 'https://example.com/a。' is not one plain URL",
    ]


def test_markdown_rules_catch_what_they_should(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "见 [报道](https://www.leiphone.com/a.html)与 <https://doi.org/10.1038/x>。\n"
        "裸链接 https://example.com/a。\n"
        "`https://example.com/in-code`\n"
        "```\nhttp://example.com/in-a-fence\n```\n"
        "[旧](http://example.com/old)\n",
        encoding="utf-8",
    )
    assert markdown_urls(page) == [
        (1, "https://www.leiphone.com/a.html"),
        (1, "https://doi.org/10.1038/x"),
        (2, "https://example.com/a"),
        (7, "http://example.com/old"),
    ]


# -- The built book -----------------------------------------------------------


def test_every_doi_is_rendered_as_an_https_doi_org_link(built_book: Path) -> None:
    soup = BeautifulSoup(
        (built_book / "bibliography.html").read_text(encoding="utf-8"), "html.parser"
    )
    hrefs = {a["href"] for a in soup.find_all("a", href=True)}
    dois = {
        entry.fields["doi"]
        for entry in parse_file(BIB, "bibtex").entries.values()
        if "doi" in entry.fields
    }
    assert dois
    assert {doi for doi in dois if f"https://doi.org/{doi}" not in hrefs} == set()


def test_the_built_book_links_nowhere_over_http(built_book: Path) -> None:
    insecure = set()
    for page in built_book.rglob("*.html"):
        for a in BeautifulSoup(
            page.read_text(encoding="utf-8"), "html.parser"
        ).find_all(href=True):
            if a["href"].startswith("http://"):
                insecure.add(f"{page.relative_to(built_book)}: {a['href']}")
    assert insecure == set()


def test_addresses_of_the_book_itself_resolve_in_the_build(built_book: Path) -> None:
    site = check_site.Site.of(built_book)
    if not site.url:
        pytest.skip("the build names no published address (html_baseurl)")
    own = [
        (f"{path.relative_to(ROOT).as_posix()}:{number}", url)
        for path in sources()
        for number, url in markdown_urls(path)
        if url.startswith(site.url)
    ]
    assert own, (
        "the sources no longer link to the book's own address (the citation example)"
    )
    broken = [
        f"{where}: {url}: {why}"
        for where, url in own
        if (why := check_site.check_link(site, built_book / "index.html", url))
    ]
    assert broken == []
