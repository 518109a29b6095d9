"""nox -s check (tools/check.py): a content change a stranger can get green.

The check's own function passes on the test book (the real book with the
test book's own contribution, and the fixture chapter).  The other tests
run it on a copy of the small test book (the book's configuration and
extensions on two chapters, tests/helpers/small_book.py; what the check
says of a change does not depend on the book's size): first that book as it
is, then a further contribution made in its natural places (an annotation
citing a new reference, a glossary entry in the middle of the glossary,
their English), which must pass; then the honest mistakes, each of which
must be reported as ``file:line: what is wrong; what to do``.  The edited
chapter is the small book's draft, named by its fixture folder, never by
the real chapters' content.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from tests.helpers.book import insert_glossary_entries
from tools import check, gettext_update
from tools.sphinxext.plumbing.messages import _

# tests/roots/test-small-book/interviews/li-fixture: a draft chapter
FIXTURE = "li-fixture"
# A sentence of the fixture's lead; the note marker goes after its clause.
CLAUSE = "这是一篇虚构的对话，"
# Words of that sentence, and the same words edited (the source's are sacred).
WORDS, EDITED_WORDS = "虚构的对话", "虚构的话"
REFERENCE = """
@misc{fixture2024invented,
  title = {An invented work for the tests},
  author = {Fixture, Ann},
  year = {2024},
  url = {https://example.org/fixture/invented},
  verified = {tests/test_check.py: a fixture entry, never published},
}
"""
ENTRY = """测试术语
fixture term
  编者按：一个只供测试使用的虚构术语 {cite:p}`fixture2024invented`。

"""


def chapter(book: Path) -> Path:
    return book / "docs" / "interviews" / f"{FIXTURE}.md"


def add_annotation(book: Path, body: str) -> int:
    """Put a note marker after CLAUSE and its definition after the turn;
    return the definition's line."""
    path = chapter(book)
    text = path.read_text(encoding="utf-8")
    assert text.count(CLAUSE) == 1, "the fixture's lead changed: update CLAUSE"
    text = text.replace(CLAUSE, CLAUSE + "[^fixture-added]")
    end = text.index("\n:::\n", text.index(CLAUSE)) + len("\n:::\n")
    text = f"{text[:end]}\n[^fixture-added]: {body}\n{text[end:]}"
    path.write_text(text, encoding="utf-8")
    return text[:end].count("\n") + 2


def translate_everything_new(book: Path) -> int:
    """nox -s gettext, then a translator's work: every empty or fuzzy
    message translated and its flag cleared; return how many."""
    pot = book / "build" / "gettext"
    check.sphinx_findings("gettext", pot, {}, root=book)
    gettext_update.update(pot, book / "locales", ["en"])
    done = 0
    for po in (book / "locales" / "en" / "LC_MESSAGES").rglob("*.po"):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        changed = False
        for message in catalog:
            if message.id and (not message.string or message.fuzzy):
                message.string = re.sub(r"[^\x00-\x7f]+", "x", message.id)
                message.flags.discard("fuzzy")
                changed = True
                done += 1
        if changed:
            with po.open("wb") as handle:
                write_po(handle, catalog, width=0, no_location=True)
    return done


def test_the_test_book_passes(test_book: Path, tmp_path: Path) -> None:
    assert check.run(test_book, tmp_path)[0] == []


def test_a_contribution_in_its_natural_places_passes(small_book_copy: Path) -> None:
    assert check.run(small_book_copy)[0] == [], "the small book itself must pass"
    with (small_book_copy / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write(REFERENCE)
    add_annotation(
        small_book_copy,
        "编者按：虚构人物见{term}`测试术语` {cite:p}`fixture2024invented`。",
    )
    insert_glossary_entries(small_book_copy, ENTRY)
    found, _notes = check.run(small_book_copy)
    # before the translation, only the English is missing, and said so
    assert found and all("nox -s gettext" in str(f) for f in found), found
    assert translate_everything_new(small_book_copy) >= 3
    found, notes = check.run(small_book_copy)
    assert found == [], "\n".join(map(str, found))
    assert re.search(r"English: (\d+)/\1 messages", notes[0]), notes


def finish(book: Path) -> None:
    """Mark the fixture chapter finished, so its English is required."""
    path = chapter(book)
    text = path.read_text(encoding="utf-8")
    assert "\n  status: draft\n" in text
    path.write_text(text.replace("\n  status: draft\n", "\n", 1), encoding="utf-8")


def test_each_mistake_says_where_and_what_to_do(small_book_copy: Path) -> None:
    finish(small_book_copy)
    line = add_annotation(
        small_book_copy,
        "编者按：见{term}`没有这个术语` {cite:p}`smith2020alchemy`，又见{ref}`no-such-label`。",
    )
    found = [str(f) for f in check.run(small_book_copy)[0]]
    where = f"docs/interviews/{FIXTURE}.md:{line}: "
    expected = {
        "key": "add the entry to references.bib",
        "term": "add it to docs/glossary.md or link an existing term",
        "label": "link an existing label",
        "English": "run nox -s gettext, then translate it",
    }
    for mistake, advice in expected.items():
        assert any(f.startswith(where) and advice in f for f in found), (
            f"no '{where}… {advice}' for the {mistake}:\n" + "\n".join(found)
        )
    assert not any("Traceback" in f or "WARNING:" in f for f in found), found


def test_an_unused_note_and_an_edited_word_are_reported(small_book_copy: Path) -> None:
    path = chapter(small_book_copy)
    text = path.read_text(encoding="utf-8")
    assert text.count(WORDS) == 1, "the fixture's lead changed: update WORDS"
    path.write_text(
        text.replace(WORDS, EDITED_WORDS) + "\n[^fixture-unused]: 编者按：无处引用。\n",
        encoding="utf-8",
    )
    found = [str(f) for f in check.run(small_book_copy)[0]]
    assert any(
        f.startswith(f"docs/interviews/{FIXTURE}.md:")
        and "restore the source's words" in f
        for f in found
    ), found
    assert any("delete the definition" in f for f in found), found


def test_a_broken_bibliography_is_one_line_not_a_traceback(
    small_book_copy: Path,
) -> None:
    bib = small_book_copy / "references.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text + "\n@article{broken,\n  title = {unclosed\n", encoding="utf-8")
    lines = text.count("\n") + 3
    found = [str(f) for f in check.run(small_book_copy)[0]]
    assert found == [
        f"references.bib:{lines}: syntax error in line {lines}: premature end of "
        "file; check the braces and commas of the entry that ends here"
    ], found


def test_a_read_leaves_no_language_behind(rootdir: Path, tmp_path: Path) -> None:
    """A read in this process (a Chinese one here) leaves Sphinx's
    process-wide translations as it found them: an application made after it
    (a test's, in English) did print the extensions' words in Chinese."""
    site = tmp_path / "site"
    shutil.copytree(rootdir / "test-untranslated", site / "docs")
    shutil.copy(site / "docs" / "conf.py", site / "conf.py")
    check.sphinx_findings("dummy", tmp_path / "out", {"language": "zh_CN"}, site)
    untranslated = str(_(" (not yet translated)"))
    assert untranslated == " (not yet translated)", untranslated
