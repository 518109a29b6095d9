extensions = ["myst_parser", "tools.sphinxext.editions"]
latex_documents = [("index", "book.tex", "Book", "Editors", "manual", True)]
# Some tests build it in zh_CN (confoverrides); then
# not Sphinx's own Chinese search, which is not the book's (search_zh) and,
# where jieba is installed, loads its whole dictionary in every build
html_search_language = "en"
