"""A tiny site for tests/test_sitemap.py: three pages and the sitemap."""

extensions = ["tools.sphinxext.editions.sitemap"]
html_baseurl = "https://example.org/book/"
sitemap_excludes = ["search.html", "draft.html"]
