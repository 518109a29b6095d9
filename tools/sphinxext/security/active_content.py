"""Nothing from another host, no raw markup and no active content in a page.

The book promises its readers that a page loads nothing from elsewhere (no
tracking pixel, no script from a CDN) and runs no contributor's script.
On every page's doctree, after its translation is applied, in one walk:

* raw markup is refused: MyST passes HTML written in Markdown (``<script>``,
  ``<iframe>``, inline styles…) straight into the page as raw nodes, which
  docutils' ``raw_enabled`` switch (``confinement``) does not stop;

* an image or figure must be a file of the book: ``https://…``, ``//host``
  and ``data:`` images are refused;
* a link (and a link target) must be ``https``, ``http``, ``mailto`` or a
  path inside the book: ``javascript:``, ``data:``, ``vbscript:``, ``file:``
  and every other scheme are refused (browsers ignore tabs, newlines and
  case in a scheme, so this does too);
* ``meta`` tags (a refresh to another site, …) and formulas (which would
  load MathJax from a CDN) are refused.

Before a page is parsed (no page includes another file: ``confinement``), its front matter may not
reconfigure MyST (``myst:``, ``substitutions:``, ``html_meta:``): enabling
the substitution extension would render ``{{ … }}`` with Jinja2, which
reaches Python's objects — code run on the build machine.

Before the pages are read, the translations (``locales/**/*.po``) and the
bibliography are scanned line by line for the same things and for raw HTML,
so the warning names the ``.po`` or ``.bib`` line.  What the HTML writer
produces is checked once more by ``published_html`` before a page is
written.  Each refused node is removed, so that even a build without ``-W``
publishes none of it.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from docutils import nodes
from docutils.utils import get_source_line
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from tools.lib import textfile

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

LINK_SCHEMES = frozenset({"https", "http", "mailto"})
# What browsers strip from a URL before reading its scheme.
IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def scheme(uri: str) -> str | None:
    """A URL's scheme as a browser reads it (lower case), or ``None``."""
    match = _SCHEME.match(IGNORED_IN_URL.sub("", uri))
    return match.group(1).lower() if match else None


def link_problem(uri: str) -> str | None:
    """Why a link may not be in the book, or ``None``."""
    found = scheme(uri)
    if found is None or found in LINK_SCHEMES:
        return None
    return (
        f"link {uri[:60]!r} uses the scheme '{found}:'; the book links with "
        "https, http or mailto only, or to its own pages"
    )


def resource_problem(uri: str) -> str | None:
    """Why an image (or other resource) may not be in the book, or ``None``."""
    cleaned = IGNORED_IN_URL.sub("", uri)
    if scheme(uri) is None and not cleaned.startswith(("//", "\\\\", "/\\", "\\/")):
        return None
    return (
        f"image {uri[:60]!r} is not a file of the book: every reader's browser "
        "would fetch it from elsewhere; save the image in the repository "
        "(docs/media/) and name its path, or link the page it is on"
    )


def _location(node: nodes.Node, docname: str) -> tuple[str, int | None]:
    """Where ``node`` comes from: its page and line, for a translation too."""
    source, line = get_source_line(node)
    if source and (match := re.match(r".*:(\d+):<translated>$", source)):
        return docname, int(match.group(1))  # the translated paragraph's line
    while line is None and node.parent is not None:
        node = node.parent
        line = node.line
    return docname, line or 1  # a page-wide node (a meta tag): the page's start


class RefuseActiveContent(SphinxTransform):
    """Refuse and remove raw markup, outside resources, bad links, meta tags
    and formulas."""

    default_priority = 95  # after the translation (20)

    def apply(self, **kwargs) -> None:
        for node in list(self.document.findall(nodes.Element)):
            message = None
            if isinstance(node, nodes.raw):
                message = (
                    f"raw {node.get('format', 'markup')} is not allowed in the book "
                    f"({' '.join(node.astext().split())[:60]!r}); write Markdown, or "
                    "ask for a Sphinx extension if something cannot be expressed"
                )
            elif isinstance(node, nodes.image):
                message = resource_problem(node.get("uri", ""))
            elif isinstance(node, (nodes.reference, nodes.target)):
                message = link_problem(node.get("refuri", ""))
            elif isinstance(node, nodes.meta):
                message = (
                    "a meta tag in a page is not allowed (it could send readers "
                    "elsewhere); the page's metadata comes from conf.py"
                )
            elif isinstance(node, (nodes.math, nodes.math_block)):
                message = (
                    "formulas are not allowed: they would load MathJax from another "
                    "host for every reader; write the formula as text"
                )
            if message:
                logger.warning(
                    "%s",
                    message,
                    location=_location(node, self.env.docname),
                    type="active-content",
                )
                if isinstance(node, nodes.reference):
                    node.replace_self(nodes.inline("", "", *node.children))
                elif node.parent is not None:
                    node.parent.remove(node)


# --- per-page MyST configuration, before a page is parsed

# Front-matter keys by which a page reconfigures MyST for itself.  With them a
# page can enable extensions the book does not use; "substitution" renders
# {{ … }} with Jinja2, which reaches Python's objects: code run on the build
# machine by a content-only pull request.
PAGE_CONFIG_KEYS = ("myst", "mystnb", "substitutions", "html_meta")
_PAGE_CONFIG_LINE = re.compile(
    r"^[\"']?(" + "|".join(PAGE_CONFIG_KEYS) + r")[\"']?\s*:", re.M
)


def without_page_config(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` with its front matter's MyST keys blanked, and (line, key) of each.

    Lines are blanked, not removed, so every later line keeps its number.
    """
    match = textfile.FRONT_MATTER.match(text)
    if match is None or match.group(1) is None:
        return text, []
    lines = text.split("\n")
    end = match.group(0).count("\n") - (0 if match.group(0).endswith("\n") else -1)
    found, blanking = [], False
    for index in range(1, end - 1):
        line = lines[index]
        if key := _PAGE_CONFIG_LINE.match(line):
            found.append((index + 1, key.group(1)))
            blanking = True
        elif line and not line[0].isspace() and not line.startswith("#"):
            blanking = False
        if blanking:
            lines[index] = ""
    cleaned = "\n".join(lines)
    try:  # a flow mapping ({myst: …}) or the like: drop the whole front matter
        head = textfile.FRONT_MATTER.match(cleaned)
        data = yaml.safe_load((head.group(1) if head else None) or "")
    except yaml.YAMLError:
        data = None
    if isinstance(data, dict) and set(data) & set(PAGE_CONFIG_KEYS):
        found.append((1, ", ".join(sorted(set(data) & set(PAGE_CONFIG_KEYS)))))
    if found and (data is None or set(data or {}) & set(PAGE_CONFIG_KEYS)):
        # nothing else left, or no way to tell: no front matter at all
        rest = cleaned.split("\n", end)[end:]
        cleaned = "\n" * end + (rest[0] if rest else "")
    return cleaned, found


def refuse_page_config(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: a page's own MyST configuration is refused and dropped."""
    cleaned, found = without_page_config(source[0])
    for line, key in found:
        logger.warning(
            "front-matter key '%s' is not allowed: a page may not reconfigure "
            "MyST (its substitutions run templates on the build machine); the "
            "book's settings are in conf.py",
            key,
            location=(docname, line),
            type="active-content",
        )
    source[0] = cleaned


# --- the translations and the bibliography, line by line

_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>")
_URL_IN_TEXT = re.compile(
    r"(?:\]\(|<|\burl\s*=\s*[{\"]|\\url\{|\bhref\s*=)\s*"
    r"((?:[^()\s>}\"]|\([^()\s]*\))+)"  # one level of parentheses: alert(1)
)
# "data:" and "file:" only when a URL follows ("training data: …" is prose).
_BARE_SCHEME = re.compile(r"(?i)\b(?:(javascript|vbscript)\s*:|(data|file):(?=\S))")
_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*((?:[^()\s]|\([^()\s]*\))+)")
_FILE_DIRECTIVE = re.compile(
    r"\{(include|literalinclude|raw|eval-rst|download|meta|math|csv-table)\}"
    r"|^\s*\.\.\s+(include|literalinclude|raw|meta|math|csv-table)::"
)


def text_problems(text: str, *, markup: bool = True) -> list[str]:
    """What a line of a translation or of the bibliography may not contain.

    ``markup``: the text is MyST (a translation), where an HTML tag or a
    directive would be markup; in the bibliography it is text, shown escaped.
    """
    found = []
    # A role's text (`{term}`AI制药 <AIDD>``) shows its target in angle brackets.
    if markup and (tag := _HTML_TAG.search(re.sub(r"`[^`]*`", "", text))):
        found.append(f"raw HTML {tag.group(0)[:40]!r} is not allowed")
    for match in _IMAGE.finditer(text):
        if problem := resource_problem(match.group(1)):
            found.append(problem)
    for match in _URL_IN_TEXT.finditer(text):
        if problem := link_problem(match.group(1)):
            found.append(problem)
    if not found and (bare := _BARE_SCHEME.search(text)):
        found.append(
            f"'{(bare.group(1) or bare.group(2)).lower()}:' is not allowed; the book links with https, "
            "http or mailto only"
        )
    if markup and (directive := _FILE_DIRECTIVE.search(text)):
        name = directive.group(1) or directive.group(2)
        found.append(f"the {name} directive or role is not allowed here")
    return found


def _messages(text: str):
    """(line of msgstr, msgid, msgstr) of every message of a .po file, read
    by Babel (Sphinx's own catalogue reader), which gives each msgid's line."""
    from babel.messages.pofile import read_po

    lines = text.splitlines()
    for message in read_po(io.StringIO(text)):
        if not message.id or message.lineno is None:
            continue  # the header
        line = message.lineno  # the msgid's; the msgstr follows it
        while line < len(lines) and not lines[line - 1].startswith("msgstr"):
            line += 1
        yield line, str(message.id), "".join(message.string or "")


def check_files(app: Sphinx) -> None:
    """Scan every catalogue and bibliography file before a page is read."""
    root = Path(app.confdir)
    bibfiles = app.config.bibtex_bibfiles if "bibtex_bibfiles" in app.config else []
    files = [root / name for name in bibfiles] + sorted(root.glob("locales/**/*.po"))
    for path in files:
        try:
            text = textfile.read(path)
        except textfile.UnreadableText as error:
            if path.suffix == ".po":  # bib_check reports the bibliography's
                logger.warning(error.message, location=f"{path}:{error.line}")
            continue
        if path.suffix == ".po":
            # a directive the original has is the translation's to keep
            lines = [
                (number, msgstr, text_problems(msgid))
                for number, msgid, msgstr in _messages(text)
            ]
        else:
            lines = [(n, line, []) for n, line in enumerate(text.splitlines(), 1)]
        for number, line, original in lines:
            for problem in text_problems(line, markup=path.suffix == ".po"):
                if problem in original and "directive or role" in problem:
                    continue
                logger.warning(
                    "%s; a %s holds text and plain links only",
                    problem,
                    "translation" if path.suffix == ".po" else "bibliography entry",
                    location=f"{path}:{number}",
                    type="active-content",
                )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the doctree check and the catalogue and bibliography scan."""
    app.add_transform(RefuseActiveContent)
    app.connect("source-read", refuse_page_config)
    app.connect("builder-inited", check_files, priority=50)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
