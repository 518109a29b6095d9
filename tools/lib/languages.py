"""The language editions of the book: one record per language.

Everything that differs by language and is not a word of the interface is
here: Sphinx's language code, the folder of the web site that holds the
edition, its BCP 47 tag (``hreflang``, ``lang``, the EPUB's and PDF's
language) and how the edition names itself in the language switch.  The
interface words are in the extensions' message catalogue
(``tools/sphinxext/locale/``) and the PDF's title page in
``tools/latex/booktexts.toml``; a new language is one record here, one
catalogue there and one table in that file.  Standard library only: the
noxfile and ``tools.contribution_rules`` import it without Sphinx.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """One language edition of the book."""

    code: str  # Sphinx's language code (``-D language=…``, locales/<code>/)
    folder: str  # where the web edition lives in the site ("" is its root)
    tag: str  # BCP 47: hreflang, lang, epub_language, the PDF's /Lang
    label: str  # how the edition names itself in the switch, in its own words
    latex: str  # \booklanguage: the typography of tools/latex/aipharmabook.sty


# The original first.
ALL = (
    Language(code="zh_CN", folder="", tag="zh-CN", label="中文", latex="zh"),
    Language(code="en", folder="en", tag="en", label="English", latex="en"),
)
ORIGINAL = ALL[0]
BY_CODE = {language.code: language for language in ALL}


def get(code: str) -> Language:
    """The record of the edition whose Sphinx language code is ``code``."""
    return BY_CODE[code]
