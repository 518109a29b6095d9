extensions = [
    "myst_parser",
    "tools.sphinxext.text.turns",
    "tools.sphinxext.text.interview_status",
]
myst_enable_extensions = ["colon_fence", "attrs_block"]
language = "en"  # zh_CN in some tests (confoverrides)
locale_dirs = ["locales"]
gettext_compact = False
