"""A tiny site for tests/test_turns.py: numbered paragraphs and their labels."""

extensions = ["myst_parser", "tools.sphinxext.text.turns"]
myst_enable_extensions = ["colon_fence"]
language = "zh_CN"
