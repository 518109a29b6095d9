"""The words the book's extensions show readers, in every language.

The extensions write their interface words in English and mark them with
``_()`` from this module (``sphinx.locale.get_translation``, as CPython's
``Doc/tools/extensions`` and sphinx-book-theme do); each other language has
a catalogue, ``locale/<code>/LC_MESSAGES/aipharmabook.po`` beside this
module.  The ``.po`` files are what is committed and edited: ``setup``
compiles each one that changed into the doctree folder (Babel, which Sphinx
itself depends on) and registers them with ``app.add_message_catalog``.
A new language is one more ``.po`` (``tests/test_messages.py`` says which
words it lacks).

``_("Download the book")`` is lazy: it becomes the edition's word when it is
turned into a string (``str()``, ``format()``, an f-string), at build time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx.locale import get_translation

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

CATALOG = "aipharmabook"
LOCALE = Path(__file__).resolve().parent / "locale"

_ = get_translation(CATALOG)


def catalogues() -> dict[str, Path]:
    """Each language's ``.po`` file of the extensions' words."""
    return {
        po.parent.parent.name: po
        for po in sorted(LOCALE.glob(f"*/LC_MESSAGES/{CATALOG}.po"))
    }


def compile_catalogues(out: Path) -> Path:
    """Compile every ``.po`` newer than its ``.mo`` into ``out``; return ``out``.

    ``out`` then holds ``<code>/LC_MESSAGES/aipharmabook.mo``, the layout
    ``gettext`` (and so ``add_message_catalog``) reads.  Fuzzy entries are
    left out, as ``msgfmt`` does.
    """
    for code, po in catalogues().items():
        mo = out / code / "LC_MESSAGES" / f"{CATALOG}.mo"
        if mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as source:
            catalogue = read_po(source, locale=code)
        partial = mo.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as target:
            write_mo(target, catalogue)
        partial.replace(mo)  # atomic: a parallel build never reads half a file
    return out


def setup(app: Sphinx) -> ExtensionMetadata:
    """Compile the catalogues and register them for this build's language."""
    locale_dir = compile_catalogues(Path(app.doctreedir) / "locale")
    app.add_message_catalog(CATALOG, str(locale_dir))
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
