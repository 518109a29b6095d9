"""A tiny site for tests/test_page_assets.py: the book's theme and page_assets."""

extensions = ["myst_parser", "tools.sphinxext.page_assets"]
html_theme = "sphinx_book_theme"
