"""Shared fixtures: the test book built once per session, and copies of the book.

The test book is the real book plus the fixture interviews of
``tests/fixtures/interviews/`` (``tests/helpers/book.py``), so that every
per-chapter feature is tested with two chapters.  Small edge cases use
``sphinx.testing``'s ``app`` fixture on the sites in ``tests/roots/``;
everything about the whole book asserts on one build made with the same
arguments as ``nox -s html`` (``tools.lib.build.sphinx_args``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import book as test_books
from tests.helpers import build_count
from tests.helpers.book import run_sphinx, trim_css
from tests.helpers.small_book import make_small_book
from tests.helpers.workers import shared
from tools.lib import interview

pytest_plugins = ("sphinx.testing.fixtures",)
collect_ignore = ["roots"]


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A pytest-xdist worker hands the builds it noted to the controller
    (tests/helpers/build_count.py)."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["book_builds"] = build_count.BUILDS


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """The controller gathers each worker's builds (pytest-xdist's hook)."""
    build_count.BUILDS.extend(getattr(node, "workeroutput", {}).get("book_builds", []))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the ``test-<name>`` sites."""
    return Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def test_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sources of the test book: the real book and the fixture interviews."""
    return shared(tmp_path_factory, "test-book", test_books.make_test_book)


@pytest.fixture(scope="session")
def test_chapters(test_book: Path) -> dict[str, interview.Interview]:
    """slug -> the test book's chapter, read by the interview model."""
    return {chapter.slug: chapter for chapter in interview.chapters(test_book)}


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory, test_book: Path) -> Path:
    """The test book, built once into a temporary folder; its HTML output.

    As on the published site, the Chinese edition is at the root and the
    English one (``-D language=en``) under ``en/``; as ``nox -s html`` does,
    each edition's stylesheets are then trimmed (``tools/trim_css.mjs``).
    The Chinese edition's stylesheets as Sphinx wrote them are kept beside
    it, in ``whole-css/`` (tests/test_css_trim.py compares the two).
    """

    def make(out: Path) -> Path:
        result = run_sphinx(test_book, out, jobs="auto")
        assert result.returncode == 0, f"the book does not build:\n{result.stderr}"
        english = run_sphinx(
            test_book, out / "english", jobs="auto", overrides={"language": "en"}
        )
        assert english.returncode == 0, (
            f"the English edition does not build:\n{english.stderr}"
        )
        shutil.move(out / "english" / "html", out / "html" / "en")
        for sheet in (out / "html" / "_static").rglob("*.css"):
            kept = out / "whole-css" / sheet.relative_to(out / "html")
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(sheet, kept)
        trim_css(test_book, [out / "html", out / "html" / "en"])
        return out / "html"

    return shared(tmp_path_factory, "book", make)


@pytest.fixture(scope="session")
def site(built_book: Path) -> Iterator[str]:
    """The session's book served on 127.0.0.1; its base URL."""
    from tests.helpers.browser import serve

    with serve(built_book) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian's headless Chromium driven by Playwright (never a downloaded
    browser)."""
    from tests.helpers.browser import CHROMIUM_ARGS, chromium_path

    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """For pytest-xdist's ``--dist loadgroup`` (``nox -s tests``): a test file
    runs in one worker, so that its module fixtures are built once, unless a
    test names a group of its own (``@pytest.mark.xdist_group``).

    First (``tryfirst``): xdist's worker names each item's group in its own
    hook, from the markers it finds; run after it, the file's group was
    never seen, each unmarked test was a group of its own, and a file's
    tests (and its module fixtures) were spread over the workers.

    The groups go to the workers in the order of the collection
    (``--no-loadscope-reorder``), which is longest first: the groups with a
    ``long`` test, then by number of tests.  xdist's own order, by number
    of tests only, left the rebuild chains (one test each, a minute long)
    for the end, while the other worker had nothing left to do.
    """
    groups: dict[str, list[pytest.Item]] = {}
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
        # the group's name as xdist makes it (xdist/remote.py): every
        # xdist_group marker's name, sorted and joined
        names = {
            str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
            for mark in item.iter_markers("xdist_group")
        }
        groups.setdefault("_".join(sorted(names)), []).append(item)

    def longest_first(group: list[pytest.Item]) -> tuple[bool, int]:
        return (not any(i.get_closest_marker("long") for i in group), -len(group))

    items[:] = [
        item for group in sorted(groups.values(), key=longest_first) for item in group
    ]


def pytest_terminal_summary(terminalreporter) -> None:
    """Report the English edition's translation coverage as a figure."""
    from tests.helpers.catalogues import coverage

    translated, total = coverage()
    # Only what the catalogues hold: a message new in the sources is not in
    # them until nox -s gettext adds it, so say so rather than print a
    # figure that reads as complete (nox -s check counts the sources').
    terminalreporter.write_line(
        f"English catalogues: {translated} of their {total} messages translated "
        f"({translated / total:.1%}); messages of the sources not yet in a "
        "catalogue are not counted here: nox -s check counts and lists them"
    )
    for line in build_count.summary(build_count.BUILDS):
        terminalreporter.write_line(line)


@pytest.fixture
def book_copy(tmp_path: Path, test_book: Path) -> Path:
    """A private copy of the test book's sources, free to be broken by a test."""
    # symlinks: the test book's node_modules is a link to the checkout's.
    return Path(shutil.copytree(test_book, tmp_path / "book", symlinks=True))


@pytest.fixture(scope="session")
def small_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small test book's sources (tests/helpers/small_book.py), made
    once; never changed by a test (``small_book_copy`` is for that)."""
    return shared(tmp_path_factory, "small-book", make_small_book)


@pytest.fixture
def small_book_copy(tmp_path: Path, small_book: Path) -> Path:
    """A private copy of the small test book, free to be broken by a test."""
    return Path(shutil.copytree(small_book, tmp_path / "book", symlinks=True))
