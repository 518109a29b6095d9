"""The fast check of a content pull request: ``nox -s check``.

It catches, in well under a minute and without a browser or TeX, what a
change to the chapters, the glossary, ``references.bib`` or the English
catalogues can break and the build would refuse:

1. the contribution rules (``tools.contribution_rules``: fidelity of the
   interview text, unsourced annotations and definitions, raw HTML, links);
2. the Chinese book read and resolved by Sphinx's ``gettext`` builder, which
   also extracts the current messages: unknown citation keys, unknown
   ``{term}`` and ``{ref}`` targets, undefined or unused notes and every
   warning of the book's own extensions;
3. the English edition read by the ``dummy`` builder (``-D language=en``),
   whose warnings are those of the translated text;
4. the English catalogues compared with the messages just extracted:
   a message missing from its catalogue, empty or fuzzy is reported at the
   source line it comes from; it fails the check unless the chapter is a
   draft (``status: draft``), as the English edition requires.

Sphinx's warnings are collected with a ``logging.Handler`` on Sphinx's own
logger (``sphinx.util.logging``), not by reading its output, and each is
printed as ``file:line: what is wrong; what to do``.  Both builds start from
a fresh environment in a temporary folder, so a warning of an unchanged page
is never hidden by an earlier run.
"""

from __future__ import annotations

import argparse
import io
import logging
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Finding:
    """One thing to fix, at a place in a file (``where`` is ``file:line``)."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


# What to do about Sphinx's warnings, by the warning's (type, subtype) or, for
# warnings logged without one, by a pattern of its text.  The first match wins.
HINTS: list[tuple[tuple[str, str] | None, re.Pattern[str] | None, str]] = [
    (
        ("bibtex", "key_not_found"),
        None,
        "add the entry to references.bib (with its verified field) or fix the key",
    ),
    (
        ("ref", "term"),
        None,
        "add it to docs/glossary.md or link an existing term",
    ),
    (
        None,
        re.compile(r"term not in glossary"),
        "add it to docs/glossary.md or link an existing term",
    ),
    (
        ("ref", "ref"),
        None,
        "give the target an id ({#an-id} above its heading) or link an existing "
        "label, e.g. {ref}`chapter-pN` for a paragraph",
    ),
    (
        None,
        re.compile(r"[Ff]ootnote .*(not referenced|is not referenced)"),
        "reference the note with [^label] in its paragraph, or delete the definition",
    ),
    (
        None,
        re.compile(
            r"[Ff]ootnote .*(not defined|missing|unknown)|[Uu]nknown target name"
        ),
        "define the note ([^label]: …) right after the turn that references it",
    ),
]


def hint(kind: str, subtype: str, message: str) -> str:
    """What to do about one warning ('' when the message already says it)."""
    for key, pattern, what in HINTS:
        if key is not None and key == (kind, subtype):
            return what
        if pattern is not None and pattern.search(message):
            return what
    return ""


def relative(location: str, root: Path = ROOT) -> str:
    """``file:line`` of a warning, the file relative to the repository."""
    path, sep, line = location.rpartition(":")
    if not sep or not line.isdigit():
        path, line = location, ""
    path = re.sub(r"<translated>$", "", path)
    with suppress(ValueError):
        path = str(Path(path).resolve().relative_to(root.resolve()))
    return f"{path}:{line}" if line else path


class Collector(logging.Handler):
    """Keep every warning Sphinx logs, with its location and kind."""

    def __init__(self, app, root: Path = ROOT) -> None:
        from sphinx.util.logging import WarningLogRecordTranslator

        super().__init__(logging.WARNING)
        # the filter Sphinx's own warning handler uses: it turns the
        # ``location=`` of a warning (a node, a docname) into "file:line"
        self.addFilter(WarningLogRecordTranslator(app))
        self.findings: list[Finding] = []
        self.root = root
        self.seen: set[int] = set()

    def emit(self, record: logging.LogRecord) -> None:
        # Sphinx holds back warnings while it reads and then hands them to
        # the logger again (sphinx.util.logging.pending_warnings): once each.
        if id(record) in self.seen:
            return
        self.seen.add(id(record))
        # the plain text: Sphinx's record class would prefix place and level
        message = logging.LogRecord.getMessage(record).strip()
        kind = getattr(record, "type", "") or ""
        subtype = getattr(record, "subtype", "") or ""
        message = re.sub(r"\s*\[[\w.]+\]$", "", message)  # Sphinx's "[type.subtype]"
        what = hint(kind, subtype, message)
        text = f"{message}; {what}" if what else message
        where = relative(getattr(record, "location", "") or "", self.root)
        self.findings.append(Finding(where, text))


@contextmanager
def collected(app, root: Path = ROOT) -> Iterator[Collector]:
    collector = Collector(app, root)
    logger = logging.getLogger("sphinx")
    logger.addHandler(collector)
    try:
        yield collector
    finally:
        logger.removeHandler(collector)


def sphinx_findings(
    builder: str, out: Path, overrides: dict[str, str], root: Path = ROOT
) -> list[Finding]:
    """Build ``root``'s book with ``builder`` into ``out``; return its warnings."""
    import sphinx.locale
    from sphinx.application import Sphinx

    # Sphinx keeps each language's translations in a process-wide table and
    # adds the next build's to them: a Chinese build after an English one
    # in this process would read English.  Sphinx's own test application
    # clears it too (sphinx.testing.util.SphinxTestApp.cleanup).
    sphinx.locale.translators.clear()
    app = Sphinx(
        srcdir=root / "docs",
        confdir=root,
        outdir=out,
        doctreedir=out / ".doctrees",
        buildername=builder,
        confoverrides={"nitpicky": True, **overrides},
        status=io.StringIO(),
        warning=io.StringIO(),  # printed here instead, with what to do
        freshenv=True,
        keep_going=True,
    )
    with collected(app, root) as collector:
        app.build()
    return collector.findings


def translation_findings(
    pot_dir: Path, root: Path = ROOT, language: str = "en"
) -> tuple[list[Finding], list[Finding], int, int]:
    """Compare the extracted messages with ``language``'s catalogues.

    Returns (failures, reported, translated, total): a message missing from
    its catalogue, empty or fuzzy fails unless its chapter is a draft, which
    is only reported.  ``total`` counts the messages of the sources (not of
    the catalogues, which miss a message until ``nox -s gettext`` adds it).
    """
    from babel.messages.pofile import read_po

    from tools.lib import interview

    locales = root / "locales" / language / "LC_MESSAGES"
    failures: list[Finding] = []
    reported: list[Finding] = []
    translated = total = 0
    for pot in sorted(pot_dir.rglob("*.pot")):
        name = pot.relative_to(pot_dir).with_suffix("")
        if str(name) == "sphinx":
            continue  # the templates' words: Sphinx's and the themes' catalogues
        page = root / "docs" / name.with_suffix(".md")
        draft = False
        if page.is_file():
            meta = interview.parse_front_matter(page.read_text(encoding="utf-8"))
            draft = interview.is_draft(meta.get("interview"))
        po_path = locales / name.with_suffix(".po")
        with pot.open("rb") as handle:
            template = read_po(handle)
        catalogue = None
        if po_path.is_file():
            with po_path.open("rb") as handle:
                catalogue = read_po(handle)
        po_rel = po_path.relative_to(root)
        for message in template:
            if not message.id:
                continue
            total += 1
            found = catalogue.get(message.id) if catalogue is not None else None
            # Sphinx writes a location relative to its output folder
            where = (
                relative(
                    f"{pot_dir / message.locations[0][0]}:{message.locations[0][1]}",
                    root,
                )
                if message.locations
                else str(po_rel)
            )
            short = message.id if isinstance(message.id, str) else message.id[0]
            short = short if len(short) <= 40 else short[:40] + "…"
            if found is None:
                text = (
                    f"message {short!r} is not in {po_rel}; run nox -s gettext, "
                    "then translate it (CONTRIBUTING.md, Translating)"
                )
            elif not found.string:
                text = f"message {short!r} is untranslated in {po_rel}; translate it"
            elif found.fuzzy:
                text = (
                    f"message {short!r} is fuzzy in {po_rel}: its Chinese changed; "
                    "check the English against it (#| msgid shows the old Chinese) "
                    "and delete the fuzzy flag"
                )
            else:
                translated += 1
                continue
            (reported if draft else failures).append(Finding(where, text))
    return failures, reported, translated, total


def run(root: Path = ROOT, out: Path | None = None) -> tuple[list[Finding], list[str]]:
    """Every check; return (what must be fixed, what is only said)."""
    from tools import contribution_rules
    from tools.lib import interview, textfile

    notes: list[str] = []
    try:
        rules = [
            Finding(f"{relative(str(p.path), root)}:{p.line}", p.message)
            for p in contribution_rules.check(root)
        ]
    except (interview.InterviewError, textfile.UnreadableText) as error:
        return [Finding("", str(error))], notes
    with tempfile.TemporaryDirectory(prefix="book-check-") as tmp:
        base = out or Path(tmp)
        started = time.monotonic()
        # gettext_location: the catalogues carry no line numbers, the check does
        pot = base / "gettext"
        original = sphinx_findings("gettext", pot, {"gettext_location": "1"}, root)
        english = sphinx_findings("dummy", base / "en", {"language": "en"}, root)
        failures, reported, translated, total = translation_findings(pot, root)
        notes.append(
            f"English: {translated}/{total} messages of the sources translated"
            + (
                f" ({len(reported)} more in draft chapters, not required)"
                if reported
                else ""
            )
            + f"; Sphinx took {time.monotonic() - started:.0f} s"
        )
    both = {str(f) for f in original}
    english = [
        Finding(f.where, f"(English edition) {f.message}")
        for f in english
        if str(f) not in both
    ]
    seen: set[str] = set()
    found: list[Finding] = []
    for finding in [*rules, *original, *english, *failures]:
        if str(finding) not in seen:
            seen.add(str(finding))
            found.append(finding)
    notes += [str(f) for f in reported]
    return found, notes


def main(argv: list[str] | None = None) -> int:
    """Print every finding as ``file:line: what is wrong; what to do``."""
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    started = time.monotonic()
    found, notes = run()
    for note in notes:
        print(note)
    for finding in found:
        print(finding, file=sys.stderr)
    took = time.monotonic() - started
    if found:
        print(f"check: {len(found)} to fix ({took:.0f} s)", file=sys.stderr)
        return 1
    print(f"check: all met ({took:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
