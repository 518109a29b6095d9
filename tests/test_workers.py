"""The test book shared by pytest-xdist's workers (tests/helpers/workers.py)."""

from __future__ import annotations

import shutil
import uuid

import pytest

from tests.helpers.workers import shared


@pytest.fixture
def as_a_worker(monkeypatch, tmp_path_factory):
    """Run ``shared`` as an xdist worker does; a name of its own, removed after."""
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    name = f"shared-test-{uuid.uuid4().hex}"
    yield name
    for path in tmp_path_factory.getbasetemp().parent.glob(f"{name}*"):
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def test_what_one_worker_made_the_others_take(tmp_path_factory, as_a_worker) -> None:
    made = []

    def make(folder):
        made.append(folder)
        return str(folder)

    first = shared(tmp_path_factory, as_a_worker, make)
    assert shared(tmp_path_factory, as_a_worker, make) == first
    assert len(made) == 1


def test_a_failed_build_fails_the_other_workers_at_once(
    tmp_path_factory, as_a_worker
) -> None:
    tries = []

    def make(folder):
        tries.append(folder)
        raise RuntimeError("the book does not build")

    with pytest.raises(RuntimeError):
        shared(tmp_path_factory, as_a_worker, make)
    with pytest.raises(pytest.fail.Exception, match="the book does not build"):
        shared(tmp_path_factory, as_a_worker, make)
    assert len(tries) == 1
