"""Benchmark the HTML build and the weight of the interview page.

Run through ``nox -s bench``.  It reports, as medians of several runs:

* a clean build of the whole book,
* a rebuild with nothing changed,
* a rebuild after touching one chapter file,
* a rebuild after editing one annotation (its words changed, then back),
  and where that rebuild's time goes: one more such rebuild run under
  cProfile, its time split into Sphinx's start, reading, writing and each
  event listener that takes a noticeable share (``time_profile``),

and then the bytes the interview page loads (the page and every local
stylesheet, script, font and image it references, recursively through CSS
``url()`` and ``@import``), by kind and before and after gzip, the same for
the search page (which alone loads the search), and the page's first
contentful paint in headless Chromium on localhost, as the median of several
fresh loads (``--paint-runs``; skipped without chromium-headless-shell or
Playwright).
Then the clean build of the PDF edition (Sphinx's
LaTeX builder and XeLaTeX, as ``nox -s pdf`` runs them), the PDF's size and
the fonts embedded in it: each must be a subset, never a whole CJK font of
tens of megabytes.  It is a report, not a test: machines are shared and
noisy, so only medians are quoted and nothing is asserted; beside each
build time is its processor time (sphinx-build and its workers), which
waiting for a busy machine does not inflate.
"""

from __future__ import annotations

import argparse
import gzip
import os
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from tools.lib import bench_series, build, interview
from tools.lib.loopback import CHROMIUM_ARGS, find_chromium, serve

OUT = build.ROOT / "build" / "bench"
# The book measured: the real one, or with --chapters N a synthetic one
# (tools/lib/bench_series.py); its first interview is the one touched and weighed.
BOOK = build.ROOT


def first_chapter() -> Path:
    return interview.chapters(BOOK)[0].path


CHAPTER = first_chapter()
CHAPTER_PAGE = Path("interviews") / f"{CHAPTER.stem}.html"
# What a page loads, by kind: the search machinery apart from other scripts.
SEARCH_DATA = {"book-search.js", "pagefind.js"}
KINDS = {
    ".html": "HTML",
    ".css": "CSS",
    ".js": "JS",
    ".woff2": "fonts",
    ".woff": "fonts",
    ".ttf": "fonts",
    ".png": "images",
    ".svg": "images",
    ".jpg": "images",
}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)['\"]")


# The processor time of each timed build (sphinx-build and its workers): on
# a machine shared with other jobs, wall time waits for the processor and
# this does not.
CPU_SECONDS: list[float] = []


def timed_build() -> float:
    """Seconds one HTML build takes, as a reader's ``nox -s html`` runs it
    (Sphinx, then the stylesheets trimmed)."""
    args = build.sphinx_args("html", OUT / "html", doctrees=OUT / "doctrees", root=BOOK)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sphinx", "-q", *args], check=True)
    trim = build.trim_css_command([OUT / "html"], root=BOOK)
    subprocess.run(trim, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_SECONDS.append(
        after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    )
    return elapsed


def cpu_median(runs: int) -> float:
    """The median processor time of the last ``runs`` timed builds."""
    return statistics.median(CPU_SECONDS[-runs:])


def timed_pdf_build() -> tuple[float, Path]:
    """Seconds a clean PDF build takes, and the PDF."""
    shutil.rmtree(OUT / "pdf", ignore_errors=True)
    out = OUT / "pdf"
    args = build.sphinx_args(
        "latex", out / "latex", doctrees=out / "doctrees", root=BOOK
    )
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sphinx", "-q", *args], check=True)
    pdf = build.latex_to_pdf(out / "latex", build.BASENAME)  # the Chinese original
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


ANNOTATION = re.compile(r"^(\[\^[a-z0-9-]+\]: [^\n]*?)(。?)$", re.M)
EDIT_MARK = "（基准测试）"


def edit_annotation() -> None:
    """Change the words of the chapter's first annotation: add a mark, or
    take the one added last time away (so every run is a real change)."""
    text = CHAPTER.read_text(encoding="utf-8")
    if EDIT_MARK in text:
        CHAPTER.write_text(text.replace(EDIT_MARK, "", 1), encoding="utf-8")
    else:
        CHAPTER.write_text(
            ANNOTATION.sub(rf"\1{EDIT_MARK}\2", text, count=1), encoding="utf-8"
        )


# Sphinx's own phases in a profile, by (file ending, function).
PHASES = {
    (
        "sphinx/application.py",
        "__init__",
    ): "Sphinx starts (imports, configuration, environment)",
    ("sphinx/builders/__init__.py", "read"): "Sphinx reads the changed pages",
    ("sphinx/builders/__init__.py", "write_documents"): "Sphinx writes the pages",
}


def time_profile(share: float = 0.02) -> list[tuple[str, float, float]]:
    """(what, seconds, share) of one HTML rebuild run under cProfile (one
    process, ``-j 1``): Sphinx's phases, and every event listener taking at
    least ``share`` of the time.  Listeners run inside the phases (a
    ``build-finished`` one after them), and a subprocess they wait for counts
    as theirs; the profiler slows Python code, so the shares are the point,
    not the seconds."""
    args = build.sphinx_args(
        "html", OUT / "html", doctrees=OUT / "doctrees", root=BOOK, jobs="1"
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "rebuild.prof"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "cProfile",
                "-o",
                str(out),
                "-m",
                "sphinx",
                "-q",
                *args,
            ],
            check=True,
        )
        stats = pstats.Stats(str(out)).stats  # type: ignore[attr-defined]  # not in typeshed
    total = max(ct for (_f, _l, _n), (_c, _nc, _t, ct, _callers) in stats.items())
    rows = []
    for (file, _line, name), (_cc, _nc, _tt, cumulative, callers) in stats.items():
        file = file.replace("\\", "/")
        phase = next(
            (
                what
                for (end, func), what in PHASES.items()
                if file.endswith(end) and name == func
            ),
            None,
        )
        listener = any(
            c_file.replace("\\", "/").endswith("sphinx/events.py") and c_name == "emit"
            for c_file, _c_line, c_name in callers
        )
        if phase:
            rows.append((phase, cumulative))
        elif listener and cumulative >= share * total:
            module = file.split("site-packages/")[-1].removeprefix(str(BOOK) + "/")
            rows.append((f"listener {module} {name}()", cumulative))
    rows.sort(key=lambda row: -row[1])
    return [("the whole rebuild", total, 1.0)] + [(w, t, t / total) for w, t in rows]


def referenced_files(page: Path, root: Path) -> set[Path]:
    """Local files a page loads: scripts, stylesheets, images, CSS url()s and
    @imports (the theme's theme.css imports basic.css)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found: set[Path] = set()
    urls = [t.get("src") for t in soup.select("script[src], img[src]")]
    urls += [
        t.get("href") for t in soup.select("link[rel~=stylesheet], link[rel~=preload]")
    ]
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
            pending += [(path.parent, a or b) for a, b in CSS_URL.findall(css)]
    return found


def kind_of(path: Path) -> str:
    """HTML, CSS, JS, fonts, images, search data or other."""
    if path.name in SEARCH_DATA:
        return "search data"
    return KINDS.get(path.suffix, "other")


def weight_by_kind(page: Path, root: Path) -> dict[str, tuple[int, int]]:
    """kind -> (bytes, gzipped bytes) of a page and everything it loads."""
    weights: dict[str, tuple[int, int]] = {}
    for path in {page.resolve()} | referenced_files(page, root):
        data = path.read_bytes()
        raw, packed = weights.get(kind_of(path), (0, 0))
        packed += len(gzip.compress(data, mtime=0))
        weights[kind_of(path)] = (raw + len(data), packed)
    return weights


def page_weight(page: Path, root: Path) -> tuple[int, int, dict[str, int]]:
    """(bytes, gzipped bytes, bytes by kind) of a page and what it loads."""
    weights = weight_by_kind(page, root)
    raw = sum(r for r, _ in weights.values())
    packed = sum(p for _, p in weights.values())
    return raw, packed, {kind: r for kind, (r, _) in weights.items()}


def first_contentful_paint(root: Path, page: Path, runs: int) -> list[float] | str:
    """Milliseconds to first contentful paint of ``page``, one per fresh load.

    Headless Chromium (Debian's, through Playwright) loads the page from a
    loopback server ``runs`` times, each in a new browser context so that
    nothing is cached.  Returns the reason instead when it cannot measure.
    """
    chromium = find_chromium()
    if chromium is None:
        return "chromium-headless-shell is not installed"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "Playwright is not installed"
    times: list[float] = []
    with serve(root) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            tab = context.new_page()
            tab.goto(f"{url}/{page.as_posix()}", wait_until="load")
            fcp = tab.evaluate(
                "() => new Promise((done) => new PerformanceObserver((list, obs) => {"
                "  const entry = list.getEntriesByName('first-contentful-paint')[0];"
                "  if (entry) { obs.disconnect(); done(entry.startTime); }"
                "}).observe({type: 'paint', buffered: true}))"
            )
            times.append(fcp)
            context.close()
        browser.close()
    return times


def print_weight(title: str, page: Path, root: Path) -> None:
    weights = weight_by_kind(page, root)
    raw = sum(r for r, _ in weights.values())
    packed = sum(p for _, p in weights.values())
    print(f"{title}:")
    print(f"  {'total':<14} {raw / 1024:8.1f} KiB  ({packed / 1024:6.1f} KiB gzipped)")
    for kind, (size, gz) in sorted(weights.items(), key=lambda item: -item[1][0]):
        print(f"  {kind:<14} {size / 1024:8.1f} KiB  ({gz / 1024:6.1f} KiB gzipped)")


def use_book(root: Path) -> None:
    """Measure the book in ``root`` instead of the real one."""
    global BOOK, CHAPTER, CHAPTER_PAGE
    BOOK = root
    CHAPTER = first_chapter()
    CHAPTER_PAGE = Path("interviews") / f"{CHAPTER.stem}.html"
    print(f"book: {root} ({len(interview.chapters(root))} interviews)")


def main(argv: list[str] | None = None) -> int:
    """Print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement")
    parser.add_argument(
        "--paint-runs", type=int, default=7, help="page loads for the first paint"
    )
    parser.add_argument("--pdf-runs", type=int, default=3, help="runs of the PDF build")
    parser.add_argument(
        "--chapters",
        type=int,
        default=0,
        help="measure a synthetic book of this many interviews (the real ones "
        "repeated under other slugs and speakers)",
    )
    args = parser.parse_args(argv)
    if args.chapters:
        use_book(
            bench_series.make_book(build.ROOT / "build" / "bench-book", args.chapters)
        )

    clean_s = median_of(args.runs, clean, timed_build)
    clean_cpu = cpu_median(args.runs)
    timed_build()  # make sure the tree is complete before the incremental runs
    nochange_s = median_of(args.runs, lambda: None, timed_build)
    nochange_cpu = cpu_median(args.runs)
    chapter_s = median_of(args.runs, touch_chapter, timed_build)
    chapter_cpu = cpu_median(args.runs)
    original = CHAPTER.read_text(encoding="utf-8")
    try:
        annotation_s = median_of(args.runs, edit_annotation, timed_build)
        annotation_cpu = cpu_median(args.runs)
        edit_annotation()
        profile = time_profile()
    finally:
        CHAPTER.write_text(original, encoding="utf-8")
    timed_build()  # the output of the sources as they are

    load = os.getloadavg()[0]
    print(f"HTML build, median of {args.runs} runs (load average {load:.1f}):")
    print(f"  clean build          {clean_s:6.2f} s  (processor {clean_cpu:5.2f} s)")
    print(
        f"  no-change rebuild    {nochange_s:6.2f} s  (processor {nochange_cpu:5.2f} s)"
    )
    print(
        f"  one chapter touched  {chapter_s:6.2f} s  (processor {chapter_cpu:5.2f} s)"
    )
    print(
        f"  one annotation edited{annotation_s:6.2f} s  (processor {annotation_cpu:5.2f} s)"
    )
    print("Where one annotation edit's rebuild goes, under cProfile (-j 1):")
    for what, seconds, part in profile:
        print(f"  {what:<66} {seconds:6.2f} s  {part:4.0%}")
    site = OUT / "html"
    print_weight("interview page and what it loads", site / CHAPTER_PAGE, site)
    print_weight("search page and what it loads", site / "search.html", site)
    paint = first_contentful_paint(site, CHAPTER_PAGE, args.paint_runs)
    if isinstance(paint, str):
        print(f"first contentful paint: not measured, {paint}")
    else:
        print(
            f"first contentful paint of the interview page, median of {len(paint)}"
            f" fresh loads: {statistics.median(paint):.0f} ms"
            f" (from {min(paint):.0f} to {max(paint):.0f} ms)"
        )

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
