"""The library the commands and the Sphinx extensions share; nothing here is run.

* ``interview`` — a chapter of the book: front matter, turns, paragraphs;
* ``rawtext`` — the documented rules from a scraped raw source to the text;
* ``raw_sources`` — the table of raw sources and their checksums;
* ``fidelity`` — the fidelity guard: the edition's text is the source's;
* ``textfile`` — a contributor's file read, or one line saying what is wrong;
* ``confine`` — the paths a pull request may make the book read;
* ``markup`` — the MyST markup the rules look for, as patterns;
* ``glossary_rules``, ``link_rules`` — contribution rules, line by line;
* ``languages`` — one record per language edition;
* ``build`` — how sphinx-build is run for each edition;
* ``problems`` — Sphinx's warnings as ``file:line: what is wrong; what to do``;
* ``linkcheck_config`` — Sphinx's linkcheck settings, each with its reason;
* ``loopback`` — a built book served on 127.0.0.1, and Debian's headless Chromium;
* ``bench_series`` — a synthetic book of N interviews for the bench.
"""
