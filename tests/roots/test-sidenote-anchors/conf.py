extensions = ["myst_parser", "sphinx_book_theme", "tools.sphinxext.text.stable_ids"]
html_theme = "sphinx_book_theme"
html_theme_options = {"use_sidenotes": True}
