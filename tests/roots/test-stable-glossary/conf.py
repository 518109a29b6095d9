extensions = ["myst_parser", "tools.sphinxext.text.stable_ids"]
myst_heading_anchors = 0
