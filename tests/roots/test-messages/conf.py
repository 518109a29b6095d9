from tools.lib.build import LANGUAGES, ROOT

extensions = [
    "myst_parser",
    "tools.sphinxext.editions.editions",
    "tools.sphinxext.reader.translations",
]
book_languages = LANGUAGES
# the book's own edition switch, shown by the tiny layout beside this file
templates_path = ["_templates", str(ROOT / "docs" / "_templates")]
