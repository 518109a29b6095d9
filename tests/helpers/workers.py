"""One build for every pytest-xdist worker (``nox -s tests`` runs ``-n auto``)."""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")


def shared(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], T]
) -> T:
    """``make(folder)``, once for the whole run, even with pytest-xdist.

    Alone, pytest makes a new folder ``name`` and calls ``make`` in it.  With
    ``-n``, every worker asks for the same folder in the run's temporary
    directory; the first makes it, holding a file lock, and the others wait
    for it and take what it made, so the book is built once, not per worker.
    A ``make`` that fails fails once: its message is kept beside the folder,
    and every other worker that asks fails with it at once, instead of
    building the book again.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return make(tmp_path_factory.mktemp(name))
    from filelock import FileLock

    folder = tmp_path_factory.getbasetemp().parent / name
    made = folder.with_name(f"{name}.made")
    failed = folder.with_name(f"{name}.failed")
    with FileLock(folder.with_name(f"{name}.lock")):
        if made.is_file():
            return pickle.loads(made.read_bytes())
        if failed.is_file():
            pytest.fail(failed.read_text(encoding="utf-8"), pytrace=False)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        try:
            result = make(folder)
        except BaseException as error:
            failed.write_text(
                f"{name}, made by another worker, failed: {error}", encoding="utf-8"
            )
            raise
        made.write_bytes(pickle.dumps(result))
    return result
