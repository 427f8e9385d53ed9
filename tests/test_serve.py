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


def _serve(project, tmp_path, *, cwd):
    port = free_port()
    log = open(tmp_path / "serve.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}",
         "-f", str(project / "mkdocs.yml")],
        cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return process, log, f"http://127.0.0.1:{port}"


@pytest.fixture
def served_preview(tmp_path):
    project = copy_project(tmp_path / "p")
    process, log, url = _serve(project, tmp_path, cwd=project)
    yield project, url, tmp_path / "serve.log"
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture
def served_own_package(tmp_path):
    """The preview of a copy that runs the copy's own src/portal (its working folder comes first
    on sys.path), so that a test may edit the package's files as an engineer does."""
    project = copy_project(tmp_path / "p")
    process, log, url = _serve(project, tmp_path, cwd=project / "src")
    yield project, url, tmp_path / "serve.log"
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


def test_every_kind_of_input_edited_shows_on_the_next_rebuild(served_own_package):
    """No cache outlives what it was made from: a practice, a vocabulary, the interface text, a
    template and the package's code, each edited under `mkdocs serve`, shows on the page."""
    project, url, log = served_own_package
    page = f"{url}/en/practicas/{SEED_ID}/"
    first = wait_for(lambda: fetch(page))
    assert first and "Socio-economic integration" in first and "Lessons learned" in first, log.read_text()
    assert " kB" in first and "kilobytes" not in first
    package = project / "src" / "portal"
    edits = [
        (project / "practices" / f"{SEED_ID}.yaml", "en: Migrant Integration Unit of",
         "en: Migrant Inclusion Unit of", "Migrant Inclusion Unit"),
        (project / "practices" / "vocabularies" / "themes.yaml", "en: Socio-economic integration}",
         "en: Economic and social integration}", "Economic and social integration"),
        (package / "i18n" / "en.yaml", "lessons: Lessons learned", "lessons: What was learned",
         "What was learned"),
        (package / "pages" / "templates" / "sheet.html.j2", '<h2 id="lessons">{{ t.lessons }}</h2>',
         '<h2 id="lessons">{{ t.lessons }} (template edited)</h2>', "(template edited)"),
        (package / "pages" / "sheet_pdf.py", 'round(size / 1000))} kB"', 'round(size / 1000))} kilobytes"',
         "kilobytes"),
    ]
    for path, old, new, shown in edits:
        text = path.read_text(encoding="utf-8")
        assert old in text, path
        path.write_text(text.replace(old, new), encoding="utf-8")
        assert wait_for(lambda shown=shown: shown in (fetch(page) or "")), f"{path.name}: {log.read_text()}"
    assert "Traceback" not in log.read_text()
