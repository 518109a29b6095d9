"""What a pull request cannot do: read a file from outside the repository,
put raw markup or active content in a page, load anything from another
host, or hide or disguise text with invisible or look-alike characters;
and the published HTML and files checked for the same."""
