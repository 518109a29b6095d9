"""The words the book's extensions show readers, in every language.

The extensions write their interface words in English and mark them with
``_()`` from this module (``sphinx.locale.get_translation``, as CPython's
``Doc/tools/extensions`` and sphinx-book-theme do); each other language has
a catalogue, ``locale/<code>/LC_MESSAGES/aipharmabook.po`` beside this
module.  The ``.po`` files are what is committed and edited: ``setup``
compiles them into the doctree folder when they changed (Babel, which Sphinx
itself depends on) and registers them with ``app.add_message_catalog``.
A new language is one more ``.po`` (``tests/test_messages.py`` says which
words it lacks).

``_("Download the book")`` is lazy: it becomes the edition's word when it is
turned into a string (``str()``, ``format()``, an f-string), at build time.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx.locale import get_translation

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

CATALOG = "aipharmabook"
LOCALE = Path(__file__).resolve().parents[1] / "locale"

_ = get_translation(CATALOG)


def catalogues(locale: Path | None = None) -> dict[str, Path]:
    """Each language's ``.po`` file of the extensions' words."""
    return {
        po.parent.parent.name: po
        for po in sorted((locale or LOCALE).glob(f"*/LC_MESSAGES/{CATALOG}.po"))
    }


def compile_catalogues(out: Path, locale: Path | None = None) -> tuple[Path, bool]:
    """Compile every ``.po`` into a folder of ``out`` named by their contents.

    Returns that folder, which holds ``<code>/LC_MESSAGES/aipharmabook.mo``
    (the layout ``gettext``, and so ``add_message_catalog``, reads), and
    whether it was compiled now: the catalogues changed since the last build
    with this ``out``.  A folder per version of the catalogues also keeps a
    process that builds twice (sphinx-autobuild, the tests) from reading
    ``gettext``'s cached copy of the old ones.  Fuzzy entries are left out,
    as ``msgfmt`` does.
    """
    found = catalogues(locale)
    digest = hashlib.sha256()
    for code, po in found.items():
        digest.update(code.encode() + b"\0" + po.read_bytes() + b"\0")
    folder = out / digest.hexdigest()[:16]
    if folder.is_dir():
        return folder, False
    out.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix="partial-", dir=out))
    for code, po in found.items():
        mo = partial / code / "LC_MESSAGES" / f"{CATALOG}.mo"
        mo.parent.mkdir(parents=True)
        with po.open("rb") as source, mo.open("wb") as target:
            write_mo(target, read_po(source, locale=code))
    for old in out.iterdir():  # the catalogues of earlier builds
        if old != partial:
            shutil.rmtree(old, ignore_errors=True)
    partial.rename(folder)  # whole or not at all
    return folder, True


def setup(app: Sphinx) -> ExtensionMetadata:
    """Compile the catalogues and register them for this build's language.

    When the catalogues changed since the last build (or there was none),
    every page is read again, as after a change of configuration, so that a
    rebuild shows the new words on every page, as a clean build would.
    """
    locale_dir, changed = compile_catalogues(Path(app.doctreedir) / "locale")
    app.add_message_catalog(CATALOG, str(locale_dir))
    if changed:
        app.connect("env-get-outdated", _every_page)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


def _every_page(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Every page, to be read again (the ``env-get-outdated`` event)."""
    return sorted(env.found_docs)
