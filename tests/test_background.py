"""Work on a second core (portal.build.parallel): the same results, in the same order, as doing it
in the build's own process; the child's errors reach the build; no fork beside other threads.

Each case runs in a fresh interpreter, like `mkdocs build`: the test session itself runs the
web servers of the browser tests on threads, where forking is (rightly) refused."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"

PRELUDE = """
import json, os, sys, threading
from portal.build import parallel as background

def square_and_pid(n):
    return n * n, os.getpid()
"""


def _run(code: str) -> dict:
    source = PRELUDE.format(scripts=str(SCRIPTS)) + textwrap.dedent(code)
    done = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_parallel_map_gives_the_serial_result_with_half_done_by_a_child():
    out = _run("""
        result = background.parallel_map(square_and_pid, list(range(500)))
        print(json.dumps({"result": result, "me": os.getpid()}))
    """)
    assert [square for square, _ in out["result"]] == [n * n for n in range(500)]
    pids = [pid for _, pid in out["result"]]
    assert pids[:250] == [out["me"]] * 250
    assert len(set(pids[250:])) == 1 and pids[250] != out["me"]


def test_no_fork_while_another_thread_runs():
    out = _run("""
        stop = threading.Event()
        other = threading.Thread(target=stop.wait)
        other.start()
        result = background.parallel_map(square_and_pid, list(range(500)))
        stop.set()
        other.join()
        print(json.dumps({"result": result, "me": os.getpid()}))
    """)
    assert {pid for _, pid in out["result"]} == {out["me"]}
    assert [square for square, _ in out["result"]] == [n * n for n in range(500)]


def test_a_failure_in_the_child_reaches_the_caller():
    out = _run("""
        def fails(path):
            raise ValueError(f"cannot write {path}")

        job = background.Job(fails, "practicas/x.bib")
        try:
            job.result()
            error = None
        except ValueError as e:
            error = str(e)
        # Its pool is gone with it: forking is safe again.
        print(json.dumps({"error": error, "safe": background.fork_is_safe()}))
    """)
    assert out == {"error": "cannot write practicas/x.bib", "safe": True}


def test_a_job_writes_while_the_caller_goes_on(tmp_path):
    out = _run(f"""
        from pathlib import Path

        def write(folder):
            (folder / "feed.xml").write_text("<feed/>", encoding="utf-8")
            return os.getpid()

        job = background.Job(write, Path({str(tmp_path)!r}))
        print(json.dumps({{"writer": job.result(), "me": os.getpid()}}))
    """)
    assert out["writer"] != out["me"]
    assert (tmp_path / "feed.xml").read_text(encoding="utf-8") == "<feed/>"
