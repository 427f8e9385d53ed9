"""Work spread over a second CPU core: MkDocs itself builds pages on one.

Two uses. Checking the practices and rendering their pages are one independent task per file
or page: a forked child does half of them while the build process does the other half. And the
citation files, redirects, feeds and open data need only the checked catalog, not the built
pages: a forked child writes them into the site while MkDocs renders its pages next to them
(they never share a file name).

Forking shares the loaded catalog with the child without copying or pickling it; only the
child's result comes back pickled. A process that runs threads other than ours (`mkdocs
serve`'s web server and file watcher) must not fork: a lock held by one of them at that moment
stays locked in the child. There the work is done at once, in the build's own process, and
gives the same result.

A child never outlives the build: on Linux the kernel kills it (SIGKILL) as soon as the build's
process dies, even by `kill -9`, when nothing of the build runs to clean up (before, a killed
build left its writer waiting on a pipe forever, writing into the site when it could).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

# Below this many items, forking costs more than the half it saves.
MIN_PARALLEL = 64

_job: tuple | None = None  # what the forked child runs; set just before the fork
# Whether work may go to a second core: chosen once, at start-up, by the hooks (see choose).
_second_core = True

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _load_prctl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


# Looked up once, before any fork: a child calls it between fork and exec, where loading a
# library is unsafe.
_prctl = _load_prctl()


def die_with_parent(parent_pid: int) -> None:
    """In a freshly forked child: be killed when the parent process dies. The signal is sent
    when the thread that forked exits, so fork from the main thread (Job and Popen here do).
    Kept across exec, so a program started by the child (Pagefind) dies with the build too."""
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(1)


def _run_job():
    function, args, niceness = _job
    if niceness:
        os.nice(niceness)
    return function(*args)


class Job:
    """`function(*args)`, started now: in a forked process when that is safe, else at once.
    `niceness` lowers the child's CPU priority, for work that must not slow the page build."""

    def __init__(self, function: Callable, *args, niceness: int = 0):
        self._pool = None
        if fork_is_safe():
            global _job
            _job = (function, args, niceness)
            self._pool = ProcessPoolExecutor(max_workers=1,
                                             mp_context=multiprocessing.get_context("fork"),
                                             initializer=die_with_parent,
                                             initargs=(os.getpid(),))
            self._future = self._pool.submit(_run_job)  # the child is forked here, with _job
            _job = None
        else:
            self._future = Future()
            self._future.set_result(function(*args))

    def done(self) -> bool:
        """Whether result() would return at once (the preview polls its idle jobs)."""
        return self._future.done()

    def result(self):
        """Wait for the job and return its result, or raise its exception."""
        try:
            return self._future.result()
        finally:
            if self._pool is not None:
                # Ends the pool's threads too, so that the next fork is safe again.
                self._pool.shutdown(wait=True)
                self._pool = None


    def stop(self) -> None:
        """End the job now, finished or not (a build that failed must not leave it writing)."""
        if self._pool is None:
            return
        # The executor has no public way to end a running call before Python 3.14.
        for process in list((self._pool._processes or {}).values()):
            process.kill()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None


def parallel_map(function: Callable, items: Sequence) -> list:
    """`[function(item) for item in items]`, the second half done by a forked child."""
    if len(items) < MIN_PARALLEL or (os.cpu_count() or 1) < 2:
        return _map(function, items)
    half = len(items) // 2
    child = Job(_map, function, items[half:])
    return _map(function, items[:half]) + child.result()


def _map(function: Callable, items: Sequence) -> list:
    return [function(item) for item in items]


def choose(*, second_core: bool) -> None:
    """Serial or parallel, for the whole process: the hooks choose serial under `mkdocs serve`,
    whose web server and file watcher are threads (see the module's docstring)."""
    global _second_core
    _second_core = second_core


def fork_is_safe() -> bool:
    # The thread count stays as a guard: a thread started by anyone makes a fork unsafe.
    return _second_core and hasattr(os, "fork") and threading.active_count() == 1
