"""The external link check, without the internet.

Sphinx's linkcheck builder runs with the book's settings
(``tools/lib/linkcheck_config.py``, which ``conf.py`` imports) on the tiny book in
``tests/roots/test-linkcheck/``, whose links point at a server on 127.0.0.1;
every other host is made unresolvable for the duration, so nothing leaves the
machine.  Then the summariser and the network preflight of
``tools/linkcheck.py`` are checked on what it produced.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from sphinx.builders.linkcheck import _allowed_redirect

from tools import linkcheck
from tools.lib import linkcheck_config, loopback
from tools.lib.loopback import QuietHandler

GOOD_PAGE = b'<!DOCTYPE html><html><body><h2 id="here">Here</h2></body></html>'


class Site(QuietHandler):
    """A good page, a 404, a redirect, a rate limit and a DOI-like redirect."""

    busy_answered = False

    def do_HEAD(self) -> None:
        self.answer(body=False)

    def do_GET(self) -> None:
        self.answer(body=True)

    def answer(self, *, body: bool) -> None:
        path = self.path.split("?")[0]
        if path == "/good.html":
            self.reply(200, {"Content-Type": "text/html"}, GOOD_PAGE if body else b"")
        elif path == "/moved.html":
            self.reply(301, {"Location": "/good.html"})
        elif path == "/busy.html" and not Site.busy_answered:
            Site.busy_answered = True  # the next request gets the page
            self.reply(429, {"Retry-After": "1"})
        elif path == "/busy.html":
            self.reply(200, {"Content-Type": "text/html"}, GOOD_PAGE if body else b"")
        elif path.startswith("/doi/"):
            # like doi.org sending the checker on to a publisher that refuses
            # checkers; the checker must stop here (pubs.acs.org is ignored)
            target = "https://pubs.acs.org/doi/" + path.removeprefix("/doi/")
            self.reply(302, {"Location": target})
        else:
            self.reply(
                404, {"Content-Type": "text/html"}, b"not found" if body else b""
            )

    def reply(self, code: int, headers: dict[str, str], body: bytes = b"") -> None:
        self.send_response(code)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[str]:
    """The loopback site; yields its host:port."""
    Site.busy_answered = False
    with loopback.serve_with(Site) as url:
        yield url.removeprefix("http://")


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make every host but 127.0.0.1 unresolvable, and use no proxy."""
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if host not in ("127.0.0.1", b"127.0.0.1"):
            raise socket.gaierror(socket.EAI_NONAME, f"{host}: tests stay on 127.0.0.1")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "*")
    # The linkcheck builder sets the process-wide socket timeout; put it back.
    timeout = socket.getdefaulttimeout()
    yield
    socket.setdefaulttimeout(timeout)


@pytest.fixture
def checked(
    make_app, rootdir: Path, tmp_path: Path, server: str, loopback_only: None
) -> tuple[object, Path]:
    """The tiny book, its links pointed at the server, after ``linkcheck``."""
    srcdir = tmp_path / "linkcheck"
    shutil.copytree(rootdir / "test-linkcheck", srcdir)
    index = srcdir / "index.md"
    index.write_text(index.read_text().replace("SERVER", server), encoding="utf-8")
    app = make_app("linkcheck", srcdir=srcdir)
    app.build()
    return app, app.outdir / "output.json"


def results(output_json: Path) -> dict[str, dict]:
    """Sphinx's verdicts by link path (/good.html#here, /missing.html, …)."""
    records = [json.loads(line) for line in output_json.read_text().splitlines()]
    return {re.sub(r"^http://[^/]+", "", r["uri"]): r for r in records}


def test_linkcheck_sorts_the_links_as_a_reader_would(checked) -> None:
    app, output_json = checked
    found = {path: r["status"] for path, r in results(output_json).items()}
    assert found == {
        "/good.html": "working",
        "/missing.html": "broken",
        "/moved.html": "redirected",
        "/good.html#here": "working",
        "/good.html#nowhere": "broken",
        "/busy.html": "working",  # after waiting as Retry-After asked
        "/doi/10.1021/example": "ignored",
    }
    assert app.statuscode == 1  # broken links fail the build


def test_linkcheck_says_why(checked) -> None:
    app, output_json = checked
    found = results(output_json)
    assert found["/missing.html"]["info"].startswith("404 Client Error")
    assert found["/good.html#nowhere"]["info"] == "Anchor 'nowhere' not found"
    assert found["/doi/10.1021/example"]["info"] == (
        "ignored redirect: https://pubs.acs.org/doi/10.1021/example"
    )
    # A redirect that linkcheck_allowed_redirects does not allow is a warning,
    # which -W turns into a failure.
    assert "redirect  http://" in app.warning.getvalue()


def test_report_names_file_and_line(checked, capsys: pytest.CaptureFixture) -> None:
    app, output_json = checked
    status = linkcheck.main(
        ["report", str(output_json), "--srcdir", str(app.srcdir), "--bib", "none.bib"]
    )
    out = capsys.readouterr().out
    index = str(Path(app.srcdir, "index.md"))
    assert status == 1
    assert out.splitlines()[0] == (
        "linkcheck: 2 broken, 1 redirected, 1 ignored, 3 working"
    )
    server = re.search(r"http://127\.0\.0\.1:\d+", out).group()
    for line in (
        f"{index}:7: broken {server}/missing.html (404 Not Found)",
        f"{index}:13: broken {server}/good.html#nowhere (Anchor 'nowhere' not found)",
        f"{index}:9: redirected {server}/moved.html "
        f"(permanently to {server}/good.html)",
        f"{index}:17: ignored {server}/doi/10.1021/example "
        "(ignored redirect: https://pubs.acs.org/doi/10.1021/example)",
    ):
        assert line in out.splitlines()
    assert (output_json.parent / "summary.txt").read_text() == out


def test_report_places_bibliography_links_in_references_bib(tmp_path: Path) -> None:
    bib = tmp_path / "references.bib"
    bib.write_text(
        "@article{jumper2021highly,\n"
        "  title = {Highly accurate protein structure prediction},\n"
        "  doi   = {10.1038/s41586-021-03819-2},\n"
        "}\n",
        encoding="utf-8",
    )
    (tmp_path / "bibliography.md").write_text("```{bibliography}\n```\n")
    output_json = tmp_path / "output.json"
    output_json.write_text(
        json.dumps(
            {
                "filename": "bibliography.md",
                "lineno": 1,
                "status": "broken",
                "code": 0,
                "uri": "https://doi.org/10.1038/S41586-021-03819-2",
                "info": "404 Client Error: Not Found for url: https://doi.org/…",
            }
        )
        + "\n"
    )
    links = linkcheck.read_results(output_json, srcdir=tmp_path, bib=bib)
    assert [str(link) for link in links] == [
        f"{bib}:3: broken https://doi.org/10.1038/S41586-021-03819-2 "
        "(404 Not Found) [jumper2021highly]"
    ]


@pytest.mark.parametrize(
    ("info", "short"),
    [
        ("404 Client Error: Not Found for url: https://x.org/a", "404 Not Found"),
        (
            "503 Server Error: Service Unavailable for url: https://x.org/",
            "503 Service Unavailable",
        ),
        (
            "HTTPSConnectionPool(host='doi.org', port=443): Max retries exceeded "
            'with url: /10.1/x (Caused by NameResolutionError("HTTPSConnection('
            "host='doi.org', port=443): Failed to resolve 'doi.org' ([Errno -2] "
            'Name or service not known)"))',
            "NameResolutionError: Failed to resolve 'doi.org': "
            "Name or service not known",
        ),
        ("Anchor 'here' not found", "Anchor 'here' not found"),
    ],
)
def test_report_shortens_reasons(info: str, short: str) -> None:
    assert linkcheck._short(info) == short


# -- The configuration itself ------------------------------------------------------


def compiled(pairs: dict[str, str]) -> dict[re.Pattern, re.Pattern]:
    return {re.compile(key): re.compile(value) for key, value in pairs.items()}


@pytest.mark.parametrize(
    ("url", "new_url", "allowed"),
    [
        (
            "https://doi.org/10.1038/s41586-021-03819-2",
            "https://www.nature.com/a",
            True,
        ),
        (
            "https://www.ncbi.nlm.nih.gov/pubmed/34265844",
            "https://pubmed.ncbi.nlm.nih.gov/34265844/",
            True,
        ),
        ("https://insilico.com/blog/pcc", "https://insilico.com/blog/other", False),
        ("https://doi.org/not-a-doi", "https://example.org/", False),
    ],
)
def test_allowed_redirects(url: str, new_url: str, allowed: bool) -> None:
    pairs = compiled(linkcheck_config.linkcheck_allowed_redirects)
    assert _allowed_redirect(url, new_url, pairs) is allowed


@pytest.mark.parametrize(
    "doi",
    ["10.1021/jacs.2c13467", "10.1126/science.1219021", "10.1101/2022.07.20.500902"],
)
def test_ignored_publishers_still_have_their_dois_checked(doi: str) -> None:
    ignore = [re.compile(pattern) for pattern in linkcheck_config.linkcheck_ignore]
    assert not any(pattern.match(f"https://doi.org/{doi}") for pattern in ignore)


def test_every_ignore_entry_says_why() -> None:
    source = Path(linkcheck_config.__file__).read_text(encoding="utf-8")
    block = source.split("linkcheck_ignore = [", 1)[1].split("\n]", 1)[0]
    lines = block.strip().splitlines()
    for number, line in enumerate(lines):
        if line.strip().startswith('r"'):
            above = lines[number - 1].strip() if number else ""
            assert above.startswith(("#", 'r"')), f"no reason above {line.strip()}"


# -- The network preflight -----------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_preflight_passes_when_the_host_answers(
    server: str, loopback_only: None
) -> None:
    assert linkcheck.preflight(f"http://{server}/", timeout=2) is None


def test_preflight_says_in_one_line_that_the_network_is_missing(
    loopback_only: None,
) -> None:
    port = closed_port()
    problem = linkcheck.preflight(f"https://127.0.0.1:{port}/", timeout=2)
    assert problem == (
        f"no network: connection to 127.0.0.1:{port} refused; "
        "external links were not checked"
    )


def test_preflight_names_a_host_that_does_not_resolve(loopback_only: None) -> None:
    # loopback_only answers the lookup itself: no DNS query leaves the machine
    problem = linkcheck.preflight("https://doi.invalid/", timeout=2)
    assert problem is not None
    assert problem.startswith("no network: cannot resolve doi.invalid (")
    assert "\n" not in problem


def test_preflight_gives_up_after_the_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    def silent(address, timeout):
        raise TimeoutError

    monkeypatch.setattr(socket, "create_connection", silent)
    assert linkcheck.preflight("https://doi.org/", timeout=0.5) == (
        "no network: no answer from doi.org:443 within 0.5 s; "
        "external links were not checked"
    )


def test_preflight_goes_through_the_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    port = closed_port()
    monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{port}")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    problem = linkcheck.preflight("https://doi.org/", timeout=2)
    assert problem == (
        f"no network: connection to 127.0.0.1:{port} refused "
        f"(through the proxy http://127.0.0.1:{port}); external links were not checked"
    )


def test_preflight_cli_prints_one_line(
    capsys: pytest.CaptureFixture, loopback_only: None
) -> None:
    status = linkcheck.main(
        ["preflight", "--url", f"https://127.0.0.1:{closed_port()}/"]
    )
    out = capsys.readouterr().out
    assert status == 1
    assert len(out.splitlines()) == 1
    assert out.startswith("linkcheck: no network: ")
