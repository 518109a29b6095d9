from tools.lib.build import LANGUAGES, ROOT

extensions = ["myst_parser", "tools.sphinxext.editions", "tools.sphinxext.translations"]
book_languages = LANGUAGES
# the book's own edition switch, shown by the tiny layout beside this file
templates_path = ["_templates", str(ROOT / "docs" / "_templates")]
# not Sphinx's own Chinese search, which is not the book's (search_zh) and,
# where jieba is installed, loads its whole dictionary in every build
html_search_language = "en"
