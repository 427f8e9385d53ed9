"""What tests share besides fixtures (tests import these from here, never from conftest): the
project's root and seed, the command line, and portal.sandbox's copying, building, serving and
headless Chromium.

Every test that starts Chromium carries the `browser` marker, so `pytest -m "not browser"` is
the fast suite: conftest marks every test that starts Chromium itself or through a fixture, and
`make_driver` fails a test that starts one without the marker.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.sandbox import (  # noqa: F401 - shared with the tests from here
    CHROME_FLAGS,
    PROJECT_PARTS,
    BrowserMissing,
    build_site,
    copy_project,
    fetch,
    serve,
)
from portal.sandbox import QuietHandler as _QuietHandler  # noqa: F401
from portal.sandbox import make_driver as _make_driver

ROOT = Path(__file__).resolve().parent.parent

SEED_ID = "peru-unidad-integracion-migratoria"

# The test being set up or run (conftest's pytest_runtest_setup), for make_driver's check.
current_test: pytest.Item | None = None


def seed_only(practices_dir: Path) -> Path:
    """Delete every practice file but the seed's. For tests whose figures (counts, listings,
    search hits) are written for the seed alone, so that the real catalogue can grow."""
    for path in practices_dir.glob("*.yaml"):
        if path.stem != SEED_ID:
            path.unlink()
    return practices_dir


def set_catalog_page_size(project: Path, size: int) -> None:
    """Set a project copy's `extra.catalog_page_size` (mkdocs.yml), so that a few practices fill
    several catalog pages."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    line = "\n  catalog_page_size: 50\n"
    assert text.count(line) == 1, "mkdocs.yml sets extra.catalog_page_size: 50 once"
    config.write_text(text.replace(line, f"\n  catalog_page_size: {size}\n"), encoding="utf-8")


def run_portal(project: Path, *args: str, env: dict | None = None,
               own_package: bool = False) -> subprocess.CompletedProcess:
    """The portal command line (`make check` runs `python -m portal check`). `own_package`: run
    the copy's src/portal instead of the installed one (`python -m` puts its working folder
    first on sys.path), for a test that edits the package's files."""
    run_env = {**os.environ}
    run_env.pop("GITHUB_ACTIONS", None)  # annotations only when a test asks for them
    run_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "portal", "--root", str(project), *args],
                          capture_output=True, text=True, env=run_env,
                          cwd=project / "src" if own_package else project)


def make_driver(*, width: int = 1280, height: int = 900, javascript: bool = True,
                record_network: bool = False):
    if current_test is not None and current_test.get_closest_marker("browser") is None:
        pytest.fail(f"{current_test.nodeid} starts Chromium without the browser marker: "
                    "add @pytest.mark.browser (pytest -m 'not browser' must not start one)")
    try:
        return _make_driver(width=width, height=height, javascript=javascript,
                            record_network=record_network)
    except BrowserMissing as e:
        pytest.fail(str(e))
