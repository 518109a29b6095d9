"""A content pull request publishes pictures, PDFs and data, never a script.

Each case adds files to a copy of the tiny site ``tests/roots/test-published-files``
(images and downloads in ``media/``, as ``docs/media/`` in the book), builds it
with ``sphinx.testing`` and asserts the exact warning at its ``file:line`` and
that the refused file is not in the output; each refusal has a legitimate
twin that builds without a warning.
"""

from __future__ import annotations

import re
import runpy
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from tests.helpers.support import write_files
from tools.lib import content_files

WHAT_TO_DO = content_files.WHAT_TO_DO


def png(width: int = 1, height: int = 1) -> bytes:
    """A real PNG of ``width`` × ``height`` grey pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\0" + b"\x80" * width for _ in range(min(height, 4)))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PLAIN_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="10" height="10">\n'
    '<defs><circle id="c" r="4"/></defs>\n'
    "<style>circle { fill: url(#g); }</style>\n"
    '<use xlink:href="#c" x="5" y="5"/>\n'
    "</svg>\n"
)


def svg(line3: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
        '<rect width="10" height="10"/>\n'
        f"{line3}\n"
        "</svg>\n"
    )


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


@pytest.fixture
def site(make_app, rootdir: Path, tmp_path: Path):
    """Build the site with extra files; return (srcdir, outdir, warnings)."""

    def build(files: dict[str, str | bytes], buildername: str = "html", **kwargs):
        src = tmp_path / "site"
        shutil.copytree(rootdir / "test-published-files", src)
        write_files(src, files)
        app = make_app(buildername, srcdir=src, freshenv=True, **kwargs)
        app.build()
        return src, Path(app.outdir), _plain(app.warning.getvalue())

    return build


def _published(out: Path) -> str:
    return "\n".join(
        p.read_bytes().decode("utf-8", "replace") for p in out.rglob("*") if p.is_file()
    )


LEGITIMATE = {
    "a clean PNG": ("media/figure.png", png(3, 2), "![图](media/figure.png)"),
    "a JPEG": (
        "media/photo.jpg",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        b"\xff\xc0\x00\x0b\x08\x00\x02\x00\x03\x01\x01\x11\x00\xff\xd9",
        "![图](media/photo.jpg)",
    ),
    "a plain SVG": ("media/diagram.svg", PLAIN_SVG, "![图](media/diagram.svg)"),
    "a PDF": (
        "media/paper.pdf",
        b"%PDF-1.4\n%%EOF\n",
        "{download}`PDF <media/paper.pdf>`",
    ),
    "a CSV": ("media/data.csv", "a,b\n1,2\n", "{download}`数据 <media/data.csv>`"),
}


@pytest.mark.parametrize("case", LEGITIMATE, ids=list(LEGITIMATE))
def test_a_legitimate_file_is_published(site, case: str) -> None:
    name, content, markup = LEGITIMATE[case]
    _src, out, warnings = site({name: content, "index.md": f"# Index\n\n{markup}\n"})
    assert "WARNING" not in warnings, warnings
    published = [p for p in out.rglob(Path(name).name) if "_sources" not in p.parts]
    assert published, f"{name} was not published"


REFUSED = {
    "script in an SVG": (
        "media/evil.svg",
        svg("<script>alert(document.cookie)</script>"),
        "![图](media/evil.svg)",
        3,
        "<script> element",
    ),
    "event attribute": (
        "media/evil.svg",
        svg('<circle r="3" onload="alert(1)"/>'),
        "![图](media/evil.svg)",
        3,
        "event attribute onload= on <circle>",
    ),
    "foreignObject": (
        "media/evil.svg",
        svg("<foreignObject><p>x</p></foreignObject>"),
        "![图](media/evil.svg)",
        3,
        "<foreignObject> element",
    ),
    "javascript link": (
        "media/evil.svg",
        svg('<a xlink:href="javascript:alert(1)"><text>x</text></a>'),
        "![图](media/evil.svg)",
        3,
        "<a href='javascript:alert(1)'> refers outside the image",
    ),
    "external image": (
        "media/evil.svg",
        svg('<image href="https://tracker.example/p.png"/>'),
        "![图](media/evil.svg)",
        3,
        "<image href='https://tracker.example/p.png'> refers outside the image",
    ),
    "stylesheet import": (
        "media/evil.svg",
        svg("<style>@import url(https://tracker.example/x.css);</style>"),
        "![图](media/evil.svg)",
        3,
        "<style> element imports or fetches something",
    ),
    "entity declaration": (
        "media/evil.svg",
        '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "aaaa">\n]>\n<svg/>\n',
        "![图](media/evil.svg)",
        2,
        "a DOCTYPE or entity declaration (the SVG could expand or fetch entities)",
    ),
    "animated event attribute": (
        "media/evil.svg",
        svg('<set attributeName="onmouseover" to="alert(1)"/>'),
        "![图](media/evil.svg)",
        3,
        "<set> animates 'onmouseover'",
    ),
    "stylesheet instruction": (
        "media/evil.svg",
        '<?xml-stylesheet href="https://tracker.example/x.css"?>\n<svg/>\n',
        "![图](media/evil.svg)",
        1,
        "an xml-stylesheet instruction (it fetches a stylesheet)",
    ),
    "malformed SVG": (
        "media/evil.svg",
        '<svg xmlns="http://www.w3.org/2000/svg">\n<rect>\n</svg>\n',
        "![图](media/evil.svg)",
        3,
        "it is not well-formed XML (mismatched tag)",
    ),
    "HTML named .png": (
        "media/evil.png",
        "<script>alert(1)</script>\n",
        "![图](media/evil.png)",
        1,
        "it is not a PNG image (its bytes are no image's)",
    ),
    "JPEG named .png": (
        "media/photo.png",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        "![图](media/photo.png)",
        1,
        "it is a JPEG image named .png; give it its type's extension",
    ),
    "decompression bomb": (
        "media/huge.png",
        png(30000, 30000),
        "![图](media/huge.png)",
        1,
        "it is 30000×30000 pixels (at most 20000 a side, 50,000,000 in all)",
    ),
    "HTML download": (
        "media/page.html",
        "<p>hi</p>\n<script>alert(1)</script>\n",
        "{download}`页 <media/page.html>`",
        1,
        "it is HTML, a script or a stylesheet, which content may not publish (only "
        "the edition's own code, under docs/_static/)",
    ),
    "PDF with a script": (
        "media/paper.pdf",
        b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n",
        "{download}`PDF <media/paper.pdf>`",
        2,
        "the PDF holds a /JavaScript action (a script)",
    ),
    "PDF with a script named in #xx escapes": (
        "media/paper.pdf",
        b"%PDF-1.4\n1 0 obj << /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >> >>\n",
        "{download}`PDF <media/paper.pdf>`",
        2,
        "the PDF holds a /JavaScript action (a script)",
    ),
    "data a browser takes for a page": (
        "media/data.csv",
        "<html><script>alert(1)</script>\n",
        "{download}`数据 <media/data.csv>`",
        1,
        "it begins with '<': a browser could take it for a page",
    ),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_an_unsafe_file_is_refused_at_its_line_and_not_published(
    site, case: str
) -> None:
    name, content, markup, line, problem = REFUSED[case]
    src, out, warnings = site({name: content, "index.md": f"# Index\n\n{markup}\n"})
    assert f"{src / name}:{line}: WARNING: {problem}; {WHAT_TO_DO}" in warnings, (
        warnings
    )
    assert not [p for p in out.rglob(Path(name).name)], f"{name} was published"
    assert "alert(" not in _published(out)
    assert "Traceback" not in warnings


def test_an_unused_file_in_media_is_checked_too(site) -> None:
    src, _out, warnings = site({"media/orphan.js": "alert(1)\n"})
    assert (
        f"{src / 'media' / 'orphan.js'}:1: WARNING: it is HTML, a script or a "
        "stylesheet, which content may not publish" in warnings
    ), warnings


def test_a_content_file_lives_in_media(site) -> None:
    """An image beside the page or in _static (the edition's own code) is moved."""
    src, out, warnings = site(
        {
            "_static/figure.png": png(),
            "index.md": "# Index\n\n![图](_static/figure.png)\n",
        },
        confoverrides={"html_static_path": []},
    )
    assert (
        f"{src / 'index.md'}:3: WARNING: '_static/figure.png' is not in docs/media/, "
        "the folder of the book's images, PDFs and data files; move it there and "
        "name that path" in warnings
    ), warnings
    assert (
        not list((out / "_images").glob("*.png"))
        if (out / "_images").exists()
        else True
    )


def test_every_file_of_the_site_is_checked_whatever_published_it(site) -> None:
    """A path no page rule knows (here html_extra_path) is caught in the output."""
    _src, out, warnings = site(
        {"extra/evil.html": "<script>alert(1)</script>\n", "extra/ok.png": png()},
        confoverrides={"html_extra_path": ["extra"]},
    )
    assert (
        f"{out / 'evil.html'}:1: WARNING: published file: it is HTML, a script or a "
        "stylesheet, which content may not publish (only the edition's own code, "
        "under docs/_static/); find the page, download or setting that published "
        f"it (a page removed since the last build? build afresh); {WHAT_TO_DO}"
        in warnings
    ), warnings
    assert "ok.png" not in warnings


def test_an_svg_in_static_is_checked_in_the_output(site) -> None:
    _src, out, warnings = site(
        {"_static/logo.svg": svg("<script>alert(1)</script>")},
        confoverrides={"html_static_path": ["_static"]},
    )
    assert (
        f"{out / '_static' / 'logo.svg'}:3: WARNING: published file: <script> element"
        in warnings
    ), warnings


@pytest.mark.parametrize(
    "data, size",
    [
        (png(7, 5), (7, 5)),
        (b"GIF89a\x07\x00\x05\x00" + b"\0" * 10, (7, 5)),
        (b"RIFF\0\0\0\0WEBPVP8X" + b"\0" * 8 + b"\x06\0\0\x04\0\0", (7, 5)),
    ],
    ids=["png", "gif", "webp"],
)
def test_sizes_are_read_from_the_header(data: bytes, size: tuple[int, int]) -> None:
    kind = content_files.raster_type(data)
    assert kind is not None
    assert content_files.raster_size(kind, data) == size


def test_the_epub_container_is_not_a_site(site) -> None:
    """The EPUB builder's own files (content.opf, mimetype, …) are no finding."""
    _src, _out, warnings = site({"media/figure.png": png()}, buildername="epub")
    assert "[published-files]" not in warnings, warnings


def test_the_contribution_rules_check_the_media_folder(tmp_path: Path) -> None:
    """``python -m tools.contribution_rules`` (nox -s lint) names the same file."""
    from tools import contribution_rules

    media = tmp_path / "docs" / "media"
    media.mkdir(parents=True)
    (media / "figure.png").write_bytes(png())
    (media / "evil.svg").write_text(svg("<script>alert(1)</script>"), "utf-8")
    assert [str(p) for p in contribution_rules.media_files(tmp_path)] == [
        f"{media / 'evil.svg'}:3: <script> element; {WHAT_TO_DO}"
    ]


def test_a_build_after_a_change_of_settings_passes(make_app, rootdir, tmp_path) -> None:
    """Sphinx keeps the last build's ``.buildinfo`` as ``.buildinfo.bak`` when
    the settings changed (``nox -s build``, then ``nox -s html``), a file a
    clean build does not write: ``plumbing.incremental`` removes it before
    the scan would refuse it."""
    src = tmp_path / "site"
    shutil.copytree(rootdir / "test-published-files", src)
    extensions = [
        *runpy.run_path(str(src / "conf.py"))["extensions"],
        "tools.sphinxext.plumbing.incremental",
    ]
    warnings = []
    for title in ("一", "二"):  # a setting changed between the two builds
        app = make_app(
            "html",
            srcdir=src,
            confoverrides={"extensions": extensions, "html_title": title},
        )
        app.build()
        warnings.append(_plain(app.warning.getvalue()))
        app.cleanup()  # Sphinx's and docutils' registries, for the next app
    assert warnings == ["", ""]
    assert not (Path(app.outdir) / ".buildinfo.bak").exists()
