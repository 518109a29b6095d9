"""The facts of an interview chapter, as the scholarly tools read them.

Citations of a paragraph, the reference-manager metadata and the Web
Annotations all name the interviewee, the original title, outlet, date and
address, and the chapter's source file.  They read them here and only here,
from the chapter's ``interview`` front matter, so that a new chapter needs
nothing but its front matter.  Inside Sphinx the mapping comes from the
environment (``interview_meta.interview_metadata``, as the interview model's
notes prescribe; ``tools.lib.interview.Interview`` reads the same mapping from
the file, for code outside a build).  A value the editors could not verify is empty
front matter; it is ``""`` here, and the tools leave it out rather than
print 未能查证 into a citation.

The edition's own facts (title, version, addresses of each language
edition) come from the configuration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tools.sphinxext.text.interview_meta import interview_metadata
from tools.sphinxext.text.turns import chapter_slug

if TYPE_CHECKING:
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

# BCP 47 tags of Sphinx's language codes (HTML lang, JSON-LD inLanguage).
LANGUAGE_TAGS = {"zh_CN": "zh-CN", "en": "en"}


@dataclass(frozen=True)
class InterviewFacts:
    """One chapter's facts; Chinese values and, where given, English ones."""

    docname: str
    slug: str
    interviewee: str
    title: str
    outlet: str
    series: str
    author: str
    published: str  # ISO date, YYYY-MM-DD, or ""
    url: str
    source: str  # the raw source text, repository-relative
    english: dict[str, str]  # key -> the ``<key>_en`` value, where given

    def en(self, key: str) -> str:
        """The English value of ``key``, or the Chinese one if none is given."""
        return self.english.get(key) or getattr(self, key)


def _text(value) -> str:
    return str(value).strip() if value not in (None, "") else ""


def chapter_facts(env: BuildEnvironment, docname: str) -> InterviewFacts | None:
    """The facts of ``docname``'s interview, or ``None`` for other pages."""
    meta = interview_metadata(env, docname)
    if meta is None:
        return None
    keys = ("interviewee", "title", "outlet", "series", "author", "url")
    published = _text(meta.get("published"))[:10]
    return InterviewFacts(
        docname=docname,
        slug=chapter_slug(docname),
        published=published,
        source=_text(meta.get("source")),
        english={k: _text(meta.get(f"{k}_en")) for k in keys if meta.get(f"{k}_en")},
        **{k: _text(meta.get(k)) for k in keys},
    )


def interview_docnames(env: BuildEnvironment) -> list[str]:
    """Every interview chapter of the book, in a stable order."""
    return sorted(d for d in env.found_docs if interview_metadata(env, d) is not None)


def edition_bases(config: Config) -> dict[str, str]:
    """The published address of every language edition (``html_baseurl`` …).

    ``conf.py`` gives each build its own ``html_baseurl`` (the English one
    ends in ``en/``); the site's root is that address less this language's
    folder (``book_languages``).
    """
    folders = config.book_languages
    base = config.html_baseurl
    here = folders.get(config.language, "")
    root = base[: -len(here) - 1] if here and base.endswith(f"{here}/") else base
    return {
        lang: f"{root}{folder}/" if folder else root for lang, folder in folders.items()
    }


def page_url(config: Config, docname: str, language: str | None = None) -> str:
    """The published address of ``docname`` in ``language`` (default: this build's)."""
    base = edition_bases(config)[language or config.language]
    return f"{base}{docname}.html"
