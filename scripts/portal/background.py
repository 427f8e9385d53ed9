"""Work that needs only the catalog, done on another CPU core while MkDocs builds the pages.

MkDocs renders pages on one core. The citation files, feeds and open data need only the checked
catalog, not the built pages, so a forked copy of the build process writes them into the site
while MkDocs renders its pages next to them (they never share a file name).

Forking shares the loaded catalog with the child without copying or pickling it. A process that
runs other threads (`mkdocs serve`'s web server and file watcher) must not fork: a lock held by
one of them at that moment stays locked in the child. There the work runs at once, in the
build's own process, and gives the same files.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor

_job: tuple | None = None  # what the forked child runs; set just before the fork


def _run_job():
    function, args = _job
    return function(*args)


class Job:
    """`function(*args)`, started now: in a forked process when that is safe, else at once."""

    def __init__(self, function: Callable, *args, fork: bool = True):
        if fork and _fork_is_safe():
            global _job
            _job = (function, args)
            pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
            self._future = pool.submit(_run_job)  # the child is forked here, with _job set
            _job = None
            pool.shutdown(wait=False)  # the pool ends with this one task
        else:
            self._future = Future()
            self._future.set_result(function(*args))

    def result(self):
        """Wait for the job and return its result, or raise its exception."""
        return self._future.result()


def _fork_is_safe() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1
