"""The import tool turns a raw interview into a chapter skeleton."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.samples import RAW
from tools import import_interview
from tools.lib import fidelity, rawtext


@pytest.fixture
def raw_file(tmp_path: Path) -> Path:
    path = tmp_path / "raw.txt"
    path.write_text(RAW, encoding="utf-8")
    return path


def test_skeleton_has_front_matter_headings_and_turns(
    raw_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "chapter.md"
    assert (
        import_interview.main(
            [
                str(raw_file),
                "--interviewee",
                "受访者",
                "--slug",
                "shou-fang",
                "--output",
                str(out),
            ]
        )
        == 0
    )
    text = out.read_text(encoding="utf-8")
    assert text.startswith("---\ninterview:\n")
    assert "  interviewee: 受访者\n" in text
    assert f"  source: {raw_file.as_posix()}\n" in text
    assert "{#shou-fang-lead .editorial}\n## 导语" in text
    assert "{#shou-fang-dialogue .editorial}\n## 对话" in text
    assert text.count(":::{turn} question") == 2
    assert text.count(":::{turn} answer") == 2
    assert (
        ":::{turn} answer\n受访者：第一个回答的第一段。\n\n第一个回答的第二段，没有说话人标签。\n:::"
        in text
    )
    assert "考研" not in text and "ICP" not in text


def test_skeleton_paragraphs_pass_the_fidelity_guard(
    raw_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "chapter.md"
    status = import_interview.main(
        [str(raw_file), "--interviewee", "受访者", "--slug", "x", "--output", str(out)]
    )
    assert status == 0
    expected = [p.text for p in rawtext.clean(RAW).paragraphs]
    found = [text for _, text in fidelity.source_paragraphs(out)]
    assert len(expected) == 6 and len(found) == 6
    assert fidelity.compare(expected, found, "chapter.md") == []


def test_report_goes_to_stderr(raw_file: Path, capsys: pytest.CaptureFixture) -> None:
    import_interview.main(
        [str(raw_file), "--interviewee", "受访者", "--slug", "x", "--report"]
    )
    captured = capsys.readouterr()
    assert ":::{turn} narration" in captured.out
    assert "removed 4 debris line(s)" in captured.err


def test_wrong_interviewee_is_refused(
    raw_file: Path, capsys: pytest.CaptureFixture
) -> None:
    with pytest.raises(SystemExit):
        import_interview.main([str(raw_file), "--interviewee", "别人", "--slug", "x"])
    assert "no paragraph starts with '别人：'" in capsys.readouterr().err


def test_a_slug_that_is_not_lowercase_ascii_words_is_refused(
    raw_file: Path, capsys: pytest.CaptureFixture
) -> None:
    with pytest.raises(SystemExit):
        import_interview.main(
            [str(raw_file), "--interviewee", "受访者", "--slug", "Wang_Xiaoming"]
        )
    error = capsys.readouterr().err
    assert "--slug: the chapter's slug 'Wang_Xiaoming' may hold only" in error


def test_an_existing_chapter_is_never_overwritten(
    raw_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "chapter.md"
    out.write_text("edited by hand", encoding="utf-8")
    with pytest.raises(SystemExit):
        import_interview.main(
            [
                str(raw_file),
                "--interviewee",
                "受访者",
                "--slug",
                "x",
                "--output",
                str(out),
            ]
        )
    assert out.read_text(encoding="utf-8") == "edited by hand"
