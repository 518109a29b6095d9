"""A tiny Chinese site for tests/test_search_zh.py: a user dictionary and a
glossary, each with a word the segmenter's own dictionary splits and no other
site teaches it (rjieba keeps what it learns for the whole process)."""

from pathlib import Path

extensions = ["tools.sphinxext.search_zh"]
language = "zh_CN"
html_search_options = {"dict": str(Path(__file__).parent / "words.txt")}
