"""A one-interview site for the fidelity guard's character tests."""

extensions = [
    "myst_parser",
    "tools.sphinxext.text.turns",
    "tools.sphinxext.text.interview_meta",
    "tools.sphinxext.text.fidelity_check",
]
myst_enable_extensions = ["colon_fence", "attrs_block"]
language = "zh_CN"
smartquotes = False
exclude_patterns = ["_build", "sources"]
