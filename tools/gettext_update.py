"""Merge the extracted messages into the translations' catalogues.

``python -m tools.gettext_update POT_DIR LOCALE_DIR LANGUAGE...`` (run by
``nox -s gettext`` after Sphinx's gettext builder) updates
``LOCALE_DIR/<language>/LC_MESSAGES/<page>.po`` from ``POT_DIR/<page>.pot``
with Babel, the library Sphinx itself reads the catalogues with, and writes
them in the one format the committed catalogues have, so that the diff of a
pull request is the messages that changed and nothing else:

* no wrapping (``width=0``): a message is one line however long, so a
  changed word never re-wraps its neighbours;
* no source line references (``no_location``; conf.py's
  ``gettext_location = False`` leaves them out of the templates too): a
  line added above a paragraph does not touch the catalogue;
* the header's POT-Creation-Date kept (``update_creation_date=False``);
* a message whose Chinese changed only a little (a note marker or a
  ``{term}`` link added) keeps its old translation, marked fuzzy, with the
  old Chinese as ``#| msgid`` (``include_previous``): the translator sees
  what changed, not an empty message;
* no obsolete ``#~`` messages: the old text of a message is in git.

A catalogue is written only when its text changes.  This replaces
``sphinx-intl update``, which writes neither ``#| msgid`` nor a catalogue
without line references (its ``update`` passes neither option to Babel's
``write_po``; sphinx-doc/sphinx-intl has no option for them in 2.4).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, unescape, write_po

# The template of the templates' own words (Sphinx's and the themes'
# catalogues translate them); the book's catalogues are one per page.
SKIPPED = {"sphinx"}


PREVIOUS = "| msgid "


def render(catalog: Catalog) -> bytes:
    """A catalogue in the committed catalogues' one format."""
    for message in catalog:
        if not message.fuzzy:  # checked: the old Chinese has done its work
            message.previous_id = []
    out = io.BytesIO()
    write_po(
        out,
        catalog,
        width=0,
        no_location=True,
        include_previous=True,
        ignore_obsolete=True,
    )
    return out.getvalue()


def read(path: Path, locale: str | None = None) -> Catalog:
    """A catalogue, its ``#| msgid`` lines read as the previous message ids.

    Babel writes them but reads them as translator comments ("| msgid …"),
    which the next update would write back as "# | msgid …": upstream
    python-babel/babel#206, open.  The catalogues are unwrapped, so the
    previous id is the rest of its one line.
    """
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    for message in catalog:
        previous = [c for c in message.user_comments if c.startswith(PREVIOUS)]
        if previous:
            message.user_comments = [
                c for c in message.user_comments if not c.startswith(PREVIOUS)
            ]
            message.previous_id = [unescape(previous[0][len(PREVIOUS) :])]
    return catalog


def update(pot_dir: Path, locale_dir: Path, languages: list[str]) -> list[Path]:
    """Update every language's catalogues; return those written."""
    written = []
    for pot in sorted(pot_dir.rglob("*.pot")):
        name = pot.relative_to(pot_dir).with_suffix(".po")
        if name.stem in SKIPPED and name.parent == Path():
            continue
        for language in languages:
            po = locale_dir / language / "LC_MESSAGES" / name
            template = read(pot)
            if po.is_file():
                catalog = read(po, locale=language)
                # Babel's update takes a kept message's previous id from the
                # template, which has none: a fuzzy message not yet checked
                # keeps the old Chinese it was given
                previous = {m.id: m.previous_id for m in catalog if m.previous_id}
                catalog.update(template, update_creation_date=False)
                for message in catalog:
                    if message.fuzzy and not message.previous_id:
                        message.previous_id = previous.get(message.id, [])
            else:
                catalog = read(pot, locale=language)
            text = render(catalog)
            if not po.is_file() or po.read_bytes() != text:
                po.parent.mkdir(parents=True, exist_ok=True)
                po.write_bytes(text)
                written.append(po)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pot_dir", type=Path)
    parser.add_argument("locale_dir", type=Path)
    parser.add_argument("languages", nargs="+")
    args = parser.parse_args(argv)
    written = update(args.pot_dir, args.locale_dir, args.languages)
    for po in written:
        print(f"updated {po}")
    if not written:
        print("the catalogues are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
