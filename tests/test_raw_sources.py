"""The raw sources' table: a new file's checksum row, by function and command."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tools import raw_sources as raw_sources_command
from tools.lib import confine, raw_sources

TABLE = """\
# Sources

| file | interview | what it is | sha256 |
| --- | --- | --- | --- |
| `old.txt` | 甲 | a web copy | `{digest}` |

The text of the interview is the work of its publisher.
"""


@pytest.fixture
def book(tmp_path: Path) -> Path:
    (tmp_path / "sources").mkdir()
    old = tmp_path / "sources" / "old.txt"
    old.write_text("旧的原文\n", encoding="utf-8")
    digest = hashlib.sha256(old.read_bytes()).hexdigest()
    (tmp_path / "sources" / "README.md").write_text(
        TABLE.format(digest=digest), encoding="utf-8"
    )
    (tmp_path / "sources" / "new.txt").write_text("新的原文\n", encoding="utf-8")
    return tmp_path


def test_the_row_goes_after_the_last_row_and_passes_the_build_check(book: Path) -> None:
    raw = book / "sources" / "new.txt"
    assert confine.recorded_digest_problem(book, raw) == (
        "new.txt has no row with its sha256 in sources/README.md; add one "
        "(python -m tools.raw_sources sources/new.txt --interview … --what …)"
    )
    row = raw_sources.add_checksum_row(book, raw, "乙 (Yi)", "a scraped copy")
    digest = hashlib.sha256(raw.read_bytes()).hexdigest()
    assert row == f"| `new.txt` | 乙 (Yi) | a scraped copy | `{digest}` |\n"
    lines = (book / "sources" / "README.md").read_text(encoding="utf-8").splitlines()
    assert lines[4].startswith("| `old.txt` |") and lines[5] == row.rstrip("\n")
    assert lines[6:] == ["", "The text of the interview is the work of its publisher."]
    old = hashlib.sha256((book / "sources" / "old.txt").read_bytes()).hexdigest()
    assert raw_sources.recorded(book) == {"old.txt": old, "new.txt": digest}
    assert confine.recorded_digest_problem(book, raw) is None


def test_a_recorded_file_is_not_recorded_again(book: Path) -> None:
    before = (book / "sources" / "README.md").read_text(encoding="utf-8")
    with pytest.raises(ValueError, match=r"already has a row for old\.txt"):
        raw_sources.add_checksum_row(book, book / "sources" / "old.txt", "甲", "x")
    assert (book / "sources" / "README.md").read_text(encoding="utf-8") == before


def test_the_command_adds_or_prints_the_row(
    book: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.chdir(book)
    args = ["sources/new.txt", "--interview", "乙", "--what", "a copy"]
    table = book / "sources" / "README.md"
    before = table.read_text(encoding="utf-8")
    assert raw_sources_command.main([*args, "--print"]) == 0
    row = capsys.readouterr().out
    assert row.startswith("| `new.txt` | 乙 | a copy | `") and row.endswith("` |\n")
    assert table.read_text(encoding="utf-8") == before
    assert raw_sources_command.main(args) == 0
    assert capsys.readouterr().out == f"sources/README.md: added {row}"
    assert row in table.read_text(encoding="utf-8")
    assert raw_sources_command.main(args) == 1
    assert "already has a row for new.txt" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new.txt"], "save the raw source in sources/ and name it there"),
        (["sources/gone.txt"], "sources/gone.txt: no such file"),
        (["sources/new.txt", "--what", "a | b"], "no '|', one line"),
    ],
)
def test_the_command_refuses_bad_arguments_in_one_line(
    book: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(book)
    (book / "new.txt").write_text("x", encoding="utf-8")
    options = {"--interview": "乙", "--what": "a copy"}
    for flag in ("--interview", "--what"):
        if flag not in args:
            args = [*args, flag, options[flag]]
    with pytest.raises(SystemExit) as stop:
        raw_sources_command.main(args)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
