extensions = [
    "myst_parser",
    "tools.sphinxext.turns",
    "tools.sphinxext.interview_status",
]
myst_enable_extensions = ["colon_fence", "attrs_block"]
language = "en"  # zh_CN in some tests (confoverrides)
# not Sphinx's own Chinese search, which is not the book's (search_zh) and,
# where jieba is installed, loads its whole dictionary in every build
html_search_language = "en"
locale_dirs = ["locales"]
gettext_compact = False
