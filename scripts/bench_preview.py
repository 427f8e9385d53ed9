"""Preview speed: seconds from saving a practice YAML to the re-rendered page under `make serve`.

    python scripts/bench_preview.py [--compare] [N ...]   (default N = 1, 100, 1000 and 5000)

For each N, a temporary copy of the project gets N synthetic practices (beside the project's
own); the preview starts on 127.0.0.1 (port 0: the system picks a free one) as `make serve`
runs it (`python -m portal preview`). Once it serves, one practice's titles are edited and
the served Spanish and English pages, and the catalog, are polled over HTTP until they show
the change; the ratio is to the same figure at the smallest N. `--compare` also runs the
previous preview, `mkdocs serve --strict` and `--dirty` (every save rebuilds the whole site),
for N up to 1,000. Prints figures only; nothing here asserts a time.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from portal import sandbox as workbench  # noqa: E402
from portal import synthetic  # noqa: E402
from portal.sandbox import fetch  # noqa: E402

PREVIEW = "make serve (preview)"
MODES = {
    # What `make serve` runs (see the Makefile): a save re-renders the pages it changes.
    PREVIEW: ["-m", "portal", "preview"],
    # The previous `make serve`: every save rebuilds the whole site, both languages.
    "mkdocs serve --strict": ["-m", "mkdocs", "serve", "--strict"],
    # Only pages whose Markdown changed are rebuilt by MkDocs (the hooks still read and render
    # every practice); its warning that links may be stale makes --strict abort.
    "mkdocs serve --dirty": ["-m", "mkdocs", "serve", "--dirty"],
}
COMPARE_UP_TO = 1000  # the whole-site rebuilds take minutes a save beyond
TIMEOUT = 1800


def copy_project(dest: Path, n: int) -> Path:
    workbench.copy_project(dest)
    synthetic.write(n, dest / "practices", seed=7)
    return dest


def listening_port(pid: int) -> int | None:
    """The TCP port a process listens on, read from /proc (Linux): the server bound port 0."""
    try:
        inodes = {os.readlink(f"/proc/{pid}/fd/{fd}")[8:-1] for fd in os.listdir(f"/proc/{pid}/fd")
                  if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:[")}
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            cols = line.split()
            if cols[3] == "0A" and cols[9] in inodes:  # 0A: LISTEN
                return int(cols[1].split(":")[1], 16)
    except (FileNotFoundError, PermissionError, ProcessLookupError):
        pass
    return None


def wait_for(predicate, timeout: float = TIMEOUT, step: float = 0.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise TimeoutError("gave up waiting")


def measure(project: Path, command: list[str], practice_id: str) -> dict:
    log = project / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    where = ["-f", str(project / "mkdocs.yml")] if "mkdocs" in command else []
    started = time.monotonic()
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, *command, *where, "-a", "127.0.0.1:0"],
                                  stdout=out, stderr=subprocess.STDOUT, cwd=project, env=env)
    try:
        port = wait_for(lambda: server.poll() is None and listening_port(server.pid)
                        or (server.poll() is not None and _died(log)))
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: fetch(f"{base}/en/practicas/{practice_id}/"))
        first = time.monotonic() - started
        time.sleep(2)  # let the watcher settle after the first build (and the idle work start)

        path = project / "practices" / f"{practice_id}.yaml"
        text = path.read_text(encoding="utf-8")
        data = json.loads(text.split("\n", 1)[1])
        mark = f"edited{int(time.time())}"
        data["title"] = {"es": f"{data['title']['es']} {mark}", "en": f"{data['title']['en']} {mark}"}
        builds_before = _builds(log)
        saved = time.monotonic()
        path.write_text(text.split("\n", 1)[0] + "\n" + json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
        seen = {}
        for name, url in (("es", f"{base}/practicas/{practice_id}/"), ("en", f"{base}/en/practicas/{practice_id}/")):
            wait_for(lambda url=url: mark in (fetch(url) or ""))
            seen[name] = time.monotonic() - saved
        # The catalog, which lists every practice (the preview renders it after the saved
        # practice's own pages).
        wait_for(lambda: mark in (fetch(f"{base}/practicas/") or ""))
        catalog = time.monotonic() - saved
        time.sleep(3)  # count the builds one save caused (the hook's writes into docs/ may add one)
        if command == MODES[PREVIEW]:  # the preview says how many pages it re-rendered, once done
            try:
                wait_for(lambda: _pages(log) != "all", timeout=120)
            except TimeoutError:
                pass
        return {"first": first, **seen, "catalog": catalog, "builds": _builds(log) - builds_before,
                "pages": _pages(log)}
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def _builds(log: Path) -> int:
    text = log.read_text(errors="replace")
    # MkDocs' whole-site builds, or the preview's full builds ("preview ready").
    return len(re.findall(r"Building documentation\.\.\.|preview ready in", text))


def _pages(log: Path) -> str:
    """Pages the preview re-rendered for the save (its "N pages updated" line)."""
    found = re.findall(r"(\d+) pages updated in", log.read_text(errors="replace"))
    return found[-1] if found else "all"


def _died(log: Path):
    raise RuntimeError(f"mkdocs serve stopped:\n{log.read_text(errors='replace')[-3000:]}")


def main(argv: list[str]) -> int:
    compare = "--compare" in argv
    sizes = [int(a) for a in argv if a != "--compare"] or [1, 100, 1000, 5000]
    print("Preview: seconds from saving a practice YAML to the page served by `make serve`")
    print(f"load average before: {' '.join(os.getloadavg().__repr__().strip('()').split(', '))}"
          f" ({os.cpu_count()} cores)")
    print(f"{'N':>6}  {'mode':<22} {'first build':>11} {'es page':>8} {'en page':>8} "
          f"{'catalog':>8} {'pages':>6} {'builds/save':>11} {'en vs N=' + str(sizes[0]):>10}")
    base = {}
    for n in sizes:
        for mode, command in MODES.items():
            if mode != PREVIEW and (not compare or n > COMPARE_UP_TO):
                continue
            with tempfile.TemporaryDirectory(prefix="bench-preview-") as tmp:
                project = copy_project(Path(tmp) / "project", n)
                r = measure(project, command, "sintetica-00001")
            base.setdefault(mode, r["en"])
            print(f"{n:>6}  {mode:<22} {r['first']:>10.1f}s {r['es']:>7.1f}s {r['en']:>7.1f}s "
                  f"{r['catalog']:>7.1f}s {r['pages']:>6} {r['builds']:>11} "
                  f"{r['en'] / base[mode]:>9.1f}x", flush=True)
    print(f"load average after: {' '.join(os.getloadavg().__repr__().strip('()').split(', '))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
