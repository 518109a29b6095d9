"""The ``{mentions}`` index (tools/sphinxext/text/mentions.py) in rebuilds.

The index is made from the interviews' raw texts when its page is written.
A rebuild writes it again when what it is made of changes (here: a raw text
and its chapter), and leaves it alone when a chapter changes otherwise.
Built on ``tests/roots/test-mentions`` with the fidelity site's interview.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

CHAPTER = Path("interviews/wang-xiaoming.md")
RAW = Path("sources/fixture.txt")


def _site(rootdir: Path, tmp_path: Path) -> Path:
    src = tmp_path / "site"
    shutil.copytree(rootdir / "test-mentions", src)
    fidelity = rootdir / "test-fidelity-chars"
    for part in (CHAPTER, RAW, Path("sources/README.md")):
        (src / part).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(fidelity / part, src / part)
    return src


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new), encoding="utf-8")


# Pages besides the index, so that the parallel build reads the index in a
# worker process, not the main one.
OTHER_PAGES = 4


@pytest.mark.parametrize("parallel", [1, 2], ids=["serial", "parallel"])
def test_the_index_is_rewritten_only_when_a_raw_text_changes(
    make_app, rootdir: Path, tmp_path: Path, parallel: int
) -> None:
    src = _site(rootdir, tmp_path)
    for number in range(OTHER_PAGES):
        (src / f"other{number}.md").write_text(f"# 其他 {number}\n", "utf-8")
        _replace(src / "index.md", "people\n", f"people\nother{number}\n")
    app = make_app("html", srcdir=src, freshenv=True, parallel=parallel)
    app.build()
    # what the index was made of is kept, whichever process read its page
    assert app.env.get_domain("mentions").data["inputs"]
    assert app.is_parallel_allowed("read")  # so parallel=2 reads in two processes
    page = Path(app.outdir, "people.html")
    assert 'href="interviews/wang-xiaoming.html#p3">¶3</a>' in page.read_text("utf-8")
    written = page.stat().st_mtime_ns

    # A chapter edit that changes no paragraph of the raw text: the index
    # page is not written again.
    _replace(
        src / CHAPTER,
        "这是一篇虚构的访谈，只用于测试。",
        "这是一篇虚构的访谈，只用于测试。[^n]\n\n[^n]: 注释。",
    )
    make_app("html", srcdir=src, parallel=parallel).build()
    assert page.stat().st_mtime_ns == written

    # The raw text (and its chapter) no longer say AlphaFold2: the index is
    # written again, and says the name is mentioned nowhere.
    _replace(src / RAW, "AlphaFold2", "AlphaFold3")
    _replace(src / CHAPTER, "AlphaFold2", "AlphaFold3")
    again = make_app("html", srcdir=src, parallel=parallel)
    again.build()
    assert page.stat().st_mtime_ns != written
    assert "#p3" not in page.read_text("utf-8")
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", again.warning.getvalue())
    assert "'AlphaFold2' is mentioned in no interview paragraph" in warnings


def test_a_spelling_inside_a_longer_name_filed_elsewhere_does_not_count(
    make_app, rootdir: Path, tmp_path: Path
) -> None:
    """``name = spelling ! longer``: ¶3's 涉猎AI is not a mention of AI."""
    src = _site(rootdir, tmp_path)
    _replace(src / "people.md", "AlphaFold2\n", "AlphaFold2\nAI = AI ! 涉猎AI\n")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    index = Path(app.outdir, "people.html").read_text("utf-8")
    entry = index[index.index("<dt>AI</dt>") :]
    entry = entry[: entry.index("</dd>")]
    assert "#p2" in entry
    assert "#p3" not in entry
