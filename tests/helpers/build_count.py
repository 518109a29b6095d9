"""How many times a test run builds the whole test book (issue 25, item 6).

The helpers that start a Sphinx build in a process of its own note it here
(``note``): ``run_sphinx`` (tests/helpers/book.py) and ``sphinx``
(tests/helpers/rebuild.py), through which every whole-book build of the
suite is started.  A build is of the *whole book* when its source folder is
a book whose ``docs/interviews/`` holds a chapter of the real book (the test
book or a copy of it), not only fixture chapters as the small test book
does; a build whose doctrees folder already held a pickled environment is
counted as a rebuild.  Not counted: the Sphinx applications a test makes in
its own process (``tools/check.py``'s reads of a book, in test_check,
test_gettext_format and test_translation; ``sphinx.testing``'s tiny sites),
and the builds a test starts itself (sphinx-autobuild's of the small test
book, the tiny sites of test_incremental and test_releases).

Each pytest-xdist worker sends its list to the controller at its end
(``workeroutput``, tests/conftest.py), which prints the run's summary.  With
``BOOK_BUILD_LOG`` set to a file name, every noted build is also appended
to that file, one JSON object a line.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

LOG = "BOOK_BUILD_LOG"
# The builds noted in this process (a worker's, or the whole run's).
BUILDS: list[dict] = []


def note(root: Path, doctrees: Path, builder: str, language: str) -> None:
    """Note a Sphinx build of the book in ``root`` about to start."""
    from tests.helpers.book import real_slugs

    build = {
        "whole_book": any(
            (root / "docs" / "interviews" / f"{slug}.md").is_file()
            for slug in real_slugs()
        ),
        "builder": builder,
        "language": language,
        "rebuild": (doctrees / "environment.pickle").is_file(),
        "root": str(root),
        "test": os.environ.get("PYTEST_CURRENT_TEST", "").rpartition(" ")[0],
    }
    BUILDS.append(build)
    log = os.environ.get(LOG)
    if log:
        with open(log, "a", encoding="utf-8") as file:
            file.write(json.dumps(build) + "\n")


def summary(builds: list[dict]) -> list[str]:
    """The lines the run's summary prints about ``builds``."""
    whole = [b for b in builds if b["whole_book"]]
    clean = [b for b in whole if not b["rebuild"]]
    kinds = Counter(f"{b['builder']}/{b['language']}" for b in clean)
    lines = [
        f"Whole-book Sphinx builds: {len(clean)} from clean"
        + (
            f" ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))})"
            * bool(kinds)
        )
        + f", {len(whole) - len(clean)} incremental rebuilds; "
        f"{len(builds) - len(whole)} of smaller books "
        "(counted: those started by tests/helpers/book.py run_sphinx and "
        "rebuild.py sphinx; not counted: tools/check.py's in-process reads, "
        "sphinx.testing's sites, sphinx-autobuild)"
    ]
    tests = Counter(b["test"].split("::")[0] for b in clean)
    if tests:
        lines.append(
            "  clean whole-book builds by test file: "
            + ", ".join(f"{k or '(fixture)'} {n}" for k, n in sorted(tests.items()))
        )
    if os.environ.get(LOG):
        lines.append(f"  (every build listed in {os.environ[LOG]})")
    return lines
