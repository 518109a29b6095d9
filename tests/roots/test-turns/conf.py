"""A tiny site for tests/test_turns.py: numbered paragraphs and their labels."""

extensions = ["myst_parser", "tools.sphinxext.turns"]
myst_enable_extensions = ["colon_fence"]
language = "zh_CN"
# Chinese search would load jieba's dictionary (seconds); search is not tested here
html_search_language = "en"
