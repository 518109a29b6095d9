"""The interview's text and its paragraphs: turns and numbered paragraphs,
the source card and status of a chapter, Chinese text as readers see it,
the guards that nothing edits or hides the interview's words, stable ids,
the index of mentions and the series' data."""
