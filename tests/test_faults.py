"""A build that fails or is killed at any point leaves the previous site byte for byte as it
was, and no process of it behind (issue 10, items 8 and 10).

Real `mkdocs build --strict` runs of a project copy. tests/fault_hook.py, added to the copy's
mkdocs.yml, holds a build at a chosen point (a page of one language, the background writer of
citation and open data files) and says so in a marker file; a stand-in Pagefind does the same.
The test waits for the marker, kills the build there, and then waits (with a deadline) for
every process of the build to be gone."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from harness import SEED_ID, build_site, copy_project

from portal.sandbox import build_env

HOOK = Path(__file__).with_name("fault_hook.py")
DEADLINE = 60  # seconds; a state not reached by then fails the test


def site_hashes(site: Path) -> dict[str, str]:
    """Every entry under the site and a hash of its bytes (or of a link's target)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(site):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            rel = str(path.relative_to(site))
            if path.is_symlink():
                out[rel] = "link:" + os.readlink(path)
            elif path.is_dir():
                out[rel] = "folder"
            else:
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """A project copy whose mkdocs.yml adds the fault hook, and its site from a good build."""
    base = tmp_path_factory.mktemp("faults")
    project = copy_project(base / "project")
    shutil.copy2(HOOK, project / "fault_hook.py")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - scripts/hooks.py\n" in text
    config.write_text(text.replace("  - scripts/hooks.py\n",
                                   "  - scripts/hooks.py\n  - fault_hook.py\n"), encoding="utf-8")
    site = base / "out" / "site"
    build_site(project, site)
    assert (site / "practicas" / SEED_ID / "index.html").is_file()
    assert (site / "pagefind").is_dir() and (site / "en" / "pagefind").is_dir()
    return project, site


def wait_for(condition, what: str):
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.02)  # polling interval of a state, not a wait for time
    raise AssertionError(f"not reached within {DEADLINE} s: {what}")


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2:].split()
    return fields[0], int(fields[1])


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def descendants(pid: int) -> set[int]:
    parents = {p: s[1] for p in _pids() if (s := _stat(p))}
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def running(pid: int) -> bool:
    state = _stat(pid)
    return state is not None and state[0] != "Z"  # a zombie runs nothing, writes nothing


def processes_mentioning(text: str) -> list[int]:
    """Live processes whose command line holds `text` (the project copy's folder)."""
    out = []
    for pid in _pids():
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if text in cmdline and running(pid) and pid != os.getpid():
            out.append(pid)
    return out


def assert_nothing_left(build_pid: int, children: set[int], project: Path) -> None:
    wait_for(lambda: not any(running(p) for p in children),
             f"children {sorted(children)} of killed build {build_pid} end")
    wait_for(lambda: not processes_mentioning(str(project.parent)),
             "no process of the build remains")


def start(project: Path, site: Path, mark: Path, fault: str, env: dict | None = None):
    run_env = build_env({"PORTAL_FAULT": fault, "PORTAL_FAULT_MARK": str(mark), **(env or {})})
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
         str(project / "mkdocs.yml"), "-d", str(site)],
        cwd=project, env=run_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def fake_pagefind(folder: Path, mark: Path) -> Path:
    """A Pagefind that writes part of its bundle into the site it was given, says so, and
    hangs (exec keeps the process the build started)."""
    script = folder / "pagefind"
    script.write_text(
        "#!/bin/sh\n"
        'mkdir -p "$2/pagefind" && echo partial > "$2/pagefind/pagefind.js"\n'
        f'echo pagefind > "{mark}"\n'
        "exec sleep infinity\n", encoding="utf-8")
    script.chmod(0o755)
    return script


@pytest.mark.parametrize("fault, sig", [
    ("page-es", signal.SIGKILL),   # MkDocs writing the Spanish pages
    ("page-en", signal.SIGKILL),   # the English pages, the Spanish index built or building
    ("reuse", signal.SIGKILL),     # the background writer of citation and open data files
    ("reuse", signal.SIGTERM),
    ("pagefind", signal.SIGKILL),  # Pagefind writing the Spanish index
    ("pagefind", signal.SIGTERM),
])
def test_a_killed_build_leaves_the_previous_site_and_no_process(previous, tmp_path, fault, sig):
    project, site = previous
    before = site_hashes(site)
    mark = tmp_path / "reached"
    env = {"PAGEFIND_BINARY_PATH": str(fake_pagefind(tmp_path, mark))} if fault == "pagefind" else {}
    build = start(project, site, mark, fault, env)
    try:
        wait_for(lambda: mark.is_file() and mark.read_text(encoding="utf-8").endswith("\n"),
                 f"the build reaches {fault}")
        staged = site.parent / f".site.staging-{build.pid}"
        assert staged.is_dir()  # the build writes beside the site, not into it
        children = descendants(build.pid)
        if fault in ("reuse", "pagefind"):
            assert children, "the background process under test is a child of the build"
        build.send_signal(sig)
        assert build.wait(timeout=DEADLINE) == -sig
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    assert_nothing_left(build.pid, children, project)
    assert site_hashes(site) == before


def test_the_next_build_removes_what_a_killed_build_left_and_swaps_in_a_new_site(previous, tmp_path):
    project, site = previous
    mark = tmp_path / "reached"
    build = start(project, site, mark, "page-es")
    wait_for(mark.is_file, "the build reaches the Spanish pages")
    build.kill()
    build.wait()
    assert (site.parent / f".site.staging-{build.pid}").is_dir()
    old_inode = site.stat().st_ino
    build_site(project, site)
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]
    assert site.stat().st_ino != old_inode  # a new folder, renamed in: nothing was copied
    assert (site / "practicas" / SEED_ID / "index.html").is_file()
    assert (site / "_headers").is_file() and (site / "en" / "pagefind").is_dir()


def failed_build(project: Path, site: Path, env: dict | None = None, *,
                 own_package: bool = False) -> str:
    result = build_site(project, site, check=False, env=env, own_package=own_package)
    assert result.returncode == 1
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]  # no staging left
    wait_for(lambda: not processes_mentioning(str(project.parent)), "no process of the build remains")
    return result.stdout + result.stderr


def failed_build_after(previous, path: Path, addition: str, **kwargs) -> str:
    """The output of a build that fails once `addition` is appended to `path` (put back
    afterwards), having left the previous site as it was."""
    project, site = previous
    before = site_hashes(site)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + addition, encoding="utf-8")
    try:
        output = failed_build(project, site, **kwargs)
    finally:
        path.write_text(text, encoding="utf-8")
    assert site_hashes(site) == before
    return output


def test_a_strict_warning_leaves_the_previous_site(previous):
    # The Spanish build's warnings are counted only after the English build has finished.
    project, _ = previous
    output = failed_build_after(previous, project / "docs" / "acerca.es.md",
                                "\n[roto](no-existe.md)\n")
    assert "in strict mode" in output


def test_a_script_in_a_hand_written_page_stops_the_build_naming_the_page(previous):
    project, _ = previous
    output = failed_build_after(previous, project / "docs" / "acerca.es.md",
                                '\n<img src="mapa.png" alt="" onerror="alert(1)">\n')
    assert "docs/acerca.es.md: el contenido tiene event handler onerror= on <img>" in output
    assert "docs/acerca.es.md: content holds event handler onerror= on <img>" in output


def test_a_template_writing_a_script_into_the_sheets_stops_the_build_naming_a_sheet(previous):
    # The sheets' bodies are looked at where they are made (portal.pages.generated.Page.live),
    # on both cores: what the hooks would have found there stops the build all the same.
    project, _ = previous
    template = project / "src" / "portal" / "pages" / "templates" / "sheet.html.j2"
    output = failed_build_after(previous, template, "\n<script>alert(1)</script>\n",
                                own_package=True)
    assert "docs/practicas/" in output and ".es.md: el contenido tiene <script> element" in output
    assert "Traceback" not in output


@pytest.mark.parametrize("binary", ["failing", "missing"])
def test_a_pagefind_failure_leaves_the_previous_site_and_no_process(previous, tmp_path, binary):
    project, site = previous
    before = site_hashes(site)
    pagefind = tmp_path / "pagefind"
    if binary == "failing":
        pagefind.write_text("#!/bin/sh\necho 'cannot read the site' >&2\nexit 3\n",
                            encoding="utf-8")
        pagefind.chmod(0o755)
    output = failed_build(project, site, env={"PAGEFIND_BINARY_PATH": str(pagefind)})
    assert "pagefind failed:" in output
    assert "Traceback" not in output
    if binary == "failing":
        assert "cannot read the site" in output
    else:
        assert "Pagefind's program is missing" in output and "no se encuentra el programa" in output
    assert site_hashes(site) == before


def test_a_full_disk_gives_one_plain_message_and_leaves_the_previous_site(previous):
    project, site = previous
    before = site_hashes(site)
    output = failed_build(project, site, env={"PORTAL_FAULT": "enospc"})
    assert "Traceback" not in output
    assert "no queda espacio en el disco" in output and "no space left on the device" in output
    assert "The previous site is unchanged" in output
    told = [line for line in output.splitlines() if "could not write" in line]
    assert told and all(".staging-" not in line for line in told)  # the site's path, as typed
    assert site_hashes(site) == before


def test_a_read_only_site_gives_one_plain_message_and_stays_as_it_was(previous):
    project, site = previous
    before = site_hashes(site)
    output = failed_build(project, site, env={"PORTAL_FAULT": "erofs"})
    assert "Traceback" not in output
    assert f"{site}: could not write: read-only file system." in output
    assert f"{site}: no se pudo escribir: el sistema de archivos es de solo lectura." in output
    assert site_hashes(site) == before


def test_a_site_folder_that_cannot_be_created_gives_one_plain_message(previous, tmp_path):
    # As root, permissions do not stop a write: a site folder whose parent is a file does.
    project, _ = previous
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = build_site(project, tmp_path / "file" / "site", check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert "no se pudo escribir" in output and "could not write" in output
    assert (tmp_path / "file").read_text(encoding="utf-8") == "x"


def test_a_symlinked_generated_folder_stops_the_build_and_deletes_nothing(previous, tmp_path):
    # `ln -s .. docs/temas` made the build delete every top-level file of the repository.
    project, site = previous
    before = site_hashes(site)
    top = sorted(p.name for p in project.iterdir())
    temas = project / "docs" / "temas"
    saved = tmp_path / "temas"
    shutil.move(temas, saved)
    temas.symlink_to("..")
    try:
        output = failed_build(project, site)
    finally:
        temas.unlink()
        shutil.move(saved, temas)
    assert "Traceback" not in output
    assert "docs/temas" in output and "symbolic link" in output and "enlace simbólico" in output
    assert sorted(p.name for p in project.iterdir()) == top
    assert site_hashes(site) == before
