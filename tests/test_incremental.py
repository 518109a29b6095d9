"""Rebuilds: nothing changed means nothing rewritten; a change shows up."""

from __future__ import annotations

import re
import runpy
import shutil
from pathlib import Path

import pytest
from sphinx.util.docutils import docutils_namespace


def test_a_rebuild_keeps_the_index_pages_until_an_entry_is_added(
    make_app, rootdir: Path, tmp_path: Path
) -> None:
    """On the glossary's small site with ``tools.sphinxext.plumbing.speedups``: a
    rebuild with nothing to do keeps the general index; a new glossary entry
    reaches it.  (The whole book's rebuilds, which keep the search page too,
    are compared with clean builds in tests/test_rebuild.py.)"""
    site = Path(shutil.copytree(rootdir / "test-stable-glossary", tmp_path / "site"))
    page = site / "index.md"
    # A page that warned is read again in every rebuild (the next test), so
    # the site's one deliberate warning goes: the entry without English.
    text = page.read_text(encoding="utf-8")
    assert "\n孤立词条\n  没有英文名。\n" in text
    page.write_text(text.replace("\n孤立词条\n  没有英文名。\n", ""), "utf-8")
    html = site / "_build" / "html"
    index_pages = ("genindex.html",)

    def build() -> None:
        with docutils_namespace():
            app = make_app(
                "html",
                srcdir=site,
                warningiserror=True,
                confoverrides={
                    "extensions": [
                        *app_extensions(site),
                        "tools.sphinxext.plumbing.incremental",
                        "tools.sphinxext.plumbing.speedups",
                    ],
                },
            )
            app.build()
        assert app.statuscode == 0, app.warning.getvalue()

    build()
    kept = {name: (html / name).stat().st_mtime_ns for name in index_pages}

    build()
    assert {name: (html / name).stat().st_mtime_ns for name in index_pages} == kept

    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "```{glossary}\n",
            "```{glossary}\n增量词条\nincremental entry\n  测试用的词条。\n\n",
            1,
        ),
        encoding="utf-8",
    )
    build()
    assert "增量词条" in (html / "genindex.html").read_text(encoding="utf-8")


# The interview answer the next test edits on the small site of
# tests/test_bad_input.py, and the fidelity warning the edit gives.
ANSWER = "王小明：我从2019年开始涉猎AI的方向，那时用的是AlphaFold2 和分子动力学。"
WARNING = "interview text ¶3 differs from the source"


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_page_that_warned_warns_again_until_it_is_mended(
    make_app, rootdir: Path, tmp_path: Path, jobs: int
) -> None:
    """On the bad-input site with ``tools.sphinxext.plumbing.incremental``, serial and
    parallel (enough pages that Sphinx reads them in two processes)."""
    site = Path(shutil.copytree(rootdir / "test-bad-input", tmp_path / "site"))
    index = site / "index.md"
    extra = [f"extra-{n}" for n in range(4)]
    for name in extra:
        (site / f"{name}.md").write_text(f"{{#{name}}}\n# {name}\n\n正文。\n", "utf-8")
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "bibliography\n", "bibliography\n" + "".join(f"{n}\n" for n in extra)
        ),
        encoding="utf-8",
    )
    chapter = site / "interviews" / "wang-xiaoming.md"
    text = chapter.read_text(encoding="utf-8")
    assert ANSWER in text
    chapter.write_text(text.replace(ANSWER, ANSWER.replace("涉猎", "钻研")), "utf-8")

    def build() -> tuple[int, str]:
        # each build registers its nodes anew, as each sphinx-build does
        with docutils_namespace():
            return build_once()

    def build_once() -> tuple[int, str]:
        app = make_app(
            "html",
            srcdir=site,
            parallel=jobs,
            warningiserror=True,
            confoverrides={
                "extensions": [
                    *app_extensions(site),
                    "tools.sphinxext.plumbing.incremental",
                ]
            },
        )
        app.build()
        return app.statuscode, re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())

    for _ in range(2):  # the second build re-reads the page although it is unchanged
        status, warnings = build()
        assert status != 0
        assert f"{chapter}:" in warnings and WARNING in warnings, warnings
    chapter.write_text(text, encoding="utf-8")
    for _ in range(2):
        status, warnings = build()
        assert (status, warnings) == (0, ""), warnings


def app_extensions(site: Path) -> list[str]:
    """The extensions the site's conf.py loads."""
    return runpy.run_path(str(site / "conf.py"))["extensions"]


def test_pybtex_finds_its_plugins_in_one_scan(tmp_path: Path, monkeypatch) -> None:
    """pybtex looks every plugin up through its module's ``entry_points``;
    the book hands it one scan of the distributions.  If pybtex stops
    looking plugins up that way, this fails, and speedups.py must learn
    the new way (or the speed-up is silently lost)."""
    from types import SimpleNamespace

    import pybtex.plugin

    from tools.sphinxext.plumbing import speedups

    # pybtex's look-up as it was, once the test is over
    monkeypatch.setattr(pybtex.plugin, "entry_points", pybtex.plugin.entry_points)
    app = SimpleNamespace(
        extensions={"sphinxcontrib.bibtex": None}, doctreedir=tmp_path
    )
    config = SimpleNamespace(bibtex_default_style="unsrt", bibtex_tooltips_style="")
    speedups.register_bibtex_plugins(app, config)
    assert pybtex.plugin.entry_points is speedups.scanned_entry_points
    style = pybtex.plugin.find_plugin("pybtex.style.formatting", "unsrt")
    assert style in speedups.REMEMBERING_STYLES
    names = pybtex.plugin.find_plugin("pybtex.style.names", "plain")
    assert names.__module__ == "pybtex.style.names.plain"


def test_a_change_to_the_books_code_rebuilds_every_page(
    make_app, rootdir: Path, tmp_path: Path, monkeypatch
) -> None:
    """Sphinx compares the configuration with the last build's, not the
    extensions' code; the digest of tools/ is a configuration value, so a
    rebuild after a code change reads and writes every page again."""
    import shutil

    from tools.sphinxext.plumbing import incremental

    src = tmp_path / "site"
    shutil.copytree(rootdir / "test-code-change", src)
    make_app("html", srcdir=src, freshenv=True).build()
    page = src / "_build" / "html" / "index.html"
    written = page.stat().st_mtime_ns

    unchanged = make_app("html", srcdir=src)
    unchanged.build()
    assert page.stat().st_mtime_ns == written
    assert "0 added, 0 changed" in re.sub(
        r"\x1b\[[0-9;]*m", "", unchanged.status.getvalue()
    )

    monkeypatch.setattr(incremental, "code_digest", lambda: "code edited")
    changed = make_app("html", srcdir=src)
    changed.build()
    assert page.stat().st_mtime_ns != written
    status = re.sub(r"\x1b\[[0-9;]*m", "", changed.status.getvalue())
    assert "config changed ('book_code_digest')" in status, status
    assert "reading sources... [100%] index" in status, status


def test_an_edited_stylesheet_reaches_every_page_as_in_a_clean_build(
    rootdir: Path, tmp_path: Path
) -> None:
    """Sphinx copies an edited static file but rewrites no page: without
    the static files in the digest, a rebuilt page would name the old
    stylesheet's ``?v=`` checksum.  (Each build is a process of its own,
    as ``nox -s html`` is: Sphinx keeps a file's checksum for the process.)"""
    import shutil
    import subprocess
    import sys

    src = tmp_path / "site"
    shutil.copytree(rootdir / "test-code-change", src)
    (src / "_static").mkdir()
    sheet = src / "_static" / "book.css"
    sheet.write_text("p { color: black; }\n", encoding="utf-8")

    def build(out: Path) -> list[str]:
        subprocess.run(
            [
                *(sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src)),
                *(str(out), "-D", "html_static_path=_static"),
                *("-D", "html_css_files=book.css"),
            ],
            check=True,
            cwd=build_root,
        )
        page = (out / "index.html").read_text(encoding="utf-8")
        return re.findall(r'book\.css\?v=([0-9a-f]+)"', page)

    build_root = Path(__file__).resolve().parents[1]  # tools/ is importable
    before = build(tmp_path / "html")
    sheet.write_text("p { color: navy; }\n", encoding="utf-8")
    rebuilt = build(tmp_path / "html")
    fresh = build(tmp_path / "clean")
    assert before and fresh != before, (before, fresh)
    assert rebuilt == fresh, (before, rebuilt, fresh)


def test_the_code_digest_sees_the_code_that_shapes_output(tmp_path: Path) -> None:
    from tools.sphinxext.plumbing import incremental

    (tmp_path / "sphinxext" / "static").mkdir(parents=True)
    script = tmp_path / "sphinxext" / "static" / "book.js"
    script.write_text("let a = 1;\n", encoding="utf-8")
    before = incremental.code_digest(tmp_path)
    script.write_text("let a = 2;\n", encoding="utf-8")
    assert incremental.code_digest(tmp_path) != before
    after = incremental.code_digest(tmp_path)
    # what is compiled from the code is not the code
    (tmp_path / "sphinxext" / "module.cpython-311.pyc").write_bytes(b"\0")
    messages = tmp_path / "sphinxext" / "locale" / "zh_CN" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "book.mo").write_bytes(b"\1")
    assert incremental.code_digest(tmp_path) == after
    (messages / "book.po").write_text("#\n", encoding="utf-8")
    assert incremental.code_digest(tmp_path) != after
    after = incremental.code_digest(tmp_path)
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "rules.py").write_text("A = 1\n", encoding="utf-8")
    assert incremental.code_digest(tmp_path) != after, "the library shapes output"
    after = incremental.code_digest(tmp_path)
    # a command (tools/bench.py) or the LaTeX style shapes no HTML page
    (tmp_path / "bench.py").write_text("print()\n", encoding="utf-8")
    (tmp_path / "latex").mkdir()
    (tmp_path / "latex" / "book.sty").write_text("%\n", encoding="utf-8")
    assert incremental.code_digest(tmp_path) == after
