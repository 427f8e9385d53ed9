"""The practice ids ever published, read from git history, so no URL depends on someone
remembering to run `make permalinks`.

Publishing happens from the main branch: every practices/<id>.yaml ever added there has had
its pages online. The main branch is `main` (or `origin/main` in a CI clone); without one,
the current branch's history is read. Other local branches are not: a draft practice added
and removed on a feature branch was never published. The workflows check out the full
history (`fetch-depth: 0`): in a shallow clone the history is incomplete, and `check` says so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

_PRACTICE_FILE = re.compile(r"^practices/([^/]+)\.ya?ml$")
_cache: dict[tuple[str, str], set[str]] = {}


def _git(root: Path, *args: str) -> str | None:
    if shutil.which("git") is None:
        return None
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _main_ref(root: Path) -> str:
    for ref in ("refs/heads/main", "refs/remotes/origin/main"):
        if _git(root, "rev-parse", "--verify", "--quiet", ref):
            return ref
    return "HEAD"


def history(root: Path) -> tuple[set[str], bool] | None:
    """(ids ever added to practices/ on the main branch, whether the clone is shallow); None
    when root is not the top of a git work tree (a copy of the files, an unpacked archive)."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None or Path(top.strip()).resolve() != root.resolve():
        return None
    ref = _main_ref(root)
    head = (_git(root, "rev-parse", "--verify", "--quiet", ref) or "").strip()
    shallow = (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    if not head:
        return set(), shallow  # no commit yet
    if (str(root), head) not in _cache:
        out = _git(root, "log", ref, "--diff-filter=A", "--name-only", "--format=", "--", "practices/")
        _cache[(str(root), head)] = {m.group(1) for m in map(_PRACTICE_FILE.match, (out or "").split("\n")) if m}
    return _cache[(str(root), head)], shallow
