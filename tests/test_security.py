"""A hostile pull request cannot make the book read, load or run what it should not.

Each case writes one page (or catalogue, template, link) into a copy of the
tiny site ``tests/roots/test-security`` — beside which lies a file the book
must never publish — builds it with ``sphinx.testing`` and asserts the exact
warning at its ``file:line``, and that nothing of the secret was written.
The site loads only the book's security extensions (``confinement``,
``active_content``, ``published_html``).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.helpers.support import write_files

SECRET = "TOPSECRET-7f3a"
WHAT_TO_DO = (
    "keep every file the book shows inside the repository (docs/, sources/) and "
    "name it by a relative path"
)


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


@pytest.fixture
def site(make_app, rootdir: Path, tmp_path: Path):
    """Build the test site with extra files; return (srcdir, warnings, output text)."""

    def build(
        files: dict[str, str | bytes], links: dict[str, Path] | None = None, **kwargs
    ):
        (tmp_path / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
        (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n" + SECRET.encode())
        src = tmp_path / "site"
        shutil.copytree(rootdir / "test-security", src)
        (src / ".git").mkdir()
        (src / ".git" / "config").write_text(f"token = {SECRET}\n", encoding="utf-8")
        write_files(src, files)
        for name, target in (links or {}).items():
            os.symlink(target, src / name)
        app = make_app("html", srcdir=src, freshenv=True, **kwargs)
        app.build()
        written = "".join(
            p.read_text(encoding="utf-8", errors="replace")
            for p in Path(app.outdir).rglob("*")
            if p.is_file()
        )
        return src, _plain(app.warning.getvalue()), written

    return build


def page(body: str) -> str:
    """A page whose line 3 is ``body``'s first line."""
    return f"# 页面\n\n{body}"


# --- reading outside the repository, or from the network ------------------

OUTSIDE = "it is outside the repository"
# docutils' own refusals (file_insertion_enabled and raw_enabled are off),
# each followed by what to do (confinement.SaysWhatToDo)
SWITCHED_OFF = (
    "; the book's pages read no other file or address and hold no raw markup "
    "(docutils' file_insertion_enabled and raw_enabled are off); write the text "
    "into the page in Markdown, keep an image in docs/media/ and name its "
    "path, or ask for a Sphinx extension (SECURITY.md)"
)
INCLUDE = 'Directive "include" disabled' + SWITCHED_OFF  # MyST's include
READS = {
    "include": ("```{include} ../secret.txt\n```\n", 3, INCLUDE),
    "an include inside the repository too": (
        "```{include} part.txt\n```\n",
        3,
        INCLUDE,
    ),
    "literalinclude": (
        "```{literalinclude} ../secret.txt\n```\n",
        3,
        "File insertion disabled" + SWITCHED_OFF,
    ),
    "download": (
        "见{download}`附件 <../secret.txt>`。\n",
        3,
        f"download '../secret.txt' refused: {OUTSIDE}",
    ),
    "image": (
        "![图](../secret.png)\n",
        3,
        f"image '../secret.png' refused: {OUTSIDE}",
    ),
    "figure": (
        "```{figure} ../secret.png\n说明\n```\n",
        3,
        f"image '../secret.png' refused: {OUTSIDE}",
    ),
    "literalinclude :diff:": (
        "```{literalinclude} part.txt\n:diff: ../secret.txt\n```\n",
        3,
        "File insertion disabled" + SWITCHED_OFF,
    ),
    "include in eval-rst": (
        "```{eval-rst}\n.. include:: ../secret.txt\n```\n",
        4,
        '"include" directive disabled' + SWITCHED_OFF,
    ),
    "csv-table file": (
        "```{csv-table}\n:file: ../secret.txt\n```\n",
        3,
        'File and URL access deactivated; ignoring "csv-table" directive'
        + SWITCHED_OFF,
    ),
    "docutils' standard include": ("```{include} <isonum.txt>\n```\n", 3, INCLUDE),
    "the repository's .git": ("```{include} .git/config\n```\n", 3, INCLUDE),
    "raw with a file": (
        "```{raw} html\n:file: ../secret.txt\n```\n",
        3,
        '"raw" directive disabled' + SWITCHED_OFF,
    ),
    "csv-table from the network": (
        "```{csv-table}\n:url: https://example.org/t.csv\n```\n",
        3,
        'File and URL access deactivated; ignoring "csv-table" directive'
        + SWITCHED_OFF,
    ),
}


@pytest.mark.parametrize("case", READS, ids=list(READS))
def test_reading_outside_is_refused_at_file_and_line(site, case: str) -> None:
    body, line, message = READS[case]
    src, warnings, written = site({"index.md": page(body)})
    assert f"{src / 'index.md'}:{line}: WARNING: {message}" in warnings, warnings
    if message.endswith(OUTSIDE):
        assert f"; {WHAT_TO_DO} [confinement]" in warnings
    assert SECRET not in written


def test_symbolic_link_out_of_the_repository_is_refused(site, tmp_path: Path) -> None:
    (tmp_path / "outside.md").write_text(f"# 外\n\n{SECRET}\n", encoding="utf-8")
    src, warnings, written = site(
        {"index.md": page("```{toctree}\nleak\n```\n")},
        links={"leak.md": tmp_path / "outside.md"},
    )
    assert (
        f"WARNING: {src / 'leak.md'}: symbolic link refused: it is outside the "
        f"repository (a symbolic link to {tmp_path / 'outside.md'}); replace the "
        "link with the file itself, or remove it" in warnings
    ), warnings
    assert SECRET not in written


def test_a_page_that_is_not_utf8_is_named_with_its_line(site) -> None:
    src, warnings, written = site({"index.md": b"# T\n\nok\n\xff\xfe bad\n"})
    assert (
        f"{src / 'index.md'}:4: WARNING: byte 0xff at column 1 is not UTF-8; save "
        "the file as UTF-8 (and check that line's characters)" in warnings
    )
    assert "Traceback" not in warnings
    assert "\ufffd" in written  # read leniently after the warning


def test_front_matter_that_is_not_yaml_is_named_with_its_line(site) -> None:
    src, warnings, _ = site({"index.md": "---\ntitle: [unclosed\nother: 1\n---\n# T\n"})
    assert (
        f"{src / 'index.md'}:3: WARNING: front matter is not valid YAML (expected "
        "',' or ']', but got ':'); check the indentation" in warnings
    ), warnings


# --- nothing from another host, no active content ---------------------------

ACTIVE = {
    "tracking pixel": (
        "![像素](https://tracker.example/pixel.png)\n",
        3,
        "image 'https://tracker.example/pixel.png' is not a file of the book: every "
        "reader's browser would fetch it from elsewhere",
    ),
    "protocol-relative image": (
        "![像素](//tracker.example/pixel.png)\n",
        3,
        "image '//tracker.example/pixel.png' is not a file of the book",
    ),
    "data: image": (
        "![x](data:image/png;base64,iVBORw0KGgo=)\n",
        3,
        "image 'data:image/png;base64,iVBORw0KGgo=' is not a file of the book",
    ),
    "javascript: link in reStructuredText": (
        "```{eval-rst}\n`点我 <javascript:alert(1)>`_\n```\n",
        4,
        "link 'javascript:alert(1)' uses the scheme 'javascript:'; the book links "
        "with https, http or mailto only, or to its own pages",
    ),
    "javascript: image target": (
        "```{image} part.png\n:target: javascript:alert(1)\n```\n",
        3,
        "link 'javascript:alert(1)' uses the scheme 'javascript:'",
    ),
    "script tag": (
        "<script>alert(1)</script>\n",
        3,
        "raw html is not allowed in the book ('<script>alert(1)</script>')",
    ),
    "event attribute": (
        "文字<img src=x onerror=alert(1)>\n",
        3,
        "raw html is not allowed in the book ('<img src=x onerror=alert(1)>')",
    ),
    "raw directive in eval-rst": (
        "```{eval-rst}\n.. raw:: html\n\n   <script>alert(1)</script>\n```\n",
        4,
        '"raw" directive disabled' + SWITCHED_OFF,
    ),
    "meta refresh in eval-rst": (  # docutils gives a meta tag no line: the page's
        "```{eval-rst}\n.. meta::\n   :http-equiv=refresh: 0; url=https://evil.example/\n```\n",
        1,
        "a meta tag in a page is not allowed (it could send readers elsewhere)",
    ),
    "meta refresh in the front matter": (  # refused before MyST reads it
        "",
        2,
        "front-matter key 'myst' is not allowed: a page may not reconfigure MyST",
    ),
    "formula (MathJax from a CDN)": (
        "```{math}\nx^2\n```\n",
        3,
        "formulas are not allowed: they would load MathJax from another host",
    ),
}


FRONT_MATTER_META = (
    "---\nmyst:\n  html_meta:\n    http-equiv=refresh: 0; url=https://evil.example/\n"
    "---\n# 页面\n\n正文。\n"
)


@pytest.mark.parametrize("case", ACTIVE, ids=list(ACTIVE))
def test_active_content_is_refused_at_file_and_line(site, case: str) -> None:
    body, line, message = ACTIVE[case]
    text = page(body) if body else FRONT_MATTER_META
    src, warnings, _ = site({"index.md": text})
    assert f"{src / 'index.md'}:{line}: WARNING: {message}" in warnings, warnings
    html = (src / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    for published in (
        "tracker.example",
        "javascript:",
        "<script>alert",
        "evil.example",
    ):
        assert published not in html.split('<div class="body"', 1)[-1]


@pytest.mark.parametrize(
    "uri", ["javascript:x", " JaVaScRiPt:x", "java\tscript:x", "java\nscript:x"]
)
def test_a_scheme_is_read_as_a_browser_reads_it(uri: str) -> None:
    from tools.sphinxext.security.active_content import link_problem

    assert "uses the scheme 'javascript:'" in (link_problem(uri) or "")


def test_markdown_never_makes_a_javascript_link(site) -> None:
    """markdown-it refuses the scheme itself; the text stays text."""
    src, _warnings, _ = site(
        {"index.md": page("[点我](javascript:alert(1)) <javascript:alert(2)>\n")}
    )
    html = (src / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert 'href="javascript' not in html
    assert "[点我](javascript:alert(1))" in html


CATALOGUE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "页面"
msgstr "Page"

msgid "正文。"
msgstr ""
"Text <script>alert(1)</script> and "
"![x](https://tracker.example/p.png) and [y](javascript:alert(1))"
"""


def test_translations_are_checked_at_their_line(site) -> None:
    src, warnings, written = site(
        {
            "index.md": page("正文。\n"),
            "locales/en/LC_MESSAGES/index.po": CATALOGUE,
        },
        confoverrides={"language": "en"},
    )
    po = src / "locales" / "en" / "LC_MESSAGES" / "index.po"
    for message in (
        "raw HTML '<script>' is not allowed",
        "image 'https://tracker.example/p.png' is not a file of the book",
        "link 'javascript:alert(1)' uses the scheme 'javascript:'",
    ):
        assert f"{po}:9: WARNING: {message}" in warnings, warnings
    # and the doctree check refuses what the translation brought in
    assert f"{src / 'index.md'}:3: WARNING: image 'https://tracker.example" in warnings
    assert "tracker.example" not in written.split("<body", 1)[-1]
    assert "<script>alert" not in written


def test_bibliography_lines_are_checked(site) -> None:
    src, warnings, _ = site(
        {
            "refs.bib": "@misc{a2020b,\n  title = {T},\n"
            "  howpublished = {\\url{javascript:alert(1)}},\n}\n"
        }
    )
    assert (
        f"{src / 'refs.bib'}:3: WARNING: link 'javascript:alert(1)' uses the scheme "
        "'javascript:'" in warnings
    ), warnings


# --- the written HTML, whatever made it ---------------------------------------

SITE_EXTENSION = f"""\
from docutils import nodes


def add(app, doctree, docname):
    doctree += nodes.raw(
        "", '<script src="https://cdn.example/x.js"></script><p>{SECRET}</p>',
        format="html",
    )


def setup(app):
    app.connect("doctree-resolved", add)
"""


def test_html_from_a_path_no_source_rule_knows_is_refused_before_writing(
    site,
) -> None:
    """An extension adds raw HTML after every source rule has run."""
    src, warnings, _ = site(
        {"site_extension.py": SITE_EXTENSION, "index.md": page("正文。\n")}
    )
    assert (
        f"{src / 'index.md'}: WARNING: the page's HTML holds what the book never "
        "publishes (<script> element; <script src='https://cdn.example/x.js'> loads "
        "from another host); it is not written." in warnings
    ), warnings
    html = (src / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert SECRET not in html
    assert "cdn.example" not in html


def test_template_loading_from_another_host_is_caught_after_writing(site) -> None:
    template = (
        '{% extends "!layout.html" %}\n{% block extrahead %}\n'
        '<script src="https://cdn.example/t.js"></script>\n'
        '<link rel="stylesheet" href="https://fonts.example/f.css">\n'
        "{% endblock %}\n"
    )
    src, warnings, _ = site(
        {"_templates/layout.html": template, "index.md": page("正文。\n")},
        confoverrides={"templates_path": ["_templates"]},
    )
    out = src / "_build" / "html" / "index.html"
    assert re.search(
        re.escape(f"{out}:")
        + r"\d+: WARNING: written page: <script src='https://cdn.example/t.js'> "
        r"loads from another host; nothing may be published",
        warnings,
    ), warnings
    assert "<link href='https://fonts.example/f.css'> loads from another host" in (
        warnings
    )


def test_stylesheet_loading_from_another_host_is_caught(site) -> None:
    src, warnings, _ = site(
        {
            "_static/x.css": "body {\n  background: url(https://tracker.example/b.png);\n}\n",
            "index.md": page("正文。\n"),
        },
        confoverrides={"html_static_path": ["_static"]},
    )
    sheet = src / "_build" / "html" / "_static" / "x.css"
    assert (
        f"{sheet}:2: WARNING: stylesheet loads 'https://tracker.example/b.png' from "
        "another host" in warnings
    ), warnings


@pytest.mark.parametrize(
    ("css", "fetched"),
    [
        ("a{background:url(https://tracker.example/b.png)}", True),
        ("a{background:url( '//tracker.example/b.png' )}", True),
        ("@import 'https://fonts.example/f.css';", True),
        ("a{background:url(data:image/png;base64,AAAA)}", False),
        ("@font-face{src:url(res:///Data/fonts/x.otf)}", False),  # Sphinx's epub.css
        ("a{background:url(../img/local.png)}", False),
    ],
)
def test_stylesheet_addresses_that_reach_another_host(css: str, fetched: bool) -> None:
    from tools.sphinxext.security.published_html import css_urls

    assert bool(css_urls(css)) is fetched


def test_a_translation_keeps_the_originals_directives(site) -> None:
    """A {download} the Chinese page has is no finding in its translation."""
    catalogue = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "页面"\nmsgstr "Page"\n\n'
        'msgid "见{download}`附件 <part.txt>`。"\n'
        'msgstr "See {download}`the file <part.txt>`."\n'
    )
    _src, warnings, written = site(
        {
            "index.md": page("见{download}`附件 <part.txt>`。\n"),
            "locales/en/LC_MESSAGES/index.po": catalogue,
        },
        confoverrides={"language": "en"},
    )
    assert "WARNING" not in warnings, warnings
    assert "See " in written and "the file" in written


def test_stylesheet_functions_without_url_are_caught_but_comments_are_not() -> None:
    from tools.sphinxext.security.published_html import css_urls

    assert css_urls('a{background:image-set("https://t.example/x.png" 1x)}')
    assert not css_urls("/* Bootstrap https://getbootstrap.com/ */ a{color:red}")


SSTI = "{{ ''.__class__.__mro__[1].__subclasses__()|length }}"
PAGE_CONFIG = (
    f"---\nmyst:\n  enable_extensions: [substitution]\n---\n# 页面\n\n正文 {SSTI}\n"
)


def test_a_page_cannot_reconfigure_myst_to_run_templates(site) -> None:
    """MyST's substitutions are Jinja2: {{ … }} would run on the build machine."""
    src, warnings, _ = site({"index.md": PAGE_CONFIG})
    assert (
        f"{src / 'index.md'}:2: WARNING: front-matter key 'myst' is not allowed: a "
        "page may not reconfigure MyST (its substitutions run templates on the "
        "build machine); the book's settings are in conf.py [active-content]"
        in warnings
    ), warnings
    html = (src / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert "{{ " in html  # shown as text, never evaluated
    assert not re.search(r"正文 \d+", html)


def test_an_included_file_cannot_reconfigure_myst(site) -> None:
    """docutils refuses the include before the file is read."""
    src, warnings, _ = site(
        {"part.md": PAGE_CONFIG, "index.md": page("```{include} part.md\n```\n")},
        confoverrides={"exclude_patterns": ["_build", "part.md"]},
    )
    assert f"{src / 'index.md'}:3: WARNING: {INCLUDE}" in warnings, warnings
    html = (src / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"正文 \d+", html)


@pytest.mark.parametrize(
    "front_matter",
    [
        "{myst: {enable_extensions: [substitution]}}",
        '"myst":\n  enable_extensions: [substitution]',
        "substitutions:\n  x: y",
    ],
)
def test_every_spelling_of_page_config_is_refused(front_matter: str) -> None:
    from tools.sphinxext.security.active_content import without_page_config

    text = f"---\n{front_matter}\n---\n# T\n\n{SSTI}\n"
    cleaned, found = without_page_config(text)
    assert found
    assert cleaned.count("\n") == text.count("\n")  # every line keeps its number
    assert "enable_extensions" not in cleaned and "x: y" not in cleaned
