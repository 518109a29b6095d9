"""A tiny site for tests/test_sphinx_internals.py: one page with an index entry."""

extensions = ["myst_parser"]
