"""Input that used to crash a tool gives one line naming the file and line.

Bytes that are not UTF-8 and front matter that is not YAML, fed to each tool
that reads contributors' files: ``python -m tools.fidelity``,
``python -m tools.contribution_rules``, ``python -m tools.import_interview``
(each run in a private copy of the book, whose own ``tools`` is imported),
and the Sphinx build (``tests/test_security.py`` covers pages; here the raw
source and the bibliography).  Also: a chapter cannot make the guard read a
file outside ``sources/``, nor escape the guard by dropping its front matter.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools.lib import build, interview

# Each chapter of the book and its raw source, with the interviewee's label
# (the bad bytes go on the line after the label's first use in a turn).
CHAPTERS = interview.chapters(build.ROOT)
CHAPTER = CHAPTERS[0].path.relative_to(build.ROOT).as_posix()
CULPRITS = [
    pytest.param(
        path.relative_to(build.ROOT).as_posix(), chapter.speakers[1].label, id=path.name
    )
    for chapter in CHAPTERS
    for path in (chapter.path, chapter.source)
]


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


def one_line(result: subprocess.CompletedProcess) -> str:
    """The tool failed with exactly one line on stderr, and no traceback."""
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def break_bytes(path: Path, after: str) -> int:
    """Put two bytes that are not UTF-8 on a new line after ``after``; its number."""
    data = path.read_bytes()
    at = data.index(after.encode()) + len(after.encode())
    at = data.index(b"\n", at) + 1
    path.write_bytes(data[:at] + b"\xff\xfe\n" + data[at:])
    return data[:at].count(b"\n") + 1


BAD_BYTES = "byte 0xff at column 1 is not UTF-8; save the file as UTF-8"


@pytest.mark.parametrize(
    "tool", ["tools.fidelity --sources", "tools.contribution_rules"]
)
@pytest.mark.parametrize(("culprit", "label"), CULPRITS)
def test_bytes_that_are_not_utf8(
    book_copy: Path, tool: str, culprit: str, label: str
) -> None:
    path = book_copy / culprit
    text = path.read_text(encoding="utf-8")
    anchor = f"{label}：" if f"{label}：" in text else f"{label}:"
    line = break_bytes(path, anchor)
    message = one_line(run(book_copy, *tool.split()))
    assert re.fullmatch(
        rf"(\S*/)?{re.escape(culprit)}:{line}: {re.escape(BAD_BYTES)}.*", message
    ), message


@pytest.mark.parametrize(
    "tool", ["tools.fidelity --sources", "tools.contribution_rules"]
)
def test_front_matter_that_is_not_yaml(book_copy: Path, tool: str) -> None:
    path = book_copy / CHAPTER
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  series: ", "  series: [", 1), encoding="utf-8")
    message = one_line(run(book_copy, *tool.split()))
    # the unclosed "[" is on line 3; YAML notices it on line 4, and says so
    assert re.fullmatch(
        rf"(\S*/)?{re.escape(CHAPTER)}:4: (the )?front matter is not valid YAML "
        r"\(.*\); .*",
        message,
    ), message


def test_the_importer_names_an_unreadable_source(book_copy: Path) -> None:
    raw = book_copy / "sources" / "new.txt"
    raw.write_bytes("王小明：第一句。\n".encode() + b"\xc3\x28\n")
    message = one_line(
        run(
            book_copy,
            "tools.import_interview",
            "sources/new.txt",
            "--interviewee",
            "王小明",
            "--slug",
            "wang-xiaoming",
        )
    )
    assert message == (
        "sources/new.txt:2: byte 0xc3 at column 1 is not UTF-8; save the file as "
        "UTF-8 (and check that line's characters)"
    )


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("../../secret.txt", "it is outside the repository"),
        ("conf.py", "it is not in sources/"),
        (".git/config", "it is inside .git/"),
    ],
)
def test_the_cli_guard_reads_only_sources(
    book_copy: Path, source: str, reason: str
) -> None:
    path = book_copy / CHAPTER
    text = path.read_text(encoding="utf-8")
    old = re.search(r"^  source: .*$", text, re.M)
    path.write_text(text.replace(old.group(0), f"  source: {source}"), "utf-8")
    line = text[: old.start()].count("\n") + 1
    message = one_line(run(book_copy, "tools.fidelity", "--sources"))
    assert re.match(
        rf"(\S*/)?{re.escape(CHAPTER)}:{line}: "
        + re.escape(f"interview.source {source!r} refused: {reason}"),
        message,
    ), message


# --- in the build, on the one-interview site -----------------------------------


def _fixture_site(rootdir: Path, tmp_path: Path) -> Path:
    src = tmp_path / "site"
    shutil.copytree(rootdir / "test-fidelity-chars", src)
    return src


def _warnings(make_app, src: Path) -> str:
    app = make_app("dummy", srcdir=src, freshenv=True)
    app.build()
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


def test_the_build_guard_reads_only_sources(
    make_app, rootdir: Path, tmp_path: Path
) -> None:
    src = _fixture_site(rootdir, tmp_path)
    (tmp_path / "secret.txt").write_text("王小明：机密。\n", encoding="utf-8")
    chapter = src / "interviews" / "wang-xiaoming.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(
        text.replace("source: sources/fixture.txt", "source: ../secret.txt"), "utf-8"
    )
    warnings = _warnings(make_app, src)
    assert (
        f"{chapter}:1: WARNING: interview.source '../secret.txt' refused: it is "
        "outside the repository; name the raw text under sources/" in warnings
    ), warnings
    assert "机密" not in warnings


def test_a_chapter_cannot_drop_its_front_matter(
    make_app, rootdir: Path, tmp_path: Path
) -> None:
    src = _fixture_site(rootdir, tmp_path)
    chapter = src / "interviews" / "wang-xiaoming.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.split("---\n", 2)[2].replace("2019", "2020"), "utf-8")
    warnings = _warnings(make_app, src)
    assert (
        f"{chapter}:1: WARNING: an interview chapter without 'interview' front "
        "matter cannot be checked against its source" in warnings
    ), warnings


def test_the_build_names_a_raw_source_that_is_not_utf8(
    make_app, rootdir: Path, tmp_path: Path
) -> None:
    src = _fixture_site(rootdir, tmp_path)
    raw = src / "sources" / "fixture.txt"
    line = break_bytes(raw, "记者:谢谢。")
    warnings = _warnings(make_app, src)
    assert f"{raw}:{line}: WARNING: {BAD_BYTES}" in warnings, warnings
    assert "Traceback" not in warnings


def test_the_book_names_each_unreadable_input_in_a_parallel_build(
    tmp_path: Path,
) -> None:
    """One parallel build of the book with three faults, each named at its line
    (the small test book: the book's configuration and every extension on
    two chapters, tests/helpers/small_book.py):

    * a page that is not UTF-8 (the issue's case: a parallel build once ended
      in SphinxParallelError);
    * a raw source that is not UTF-8: every extension that reads the raw text
      (fidelity, mentions) copes;
    * ``source: /dev/zero`` in another chapter, which would hang every
      extension that reads it.
    """
    from tests.helpers.book import run_sphinx
    from tests.helpers.small_book import make_small_book

    book_copy = make_small_book(tmp_path / "book")
    page = book_copy / "docs" / "people.md"
    page.write_bytes(page.read_bytes() + b"\n\xff\xfe\n")
    page_line = page.read_bytes().count(b"\n")
    first, second = interview.chapters(book_copy)[:2]
    raw_line = break_bytes(first.source, first.speakers[1].label)
    text = second.path.read_text(encoding="utf-8")
    old = re.search(r"^  source: .*$", text, re.M).group(0)
    second.path.write_text(text.replace(old, "  source: /dev/zero"), encoding="utf-8")

    result = run_sphinx(book_copy, book_copy / "_build", jobs="2")
    assert result.returncode != 0
    assert (
        "Traceback" not in result.stderr and "SphinxParallelError" not in result.stderr
    ), result.stderr
    for expected in (
        f"{page}:{page_line}: WARNING: {BAD_BYTES}",
        f"{first.source}:{raw_line}: WARNING: {BAD_BYTES}",
        f"{second.path}:1: WARNING: interview.source '/dev/zero' refused: it is "
        "outside the repository; name the raw text under sources/",
    ):
        assert expected in result.stderr, f"{expected}\n{result.stderr}"
