"""A one-page site for the rebuild after a change to the book's code."""

extensions = ["myst_parser", "tools.sphinxext.plumbing.incremental"]
