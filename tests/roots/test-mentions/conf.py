"""A one-interview site with a ``{mentions}`` index (its chapter and raw text
are the fidelity site's, copied in by tests/test_mentions.py)."""

extensions = [
    "myst_parser",
    "tools.sphinxext.text.turns",
    "tools.sphinxext.text.interview_meta",
    "tools.sphinxext.text.mentions",
]
myst_enable_extensions = ["colon_fence", "attrs_block"]
language = "zh_CN"
smartquotes = False
exclude_patterns = ["_build", "sources"]
