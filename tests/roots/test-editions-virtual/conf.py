extensions = ["myst_parser", "tools.sphinxext.editions.editions"]
latex_documents = [("index", "book.tex", "Book", "Editors", "manual", True)]
