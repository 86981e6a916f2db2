"""Use the second core: one pure function over many items, or one long job beside other work.

Worker processes are forked, so they inherit what the function needs (the
digest, thousands of articles) instead of receiving it pickled; only the
items' names go out and the results come back. Without fork, with one core
or with few items, everything runs here, in order, with the same results.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import suppress
from itertools import chain
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS = 400
"""Fewer items than this are done here: forking and collecting would cost more than they save."""
CHUNKS_PER_WORKER = 4
"""Items go out in this many slices per worker, so a slow slice does not leave a core idle."""

FORK = True
"""False runs every job in this process (for tests that watch the calls a job makes)."""
_task: tuple[Callable[[Any, Any], Any], Any] | None = None
"""The function and its shared input while `on_cores` runs; forked workers read it from here."""


def on_cores(function: Callable[[Any, Item], Result], shared: Any, items: Sequence[Item]) -> list[Result]:
    """`[function(shared, item) for item in items]`, split over every core when it pays."""
    if len(items) < MIN_ITEMS or not can_fork():
        return [function(shared, item) for item in items]
    workers = min(os.cpu_count() or 1, 8)
    global _task
    size = -(-len(items) // (workers * CHUNKS_PER_WORKER))
    slices = [items[start:start + size] for start in range(0, len(items), size)]
    _task = (function, shared)
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(chain.from_iterable(pool.map(_run_slice, slices)))
    finally:
        _task = None


def _run_slice(items: Sequence[Any]) -> list[Any]:
    assert _task is not None, "on_cores' workers are forked while a task is set"
    function, shared = _task
    return [function(shared, item) for item in items]


class Pending(Generic[Result]):
    """A job started by `in_background`; `result()` waits for it and returns (or raises) what it did."""

    def __init__(self, function: Callable[..., Result], args: tuple) -> None:
        self._function, self._args = function, args
        self._child: int | None = None
        self._receiving: int | None = None
        if can_fork_beside():
            self._fork()
        else:
            self._value = function(*args)

    def _fork(self) -> None:
        receiving, sending = os.pipe()
        child = os.fork()
        if child == 0:  # the child: do the job, send what came of it, and leave without cleaning up the parent's state
            os.close(receiving)
            try:
                message = _outcome(self._function, self._args)
                with os.fdopen(sending, "wb") as pipe:
                    pipe.write(len(message).to_bytes(8, "big") + message)
            finally:
                os._exit(0)
        os.close(sending)  # processes forked later must not hold the pipe open
        self._child, self._receiving = child, receiving

    def cancel(self) -> None:
        """Stop the job if it still runs (the build failed and will not ask for its result)."""
        if self._child is None:
            return
        with suppress(ProcessLookupError):
            os.kill(self._child, signal.SIGKILL)
        os.waitpid(self._child, 0)
        os.close(self._receiving)
        self._child = None

    def result(self) -> Result:
        """The job's result; an exception it raised is raised here."""
        if self._child is None:
            return self._value
        with os.fdopen(self._receiving, "rb") as pipe:
            size = int.from_bytes(pipe.read(8) or b"\0", "big")
            message = pipe.read(size) if size else b""
        os.waitpid(self._child, 0)
        self._child = None
        if len(message) != size or not size:
            # The child died (killed, out of memory): do the job here instead.
            self._value = self._function(*self._args)
            return self._value
        succeeded, value = pickle.loads(message)
        if not succeeded:
            raise value
        self._value = value
        return value


def in_background(function: Callable[..., Result], *args: Any) -> Pending[Result]:
    """Start `function(*args)` in a forked process, so this one can go on; see `Pending`.

    Only where fork is safe and pays: more than one core, and no other thread
    in this process (`mkdocs serve` runs some, and a fork copies none of them).
    Otherwise the job runs here, now.
    """
    return Pending(function, args)


def can_fork() -> bool:
    """Whether forked workers can share the work: more than one core, and a system that forks."""
    return FORK and (os.cpu_count() or 1) >= 2 and "fork" in multiprocessing.get_all_start_methods()


def can_fork_beside() -> bool:
    """`can_fork`, and no other thread here (`mkdocs serve` runs some), so a process may work beside this one."""
    return can_fork() and threading.active_count() == 1


def _outcome(function: Callable[..., Any], args: tuple) -> bytes:
    try:
        return pickle.dumps((True, function(*args)), pickle.HIGHEST_PROTOCOL)
    except BaseException as error:  # noqa: BLE001 (the parent raises it)
        try:
            return pickle.dumps((False, error), pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 (an exception that cannot be pickled goes as its traceback)
            return pickle.dumps((False, RuntimeError(traceback.format_exc())), pickle.HIGHEST_PROTOCOL)
