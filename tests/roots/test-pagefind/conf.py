"""A tiny site for tests/test_pagefind_bundle.py: the book's Pagefind bundle,
which reads the book theme's article."""

extensions = ["myst_parser", "tools.sphinxext.search.pagefind_search"]
html_theme = "sphinx_book_theme"
