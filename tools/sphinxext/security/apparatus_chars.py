"""One guard for every language: no invisible or look-alike character anywhere.

The interview is held to its raw source by ``fidelity_check``; everything
else a pull request can write — the English edition's catalogues (each
``msgstr`` of ``locales/**/*.po``), the pages with their annotations, the
glossary and front matter (every line of ``docs/**/*.md`` outside the
``{turn}`` blocks), the data files in ``docs/`` and the bibliography — is
held, line by line before a page is read, to the same classes of characters
(``tools.lib.characters``): a bidirectional control, a zero-width character
any other invisible format character, or a letter from another script
inside a Latin word is refused at its
``file:line``, named by its code point.  An editor allows a character a text
really needs in ``conf.py``: ``book_allowed_characters = {"U+03BC": "why"}``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from tools.lib import characters, textfile

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)


def files(app: Sphinx) -> Iterator[tuple[Path, str]]:
    """(file, kind) of every file the guard reads."""
    root, src = Path(app.confdir), Path(app.srcdir)
    for name in app.config.bibtex_bibfiles if "bibtex_bibfiles" in app.config else []:
        yield root / name, "bib"
    for path in sorted(root.glob("locales/**/*.po")):
        yield path, "po"
    for docname in sorted(app.project.discover(app.config.exclude_patterns)):
        path = Path(app.project.doc2path(docname, absolute=True))
        if path.suffix == ".md":
            yield path, "md"
    for path in sorted([*src.glob("*.yaml"), *src.glob("*.yml")]):
        yield path, "data"


def check_files(app: Sphinx) -> None:
    """Scan every catalogue, page, data file and bibliography before reading."""
    allowed = set(app.config.book_allowed_characters)
    for path, kind in files(app):
        try:
            found = characters.file_problems(path, kind, allowed)
        except textfile.UnreadableText:
            continue  # named by the check that reads it (textfile's message)
        for number, problem in found:
            logger.warning(
                "%s; %s",
                problem,
                characters.WHAT_TO_DO,
                location=f"{path}:{number}",
                type="characters",
            )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register ``book_allowed_characters`` and the scan."""
    app.add_config_value("book_allowed_characters", {}, "", types=frozenset({dict}))
    app.connect("builder-inited", check_files, priority=50)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
