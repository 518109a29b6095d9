"""A tiny site for tests/test_published_files.py: what a pull request may publish."""

extensions = [
    "myst_parser",
    "tools.sphinxext.security.active_content",
    "tools.sphinxext.security.published_html",
    "tools.sphinxext.security.published_files",
]
myst_enable_extensions = ["colon_fence", "attrs_block"]
exclude_patterns = ["_build"]
