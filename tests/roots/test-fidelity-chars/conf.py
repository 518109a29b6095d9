"""A one-interview site for the fidelity guard's character tests."""

extensions = [
    "myst_parser",
    "tools.sphinxext.turns",
    "tools.sphinxext.interview_meta",
    "tools.sphinxext.fidelity_check",
]
myst_enable_extensions = ["colon_fence", "attrs_block"]
language = "zh_CN"
# not Sphinx's own Chinese search, which is not the book's (search_zh) and,
# where jieba is installed, loads its whole dictionary in every build
html_search_language = "en"
smartquotes = False
exclude_patterns = ["_build", "sources"]
