"""Under `mkdocs serve` one process checks and renders again after each save: results kept from
the previous run must never hide a change."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from harness import ROOT, SEED_ID, copy_project, seed_only

from portal.model.catalog import Project
from portal.read.practices import check


def test_a_second_check_sees_every_edit(tmp_path):
    shutil.copytree(ROOT / "practices", tmp_path / "practices")
    project = Project(tmp_path)
    seed = tmp_path / "practices" / f"{SEED_ID}.yaml"
    text = seed.read_text(encoding="utf-8")
    catalog, problems = check(project)
    assert catalog and problems == []

    seed.write_text(text.replace("status: ongoing", "status: paused"), encoding="utf-8")
    catalog, problems = check(project)
    assert catalog is None
    assert [p.field for p in problems] == ["status"]

    seed.write_text(text.replace("start_year: 2016", "start_year: 2017"), encoding="utf-8")
    catalog, problems = check(project)
    assert problems == [] and catalog.by_id(SEED_ID).start_year == 2017

    (tmp_path / "practices" / "otra.yaml").write_text(text, encoding="utf-8")  # same id, new file
    catalog, problems = check(project)
    assert catalog is None and {p.path for p in problems} == {"practices/otra.yaml"}
    (tmp_path / "practices" / "otra.yaml").unlink()
    catalog, problems = check(project)
    assert catalog and problems == []


def test_dirty_rebuild_refreshes_pages_that_show_the_catalog(tmp_path):
    """`mkdocs serve --dirty` (and build --dirty) rebuilds only changed sources; the home page's
    latest practices and the pending-translations page must follow the practices anyway."""
    project = copy_project(tmp_path / "project")
    seed_only(project / "practices")  # so that the seed is among the home's latest practices
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

    def dirty_build():
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty", "-f", str(project / "mkdocs.yml"),
                        "-d", str(site)], check=True, capture_output=True, env=env, cwd=project)

    dirty_build()
    seed = project / "practices" / f"{SEED_ID}.yaml"
    seed.write_text(seed.read_text(encoding="utf-8").replace("  en: Migrant Integration Unit of",
                                                            "  en: Migrant Welcome Unit of")
                    + "translation: pending\n", encoding="utf-8")
    # --dirty rebuilds what is newer than its output: make the save newer than everything the
    # first build wrote, whatever the file system's timestamp resolution (set, not waited for).
    newer = max(p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()) + 10**9
    os.utime(seed, ns=(newer, newer))
    dirty_build()
    assert "Migrant Welcome Unit" in (site / "en" / "index.html").read_text(encoding="utf-8")
    assert "Migrant Welcome Unit" in (site / "en" / "practicas" / SEED_ID / "index.html").read_text()
    assert SEED_ID in (site / "en" / "traducciones" / "index.html").read_text(encoding="utf-8")
    assert SEED_ID in (site / "traducciones" / "index.html").read_text(encoding="utf-8")


def test_the_preview_re_reads_only_the_saved_file_and_keeps_the_others_in_its_catalog(tmp_path):
    """The preview's check (portal.read.practices.check_draft with portal.preview.unchanged):
    a save reads that file again and no other; a file with an error is a broken one, with its
    problems, and every valid practice stays in the catalog."""
    from portal.preview.unchanged import UnchangedFiles
    from portal.read.practices import check_draft

    shutil.copytree(ROOT / "practices", tmp_path / "practices")
    project = Project(tmp_path)
    files = len(project.practice_files())
    read = UnchangedFiles()
    first = check_draft(project, read)
    assert read.reads == files and first.broken == () and first.problems == ()

    seed = tmp_path / "practices" / f"{SEED_ID}.yaml"
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text + "title: duplicated\n", encoding="utf-8")
    broken = check_draft(project, read)
    assert read.reads == files + 1
    assert [b.stem for b in broken.broken] == [SEED_ID]
    assert [p.line for p in broken.broken[0].problems] == [len(text.splitlines()) + 1]
    assert {p.id for p in broken.catalog.practices} == {p.id for p in first.catalog.practices} - {SEED_ID}

    seed.write_text(text, encoding="utf-8")
    fixed = check_draft(project, read)
    assert read.reads == files + 2 and fixed.broken == ()
    assert [p.id for p in fixed.catalog.practices] == [p.id for p in first.catalog.practices]
