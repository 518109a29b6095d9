"""The series list (tools/sphinxext/text/series.py): one data file, both languages.

Built on ``tests/roots/test-series``: two invented interviews, one edited in
the site, one known only from a source and without a date.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ConfigError

from tools.sphinxext.text import series


def _site(rootdir: Path, tmp_path: Path) -> Path:
    src = tmp_path / "site"
    shutil.copytree(rootdir / "test-series", src)
    return src


def _text(app, page: str) -> str:
    html = Path(app.outdir, page).read_text("utf-8")
    return BeautifulSoup(html, "html.parser").select_one(".book-series").get_text(" ")


def test_the_series_page_lists_each_interview_with_its_state(
    make_app, rootdir: Path, tmp_path: Path
) -> None:
    app = make_app("html", srcdir=_site(rootdir, tmp_path), freshenv=True)
    app.build()
    assert not app.warning.getvalue().strip()
    text = _text(app, "series.html")
    assert "甲某" in text and "《甲某：一篇访谈》" in text
    assert "2023 年 9 月 22 日" in text
    assert "已收录并加注" in text  # the chapter is in the site, and linked
    page = Path(app.outdir, "series.html").read_text("utf-8")
    assert 'href="interviews/jia.html"' in page
    # the second row: no role and no date were verified, its text not edited
    assert text.count("未能查证") == 2
    assert "已知，原文尚未收入本版" in text
    # each row names the source that confirms it
    soup = BeautifulSoup(page, "html.parser")
    cited = {
        a["href"].split("#")[-1] for a in soup.select(".book-series a[href*='#id']")
    }
    assert len(cited) == 2
    # the landing page's summary comes from the same file
    summary = _text(app, "index.html")
    assert "编者已知本系列访谈 2 篇，其中 1 篇已收入本版。" in summary


def test_the_english_edition_shows_the_english_fields(
    make_app, rootdir: Path, tmp_path: Path
) -> None:
    app = make_app(
        "html",
        srcdir=_site(rootdir, tmp_path),
        freshenv=True,
        confoverrides={"language": "en"},
    )
    app.build()
    text = _text(app, "series.html")
    assert "Jia Mou (甲某)" in text
    assert "Professor, Some University" in text
    assert "22 September 2023" in text
    assert text.count("not verified") == 2
    assert "未能查证" not in text


def test_a_change_to_the_data_file_is_read_again(
    make_app, rootdir: Path, tmp_path: Path
) -> None:
    src = _site(rootdir, tmp_path)
    make_app("html", srcdir=src, freshenv=True).build()
    data = src / "series.yaml"
    data.write_text(
        data.read_text("utf-8").replace("date: null", "date: 2023-10-01"), "utf-8"
    )
    again = make_app("html", srcdir=src)
    again.build()
    assert "2023 年 10 月 1 日" in _text(again, "series.html")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("    date: null\n", "    when: 2023\n"),
            "series.yaml:15: unknown field 'when'",
        ),
        (("    seen: [twonodate]\n", ""), "series.yaml:12: interview without 'seen'"),
        (
            ("date: 2023-09-22", "date: 22.9.2023"),
            "series.yaml:9: date '22.9.2023' is not",
        ),
        (
            ("  - interviewee: 乙某\n", "  - interviewee: [乙某\n"),
            "series.yaml:13: not valid YAML",
        ),
    ],
)
def test_a_wrong_data_file_names_the_line(
    rootdir: Path, tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    src = _site(rootdir, tmp_path)
    data = src / "series.yaml"
    text = data.read_text("utf-8")
    assert change[0] in text
    data.write_text(text.replace(*change), "utf-8")
    with pytest.raises(ConfigError) as caught:
        series.read(data)
    assert str(caught.value).startswith(message)


def test_a_wrong_data_file_stops_the_build_before_any_page_is_read(
    make_app, rootdir: Path, tmp_path: Path
) -> None:
    """As a broken references.bib does: one line, the file and the line."""
    src = _site(rootdir, tmp_path)
    data = src / "series.yaml"
    data.write_text(
        data.read_text("utf-8").replace("    date: null\n", "    when: 2023\n"), "utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        make_app("html", srcdir=src, freshenv=True).build()
    (line,) = str(caught.value).splitlines()
    assert line.startswith("site/series.yaml:15: unknown field 'when'")
