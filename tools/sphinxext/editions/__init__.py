"""The editions and what they are published with: the PDF and EPUB builds
and the web edition's links to them, what Sphinx's EPUB builder leaves out,
the edition a build is (its tag, version switcher and history) and
``sitemap.xml``."""
