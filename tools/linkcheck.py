"""The two ends of ``nox -s linkcheck``: a network preflight and the report.

``python -m tools.linkcheck preflight`` tries to open a connection to
doi.org:443 (through the HTTPS proxy if the environment names one) with a
short timeout.  Without a network it prints one line saying so and exits 1,
instead of letting Sphinx report every link of the book as broken one by one.

``python -m tools.linkcheck report build/linkcheck/output.json`` reads what
Sphinx's linkcheck builder wrote and prints the links that need a person,
grouped by status, each where it stands in the sources::

    references.bib:30: broken https://doi.org/10.… (404 Not Found) [jumper2021highly]
    docs/glossary.md:12: redirected https://… (permanently to https://…)

A link from the bibliography is placed at its line in ``references.bib``
(Sphinx only knows the ``{bibliography}`` directive's line).  The report also
goes to ``summary.txt`` beside ``output.json``.  The exit status is 1 if a
link is broken, timed out or redirected elsewhere than
``linkcheck_allowed_redirects`` allows.

Standard library only: ``noxfile.py`` imports this module for the preflight.
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import sys
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PREFLIGHT_URL = "https://doi.org/"
PREFLIGHT_TIMEOUT = 5.0

# What needs a person, in the order the report lists it; "ignored" is listed
# so the ignore list stays visible, "working" and "unchecked" only counted.
FAILING = ("broken", "timeout", "redirected")
LISTED = (*FAILING, "ignored")
REDIRECTS = {
    301: "permanently",
    308: "permanently",
    302: "temporarily",
    303: "temporarily",
    307: "temporarily",
}


# -- Preflight ---------------------------------------------------------------------


def _reason(error: OSError, host: str, port: int, timeout: float) -> str:
    if isinstance(error, socket.gaierror):
        return f"cannot resolve {host} ({error.strerror})"
    if isinstance(error, TimeoutError):
        return f"no answer from {host}:{port} within {timeout:g} s"
    if isinstance(error, ConnectionRefusedError):
        return f"connection to {host}:{port} refused"
    return f"cannot connect to {host}:{port} ({error.strerror or error})"


def preflight(
    url: str = PREFLIGHT_URL, timeout: float = PREFLIGHT_TIMEOUT
) -> str | None:
    """None if ``url``'s host (or the proxy for it) accepts a connection.

    Otherwise one line that says the network is missing and why.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    via = ""
    proxy = urllib.request.getproxies().get(parts.scheme)
    if proxy and not urllib.request.proxy_bypass(host):
        proxied = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        host, port = proxied.hostname or "", proxied.port or 80
        via = f" (through the proxy {proxy})"
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as error:
        return (
            f"no network: {_reason(error, host, port, timeout)}{via}; "
            "external links were not checked"
        )
    return None


# -- Report -------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """One line of Sphinx's output.json, placed in the sources."""

    where: str
    status: str
    uri: str
    info: str
    entry: str = ""  # the bibliography key, for a link from references.bib

    def __str__(self) -> str:
        text = f"{self.where}: {self.status} {self.uri}"
        if self.info:
            text += f" ({self.info})"
        if self.entry:
            text += f" [{self.entry}]"
        return text


QUOTES = "\"')"


def _short(info: str) -> str:
    """Sphinx's reason without requests' boilerplate."""
    if match := re.match(r"(\d{3}) (?:Client|Server) Error: (.*?) for url: ", info):
        return f"{match.group(1)} {match.group(2)}"
    if match := re.search(r"Caused by (\w+)\((?:.*?: )?(.*)\)\)?$", info):
        cause = re.sub(r"\s*\(\[Errno [^\]]*\] ([^)]*)\)", r": \1", match.group(2))
        return f"{match.group(1)}: {cause.strip(QUOTES)}"
    return info if len(info) <= 200 else info[:199] + "…"


_ENTRY = re.compile(r"^@\w+\s*\{\s*([^,\s]+)\s*,")


def bib_places(bib: Path) -> dict[str, tuple[int, str]]:
    """Where each address a reader can follow stands in ``bib``.

    Maps the URL a field renders as (``url`` as it is, ``doi`` as
    ``https://doi.org/…``, ``eprint`` as ``https://arxiv.org/abs/…``) to
    (line, key); DOIs are compared in lower case, as DOIs are.
    """
    places: dict[str, tuple[int, str]] = {}
    key = ""
    field = re.compile(r"^\s*(url|doi|eprint|pubmed)\s*=\s*[{\"]\s*(.*?)\s*[}\"]\s*,?")
    prefix = {
        "url": "",
        "doi": "https://doi.org/",
        "eprint": "https://arxiv.org/abs/",
        "pubmed": "https://www.ncbi.nlm.nih.gov/pubmed/",
    }
    if not bib.is_file():
        return places
    for number, line in enumerate(bib.read_text(encoding="utf-8").splitlines(), 1):
        if match := _ENTRY.match(line):
            key = match.group(1)
        elif match := field.match(line):
            name, value = match.group(1).lower(), match.group(2)
            address = prefix[name] + value
            places.setdefault(_bib_key(address), (number, key))
    return places


def _bib_key(address: str) -> str:
    return (
        address.lower() if address.lower().startswith("https://doi.org/") else address
    )


def read_results(
    output_json: Path, *, srcdir: Path, bib: Path | None = None
) -> list[Link]:
    """Every checked link of ``output_json``, placed where it stands."""
    places = bib_places(bib) if bib else {}
    links = []
    for line in output_json.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        uri, status = record["uri"], record["status"]
        info = str(record.get("info") or "")
        if status == "redirected":
            how = REDIRECTS.get(record.get("code"), "redirected")
            info = f"{how} to {info}"
        else:
            info = _short(info)
        source = srcdir / record["filename"]
        line = record.get("lineno")
        where = _relative(source) + (f":{line}" if line and line > 0 else "")
        entry = ""
        if (place := places.get(_bib_key(uri))) and not _mentions(source, uri):
            where, entry = f"{_relative(bib or source)}:{place[0]}", place[1]
        links.append(Link(where, status, uri, info, entry))
    return links


def _relative(path: Path) -> str:
    path = path.resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def _mentions(source: Path, uri: str) -> bool:
    try:
        return uri in source.read_text(encoding="utf-8")
    except OSError:
        return False


def summarise(links: list[Link]) -> tuple[list[str], bool]:
    """The report's lines, and whether the check failed."""
    counts = Counter(link.status for link in links)
    order = [*LISTED, "working", "unchecked"]
    rank = {
        status: order.index(status) if status in order else len(order)
        for status in counts
    }
    totals = ", ".join(
        f"{counts[status]} {status}" for status in sorted(counts, key=rank.__getitem__)
    )
    lines = [f"linkcheck: {totals or 'no links'}"]
    for status in LISTED:
        group = sorted(
            (link for link in links if link.status == status),
            key=lambda link: (link.where.split(":")[0], _line(link.where), link.uri),
        )
        if group:
            lines += ["", f"{status} ({len(group)}):"]
            lines += [str(link) for link in group]
    failed = any(counts[status] for status in FAILING)
    if counts["redirected"]:
        lines += [
            "",
            "A redirected link: update it in the source to where it now leads, or, "
            "if the redirect is by design, add the pair to linkcheck_allowed_redirects "
            "in tools/lib/linkcheck_config.py.",
        ]
    return lines, failed


def _line(where: str) -> int:
    try:
        return int(where.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return 0


# -- CLI -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.linkcheck", description=__doc__.split("\n\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("preflight", help="is the network there?")
    check.add_argument("--url", default=PREFLIGHT_URL)
    check.add_argument("--timeout", type=float, default=PREFLIGHT_TIMEOUT)
    report = commands.add_parser("report", help="summarise Sphinx's output.json")
    report.add_argument("output_json", type=Path)
    report.add_argument("--srcdir", type=Path, default=ROOT / "docs")
    report.add_argument("--bib", type=Path, default=ROOT / "references.bib")
    args = parser.parse_args(argv)

    if args.command == "preflight":
        problem = preflight(args.url, args.timeout)
        print(
            f"linkcheck: {problem}" if problem else f"linkcheck: {args.url} reachable"
        )
        return 1 if problem else 0

    if not args.output_json.is_file():
        print(f"linkcheck: no {args.output_json}; did the linkcheck builder run?")
        return 1
    lines, failed = summarise(
        read_results(args.output_json, srcdir=args.srcdir, bib=args.bib)
    )
    text = "\n".join(lines) + "\n"
    print(text, end="")
    (args.output_json.parent / "summary.txt").write_text(text, encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
