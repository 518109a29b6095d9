"""Chinese full-text search that works in the browser.

Sphinx 9.0.4's Chinese search has two faults this module mends:

* ``language_data.js`` says ``window.Stemmer = ChineseStemmer;``, a class
  that does not exist, so every query on the search page hangs
  (sphinx-doc/sphinx#14229).  Chinese search uses the English stemmer for
  Latin words, so the language is declared under that name.
* The browser splits a query on non-letters only, so ``联邦学习`` stays one
  term and matches nothing unless jieba happened to index that exact word.
  The query is segmented with ``Intl.Segmenter`` instead, and every segment
  must match, as Sphinx requires of query terms.  Single characters are
  dropped, as the index drops them (``蛋白质`` -> ``蛋白``, ``质``).

It also teaches jieba the book's own vocabulary: every Chinese glossary term
is added to jieba's dictionary before the index is written, so ``联邦学习``
and ``结合自由能`` are indexed as words.  jieba itself is loaded only when a
page is indexed, so a rebuild with nothing to do stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.search.zh import SearchChinese
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

SPLITTER = """
function splitQuery(query) {
  const segmenter = new Intl.Segmenter("zh", { granularity: "word" });
  return Array.from(segmenter.segment(query))
    .filter((part) => part.isWordLike && part.segment.length > 1)
    .map((part) => part.segment);
}
"""

_extra_words: set[str] = set()


class BookChineseSearch(SearchChinese):
    """Sphinx's Chinese search with a working stemmer name and query splitter."""

    language_name = "English"  # names the JS stemmer class: EnglishStemmer
    js_splitter_code = SPLITTER

    def __init__(self, options: dict[str, str]) -> None:
        # Defer jieba's dictionary loading to the first split().
        self._options = options
        self._ready = False
        super().__init__({"dict": ""})

    def split(self, input: str) -> list[str]:
        if not self._ready:
            import jieba

            dict_path = self._options.get("dict")
            if dict_path:
                jieba.load_userdict(dict_path)
            for word in sorted(_extra_words):
                jieba.add_word(word, freq=100000)
            self._ready = True
        return super().split(input)


def collect_glossary_words(app: Sphinx, env: BuildEnvironment) -> None:
    """Feed every Chinese glossary term to jieba's dictionary."""
    std = env.domains.standard_domain
    _extra_words.update(
        name for (kind, name) in std.objects if kind == "term" and not name.isascii()
    )


def check_jieba(app: Sphinx) -> None:
    """Refuse to build a Chinese book whose search would index no Chinese."""
    if app.builder.format != "html" or not app.config.language.startswith("zh"):
        return
    try:
        import jieba  # noqa: F401
    except ImportError:
        logger.warning(
            "jieba is not installed, so the search index would hold no Chinese "
            "words; install the 'docs' dependency group"
        )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the Chinese search language and its glossary vocabulary."""
    app.add_search_language(BookChineseSearch)
    app.connect("builder-inited", check_jieba)
    app.connect("env-updated", collect_glossary_words)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
