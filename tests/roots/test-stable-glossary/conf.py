extensions = ["myst_parser", "tools.sphinxext.stable_ids"]
myst_heading_anchors = 0
