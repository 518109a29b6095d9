"""A tiny site for tests/test_a11y.py: citations, in two runs."""

extensions = ["tools.sphinxext.reader.a11y"]
