"""The previews' data, read off invented built pages
(``tools/sphinxext/apparatus/previews.py``); the book's own data is checked in
tests/test_scholarly.py and shown in the browser in tests/test_browser_scholarly.py."""

from __future__ import annotations

from tools.sphinxext.apparatus.previews import page_previews, preview_data

GLOSSARY = """<article><dl class="simple glossary">
<dt id="term-federated-learning">联邦学习<a class="headerlink" href="#term-federated-learning">¶</a></dt>
<dd><p id="x" class="c">见 <a class="reference internal" href="interviews/a.html#p3">¶3</a>。</p></dd>
</dl></article>"""
CHAPTER = """<article>
<p class="interview-paragraph" id="p3"><span class="paranum">¶3</span>第三段的话<label class="margin-toggle">1</label><input class="margin-toggle"><span class="sidenote">一条注释</span>。</p>
<p class="interview-paragraph" id="p4">参见 <a class="reference internal" href="#p3">¶3</a>。</p>
</article>"""


def test_a_term_card_is_its_definition_with_links_from_the_root() -> None:
    found = page_previews("glossary", GLOSSARY)
    assert found["terms"] == {
        "glossary.html#term-federated-learning": {
            "term": "联邦学习",
            # no ids or classes of the page, the link from the book's root
            "html": '<p>见 <a href="interviews/a.html#p3">¶3</a>。</p>',
        }
    }
    assert found["wanted"] == ["interviews/a.html#p3"]


def test_a_paragraph_card_is_its_words_without_number_or_notes() -> None:
    pages = {
        "glossary": page_previews("glossary", GLOSSARY),
        "interviews/a": page_previews("interviews/a", CHAPTER),
    }
    # a ¶ reference on the same page needs no card: the paragraph is there
    assert pages["interviews/a"]["wanted"] == []
    assert preview_data(pages)["paragraphs"] == {"interviews/a.html#p3": "第三段的话。"}


def test_a_page_with_nothing_to_preview_is_not_read() -> None:
    assert page_previews("about", "<article><p>关于本书。</p></article>") is None
