"""What is wrong with a book index's groups, read back from a built edition.

A Chinese index is in pinyin order and grouped by the pinyin's initial
letter, among the Latin entries (tools/sphinxext/apparatus/index_pinyin.py).  The
check makes its own keys with pypinyin, apart from the extension's code:
each Chinese character's pinyin with its tone number, other text lowercased.
"""

from __future__ import annotations

import re

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def pinyin_key(entry: str) -> str:
    from pypinyin import Style, lazy_pinyin

    words = lazy_pinyin(entry, style=Style.TONE3, neutral_tone_with_five=True)
    return " ".join(w.strip().lower() for w in words if w.strip())


def index_problems(groups: list[tuple[str, list[str]]]) -> list[str]:
    """One line for each group that is not a Latin letter, out of order, or
    holding an entry of another letter or out of pinyin order; and one if
    no group holds Chinese and Latin entries together."""
    problems = []
    letters = [letter for letter, _entries in groups]
    problems += [
        f"group {g!r} is not a letter" for g in letters if not re.fullmatch("[A-Z]", g)
    ]
    if letters != sorted(letters):
        problems.append(f"groups out of order: {letters}")
    for letter, entries in groups:
        problems += [
            f"{entry} ({pinyin_key(entry)}) in group {letter}"
            for entry in entries
            if pinyin_key(entry)[:1].upper() != letter
        ]
        keys = [pinyin_key(entry) for entry in entries]
        if keys != sorted(keys):
            problems.append(f"group {letter} not in pinyin order: {entries}")
    if not any(
        any(HAN.search(e) for e in entries) and any(not HAN.search(e) for e in entries)
        for _letter, entries in groups
    ):
        problems.append("no group holds Chinese and Latin entries together")
    return problems


def latex_index_groups(ind: str) -> list[tuple[str, list[str]]]:
    """The groups of xindy's .ind file and their entries' texts."""
    groups: list[tuple[str, list[str]]] = []
    for line in ind.splitlines():
        if group := re.match(r"\s*\\lettergroup\{(.*)\}", line):
            groups.append((group[1], []))
        elif entry := re.match(r"\s*\\item \\spxentry\{(.*?)\},", line):
            text = entry[1].replace(r"\sphinxhyphen {}", "-")
            groups[-1][1].append(text)
    return groups


def html_index_groups(page: str) -> list[tuple[str, list[str]]]:
    """The groups of Sphinx's genindex page and their entries' texts."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    return [
        (
            heading.get_text(strip=True),
            [
                item.find(["a", "span"], recursive=False).get_text()
                for item in heading.find_next("table").select("td > ul > li")
            ],
        )
        for heading in soup.select("h2")
        if heading.find_next("table", class_="genindextable")
    ]
