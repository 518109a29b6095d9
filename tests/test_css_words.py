"""What the stylesheet trimming reads off the built pages
(``tools/sphinxext/css_trim.py``), on invented input.

The trimming gives PurgeCSS the pages' words instead of the pages, read with
PurgeCSS's own default extractor pattern; if a PurgeCSS upgrade changes that
extractor, the words read here would keep other rules than PurgeCSS itself
would, and the first test fails.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.helpers.support import skip_or_fail
from tools.sphinxext.css_trim import find_purgecss, loaded_scripts, page_facts, words

ROOT = Path(__file__).resolve().parent.parent
PAGE = """<html data-theme="dark"><body class="bd-page">
<p class="interview-paragraph book_note-2" id="p12">蛋白质 AI-driven 2023-09-22</p>
<a href="../x.html#id3" data-bs-toggle="tooltip">链接</a>
<script src="_static/book-sidenotes.js?v=1a2b"></script>
<script src="https://example.org/remote.js"></script>
<script src="_static/scripts/bootstrap.js"></script>
</body></html>"""


def test_the_words_are_those_purgecss_itself_extracts() -> None:
    node, purgecss = shutil.which("node"), find_purgecss(ROOT)
    if node is None or purgecss is None:
        skip_or_fail("run `npm ci` first (node_modules/purgecss)")
    script = (
        "const {defaultOptions} = require(process.argv[1]);"
        "const text = require('fs').readFileSync(0, 'utf8');"
        "process.stdout.write(JSON.stringify(defaultOptions.defaultExtractor(text)));"
    )
    result = subprocess.run(
        [node, "-e", script, str(purgecss)],
        input=PAGE,
        capture_output=True,
        text=True,
        check=True,
    )
    assert words(PAGE) == sorted(set(json.loads(result.stdout)))
    assert {"book_note-2", "data-bs-toggle", "AI-driven", "p12"} <= set(words(PAGE))


def test_the_scripts_a_page_loads_are_read_but_not_bootstrap_or_another_hosts(
    tmp_path: Path,
) -> None:
    static = tmp_path / "_static"
    (static / "scripts").mkdir(parents=True)
    for name in ("book-sidenotes.js", "scripts/bootstrap.js"):
        (static / name).write_text("", encoding="utf-8")
    facts = {"index": page_facts("index", PAGE)}
    assert loaded_scripts({"index": tmp_path / "index.html"}, facts) == [
        (static / "book-sidenotes.js").resolve()
    ]
