"""Build a copy of the book twice, incrementally and clean, and compare them.

A rebuild is the same book: after an edit, ``sphinx-build`` on the previous
output must write exactly the files that a clean build of the edited tree
writes, byte for byte.  The edits are the ones contributors make (an
annotation, a glossary entry, an English catalogue entry, the bibliography);
each finds its target in the sources by its form, not by name, so that the
comparison holds for whichever interviews the book holds.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from tests.helpers import build_count
from tests.helpers.book import trim_css
from tests.helpers.sphinx_fork import Server
from tools.lib import build

# Any fixed time: the date printed in the book comes from it.
EPOCH = "1764547200"
MARK = "（重建测试）"
# .buildinfo holds a hash of the configuration and of the tags, both the
# same; Sphinx writes it anew whenever the output folder is written.
# Nothing is ignored: every file of the output is compared.


def sphinx(
    root: Path,
    out: Path,
    language: str,
    server: Server,
    speedups: bool = True,
) -> None:
    """Build ``root``'s HTML book in ``language`` into ``out``/html, with
    ``SOURCE_DATE_EPOCH`` at ``EPOCH``; with ``speedups`` false, without the
    speed patches (``book_speedups``).  Forked from ``server``
    (``tests/helpers/sphinx_fork.py``), as ``python -m sphinx`` would run."""
    overrides = {} if language == build.ORIGINAL else {"language": language}
    if not speedups:
        overrides["book_speedups"] = "0"
    build_count.note(root, out / "doctrees", "html", language)
    args = build.sphinx_args(
        "html",
        out / "html",
        doctrees=out / "doctrees",
        root=root,
        overrides=overrides,
    )
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    out.mkdir(parents=True, exist_ok=True)
    log = out / "sphinx.log"
    status = server.build(["-q", *args], root, env, log)
    assert status == 0, (
        f"{language} build of {root} failed:\n{log.read_text(errors='replace')}"
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative path, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def differences(rebuilt: dict[str, bytes], clean: dict[str, bytes]) -> list[str]:
    """One line for each file that is not the same in the two builds."""
    lines = [f"only in the rebuild: {name}" for name in sorted(rebuilt.keys() - clean)]
    lines += [
        f"only in the clean build: {name}" for name in sorted(clean - rebuilt.keys())
    ]
    for name in sorted(rebuilt.keys() & clean.keys()):
        if rebuilt[name] != clean[name]:
            lines.append(
                f"differs: {name} ({len(rebuilt[name])} bytes rebuilt, "
                f"{len(clean[name])} clean)"
            )
    return lines


def _edit(path: Path, pattern: str, flags: int = re.M) -> str:
    """Append MARK to the first match of ``pattern`` in ``path``; say where."""
    text = path.read_text(encoding="utf-8")
    match = re.search(pattern, text, flags)
    assert match, f"{path}: nothing matches {pattern!r}"
    end = match.end()
    path.write_text(text[:end] + MARK + text[end:], encoding="utf-8")
    line = text.count("\n", 0, end) + 1
    return f"{path.name}:{line}"


def edit_annotation(root: Path) -> str:
    """The first annotation of the first interview, in words."""
    chapter = sorted((root / "docs" / "interviews").glob("*.md"))[0]
    return _edit(chapter, r"^\[\^[a-z0-9-]+\]: [^\n]*?(?=。?\n)")


def edit_glossary_entry(root: Path) -> str:
    """The first line of the first glossary definition."""
    return _edit(root / "docs" / "glossary.md", r"^  [^\n]*?(?=。?\n)")


def edit_catalogue_entry(root: Path) -> str:
    """The first translation of 80 characters or more in the glossary's
    English catalogue (a definition, not a headword; the catalogues are
    unwrapped, one message a line)."""
    po = root / "locales" / "en" / "LC_MESSAGES" / "glossary.po"
    return _edit(po, r'^msgstr "(?=[^\n]{80})[^\n]*?(?=\.?"\n)')


def edit_bibliography(root: Path) -> str:
    """The first author of the first entry of references.bib: the name a
    citation's label shows on every page that cites the entry, not only on
    the bibliography page (a title edit reached only that page)."""
    return _edit(root / "references.bib", r"^\s*author\s*=\s*\{+")


EDITS: dict[str, Callable[[Path], str] | None] = {
    "nothing": None,
    "an annotation": edit_annotation,
    "a glossary entry": edit_glossary_entry,
    "an English catalogue entry": edit_catalogue_entry,
    "references.bib": edit_bibliography,
}

# The edits whose file only one language's book is made from.  Every build
# looks at every catalogue (for its warnings), but another language's output
# does not depend on it: there the clean build from before the edit is still
# the clean build of the tree, and the rebuild must match it.
READ_ONLY_BY = {"an English catalogue entry": "en"}


def rewritten(folder: Path, before: dict[str, int]) -> set[str]:
    """The files under ``folder`` that are new or newer than in ``before``."""
    return {name for name, mtime in mtimes(folder).items() if before.get(name) != mtime}


def mtimes(folder: Path) -> dict[str, int]:
    """Every file under ``folder`` by its relative path, with its mtime."""
    return {
        path.relative_to(folder).as_posix(): path.stat().st_mtime_ns
        for path in folder.rglob("*")
        if path.is_file()
    }


def trimmed_differences(
    root: Path, rebuilt: dict[str, Path], clean: Path, work: Path
) -> dict[str, list[str]]:
    """What differs between each of the built editions ``rebuilt`` and the
    ``clean`` one once each is trimmed as ``nox -s html`` trims the written
    site (``tools/trim_css.mjs``, on a copy of each, all in one run): the
    stylesheets it cuts and the pages whose ``?v=``/``?digest=`` links it
    rewrites.  A line for each also if it trimmed no stylesheet, which would
    leave nothing compared."""
    copies = {name: work / f"trimmed-{number}" for number, name in enumerate(rebuilt)}
    copies["clean"] = work / "trimmed-clean"
    for name, copy in copies.items():
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(rebuilt.get(name, clean), copy)
    before = {name: snapshot(copy) for name, copy in copies.items()}
    trim_css(root, list(copies.values()))
    after = {name: snapshot(copy) for name, copy in copies.items()}
    touched = {
        file
        for name in copies
        for file, data in after[name].items()
        if before[name].get(file) != data
    }
    if not any(file.endswith(".css") for file in touched):
        return {
            name: ["tools/trim_css.mjs trimmed no stylesheet: nothing compared"]
            for name in rebuilt
        }

    def trimmed(name: str) -> dict[str, bytes]:
        return {file: data for file, data in after[name].items() if file in touched}

    return {
        name: [
            f"once trimmed: {line}"
            for line in differences(trimmed(name), trimmed("clean"))
        ]
        for name in rebuilt
    }


def compare_rebuilds(
    root: Path,
    work: Path,
    language: str,
    after: Callable[[str, Path, set[str], bool], list[str]] | None = None,
    speedups: tuple[bool, ...] = (True, False),
    every_edit: bool = True,
    trimmed: bool = False,
) -> list[str]:
    """Each edit in turn, rebuilt on the last output and built clean; the
    differences, each line naming the edit, the language and the file.

    Two incremental chains, one with the speed patches (``book_speedups``)
    and one without, each compared with the same clean builds.  One clean
    build per state of the tree that ``language``'s book is made from: the
    first build of the chain with the patches is the clean build of the
    unedited tree (and the first build of the other must equal it).
    ``after``, if given, is called after each rebuild with the edit's name,
    the rebuilt HTML, the files the rebuild wrote and whether the patches
    were on; what it returns is added to the differences.

    ``speedups`` are the chains to run (the first must be on: its first build
    is the clean one).  With ``every_edit`` false, the edits are made and
    rebuilt in turn as before, but only the rebuild after no change and the
    one after the last edit are compared with a clean build (two clean builds
    in all, for a book too big to build clean after each edit; the small
    book, ``tests/helpers/small_book.py``, compares every edit).

    With ``trimmed``, the output of each chain after the last edit and the
    clean build of that tree are also compared once trimmed as the published
    site is (``trimmed_differences``).
    """
    assert speedups[0], "the first chain is the one with the speed patches"
    # The builds are forked from servers (tests/helpers/sphinx_fork.py), a
    # child sharing its server's hash seed: each chain's rebuilds come from a
    # server of their own, the clean builds and each chain's first build from
    # another, so that no two builds compared, and no rebuild and the build
    # that pickled its environment, share a seed, as two ``python -m
    # sphinx`` would not.
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    with ExitStack() as stack:
        servers = {
            role: stack.enter_context(Server(env)) for role in (*speedups, "clean")
        }
        return _compare_rebuilds(
            root, work, language, servers, after, speedups, every_edit, trimmed
        )


def _compare_rebuilds(
    root: Path,
    work: Path,
    language: str,
    servers: dict[bool | str, Server],
    after: Callable[[str, Path, set[str], bool], list[str]] | None,
    speedups: tuple[bool, ...],
    every_edit: bool,
    trimmed: bool,
) -> list[str]:
    chains = {on: work / f"rebuilt-{language}-{on}" for on in speedups}
    # the first build of a chain from another server than its rebuilds
    first = {True: servers["clean"], False: servers[True]}
    for on, chain in chains.items():
        sphinx(root, chain, language, first[on], speedups=on)
    clean_folder = chains[True] / "html"
    clean = snapshot(clean_folder)
    found = []
    if False in chains:
        found += [
            f"{language}, clean without speed patches: {line}"
            for line in differences(snapshot(chains[False] / "html"), clean)
        ]
    last = list(EDITS)[-1]
    for name, edit in EDITS.items():
        where = ""
        compared = every_edit or edit is None or name == last
        if edit is not None:
            where = f" ({edit(root)})"
            if compared and READ_ONLY_BY.get(name, language) == language:
                fresh = work / f"clean-{language}"
                shutil.rmtree(fresh, ignore_errors=True)
                sphinx(root, fresh, language, servers["clean"])
                clean_folder = fresh / "html"
                clean = snapshot(clean_folder)
        for on, chain in chains.items():
            label = f"{language}, speed patches {'on' if on else 'off'}"
            before = mtimes(chain / "html")
            sphinx(root, chain, language, servers[on], speedups=on)
            if after is not None:
                written = rewritten(chain / "html", before)
                found += [
                    f"{label}, after editing {name}{where}: {line}"
                    for line in after(name, chain / "html", written, on)
                ]
            if compared:
                found += [
                    f"{label}, after editing {name}{where}: {line}"
                    for line in differences(snapshot(chain / "html"), clean)
                ]
        if trimmed and name == last:
            labels = {
                f"{language}, speed patches {'on' if on else 'off'}": chain / "html"
                for on, chain in chains.items()
            }
            assert clean_folder not in labels.values(), "no clean build to trim"
            for label, lines in trimmed_differences(
                root, labels, clean_folder, work
            ).items():
                found += [
                    f"{label}, after editing {name}{where}: {line}" for line in lines
                ]
    return found
