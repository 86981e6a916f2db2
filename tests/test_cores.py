"""Work on the second core gives what the same work gives in this process."""

from __future__ import annotations

import os

import pytest

import builder.incremental.cores
from builder.incremental.cores import in_background, on_cores


@pytest.fixture
def two_cores(monkeypatch):
    monkeypatch.setattr(builder.incremental.cores.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(builder.incremental.cores, "MIN_ITEMS", 2)
    monkeypatch.setattr(builder.incremental.cores.threading, "active_count", lambda: 1)  # earlier tests may leave threads


def _square_with_pid(offset: int, item: int) -> tuple[int, int]:
    return item * item + offset, os.getpid()


def test_on_cores_returns_every_result_in_order_from_other_processes(two_cores):
    results = on_cores(_square_with_pid, 1, list(range(50)))
    assert [value for value, _ in results] == [item * item + 1 for item in range(50)]
    assert os.getpid() not in {pid for _, pid in results}


def test_few_items_are_done_here(monkeypatch):
    monkeypatch.setattr(builder.incremental.cores.os, "cpu_count", lambda: 2)
    results = on_cores(_square_with_pid, 0, [3, 4])
    assert results == [(9, os.getpid()), (16, os.getpid())]


def test_a_background_job_runs_in_another_process(two_cores):
    job = in_background(os.getpid)
    assert job.result() != os.getpid()


def _fail(message: str) -> None:
    raise ValueError(message)


def test_a_background_job_raises_its_error_here(two_cores):
    job = in_background(_fail, "bad input")
    with pytest.raises(ValueError, match="bad input"):
        job.result()


def _die_unless_in(parent: int) -> str:
    if os.getpid() != parent:
        os._exit(3)  # as if killed, out of memory
    return "done here"


def test_a_background_job_whose_process_dies_is_done_here(two_cores):
    assert in_background(_die_unless_in, os.getpid()).result() == "done here"


def test_without_fork_the_job_runs_at_once(monkeypatch):
    monkeypatch.setattr(builder.incremental.cores, "FORK", False)
    job = in_background(os.getpid)
    assert job.result() == os.getpid()


def _sleep() -> None:
    import time

    time.sleep(60)


def test_a_cancelled_job_stops(two_cores):
    job = in_background(_sleep)
    child = job._child
    assert child is not None
    job.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(child, 0)  # already reaped: it is gone
