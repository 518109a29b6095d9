#!/bin/sh
# Fail if the repository tracks build state that a tool would load and run:
# nox reuses environments in .nox/ (running their python), Sphinx unpickles
# build/doctrees/*.pickle and *.doctree, npm runs what node_modules/ holds,
# and a committed .mo would be read instead of the .po the checks read.
# A pull request that adds any of them is refused before nox or Sphinx start
# (SECURITY.md).  Run from the repository's root.
set -eu
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "refuse-build-state: not a git work tree (or git missing); nothing checked" >&2
  exit 0
fi
found=$(git ls-files -- .nox build node_modules '*.pickle' '*.doctree' '*.pyc' '*.mo')
if [ -n "$found" ]; then
  echo "refuse-build-state: these files must not be committed (SECURITY.md):" >&2
  echo "$found" | sed 's/^/  /' >&2
  echo "remove them with 'git rm --cached' and commit again" >&2
  exit 1
fi
