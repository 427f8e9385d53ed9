"""Markers in pages (`<!-- portal:name -->`, portal.build.markers): each known one becomes its
part in every language; a typo or a wrong argument stops the build with the page and line."""

from __future__ import annotations

import re

import pytest
from harness import ROOT, build_site, copy_project

from portal.build.markers import PARTS


def test_every_marker_of_the_site_is_replaced(site):
    for page in site.rglob("*.html"):
        assert "<!-- portal:" not in page.read_text(encoding="utf-8"), page


@pytest.mark.parametrize(("marker", "typo", "says"), [
    ("<!-- portal:latest -->", "<!-- portal:lastest -->", "unknown marker 'lastest'"),
    ("<!-- portal:map home -->", "<!-- portal:map moon -->", "marker 'map': 'moon' is not one of home, countries"),
    ("<!-- portal:totals -->", "<!-- portal:totals all -->", "marker 'totals' takes 0 argument(s), not 1"),
])
def test_a_wrong_marker_stops_the_build_with_its_page_and_line(tmp_path, marker, typo, says):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "index.en.md"
    text = page.read_text(encoding="utf-8")
    assert marker in text
    line = text[:text.index(marker)].count("\n") + 1
    page.write_text(text.replace(marker, typo), encoding="utf-8")
    result = build_site(project, tmp_path / "site", check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    # Where, then what, in both languages (Spanish first).
    stated = next(text for text in output.splitlines() if f"docs/index.en.md:{line}: " in text)
    assert stated.endswith(f" / {says}"), stated
    assert "Traceback" not in output
    assert not (tmp_path / "site").exists()  # nothing published


def test_the_table_names_only_markers_some_page_uses(built):
    """No part is dead: each name in the table is used by a hand-written page or by the pages
    the generator writes (listing pages hold the cards and the map)."""
    project, _ = built
    used = set()
    for page in [*(ROOT / "docs").rglob("*.md"), *(project / "docs").rglob("*.md")]:
        used |= set(re.findall(r"<!-- portal:([a-z-]+)", page.read_text(encoding="utf-8")))
    assert set(PARTS) <= used
    assert used - set(PARTS) == {"body"}  # the generated sheets' own marker
