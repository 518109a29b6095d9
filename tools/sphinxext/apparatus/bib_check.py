"""Check ``references.bib`` before sphinxcontrib-bibtex reads it.

A syntax error in a .bib file otherwise ends the build with a traceback that
does not name the file.  This module parses each file first and stops the
build with ``references.bib:LINE: …``; then it checks the edition's rules
for every entry, each reported as a warning at the entry's line:

* a DOI (bare, ``10.xxxx/…``) or an ``https://`` URL, so a reader can find it;
* a ``verified`` field saying how and when the entry was checked against a
  real source — the edition never cites from memory;
* no key defined twice.

Once sphinxcontrib-bibtex has read the files, works that would share an
author-year label ("MELLODDY consortium, n.d." for two pages of one site)
get a letter after the year, in the citations and in the bibliography alike
("n.d.-a", "n.d.-b"; "2020a", "2020b"), in the order of the file: the
extension has no such disambiguation of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pybtex.database import parse_string
from pybtex.scanner import PybtexSyntaxError
from sphinx.errors import ConfigError
from sphinx.util import logging

from tools.lib import textfile
from tools.lib.link_rules import DOI, entry_lines

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)


def problems(path: Path) -> list[tuple[int, str]]:
    """(line, message) for every rule an entry of ``path`` breaks."""
    text = textfile.read(path)
    found: list[tuple[int, str]] = []
    lines = entry_lines(text)
    for key, where in lines.items():
        for line in where[1:]:
            found.append(
                (line, f"duplicate key {key!r} (first defined at line {where[0]})")
            )
    if found:  # pybtex itself stops at a duplicate key, naming no file or line
        return found
    database = parse_string(text, "bibtex")
    for key, entry in database.entries.items():
        line = lines.get(key, [1])[0]
        fields = {name.lower(): value for name, value in entry.fields.items()}
        doi, url = fields.get("doi", ""), fields.get("url", "")
        if not doi and not url:
            found.append(
                (line, f"{key}: give a doi or an https url so readers can find it")
            )
        if doi and not DOI.fullmatch(doi):
            found.append(
                (
                    line,
                    f"{key}: doi {doi!r} is not of the form 10.NNNN/suffix (no https://doi.org/ prefix)",
                )
            )
        if url and not url.startswith("https://"):
            found.append((line, f"{key}: url {url!r} must start with https://"))
        if not fields.get("verified", "").strip():
            found.append(
                (
                    line,
                    f"{key}: add a 'verified' field saying which real source confirmed the entry, and when",
                )
            )
    return found


def check_bibfiles(app: Sphinx) -> None:
    """Parse every bib file; stop on a syntax error, warn on a broken rule."""
    for name in app.config.bibtex_bibfiles:
        path = Path(app.confdir, name)
        try:
            found = problems(path)
        except textfile.UnreadableText as error:
            raise ConfigError(str(error)) from None
        except PybtexSyntaxError as error:
            raise ConfigError(
                f"{path}:{error.lineno}: {error}; check the braces and commas of "
                "the entry that ends here"
            ) from error
        duplicates = [(line, m) for line, m in found if m.startswith("duplicate key")]
        if duplicates:
            line, message = duplicates[0]
            raise ConfigError(f"{path}:{line}: {message}; give each entry its own key")
        for line, message in found:
            logger.warning(
                message, location=f"{path}:{line}", type="bibtex", subtype="rules"
            )


def _label_of(entry) -> tuple[str, str]:
    """What an author-year label is made of: the authors (or editors, or the
    organisation) and the year."""
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    names = " and ".join(str(person) for person in persons)
    return names or entry.fields.get("organization", ""), entry.fields.get("year", "")


def distinct_labels(entries) -> dict[str, str]:
    """The new year of each entry whose author-year label another shares."""
    groups: dict[tuple[str, str], list[str]] = {}
    for key, entry in entries.items():
        groups.setdefault(_label_of(entry), []).append(key)
    years = {}
    for (_names, year), keys in groups.items():
        if len(keys) < 2:
            continue
        for index, key in enumerate(keys):
            letter = chr(ord("a") + index)
            years[key] = f"{year}{letter}" if year else f"n.d.-{letter}"
    return years


def disambiguate(app: Sphinx) -> None:
    """Give the works that share an author-year label a letter each."""
    domain = app.env.domains.get("cite")
    bibdata = domain.data.get("bibdata") if domain is not None else None
    if bibdata is None:
        return
    entries = bibdata.data.entries
    for key, year in distinct_labels(entries).items():
        entries[key].fields["year"] = year


def setup(app: Sphinx) -> ExtensionMetadata:
    """Run the check before sphinxcontrib-bibtex loads the files, and
    disambiguate the labels once it has."""
    app.connect("builder-inited", check_bibfiles, priority=100)
    app.connect("builder-inited", disambiguate, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
