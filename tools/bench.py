"""Benchmark the HTML build and the weight of the interview page.

Run through ``nox -s bench``.  It reports, as medians of several runs:

* a clean build of the whole book,
* a rebuild with nothing changed,
* a rebuild after touching one chapter file,

and then the bytes the interview page loads (the page and every local
stylesheet, script, font and image it references, recursively through CSS),
before and after gzip.  It is a report, not a test: machines are shared and
noisy, so only medians are quoted and nothing is asserted.
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from tools import build

OUT = build.ROOT / "build" / "bench"
CHAPTER = build.ROOT / "docs" / "interviews" / "xie-changyu.md"


def timed_build() -> float:
    """Seconds one HTML build takes, as a reader's ``nox -s html`` runs it."""
    args = build.sphinx_args("html", OUT / "html", doctrees=OUT / "doctrees")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sphinx", "-q", *args], check=True)
    return time.perf_counter() - start


def median_of(runs: int, prepare, measure) -> float:
    times = []
    for _ in range(runs):
        prepare()
        times.append(measure())
    return statistics.median(times)


def clean() -> None:
    shutil.rmtree(OUT, ignore_errors=True)


def touch_chapter() -> None:
    CHAPTER.touch()


def referenced_files(page: Path, root: Path) -> set[Path]:
    """Local files a page loads: scripts, stylesheets, images, and CSS url()s."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found: set[Path] = set()
    urls = [t.get("src") for t in soup.select("script[src], img[src]")]
    urls += [t.get("href") for t in soup.select("link[rel~=stylesheet], link[rel~=preload]")]
    pending = [(page.parent, url) for url in urls if url]
    while pending:
        base, url = pending.pop()
        parts = urlsplit(urldefrag(url)[0])
        if parts.scheme or parts.netloc or not parts.path:
            continue
        path = (base / parts.path).resolve()
        if path in found or not path.is_file() or root.resolve() not in path.parents:
            continue
        found.add(path)
        if path.suffix == ".css":
            css = path.read_text(encoding="utf-8", errors="replace")
            pending += [(path.parent, u) for u in re.findall(r"url\(\s*['\"]?([^'\")]+)", css)]
    return found


def page_weight(page: Path, root: Path) -> tuple[int, int, dict[str, int]]:
    """(bytes, gzipped bytes, bytes by file type) of a page and what it loads."""
    files = {page.resolve()} | referenced_files(page, root)
    by_type: dict[str, int] = {}
    raw = packed = 0
    for path in files:
        data = path.read_bytes()
        raw += len(data)
        packed += len(gzip.compress(data, mtime=0))
        by_type[path.suffix or "other"] = by_type.get(path.suffix or "other", 0) + len(data)
    return raw, packed, by_type


def main(argv: list[str] | None = None) -> int:
    """Print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement")
    args = parser.parse_args(argv)

    clean_s = median_of(args.runs, clean, timed_build)
    timed_build()  # make sure the tree is complete before the incremental runs
    nochange_s = median_of(args.runs, lambda: None, timed_build)
    chapter_s = median_of(args.runs, touch_chapter, timed_build)

    page = OUT / "html" / "interviews" / "xie-changyu.html"
    raw, packed, by_type = page_weight(page, OUT / "html")
    print(f"HTML build, median of {args.runs} runs:")
    print(f"  clean build          {clean_s:6.2f} s")
    print(f"  no-change rebuild    {nochange_s:6.2f} s")
    print(f"  one chapter touched  {chapter_s:6.2f} s")
    print("interview page and what it loads:")
    print(f"  total                {raw / 1024:8.1f} KiB ({packed / 1024:.1f} KiB gzipped)")
    for suffix, size in sorted(by_type.items(), key=lambda item: -item[1]):
        print(f"  {suffix:<20} {size / 1024:8.1f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
