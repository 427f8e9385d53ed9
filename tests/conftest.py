"""Shared fixtures: project copies, real MkDocs builds, a local HTTP server and headless Chromium.

Builds run in a subprocess, as `make build` does, so every test sees the hooks fresh (MkDocs
caches hook modules inside one process).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SEED_ID = "peru-unidad-integracion-migratoria"

# Copying, building, serving and the browser live in scripts/workbench.py (the benchmarks use
# them too); re-exported here so tests import them from conftest as before.
from portal.sandbox import CHROME_FLAGS, PROJECT_PARTS, BrowserMissing, build_site, copy_project, fetch, serve  # noqa: E402, F401
from portal.sandbox import QuietHandler as _QuietHandler  # noqa: E402, F401
from portal.sandbox import make_driver as _make_driver  # noqa: E402


def seed_only(practices_dir: Path) -> Path:
    """Delete every practice file but the seed's. For tests whose figures (counts, listings,
    search hits) are written for the seed alone, so that the real catalogue can grow."""
    for path in practices_dir.glob("*.yaml"):
        if path.stem != SEED_ID:
            path.unlink()
    return practices_dir


def run_portal(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The portal command line (`make check` runs `python -m portal check`)."""
    run_env = {**os.environ}
    run_env.pop("GITHUB_ACTIONS", None)  # annotations only when a test asks for them
    run_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "portal", "--root", str(project), *args],
                          capture_output=True, text=True, env=run_env, cwd=project)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(project copy, built site) of the real project, built once per test session."""
    base = tmp_path_factory.mktemp("built")
    project = copy_project(base / "project")
    site = base / "site"
    build_site(project, site)
    return project, site


@pytest.fixture(scope="session")
def site(built) -> Path:
    return built[1]


@pytest.fixture(scope="session")
def base_url(site) -> str:
    server, url = serve(site)
    yield url
    server.shutdown()


def make_driver(*, width: int = 1280, height: int = 900, javascript: bool = True,
                record_network: bool = False):
    try:
        return _make_driver(width=width, height=height, javascript=javascript,
                            record_network=record_network)
    except BrowserMissing as e:
        pytest.fail(str(e))


@pytest.fixture(scope="session")
def browser():
    driver = make_driver()
    yield driver
    driver.quit()


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite tests/golden/ from the current output instead of comparing")


@pytest.fixture
def update_goldens(request) -> bool:
    return request.config.getoption("--update-goldens")


# Fixtures of the quality gates (site built for the local origin, recording browser).
pytest_plugins = ("browser_tools", "search_corpus")
