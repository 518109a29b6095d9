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

The pages are segmented by rjieba (jieba-rs, jieba's algorithm and
dictionary in Rust) instead of jieba: jieba spends 0.6 to 1.2 s loading its
dictionary in every build that indexes a page, most of the cost of
rebuilding after one edit; rjieba loads it in about 0.1 s.  On every line of
the book the two give the same Chinese words (``cut_for_search`` with
HMM, the book's dictionary added); of other tokens rjieba keeps some that
jieba splits (``AI-driven``, ``2023-09-22``), which adds terms to the index
and takes none away, since Sphinx indexes the Latin words on their own too.

It also teaches the segmenter the book's own vocabulary: the words of
``html_search_options["dict"]`` (jieba's user-dictionary format) and every
Chinese glossary term are added before the index is written, so ``联邦学习``
and ``结合自由能`` are indexed as words.  The segmenter is set up only when a
page is indexed, so a rebuild with nothing to do does not pay for it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
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
GLOSSARY_FREQ = 100000  # high enough that a glossary term is always one word


class BookChineseSearch(SearchChinese):
    """Sphinx's Chinese search with a working stemmer name and query splitter."""

    language_name = "English"  # names the JS stemmer class: EnglishStemmer
    js_splitter_code = SPLITTER

    def __init__(self, options: dict[str, str]) -> None:
        # The segmenter is set up at the first split(); Sphinx's own
        # __init__ would load the dictionary into jieba, so it gets none.
        self._options = options
        self._segmenter = None
        super().__init__({"dict": ""})

    def segmenter(self):
        """rjieba, with the book's dictionary and glossary terms added.

        Its module's own instance: importing rjieba loads the dictionary
        into it, so a second instance would load it twice.  Adding a word
        again (another build in the same process) changes nothing.
        """
        if self._segmenter is None:
            import rjieba

            if dict_path := self._options.get("dict"):
                for word, freq, tag in user_words(Path(dict_path)):
                    rjieba.add_word(word, freq, tag)
            for word in sorted(_extra_words):
                rjieba.add_word(word, GLOSSARY_FREQ, None)
            self._segmenter = rjieba
        return self._segmenter

    def split(self, input: str) -> list[str]:
        chinese = self.segmenter().cut_for_search(input, True)
        latin1 = [term.strip() for term in self.latin1_letters.findall(input)]
        self.latin_terms.update(latin1)
        return chinese + latin1


def user_words(path: Path) -> list[tuple[str, int | None, str | None]]:
    """(word, frequency, tag) of each line of a jieba user dictionary."""
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        words.append((parts[0], freq, parts[-1] if len(parts) > 2 else None))
    return words


def collect_glossary_words(app: Sphinx, env: BuildEnvironment) -> None:
    """Feed every Chinese glossary term to the segmenter's dictionary."""
    std = env.domains.standard_domain
    _extra_words.update(
        name for (kind, name) in std.objects if kind == "term" and not name.isascii()
    )


def check_segmenter(app: Sphinx) -> None:
    """Refuse to build a Chinese book whose search would index no Chinese."""
    if app.builder.format != "html" or not app.config.language.startswith("zh"):
        return
    # Found, not imported: importing rjieba loads its dictionary, which only a
    # build that indexes a page needs.
    if importlib.util.find_spec("rjieba") is None:
        logger.warning(
            "rjieba is not installed, so the search index would hold no Chinese "
            "words; install the 'docs' dependency group"
        )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the Chinese search language and its glossary vocabulary."""
    app.add_search_language(BookChineseSearch)
    app.connect("builder-inited", check_segmenter)
    app.connect("env-updated", collect_glossary_words)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
