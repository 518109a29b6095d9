"""What a reader's browser gets besides the text: the ¶ number's actions,
accessible markup, deferred scripts, links to the other language and, in
the live preview, the build's problems over the page."""
