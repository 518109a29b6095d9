"""The test book: the real book plus the fixture interviews, and their facts.

The test book is built the way CONTRIBUTING.md's “Adding a new interview”
says an editor adds a chapter (``add_interview``): the raw source and its
checksum in ``sources/``, ``python -m tools.import_interview``, the editor's
front matter, glossary links and annotations (kept as data in
``tests/fixtures/interviews/<slug>/chapter.yaml``), the toctree entry and the
translation catalogue.  Nothing here knows any chapter by name: the chapters
are the real book's ``docs/interviews/*.md`` and the fixtures' folders, and
what the tests expect of each is data (``facts``).
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from tests.helpers import build_count
from tests.helpers.sphinx_fork import Server
from tools.lib import build, languages, raw_sources

ROOT = build.ROOT
TESTS = Path(__file__).resolve().parent.parent
FIXTURES = TESTS / "fixtures"
FIXTURE_INTERVIEWS = FIXTURES / "interviews"
CONTRIBUTION = FIXTURES / "contribution"
BOOK_PARTS = ("conf.py", "references.bib", "docs", "tools", "sources", "locales")


def real_slugs() -> list[str]:
    return sorted(p.stem for p in (ROOT / "docs" / "interviews").glob("*.md"))


def fixture_slugs() -> list[str]:
    return sorted(p.name for p in FIXTURE_INTERVIEWS.iterdir() if p.is_dir())


def slugs() -> list[str]:
    """Every chapter of the test book, as ``docs/interviews/`` sorts them."""
    return sorted(real_slugs() + fixture_slugs())


def facts(slug: str) -> dict:
    """What the tests expect of a chapter (its ``facts.yaml``)."""
    path = FIXTURE_INTERVIEWS / slug / "facts.yaml"
    if not path.is_file():
        path = FIXTURES / "facts" / f"{slug}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def copy_book(dest: Path) -> Path:
    """A copy of the real book's sources in ``dest``."""
    for part in BOOK_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(
                source, dest / part, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, dest / part)
    # npm's packages (PurgeCSS, run on the built site, and Floating UI, which
    # the HTML build copies) are not the book's sources: a copy links the checkout's; copy
    # the copy with ``symlinks=True``.
    if (ROOT / "node_modules").is_dir():
        (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest


def set_front_matter(chapter: str, values: dict[str, object]) -> str:
    """Fill in ``interview`` front-matter values, as an editor does by hand.

    A key the skeleton has keeps its place (its comment is replaced); a new
    key goes at the end of the mapping.
    """
    head, sep, body = chapter.partition("\n---\n")
    for key, value in values.items():
        line = f"  {key}: {yaml.safe_dump(value, allow_unicode=True).strip()}"
        line = line.removesuffix("\n...")
        pattern = re.compile(rf"^  {re.escape(key)}:.*$", re.M)
        if pattern.search(head):
            head = pattern.sub(lambda _m, line=line: line, head, count=1)
        else:
            head += "\n" + line
    return head + sep + body


def add_interview(book: Path, fixture: Path) -> Path:
    """Add the fixture interview in ``fixture`` to the book in ``book``.

    Each step is CONTRIBUTING.md's; a step that fails raises with what went
    wrong (an edit that no longer matches the skeleton, an importer error).
    """
    recipe = yaml.safe_load((fixture / "chapter.yaml").read_text(encoding="utf-8"))
    slug = recipe["slug"]
    # 1. The raw source, unedited, and its checksum row.
    raw = book / "sources" / f"{slug}.txt"
    shutil.copy2(fixture / "source.txt", raw)
    raw_sources.add_checksum_row(book, raw, recipe["sources_row"], "test fixture")
    # 2. The importer, as an editor runs it.
    chapter = book / "docs" / "interviews" / f"{slug}.md"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "tools.import_interview",
            f"sources/{raw.name}",
            *recipe["import"],
            "--slug",
            slug,
            "--output",
            str(chapter.relative_to(book)),
        ],
        cwd=book,
        check=True,
        capture_output=True,
        text=True,
    )
    # 3. The editor's work: front matter, title, glossary links, annotations.
    text = set_front_matter(chapter.read_text(encoding="utf-8"), recipe["front_matter"])
    for edit in recipe["edits"]:
        count = text.count(edit["old"])
        if count != 1:
            raise ValueError(
                f"{fixture / 'chapter.yaml'}: edit {edit['old']!r} matches the "
                f"imported skeleton {count} times, not once"
            )
        text = text.replace(edit["old"], edit["new"])
    text += "\n" + recipe["annotations"]
    chapter.write_text(text, encoding="utf-8")
    # 4. The toctree, in the order of the file names, and the catalogue.
    index = book / "docs" / "index.md"
    index_text = index.read_text(encoding="utf-8")
    entries = re.search(
        r"(:caption: 访谈\n(?::\w+:.*\n)*\n)((?:interviews/.*\n)+)", index_text
    )
    listed = sorted({*entries.group(2).split(), f"interviews/{slug}"})
    index.write_text(
        index_text[: entries.start(2)]
        + "".join(f"{name}\n" for name in listed)
        + index_text[entries.end(2) :],
        encoding="utf-8",
    )
    catalogue = book / "locales" / "en" / "LC_MESSAGES" / "interviews" / f"{slug}.po"
    if (fixture / "en.po").is_file():
        shutil.copy2(fixture / "en.po", catalogue)
    return chapter


def glossary_entry_starts(lines: list[str]) -> list[int]:
    """The indexes of the lines that open a glossary entry: a line with no
    indent after a blank line, inside the ``{glossary}`` block."""
    return [
        i
        for i in range(1, len(lines))
        if lines[i - 1].strip() == "" and lines[i][:1] not in ("", " ", "\n", "`")
    ]


def insert_glossary_entries(book: Path, entries: str) -> int:
    """Insert ``entries`` (one or more glossary entries, each ending with a
    blank line) before the middle entry of the book's glossary, as a
    contributor adds an entry in its topical place; return the line number
    (1-based) of the first inserted line."""
    glossary = book / "docs" / "glossary.md"
    lines = glossary.read_text(encoding="utf-8").splitlines(keepends=True)
    starts = glossary_entry_starts(lines)
    middle = starts[len(starts) // 2]
    lines.insert(middle, entries)
    glossary.write_text("".join(lines), encoding="utf-8")
    return middle + 1


def add_contribution(book: Path, fixture: Path = CONTRIBUTION) -> None:
    """A content contribution in its natural places, as a stranger's pull
    request makes it (tests/fixtures/contribution): a reference added to
    ``references.bib``; glossary entries inserted in the middle of the
    glossary, with their English; an annotation on the first paragraph of
    the first finished chapter, citing that reference and linking an entry,
    and the English of the changed paragraph (its translation, the marker
    added, as a translator keeps it) and of the note.

    Nothing here names a chapter, a paragraph or its words: the paragraph is
    read off the chapters.
    """
    from tools import gettext_update
    from tools.lib import interview

    with (book / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write((fixture / "references.bib").read_text(encoding="utf-8"))
    entries = (fixture / "glossary.md").read_text(encoding="utf-8")
    insert_glossary_entries(book, entries)
    english = book / "locales" / "en" / "LC_MESSAGES"
    with (english / "glossary.po").open("a", encoding="utf-8") as po:
        po.write("\n" + (fixture / "glossary.po").read_text(encoding="utf-8"))

    note = yaml.safe_load((fixture / "annotation.yaml").read_text(encoding="utf-8"))
    marker = f"[^{note['label']}]"
    chapter = next(c for c in interview.chapters(book) if not c.draft)
    paragraph = chapter.paragraphs()[0]
    lines = chapter.path.read_text(encoding="utf-8").splitlines(keepends=True)
    last = paragraph.line - 1 + paragraph.markup.count("\n")
    lines[last] = lines[last].rstrip("\n") + marker + "\n"
    lines.append(f"\n[^{note['label']}]: {note['body']}\n")
    chapter.path.write_text("".join(lines), encoding="utf-8")

    po = english / "interviews" / f"{chapter.slug}.po"
    catalog = gettext_update.read(po, "en")
    old = catalog[paragraph.markup]
    catalog.delete(paragraph.markup)
    catalog.add(paragraph.markup + marker, old.string + marker)
    catalog.add(note["body"], note["body_en"])
    po.write_bytes(gettext_update.render(catalog))


def make_test_book(dest: Path) -> Path:
    """The test book in ``dest``: the real book with a contribution in its
    natural places (``add_contribution``) and every fixture interview, its
    catalogues compiled (so that the builds of several pytest-xdist
    workers, which share the test book, never write a ``.mo`` file at once)."""
    copy_book(dest)
    add_contribution(dest)
    for slug in fixture_slugs():
        add_interview(dest, FIXTURE_INTERVIEWS / slug)
    compile_catalogues(dest)
    return dest


def compile_catalogues(book: Path) -> None:
    """Compile every translation's ``.po`` files of ``book`` as Sphinx does
    when it builds that language (``sphinx.util.i18n``)."""
    from sphinx.util.i18n import CatalogRepository

    for language in languages.ALL[1:]:
        catalogues = CatalogRepository(
            str(book / "docs"), ["../locales"], language.code, "utf-8"
        )
        for catalogue in catalogues.catalogs:
            if catalogue.is_outdated():
                catalogue.write_mo(language.code)


def trim_css(root: Path, editions: list[Path]) -> None:
    """Trim the built editions' stylesheets as ``nox -s html`` does."""
    result = subprocess.run(
        build.trim_css_command(editions, root=root),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"trim_css.mjs failed:\n{result.stderr}"


def run_sphinx(
    root: Path,
    out: Path,
    builder: str = "html",
    jobs: str = "1",
    overrides: dict[str, str] | None = None,
    fresh: bool = False,
) -> subprocess.CompletedProcess:
    """Build the book in ``root`` with the project's strict flags.

    The build runs as ``python -m sphinx`` in ``root`` (so that the copy's
    own ``tools/`` package is the one imported), with this process's
    environment as it is now: forked from this process's server, which has
    imported the libraries once (``tests/helpers/sphinx_fork.py``), or, with
    ``fresh``, in a new interpreter.  Builds forked from one server share
    its hash seed, so a build compared with another one is ``fresh``.
    """
    language = (overrides or {}).get("language", build.ORIGINAL)
    build_count.note(root, out / "doctrees" / builder, builder, language)
    args = build.sphinx_args(
        builder,
        out / builder,
        doctrees=out / "doctrees" / builder,
        root=root,
        jobs=jobs,
        overrides=overrides,
    )
    if fresh:
        return subprocess.run(
            [sys.executable, "-m", "sphinx", *args],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    with tempfile.TemporaryDirectory() as logs:
        output, errors = Path(logs, "stdout"), Path(logs, "stderr")
        status = fork_server().build(args, root, dict(os.environ), output, errors)
        return subprocess.CompletedProcess(
            ["sphinx-build", *args],
            status,
            output.read_text(errors="replace"),
            errors.read_text(errors="replace"),
        )


_servers: list[Server] = []


def fork_server() -> Server:
    """This process's Sphinx fork server, started on first use and ended
    when the process ends."""
    if not _servers or _servers[0].process.poll() is not None:
        _servers[:] = [Server(dict(os.environ))]
        atexit.register(_servers[0].close)
    return _servers[0]


# Every chapter of the test book, for ``@pytest.mark.parametrize("slug", SLUGS)``.
SLUGS = slugs()
