"""Benchmark the HTML build and the weight of the interview page.

Run through ``nox -s bench``.  It reports, as medians of several runs:

* a clean build of the whole book,
* a rebuild with nothing changed,
* a rebuild after touching one chapter file,

and then the bytes the interview page loads (the page and every local
stylesheet, script, font and image it references, recursively through CSS),
before and after gzip.  Then the clean build of the PDF edition (Sphinx's
LaTeX builder and XeLaTeX, as ``nox -s pdf`` runs them), the PDF's size and
the fonts embedded in it: each must be a subset, never a whole CJK font of
tens of megabytes.  It is a report, not a test: machines are shared and
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


def timed_pdf_build() -> tuple[float, Path]:
    """Seconds a clean PDF build takes, and the PDF."""
    shutil.rmtree(OUT / "pdf", ignore_errors=True)
    out = OUT / "pdf"
    args = build.sphinx_args("latex", out / "latex", doctrees=out / "doctrees")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sphinx", "-q", *args], check=True)
    pdf = build.latex_to_pdf(out / "latex")
    return time.perf_counter() - start, pdf


def embedded_fonts(pdf: Path) -> list[tuple[str, int]]:
    """(name, bytes of the embedded font program) of every font in a PDF.

    A subset's name starts with six capitals and a plus.  Noto CJK SC is
    named ``NotoSerifCJKjp``: the collection's faces share one CFF table.
    """
    from pypdf import PdfReader

    found: dict[str, int] = {}
    for page in PdfReader(pdf).pages:
        for font in page.get("/Resources", {}).get("/Font", {}).values():
            font = font.get_object()
            parts = [font, *(f.get_object() for f in font.get("/DescendantFonts", []))]
            for part in parts:
                descriptor = part.get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if key in descriptor:
                        stream = descriptor[key].get_object()
                        found[str(part["/BaseFont"])] = len(stream.get_data())
    return sorted(found.items(), key=lambda item: -item[1])


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
    parser.add_argument("--pdf-runs", type=int, default=3, help="runs of the PDF build")
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

    if missing := build.missing_tex():
        print(f"PDF edition: not measured, this machine lacks {', '.join(missing)}")
        return 0
    runs = [timed_pdf_build() for _ in range(args.pdf_runs)]
    pdf = runs[-1][1]
    fonts = embedded_fonts(pdf)
    print(f"PDF edition, median of {args.pdf_runs} clean builds:")
    print(f"  clean build          {statistics.median(t for t, _ in runs):6.2f} s")
    print(f"  PDF size             {pdf.stat().st_size / 1024:8.1f} KiB")
    print(f"  embedded fonts       {sum(size for _, size in fonts) / 1024:8.1f} KiB")
    for name, size in fonts:
        subset = "subset" if re.match(r"/?[A-Z]{6}\+", name) else "FULL FONT"
        print(f"    {name.lstrip('/'):<44} {size / 1024:8.1f} KiB  {subset}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
