extensions = ["myst_parser", "tools.sphinxext.editions"]
latex_documents = [("index", "book.tex", "Book", "Editors", "manual", True)]
# zh_CN in some tests (confoverrides); Chinese search would load jieba's
# dictionary (seconds), and search is not tested here
html_search_language = "en"
