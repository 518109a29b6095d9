"""The one definition of how the book is built with sphinx-build.

``noxfile.py`` and the tests both call ``sphinx_args()``, so the book the
tests check is built exactly as readers get it.  The PDF edition adds one
step after Sphinx's LaTeX builder: ``latex_to_pdf()`` runs latexmk (XeLaTeX,
xindy) on the .tex file; ``missing_tex()`` says what a machine lacks for it.
The web edition adds one after the HTML builder: ``trim_css_command()``
cuts the theme's stylesheets to the rules the written pages use (PurgeCSS).
Every edition is built once per language (``LANGUAGES``); its PDF and EPUB
are named by ``edition_basename()``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

from tools.lib import languages

ROOT = Path(__file__).resolve().parents[2]
# The file name of the PDF and EPUB editions (conf.py uses it too): ASCII,
# so that it survives every file system, URL and mail attachment.
BASENAME = "ai-pharma-ten-conversations"
# The language editions, the original first: Sphinx's language code -> the
# folder of the web site that holds it (conf.py's ``book_languages``); each
# edition's record is in tools/lib/languages.py.
LANGUAGES = {language.code: language.folder for language in languages.ALL}
ORIGINAL = languages.ORIGINAL.code
# What the PDF edition needs from Debian (tools/debian-packages.txt).
TEX_PROGRAMS = ("xelatex", "latexmk", "xindy")
CJK_FONTS = ("Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Sans Mono CJK SC")
INSTALL_HINT = (
    "install the system packages once: sudo apt-get install "
    "--no-install-recommends $(grep -v '^#' tools/debian-packages.txt)"
)

STRICT = [
    "-W",  # treat warnings as errors
    "--keep-going",  # ...but report every one of them first
    "-n",  # nitpicky: warn about every missing reference
]


def sphinx_args(
    builder: str,
    out: Path,
    *,
    doctrees: Path,
    root: Path = ROOT,
    jobs: str = "auto",
    overrides: dict[str, str] | None = None,
) -> list[str]:
    """Arguments for ``sphinx-build`` building ``root``'s book into ``out``."""
    return [
        "-b",
        builder,
        "-c",
        str(root),  # conf.py is at the root, the sources in docs/
        "-d",
        str(doctrees),  # doctrees outside the output (EPUB needs it)
        "-j",
        jobs,
        *STRICT,
        *(f"-D{name}={value}" for name, value in (overrides or {}).items()),
        str(root / "docs"),
        str(out),
    ]


def preview_args(
    out: Path,
    *,
    doctrees: Path,
    root: Path = ROOT,
    host: str = "127.0.0.1",
    port: int = 8000,
) -> list[str]:
    """Arguments for ``sphinx-autobuild`` previewing ``root``'s Chinese book.

    ``nox -s serve`` and the live-preview test both use them.  Besides the
    sources (which sphinx-autobuild watches itself), a change to the
    bibliography, the book's extensions or the configuration rebuilds it.
    One process (``-j 1``): a rebuild after one edit writes few pages.
    After each good build the stylesheets are trimmed as ``nox -s html``
    trims them (``--post-build``), so the preview is the same book; and the
    build's problems show in the browser (``-D book_preview_problems=1``,
    tools/sphinxext/reader/preview_problems.py), the preview's only difference.
    """
    return [
        "--host",
        host,
        "--port",
        str(port),
        *("--watch", str(root / "references.bib")),
        *("--watch", str(root / "tools")),
        *("--watch", str(root / "conf.py")),
        *("--post-build", shlex.join(trim_css_command([out], root=root))),
        *sphinx_args(
            "html",
            out,
            doctrees=doctrees,
            root=root,
            jobs="1",
            overrides={"book_preview_problems": "1"},
        ),
    ]


def trim_css_command(editions: list[Path], root: Path = ROOT) -> list[str]:
    """The command that trims the stylesheets of built HTML editions
    (``tools/trim_css.mjs``: PurgeCSS, run by node, on the written site)."""
    return ["node", str(root / "tools" / "trim_css.mjs"), *map(str, editions)]


def edition_basename(language: str) -> str:
    """The file name, without suffix, of the PDF and EPUB in ``language``.

    The original's is ``BASENAME``; a translation's adds its language:
    ``ai-pharma-ten-conversations-en``.
    """
    if language == ORIGINAL:
        return BASENAME
    return f"{BASENAME}-{language.replace('_', '-').lower()}"


def missing_tex() -> list[str]:
    """What this machine lacks to typeset the PDF edition (empty: nothing)."""
    missing = [name for name in TEX_PROGRAMS if shutil.which(name) is None]
    try:
        listed = subprocess.run(
            ["fc-list", ":lang=zh", "family"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        listed = ""
    families = {name.strip() for row in listed.splitlines() for name in row.split(",")}
    missing += [f"the font {font!r}" for font in CJK_FONTS if font not in families]
    return missing


def latex_to_pdf(
    latex_dir: Path, basename: str, env: dict[str, str] | None = None
) -> Path:
    """Typeset ``<basename>.tex`` in ``latex_dir`` with latexmk; return the PDF.

    ``basename`` is the edition's (``edition_basename(language)``).  Sphinx's
    own latexmkrc runs XeLaTeX and xindy as often as needed.
    ``-halt-on-error`` stops at the first TeX error, with its log in
    ``latex_dir``.
    """
    tex = latex_dir / f"{basename}.tex"
    # The xindy options Sphinx chose for the language, from its Makefile.
    makefile = (latex_dir / "Makefile").read_text(encoding="utf-8")
    xindy = re.search(r"^export XINDYOPTS = (.*)$", makefile, re.M)
    subprocess.run(
        [
            "latexmk",  # reads Sphinx's latexmkrc here: XeLaTeX, xindy
            "-pdfxe",
            "-interaction=nonstopmode",
            "-halt-on-error",
            "-file-line-error",
            "-silent",
            tex.name,
        ],
        cwd=latex_dir,
        check=True,
        env={
            **os.environ,
            **(env or {}),
            "LATEXOPTS": os.environ.get("LATEXOPTS", ""),
            "XINDYOPTS": xindy.group(1) if xindy else "",
        },
    )
    return tex.with_suffix(".pdf")


def epubcheck_command() -> list[str] | None:
    """How to run epubcheck here, or ``None`` if it is not installed.

    Debian's ``/usr/bin/epubcheck`` is a link to the jar, which runs only
    where binfmt_misc knows jars; ``java -jar`` runs it everywhere.  One
    check lasts seconds, too short for the JVM's optimising compiler to
    pay off: its quick compiler alone (``TieredStopAtLevel=1``, the same
    checks) halves the processor time (10.6 to 5.2 s for the book's EPUB).
    """
    found = shutil.which("epubcheck")
    if found is None:
        return None
    path = Path(found).resolve()
    if path.suffix == ".jar":
        java = shutil.which("java")
        return [java, "-XX:TieredStopAtLevel=1", "-jar", str(path)] if java else None
    return [str(path)]


def source_date_epoch(root: Path = ROOT) -> str:
    """``SOURCE_DATE_EPOCH`` if set, else the time of the last commit.

    The date printed in the book (conf.py's ``today``) and the PDF's own
    dates come from it, so two builds of one commit are the same book.
    """
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        return subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""
