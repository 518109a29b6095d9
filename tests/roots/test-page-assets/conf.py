"""A tiny site for tests/test_page_assets.py: the book's theme and page_assets."""

extensions = ["myst_parser", "tools.sphinxext.reader.page_assets"]
html_theme = "sphinx_book_theme"
