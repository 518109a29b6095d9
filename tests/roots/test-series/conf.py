"""A small site with a series list for tests/test_series.py: two invented
interviews, one with a chapter in the site and one known only from a source."""

extensions = ["myst_parser", "sphinxcontrib.bibtex", "tools.sphinxext.text.series"]
bibtex_bibfiles = ["refs.bib"]
language = "zh_CN"
# not Sphinx's own Chinese search (jieba), which the book does not use
html_search_language = "en"
smartquotes = False
exclude_patterns = ["_build"]
