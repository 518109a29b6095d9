"""A one-interview site with a ``{mentions}`` index (its chapter and raw text
are the fidelity site's, copied in by tests/test_mentions.py)."""

extensions = [
    "myst_parser",
    "tools.sphinxext.turns",
    "tools.sphinxext.interview_meta",
    "tools.sphinxext.mentions",
]
myst_enable_extensions = ["colon_fence", "attrs_block"]
language = "zh_CN"
# not Sphinx's own Chinese search, which is not the book's (search_zh) and,
# where jieba is installed, loads its whole dictionary in every build
html_search_language = "en"
smartquotes = False
exclude_patterns = ["_build", "sources"]
