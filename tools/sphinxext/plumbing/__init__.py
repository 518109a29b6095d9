"""The build's own machinery: the extensions' words in each language, what
a rebuild must re-read, the speed patches behind one switch, and the
written pages read back once a build has written them."""
