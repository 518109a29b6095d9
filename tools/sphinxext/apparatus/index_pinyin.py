"""The general index in pinyin order, Chinese and Latin entries together.

Sphinx sorts the index by code point and groups it by an entry's first
character: each Chinese headword made a group of its own in the web's and
the EPUB's general index, and xindy put them in one "non-alphabetical"
group of the PDF's index, in code-point order.  A Chinese index is sorted
by pinyin (then tone) and grouped by the pinyin's initial letter, among the
Latin entries: 量子计算 under L, between "large model" and "lead
optimization".

One sort key does both, made from the headword itself (no entry of the
book's sources gives one): each Chinese character's pinyin with its tone
number, from pypinyin (its phrase dictionary picks a polyphonic character's
reading: 重庆 chong2 qing4), Latin text lowercased as it is.

* The web edition and the EPUB: the ``genindex`` page's entries, as
  Sphinx's ``IndexEntries`` made them, are sorted and grouped again by the
  key before the page is rendered (``html-page-context``).  An entry with
  a category key of its own (a glossary ``term : key``) keeps its group.
* The PDF: each ``\\index{key@entry}`` of an entry with Chinese in it gets
  the pinyin as its sort key (the ``key`` before ``@``); xindy then files
  it under the key's initial letter like any Latin entry.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import groupby
from typing import TYPE_CHECKING, Any

from sphinx import addnodes
from sphinx.locale import _
from sphinx.util.index_entries import split_index_msg
from sphinx.writers.latex import LaTeXTranslator

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

# Han characters (CJK Unified Ideographs and Extension A, compatibility ones)
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_han(text: str) -> bool:
    return HAN.search(text) is not None


def sort_key(text: str) -> str:
    """The index sort key of ``text``: pinyin with tone numbers for its Chinese
    characters, one syllable a word, and its other text lowercased
    ("AI制药" -> "ai zhi4 yao4", "量子计算" -> "liang4 zi3 ji4 suan4")."""
    from pypinyin import Style, lazy_pinyin

    words = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True)
    return " ".join(word.strip().lower() for word in words if word.strip())


def group_of(text: str) -> str:
    """The index group of ``text``: its sort key's initial letter, or
    Sphinx's own group for what starts with no letter."""
    letter = unicodedata.normalize("NFD", sort_key(text)[:1])[:1].upper()
    return letter if "A" <= letter <= "Z" else _("Symbols")


def regroup(genindex: list[tuple[str, list]]) -> list[tuple[str, list]]:
    """Sphinx's grouped general index, sorted and grouped by ``sort_key``."""
    entries = [entry for _group, group in genindex for entry in group]

    def group(entry: tuple[str, Any]) -> str:
        category_key = entry[1][2]
        return category_key or group_of(entry[0])

    def order(entry: tuple[str, Any]) -> tuple:
        name = entry[0]
        return (group(entry) == _("Symbols"), group(entry), sort_key(name), name)

    entries.sort(key=order)
    return [(key, list(items)) for key, items in groupby(entries, key=group)]


def pinyin_genindex(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """Regroup the general index page's entries (web edition and EPUB)."""
    if "genindexentries" not in context or not pagename.startswith("genindex"):
        return
    regrouped = regroup(context["genindexentries"])
    context["genindexentries"][:] = regrouped
    if "genindexcounts" in context:
        context["genindexcounts"] = [
            sum(1 + len(subitems) for _, (_, subitems, _) in entries)
            for _key, entries in regrouped
        ]


def _latex_escaped(translator: LaTeXTranslator, value: str) -> str:
    """An index entry's text as Sphinx's LaTeX writer escapes it in
    ``\\index{...}`` (``LaTeXTranslator.visit_index``'s ``escape``)."""
    value = translator.encode(value)
    value = value.replace(r"\{", r"\sphinxleftcurlybrace{}")
    value = value.replace(r"\}", r"\sphinxrightcurlybrace{}")
    value = value.replace('"', '""')
    value = value.replace("@", '"@')
    value = value.replace("!", '"!')
    return value.replace("|", r"\textbar{}")


def visit_index_latex(self: LaTeXTranslator, node: addnodes.index) -> None:
    """Sphinx's ``\\index{...}``, with a pinyin sort key for Chinese entries."""
    keys = {}
    for entry_type, value, *_rest in node["entries"]:
        try:
            parts = split_index_msg(entry_type, value)
        except ValueError:
            continue  # Sphinx's own visitor warns
        for part in parts:
            if has_han(part):
                escaped = _latex_escaped(self, part)
                # after the pinyin, "0" (before any letter): 靶点 before
                # 靶点口袋; then the entry, so that homophones stay apart
                keys[escaped] = f"{sort_key(part)} 0{escaped}"
    start = len(self.body)
    try:
        LaTeXTranslator.visit_index(self, node)
    finally:  # it raises SkipNode once written
        for number in range(start, len(self.body)):
            for escaped, key in keys.items():
                self.body[number] = (
                    self.body[number]
                    .replace(f"{{{escaped}@", f"{{{key}@")
                    .replace(f"!{escaped}@", f"!{key}@")
                )


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("html-page-context", pinyin_genindex)
    app.add_node(addnodes.index, override=True, latex=(visit_index_latex, None))
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
