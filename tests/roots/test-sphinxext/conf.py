"""A tiny site for tests/test_sphinxext_package.py: the book's extensions, set up."""

extensions = ["myst_parser", "sphinxcontrib.bibtex", "tools.sphinxext"]
bibtex_bibfiles = []
html_theme = "sphinx_book_theme"
