"""`make serve`: the live preview editors use, regenerating a practice when its YAML is saved."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest
from harness import SEED_ID, copy_project, fetch


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, seconds: float = 90):
    """Poll until predicate() is truthy; bounded so a broken preview fails instead of hanging."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    return None


@pytest.fixture
def served_preview(tmp_path):
    project = copy_project(tmp_path / "p")
    port = free_port()
    log = open(tmp_path / "serve.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}",
         "-f", str(project / "mkdocs.yml")],
        cwd=project, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    yield project, f"http://127.0.0.1:{port}", tmp_path / "serve.log"
    process.terminate()
    process.wait(timeout=20)
    log.close()


def test_preview_shows_the_seed_in_both_languages_and_regenerates_on_save(served_preview):
    project, url, log = served_preview
    es = wait_for(lambda: fetch(f"{url}/practicas/{SEED_ID}/"))
    assert es and "Unidad de Integración Migratoria" in es, log.read_text()
    en = fetch(f"{url}/en/practicas/{SEED_ID}/")
    assert en and "Migrant Integration Unit" in en
    # The preview has the search index too (built after the last language, in the temp site).
    assert '"es"' in (fetch(f"{url}/pagefind/pagefind-entry.json") or ""), log.read_text()

    source = project / "practices" / f"{SEED_ID}.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("en: Migrant Integration Unit of", "en: Migrant Inclusion Unit of"),
                      encoding="utf-8")
    updated = wait_for(lambda: "Migrant Inclusion Unit" in (fetch(f"{url}/en/practicas/{SEED_ID}/") or ""))
    assert updated, log.read_text()

    # A broken save is reported with its place; mkdocs holds the page until it is fixed,
    # then serves the corrected practice again.
    source.write_text(text + "title: duplicated\n", encoding="utf-8")
    reported = wait_for(lambda: "duplicate key 'title'" in log.read_text())
    assert reported, log.read_text()
    line = len(text.splitlines()) + 1
    assert (f"practices/{SEED_ID}.yaml:{line}:1: campo repetido 'title' (ya está en la línea 3) / "
            "duplicate key 'title' (first given on line 3)") in log.read_text()
    assert "Traceback" not in log.read_text()
    source.write_text(text.replace("en: Migrant Integration Unit of", "en: Migrant Welcome Unit of"),
                      encoding="utf-8")
    fixed = wait_for(lambda: "Migrant Welcome Unit" in (fetch(f"{url}/en/practicas/{SEED_ID}/") or ""))
    assert fixed, log.read_text()
