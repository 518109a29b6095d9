"""The MyST markup the book's rules and tests look for, as patterns.

One place for each: the contribution rules (``tools/contribution_rules.py``,
``tools/lib/glossary_rules.py``) and the tests that compare a translation with
its source or the apparatus with the bibliography use these, so a change to
how the book writes a citation, a term or a cross-reference is made once.
"""

from __future__ import annotations

import re

# An annotation's definition line: ``[^label]: body``.
FOOTNOTE = re.compile(r"^\[\^(?P<label>[^\]]+)\]:\s*(?P<body>.*)$")
# A reference to an annotation: ``[^label]`` (the label is group 1).
FOOTNOTE_REF = re.compile(r"\[\^([^\]]+)\]")
# A citation, ``{cite}`key1,key2``` or ``{cite:p}`…```: the keys are group 1.
CITE = re.compile(r"\{cite(?::\w+)?\}`([^`]+)`")
# A glossary link, ``{term}`text <target>``` or ``{term}`target```: the
# target is group 1.
TERM = re.compile(r"\{term\}`(?:[^`<]*<)?([^`<>]+?)>?`")
# A cross-reference, ``{ref}``/``{doc}``: its target is group 1.
XREF = re.compile(r"\{(?:ref|doc)\}`(?:[^`<]*<)?([^`<>]+?)>?`")
# What makes a statement sourced: a citation or a cross-reference.
SOURCED = re.compile(r"\{(cite(:\w+)?|ref|doc)\}`")
# What opens an editor's remark, which needs no source.
EDITORIAL = "编者按："
# What opens a glossary entry that cites nothing because it is a general
# definition: the reader sees the mark, and the glossary rule
# (tools/lib/glossary_rules.py) requires it on exactly those entries.
GENERAL = "通用定义："
