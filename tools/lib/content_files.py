"""Which files a content pull request may publish, checked by what they are.

Sphinx publishes every image a page shows (``_images/``) and every file it
offers with ``{download}`` (``_downloads/``) as it is, from the book's own
address: an SVG "figure" holding a ``<script>``, or an ``.html`` file, opened
directly, would run its script with the book's origin.  So a file that comes
from content is one of these, checked by its bytes, never by its name:

* a raster image — PNG, JPEG, GIF, WebP — whose first bytes are those of the
  type its extension names, with sane dimensions (read from its header);
* a plain SVG — parsed with the standard library's expat, no DOCTYPE or
  entity declaration (so nothing is expanded), no ``<script>``, no event
  attribute, no ``foreignObject`` or other embedding element, no reference
  other than to a fragment of itself (``href="#…"``), no stylesheet that
  imports or fetches anything;
* a PDF (``%PDF-``) with no ``/JavaScript``, ``/JS`` or ``/Launch`` action;
* a data file — CSV, JSON, YAML, BibTeX, plain text — in UTF-8 that no
  browser would take for a page (it does not begin with ``<``).

Anything else (HTML, JavaScript, CSS, fonts, archives, an unknown type) is
the edition's own code, which lives only in the CODEOWNERS paths
(``docs/_static/``, ``tools/sphinxext/static/``) and reaches the site under
``_static/``.  Contributors keep their files in ``docs/media/`` (CONTRIBUTING).
Used by the Sphinx extension ``tools.sphinxext.security.published_files``.
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path
from xml.parsers import expat

#: Where a content pull request keeps its images, PDFs and data files.
MEDIA_FOLDER = "media"

RASTER = {
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".gif": "GIF",
    ".webp": "WebP",
}
DATA = frozenset({".csv", ".json", ".yaml", ".yml", ".bib", ".txt"})
ALLOWED = ", ".join([*RASTER, ".svg", ".pdf", *sorted(DATA)])

#: A larger image is a decompression bomb for a reader's browser, not a figure.
MAX_SIDE = 20_000
MAX_PIXELS = 50_000_000

WHAT_TO_DO = (
    f"a page may show or offer only {ALLOWED} files, kept in docs/{MEDIA_FOLDER}/"
)


def raster_type(data: bytes) -> str | None:
    """The image type ``data`` really is, by its first bytes (magic numbers)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        if marker == 0xFF:  # fill byte
            index += 1
            continue
        length = struct.unpack(">H", data[index + 2 : index + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return width, height
        index += 2 + length
    return None


def raster_size(kind: str, data: bytes) -> tuple[int, int] | None:
    """(width, height) from the image's header, or ``None`` if it has none."""
    try:
        if kind == "PNG" and data[12:16] == b"IHDR":
            return struct.unpack(">II", data[16:24])
        if kind == "GIF":
            return struct.unpack("<HH", data[6:10])
        if kind == "JPEG":
            return _jpeg_size(data)
        if kind == "WebP":
            chunk = data[12:16]
            if chunk == b"VP8X":
                width = int.from_bytes(data[24:27], "little") + 1
                return width, int.from_bytes(data[27:30], "little") + 1
            if chunk == b"VP8L" and data[20] == 0x2F:
                bits = int.from_bytes(data[21:25], "little")
                return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
            if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
                width, height = struct.unpack("<HH", data[26:30])
                return width & 0x3FFF, height & 0x3FFF
    except (struct.error, IndexError):
        return None
    return None


# --- SVG

#: Elements that run, embed or fetch something.
SVG_FORBIDDEN = frozenset(
    {
        "script", "foreignobject", "iframe", "embed", "object", "handler",
        "listener", "audio", "video", "link", "meta", "base", "animation",
    }
)  # fmt: skip
_LINK_ATTRIBUTES = frozenset({"href", "src"})
_CSS_FETCH = re.compile(r"@import|url\(\s*['\"]?(?!#)|expression\(|javascript:", re.I)


class _Refused(Exception):
    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem


def svg_problems(data: bytes) -> list[tuple[int, str]]:
    """(line, problem) for what makes an SVG more than a picture."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    found: list[tuple[int, str]] = []
    depth = [0]
    in_style = [False]

    def add(problem: str) -> None:
        found.append((parser.CurrentLineNumber, problem))

    def refuse_declaration(*_args) -> None:
        raise _Refused(
            parser.CurrentLineNumber,
            "a DOCTYPE or entity declaration (the SVG could expand or fetch entities)",
        )

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1]
        if depth[0] == 0 and local != "svg":
            add(f"the root element is <{local}>, not <svg>")
        depth[0] += 1
        if local.lower() in SVG_FORBIDDEN:
            add(f"<{local}> element")
        in_style[0] = local == "style"
        for key, value in attrs.items():
            attribute = key.rsplit(" ", 1)[-1]
            if attribute.lower().startswith("on"):
                add(f"event attribute {attribute}= on <{local}>")
            elif attribute in _LINK_ATTRIBUTES and not value.strip().startswith("#"):
                add(f"<{local} {attribute}={value[:40]!r}> refers outside the image")
            elif attribute == "style" and _CSS_FETCH.search(value):
                add(f"style attribute of <{local}> imports or fetches something")
            elif attribute == "attributeName" and (
                value.lower() in ("href", "xlink:href")
                or value.lower().startswith("on")
            ):
                add(f"<{local}> animates {value!r}")

    def end(_name: str) -> None:
        in_style[0] = False

    def text(data: str) -> None:
        if in_style[0] and _CSS_FETCH.search(data):
            add("<style> element imports or fetches something")

    def instruction(target: str, _data: str) -> None:
        if target.lower() == "xml-stylesheet":
            add("an xml-stylesheet instruction (it fetches a stylesheet)")

    parser.StartDoctypeDeclHandler = refuse_declaration
    parser.EntityDeclHandler = refuse_declaration
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        found.append((refused.line, refused.problem))
    except expat.ExpatError as error:
        found.append(
            (
                error.lineno,
                f"it is not well-formed XML ({expat.errors.messages[error.code]})",
            )
        )
    return found


# --- PDF

#: Actions that run something when a PDF is opened or clicked.
PDF_ACTIONS = frozenset({b"JavaScript", b"JS", b"Launch"})
_PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_PDF_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


# --- any file


def problems(path: Path) -> list[tuple[int, str]]:
    """(line, problem) for a file that content may not publish; [] if it may."""
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as error:
        return [(1, f"it cannot be read ({error.strerror})")]
    if suffix in RASTER:
        kind = raster_type(data)
        if kind is None:
            return [
                (1, f"it is not a {RASTER[suffix]} image (its bytes are no image's)")
            ]
        if kind != RASTER[suffix]:
            return [
                (
                    1,
                    f"it is a {kind} image named {suffix}; give it its type's extension",
                )
            ]
        size = raster_size(kind, data)
        if size is None:
            return [(1, f"its {kind} header gives no size (a damaged or crafted file)")]
        width, height = size
        if (
            not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE)
            or width * height > MAX_PIXELS
        ):
            return [
                (
                    1,
                    f"it is {width}×{height} pixels (at most {MAX_SIDE} a side, {MAX_PIXELS:,} in all)",
                )
            ]
        return []
    if suffix == ".svg":
        return svg_problems(data)
    if suffix == ".pdf":
        if not data.startswith(b"%PDF-"):
            return [(1, "it is not a PDF (it does not begin with %PDF-)")]
        for match in _PDF_NAME.finditer(data):
            # a name may spell a letter as #xx: /J#61vaScript is /JavaScript
            name = _PDF_ESCAPE.sub(
                lambda m: bytes.fromhex(m.group(1).decode()), match.group(1)
            )
            if name in PDF_ACTIONS:
                line = data[: match.start()].count(b"\n") + 1
                return [(line, f"the PDF holds a /{name.decode()} action (a script)")]
        return []
    if suffix in DATA:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            return [(line, "it is not UTF-8 text")]
        if "\0" in text:
            return [(text[: text.index("\0")].count("\n") + 1, "it holds a NUL byte")]
        if text.lstrip("\ufeff \t\r\n").startswith("<"):
            return [(1, "it begins with '<': a browser could take it for a page")]
        if suffix == ".json":
            try:
                json.loads(text)
            except json.JSONDecodeError as error:
                return [(error.lineno, f"it is not JSON ({error.msg})")]
        return []
    kind = (
        "HTML, a script or a stylesheet"
        if suffix
        in (".html", ".htm", ".xhtml", ".js", ".mjs", ".css", ".xml", ".shtml")
        else (f"a {suffix} file" if suffix else "a file without an extension")
    )
    return [
        (
            1,
            f"it is {kind}, which content may not publish (only the edition's own code, under docs/_static/)",
        )
    ]
