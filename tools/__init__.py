"""The book's code, in three layers.

* ``tools/*.py`` — the commands, each run as ``python -m tools.<name>`` (by a
  contributor, an editor or a nox session): ``import_interview``,
  ``raw_sources``, ``fidelity``, ``contribution_rules``, ``check``,
  ``gettext_update``, ``check_site``, ``linkcheck``, ``icons``, ``cover``,
  ``publish_editions``, ``bench``.  Each has ``--help``.  A command's
  own checks may live in it (``check_site``, ``contribution_rules``); what
  another layer needs lives in the library.
* ``tools/lib/`` — the library, imported and never run: the interview
  model, the raw-text rules, the fidelity guard, the glossary and link
  rules, how the book is built, the language records (``tools/lib/__init__.py``
  lists them).  It imports neither a command nor an extension.
* ``tools/sphinxext/`` — the Sphinx extensions, which ``conf.py`` loads as one,
  in one subpackage per concern (``text/``, ``apparatus/``, ``reader/``,
  ``search/``, ``editions/``, ``security/``, ``plumbing/``);
  ``tools/sphinxext/__init__.py`` is their map, with the orders and
  priorities that matter.  They use the library, never a command.

``tests/test_repository.py`` keeps the layers apart.  Beside them:
``latex/`` (the PDF's style and title-page texts, the EPUB's covers),
``debian-packages.txt`` (what ``.ci/run`` installs), ``actionlint.mjs`` (run
by ``nox -s lint``), ``trim_css.mjs`` (run by ``nox -s html`` on the written
site) and
``refuse-build-state.sh`` (run by ``.ci/run`` before anything is installed).
"""
