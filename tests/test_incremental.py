"""Under `mkdocs serve` one process checks and renders again after each save: results kept from
the previous run must never hide a change."""

from __future__ import annotations

import shutil

from conftest import ROOT, SEED_ID

from portal import markup
from portal.catalog import Project, check


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


def test_rendering_is_the_same_from_the_cache():
    text = "Una *prueba* con [enlace](https://example.org) y <script>alert(1)</script>"
    assert markup.inline(text) == markup.inline(text) == markup.inline.__wrapped__(text)
    assert markup.block(text) == markup.block.__wrapped__(text)
    assert "<script>" not in markup.inline(text)
