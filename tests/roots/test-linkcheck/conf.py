"""A tiny book for tests/test_linkcheck.py, checked with the book's settings."""

from tools.lib.linkcheck_config import *  # noqa: F403 (the settings under test)

extensions = ["myst_parser"]
