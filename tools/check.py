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
import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path

from sphinx.errors import SphinxError

from tools.lib.problems import ROOT, Finding, collected, relative


def sphinx_findings(
    builder: str, out: Path, overrides: dict[str, str], root: Path = ROOT
) -> list[Finding]:
    """Build ``root``'s book with ``builder`` into ``out``; return its warnings."""
    import sphinx.locale
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    # Sphinx keeps each language's translations in a process-wide table and
    # adds the next build's to them: a Chinese build after an English one
    # in this process would read English.  It is cleared before and after
    # the build, as Sphinx's own test application clears it at its end
    # (sphinx.testing.util.SphinxTestApp.cleanup), so that no application
    # made later in this process (a test's) reads this build's language.
    sphinx.locale.translators.clear()
    # as sphinx-build runs it: docutils' directive and role tables restored
    # after the build, so a second build in this process starts clean
    with (
        patch_docutils(root),
        docutils_namespace(),
        contextlib.ExitStack() as cleanup,
    ):
        cleanup.callback(sphinx.locale.translators.clear)
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


def source_line(path: Path, line: int | None, text: str) -> int | None:
    """The line of ``path`` that holds ``text``, nearest to ``line``.

    Sphinx gives some messages the line of the block they are in rather than
    their own (a glossary entry's headword and term lines get the line of an
    entry above); the nearest line holding the message's opening is its own.
    """
    opening = text.splitlines()[0][:30] if text else ""
    try:
        lines = path.resolve().read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return line
    if not opening or line is None:
        return line
    if 0 < line <= len(lines) and opening in lines[line - 1]:
        return line
    holding = [n for n, row in enumerate(lines, 1) if opening in row]
    return min(holding, key=lambda n: abs(n - line)) if holding else line


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
            short = message.id if isinstance(message.id, str) else message.id[0]
            # Sphinx writes a location relative to its output folder
            where = (
                relative(
                    f"{pot_dir / message.locations[0][0]}:"
                    f"{source_line(pot_dir / message.locations[0][0], message.locations[0][1], short)}",
                    root,
                )
                if message.locations
                else str(po_rel)
            )
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
        try:
            original = sphinx_findings("gettext", pot, {"gettext_location": "1"}, root)
            english = sphinx_findings("dummy", base / "en", {"language": "en"}, root)
        except SphinxError as error:  # the build stops: say why in its one line
            said = str(error).replace(f"{root.resolve()}/", "")
            if said in {str(rule) for rule in rules}:
                return rules, notes  # the rules said it already
            return [*rules, Finding("", said)], notes
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
