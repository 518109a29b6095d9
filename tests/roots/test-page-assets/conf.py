"""A tiny site for tests/test_page_assets.py: the book's theme and page_assets."""

extensions = ["myst_parser", "tools.sphinxext.page_assets"]
html_theme = "sphinx_book_theme"
# not Sphinx's own Chinese search, which is not the book's (search_zh) and,
# where jieba is installed, loads its whole dictionary in every build
html_search_language = "en"
