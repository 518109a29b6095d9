"""What changed between two editions, from their built data.

An edition's history entry is computed from what the two editions publish,
never from commit messages: the W3C Web Annotations of each language
(``annotations.jsonld``, ``tools/sphinxext/apparatus/web_annotations.py``) give the
annotations added, changed and removed, by chapter and paragraph, with their
text; the built glossary its entries (by their stable ids) and the built
bibliography its references.  Each language's edition is compared with the
same language's, so the English history shows the translation's changes.  The interview text itself must be the same in both editions
(``interview_changes``): a release whose text differs fails, naming the file
and the paragraph.

``history.json`` (``HISTORY``) in each edition's folder is the history up
to that edition, newest first; each release adds its entry to its
predecessor's, so the earlier entries are the ones published with them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tools.lib import interview

HISTORY = "history.json"
ANNOTATIONS = "annotations.jsonld"


def _paragraph(annotation: dict[str, Any]) -> str:
    for selector in annotation.get("target", {}).get("selector", []):
        if selector.get("type") == "FragmentSelector":
            return selector.get("value", "")
    return ""


def _text(annotation: dict[str, Any]) -> str:
    return " ".join(
        body.get("value", "")
        for body in annotation.get("body", [])
        if body.get("purpose") == "commenting"
    )


def _page(address: str) -> str:
    """``interviews/x`` of a published address (any edition's, any host)."""
    path = address.split("#", 1)[0]
    if "/interviews/" in path:
        return "interviews/" + path.split("/interviews/", 1)[1].removesuffix(".html")
    return path.rsplit("/", 1)[-1].removesuffix(".html")


def web_annotations(site: Path) -> dict[str, dict[str, str]]:
    """``page#note-id`` -> chapter, paragraph and text of an edition's notes."""
    path = site / ANNOTATIONS
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    found = {}
    for item in data.get("first", {}).get("items", []):
        page = _page(item["id"])
        note = item["id"].rsplit("#", 1)[-1]
        found[f"{page}#{note}"] = {
            "chapter": page,
            "paragraph": _paragraph(item),
            "text": _text(item),
        }
    return found


def _soups(site: Path, marker: str):
    """The built pages of ``site`` (top level) whose HTML holds ``marker``."""
    from bs4 import BeautifulSoup

    for page in sorted(site.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        if marker in text:
            yield page, BeautifulSoup(text, "html.parser")


def glossary(site: Path) -> dict[str, dict[str, str]]:
    """``term-id`` -> the term and its definition, from the built glossary."""
    found = {}
    for page, soup in _soups(site, "glossary"):
        for dl in soup.select("dl.glossary"):
            seen = set()
            for dt in dl.find_all("dt"):
                dd = dt.find_next_sibling("dd")
                if dd is None or id(dd) in seen or not dt.get("id"):
                    continue
                seen.add(id(dd))
                term = dt.get_text().rstrip("#¶").strip()
                found[f"{page.stem}#{dt['id']}"] = {
                    "chapter": page.stem,
                    "paragraph": dt["id"],
                    "text": f"{term}: {' '.join(dd.get_text().split())}",
                }
    return found


def references(site: Path) -> dict[str, dict[str, str]]:
    """The built bibliography's entries, by their text (their ids are
    positions, so a corrected entry is one removed and one added)."""
    found = {}
    for page, soup in _soups(site, 'class="citation"'):
        for entry in soup.select("div.citation[id]"):
            body = entry.find("p") or entry
            text = " ".join(body.get_text().split())
            found[text] = {"chapter": page.stem, "paragraph": entry["id"], "text": text}
    return found


def paragraphs(site: Path) -> dict[str, dict[str, str]]:
    """Each interview paragraph's text as built (its notes and number left
    out): in a translation, the translated text."""
    from bs4 import BeautifulSoup

    found = {}
    chapters = site / interview.INTERVIEWS.name
    for page in sorted(chapters.glob("*.html")) if chapters.is_dir() else []:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        chapter = f"{interview.INTERVIEWS.name}/{page.stem}"
        for paragraph in soup.select("p.interview-paragraph[id]"):
            for part in paragraph.select("span.sidenote, label, input, .paranum"):
                part.decompose()
            found[f"{chapter}#{paragraph['id']}"] = {
                "chapter": chapter,
                "paragraph": paragraph["id"],
                "text": " ".join(paragraph.get_text().split()),
            }
    return found


def _same(before: dict[str, str], after: dict[str, str]) -> bool:
    """Whether two states of an item say the same, whitespace aside: a
    renderer that drops the space between two lines of Chinese text (or
    adds one) changes no text a reader reads."""
    return all(
        "".join(str(before.get(k, "")).split())
        == "".join(str(after.get(k, "")).split())
        for k in set(before) | set(after)
    )


def _keyed_changes(
    before: dict[str, dict[str, str]], after: dict[str, dict[str, str]]
) -> dict[str, list[dict[str, str]]]:
    changes: dict[str, list[dict[str, str]]] = {
        "added": [],
        "changed": [],
        "removed": [],
    }
    for key in sorted(set(before) | set(after)):
        if key not in before:
            changes["added"].append({"id": key, **after[key]})
        elif key not in after:
            changes["removed"].append({"id": key, **before[key]})
        elif _same(before[key], after[key]) is False:
            changes["changed"].append(
                {"id": key, **after[key], "before": before[key]["text"]}
            )
    return changes


def interview_changes(old_root: Path, new_root: Path, old_tag: str) -> list[str]:
    """Where the interview text of ``new_root`` differs from ``old_root``'s.

    One line per chapter that differs, naming its file and first differing
    paragraph.  A chapter that is new in ``new_root`` is not a change.
    """
    before = {c.slug: c for c in interview.chapters(old_root)}
    problems = []
    for chapter in interview.chapters(new_root):
        if chapter.slug not in before:
            continue
        old = [p.text for p in before[chapter.slug].paragraphs()]
        new = chapter.paragraphs()
        where = chapter.path.relative_to(new_root).as_posix()
        for number, paragraph in enumerate(new, 1):
            if number > len(old) or paragraph.text != old[number - 1]:
                problems.append(
                    f"{where}:{paragraph.line}: ¶{number} of the interview text "
                    f"differs from edition {old_tag}'s; the interview text never "
                    "changes between editions: restore it and put the "
                    "correction in an annotation"
                )
                break
        else:
            if len(new) < len(old):
                problems.append(
                    f"{where}: the interview text has {len(new)} paragraphs, "
                    f"edition {old_tag}'s {len(old)}; restore the missing ones"
                )
    return problems


def read_history(site: Path | None) -> list[dict[str, Any]]:
    """The history an edition published (``[]`` if none, or no edition)."""
    if site is None or not (site / HISTORY).is_file():
        return []
    return json.loads((site / HISTORY).read_text(encoding="utf-8"))


def entry(
    version: str,
    date: str,
    previous: str,
    old: Path | None,
    new: Path,
    translation: bool = False,
) -> dict[str, Any]:
    """This edition's history entry: what changed since ``previous``.

    In a ``translation``, also the interview paragraphs whose translated
    text changed (a new chapter's paragraphs are not changes).
    """
    sources: dict[str, Callable[[Path], dict[str, dict[str, str]]]] = {
        "annotations": web_annotations,
        "glossary": glossary,
        "references": references,
    }
    found: dict[str, Any] = {"version": version, "date": date, "previous": previous}
    for kind, read in sources.items():
        found[kind] = (
            {"added": [], "changed": [], "removed": []}
            if old is None
            else _keyed_changes(read(old), read(new))
        )
    if translation:
        found["translation"] = {
            "changed": []
            if old is None
            else _keyed_changes(paragraphs(old), paragraphs(new))["changed"]
        }
    return found


def write_history(
    new: Path,
    version: str,
    date: str,
    previous: str,
    old: Path | None,
    translation: bool = False,
) -> list[dict[str, Any]]:
    """Write ``new``'s ``history.json`` (its entry, then ``old``'s history)."""
    history = [
        entry(version, date, previous, old, new, translation),
        *read_history(old),
    ]
    (new / HISTORY).write_text(
        json.dumps(history, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return history
