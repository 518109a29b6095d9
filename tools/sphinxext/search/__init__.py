"""The book's one search engine: Pagefind, paragraph-precise, and its
search page (Sphinx's own indexer is off)."""
