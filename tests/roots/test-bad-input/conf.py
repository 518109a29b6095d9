"""A small site for tests/test_bad_input.py: the book's rules for its input.

The book's own reading extensions, with the book's MyST, bibliography and
strictness settings; each test breaks one file of a copy in one way.
"""

extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "tools.sphinxext.text.turns",
    "tools.sphinxext.text.interview_meta",
    "tools.sphinxext.text.fidelity_check",
    "tools.sphinxext.text.stable_ids",
    "tools.sphinxext.apparatus.bib_check",
    "tools.sphinxext.security.active_content",
]
myst_enable_extensions = ["colon_fence", "attrs_block", "deflist"]
myst_heading_anchors = 0
myst_footnote_transition = True
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"
language = "zh_CN"
smartquotes = False
nitpicky = True
exclude_patterns = ["_build", "sources"]
