"""Chinese text as a reader sees it: no stray spaces, every language marked.

* ``JoinChineseLines``: a line break in a source between two Chinese
  characters (a definition written over several lines, a paragraph of the
  landing page) is no space in Chinese, but docutils keeps it in the text
  and Chromium draws it as one (CSS Text 3's rule that drops such a segment
  break is not implemented there: https://crbug.com/40528045).  The line
  breaks between two Chinese characters or full-width marks are taken out of
  the doctree, in every edition, across inline markup (``。\\n{term}`…```).
  The interview's paragraphs hold no line breaks, so their text is untouched.
* ``mark_languages`` (HTML and EPUB): every run of Chinese on a page of a
  translation becomes ``<span lang="zh-CN">`` (docutils writes a
  ``language-<tag>`` class as the ``lang`` attribute), so that the style's
  font stack for Chinese (``docs/_static/book.css``) draws it in a
  simplified-Chinese face, and screen readers read it as Chinese; on the
  Chinese pages, English (a title, a name: several words, or one such as
  AlphaFold2 or Feynman, not an acronym such as AI) becomes
  ``<span lang="en">``.  The general index, written by Sphinx's template,
  gets the same marks on its entries (``mark_index_entries``); its group
  headings are the Latin initials of the entries' pinyin or English, in
  both editions, and stay unmarked.
* The book theme writes a note's marker with line breaks inside its
  ``<label>`` (``sphinx_book_theme/nodes.py``), which Chromium draws as a
  space on either side of the marker ("那么大， 注26 有很多"); the same markup
  is written here without them, and names a note in the edition's language
  (``data-note-label``, from the extensions' catalogue: 注, Note).
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from docutils import nodes
from markupsafe import Markup
from sphinx.transforms import SphinxTransform

from tools.lib import languages
from tools.lib.build import ORIGINAL
from tools.sphinxext.plumbing.messages import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Chinese characters and the full-width marks set between them (、。《》“” …).
WIDE_CHARS = (
    f"{HAN_CHARS}\u3000-\u303f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026"
)
# A line break (with the indentation around it) between two wide characters.
LINE_BREAK = re.compile(f"(?<=[{WIDE_CHARS}])[ \t]*\n\\s*(?=[{WIDE_CHARS}])")
# A run of Chinese: Chinese characters and full-width marks, and Latin letters
# or digits between them without a space (《AI制药十人谈》, 2018年 is two runs).
WIDE = f"[{HAN_CHARS}\u3000-\u303f\uff00-\uffef]"
CHINESE_RUN = re.compile(f"{WIDE}+(?:[A-Za-z0-9.+\\-]+{WIDE}+)*")
HAN = re.compile(f"[{HAN_CHARS}]")
# English words in the Chinese text: a title, a name (several words in a
# row, or one: AlphaFold2, Schrödinger, DrugFlow1.0, Pharma.AI); not the
# letters inside a name joined by an underscore (MODEL_LICENSE) or a
# commit's hexadecimal name (0051e5fa…).
LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
# (a letter's accent may follow it as a combining mark: Jime\u0301nez)
_WORD = f"[{LATIN}][{LATIN}\u0300-\u036f0-9'’\\-]*(?:\\.[{LATIN}0-9]+)*"
ENGLISH_RUN = re.compile(
    f"(?<![{LATIN}0-9_.])"
    f"{_WORD}(?:[ ,:&/\\-]+(?:of |and |the |in |for |on )*{_WORD})*"
    f"(?![{LATIN}\u0300-\u036f0-9_])"
)
# A link's text that is its address (https://…, doi:10.…): not English.
ADDRESS = re.compile(r"\s*[a-z][a-z0-9+.\-]*:\S+\s*")
# Text that is shown as it is written: code, and what a run never enters.
VERBATIM = (nodes.FixedTextElement, nodes.literal, nodes.raw, nodes.math)


def _block_texts(document: nodes.document):
    """Each outermost text element and the text nodes it holds, in order."""
    for element in document.findall(nodes.TextElement):
        if isinstance(element.parent, nodes.TextElement):
            continue
        if isinstance(element, VERBATIM):
            continue
        texts = [
            text
            for text in element.findall(nodes.Text)
            if not any(isinstance(a, VERBATIM) for a in _ancestors(text, element))
        ]
        if texts:
            yield element, texts


def _ancestors(node: nodes.Node, stop: nodes.Node):
    node = node.parent
    while node is not None and node is not stop:
        yield node
        node = node.parent


def _index(parent: nodes.Element, child: nodes.Node) -> int:
    """Where ``child`` is in ``parent``: by identity (``Element.index``
    compares, and two text nodes with the same text are equal)."""
    return next(i for i, c in enumerate(parent.children) if c is child)


def join_chinese_lines(document: nodes.document) -> None:
    """Take out of ``document`` every line break between two wide characters."""
    for _element, texts in _block_texts(document):
        joined = "".join(texts)
        if "\n" not in joined:
            continue
        cut = [m.span() for m in LINE_BREAK.finditer(joined)]
        if not cut:
            continue
        start = 0
        for text in texts:
            end = start + len(text)
            keep = [
                ch
                for index, ch in enumerate(str(text), start)
                if not any(a <= index < b for a, b in cut)
            ]
            if len(keep) != len(text):
                parent = text.parent
                parent[_index(parent, text)] = nodes.Text("".join(keep))
            start = end


class JoinChineseLines(SphinxTransform):
    """Line breaks between Chinese characters are no spaces (every builder)."""

    default_priority = 790  # after translation (20) has put in the words

    def apply(self, **kwargs) -> None:
        join_chinese_lines(self.document)


def _marked(node: nodes.Node) -> bool:
    """Whether ``node`` is inside a run already marked with a language."""
    while node is not None:
        if isinstance(node, nodes.Element) and any(
            str(c).startswith("language-") for c in node["classes"]
        ):
            return True
        node = node.parent
    return False


def _merge_texts(document: nodes.document) -> None:
    """Join text nodes that follow one another (a name that a bibliography
    style wrote in pieces, "Jim" "é" "nez"), so that a run is found whole."""
    for element in document.findall(nodes.Element):
        children = element.children
        if not any(
            isinstance(a, nodes.Text) and isinstance(b, nodes.Text)
            for a, b in itertools.pairwise(children)
        ):
            continue
        merged: list[nodes.Node] = []
        for child in children:
            if (
                merged
                and isinstance(child, nodes.Text)
                and isinstance(merged[-1], nodes.Text)
            ):
                merged[-1] = nodes.Text(str(merged[-1]) + str(child))
            else:
                merged.append(child)
        element[:] = merged


def mark_runs(document: nodes.document, pattern: re.Pattern, tag: str) -> None:
    """Wrap each run of ``pattern`` in ``document``'s text in a ``lang`` span."""
    wanted = f"language-{tag}"
    _merge_texts(document)
    for _element, texts in list(_block_texts(document)):
        for text in texts:
            if text.parent is None:  # a block inside a block: already done
                continue
            if tag == "en" and ADDRESS.fullmatch(text):
                continue
            value = str(text)
            found = [m for m in pattern.finditer(value) if _worth(m.group(), tag)]
            if not found or _marked(text.parent):
                continue
            pieces: list[nodes.Node] = []
            at = 0
            for match in found:
                if match.start() > at:
                    pieces.append(nodes.Text(value[at : match.start()]))
                pieces.append(
                    nodes.inline(match.group(), match.group(), classes=[wanted])
                )
                at = match.end()
            if at < len(value):
                pieces.append(nodes.Text(value[at:]))
            parent = text.parent
            index = _index(parent, text)
            parent[index : index + 1] = pieces


def _worth(run: str, tag: str) -> bool:
    """Whether a run is worth its ``lang``: Chinese that has a character;
    English of several words, or one word of three letters or more with a
    small letter in it (a name or a word, AlphaFold, Feynman) — not an
    acronym or a unit (AI, DNA, nM), which Chinese text uses as its own."""
    if tag.startswith("zh"):
        return bool(HAN.search(run))
    return " " in run or (
        sum(c.isalpha() for c in run) >= 3 and any(c.islower() for c in run)
    )


def mark_languages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Mark the runs of the page's other language with their ``lang``.

    When the page is resolved, after the pages that are made then (the index
    of people, ``mentions``) are complete; for the web edition and the EPUB.
    """
    if app.builder.format != "html":
        return
    language = app.config.language
    if language == ORIGINAL:
        mark_runs(doctree, ENGLISH_RUN, "en")
    elif language in languages.BY_CODE:
        mark_runs(doctree, CHINESE_RUN, languages.get(ORIGINAL).tag)  # zh-CN


def mark_index_entries(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """The entries of the other language in the index page marked with it:
    the Chinese entries of a translation's index ``zh-CN``, the English
    entries of the Chinese index ``en``.

    The index is written by Sphinx's template, not from a doctree; an entry
    that is Markup is written as it is (the template escapes only strings).
    """
    entries = context.get("genindexentries")
    language = app.config.language
    if not entries or language not in languages.BY_CODE:
        return
    if language == ORIGINAL:
        pattern, tag = ENGLISH_RUN, "en"
    else:
        pattern, tag = CHINESE_RUN, languages.get(ORIGINAL).tag

    def marked(name: str) -> str:
        found = [m for m in pattern.finditer(name) if _worth(m.group(), tag)]
        if not found:
            return name
        out, at = Markup(), 0
        for match in found:
            out += name[at : match.start()]
            out += Markup('<span lang="{}">{}</span>').format(tag, match.group())
            at = match.end()
        return out + name[at:]

    context["genindexentries"] = [
        (
            key,
            [
                (
                    marked(name),
                    (links, [(marked(sub), sublinks) for sub, sublinks in subitems], k),
                )
                for name, (links, subitems, k) in group
            ],
        )
        for key, group in entries
    ]


# --- the note markers, without the theme's line breaks


def visit_sidenote(self, node: nodes.Element) -> None:
    """``sphinx_book_theme.nodes.visit_SideNoteNode`` and its number with no
    whitespace; the number says in ``data-note-label`` how the edition
    names a note, for the style to show before it (``注``, ``Note``)."""
    # escaped, in double quotes (attval leaves a single quote as it is)
    tagid = self.attval(node.attributes["names"][0])
    if "marginnote" in tagid:
        self.body.append(
            f'<label for="{tagid}" class="margin-toggle marginnote-label">'
        )
        return
    self.body.append(f'<label for="{tagid}" class="margin-toggle">')
    self.body.append(self.starttag(node, "span", ""))
    word = self.attval(str(_("Note ")))
    self.body.append(
        f'<sup data-note-label="{word}">{self.encode(node.astext())}</sup>'
    )
    self.body.append("</span>")
    close_sidenote(self, tagid)
    raise nodes.SkipNode


def depart_sidenote(self, node: nodes.Element) -> None:
    """A margin note's marker (a note's is closed by ``visit_sidenote``)."""
    close_sidenote(self, self.attval(node.attributes["names"][0]))


def close_sidenote(self, tagid: str) -> None:
    """The marker's checkbox; ``tagid`` is escaped for an attribute."""
    self.body.append("</label>")
    self.body.append(
        f'<input type="checkbox" id="{tagid}" name="{tagid}" class="margin-toggle">'
    )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the transforms and the theme's note markers without spaces."""
    from sphinx_book_theme.nodes import SideNoteNode

    app.setup_extension(
        "tools.sphinxext.plumbing.messages"
    )  # the word before a note's number

    app.add_transform(JoinChineseLines)
    # after every other handler has put its text into the page
    app.connect("doctree-resolved", mark_languages, priority=900)
    # the marks are HTML: whatever reads the entries' text (index_pinyin's
    # pinyin order) comes first
    app.connect("html-page-context", mark_index_entries, priority=900)
    app.add_node(SideNoteNode, override=True, html=(visit_sidenote, depart_sidenote))
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
