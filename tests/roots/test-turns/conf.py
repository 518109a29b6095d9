"""A tiny site for tests/test_turns.py: numbered paragraphs and their labels."""

extensions = ["myst_parser", "tools.sphinxext.turns"]
myst_enable_extensions = ["colon_fence"]
language = "zh_CN"
# not Sphinx's own Chinese search, which is not the book's (search_zh) and,
# where jieba is installed, loads its whole dictionary in every build
html_search_language = "en"
