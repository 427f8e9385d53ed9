"""Shared fixtures: project copies, real MkDocs builds, a local HTTP server and headless Chromium
(the helpers themselves are in tests/harness.py, which tests import).

Builds run in a subprocess, as `make build` does, so every test sees the hooks fresh (MkDocs
caches hook modules inside one process).
"""

from __future__ import annotations

import functools
import inspect
import re
from pathlib import Path

import harness
import pytest
from harness import build_site, copy_project, make_driver, serve, set_catalog_page_size

# The real practices (11) on two catalog pages in the session's test site (see `built`).
CATALOG_PAGE_SIZE = 10

# A test is a browser test when it, or any fixture it uses (directly or through another),
# starts Chromium: it gets the `browser` marker here, so that no test can be left out of it.
STARTS_CHROMIUM = re.compile(r"\b(make_driver|axe_driver|recording_driver)\(")


@functools.cache
def _starts_chromium(function) -> bool:
    try:
        return bool(STARTS_CHROMIUM.search(inspect.getsource(function)))
    except (OSError, TypeError):  # no source (a builtin fixture)
        return False


def pytest_collection_modifyitems(items):
    for item in items:
        functions = [item.function, *(d.func for defs in item._fixtureinfo.name2fixturedefs.values()
                                      for d in defs)]
        if any(_starts_chromium(f) for f in functions):
            item.add_marker(pytest.mark.browser)


def pytest_runtest_setup(item):
    harness.current_test = item  # before its fixtures: a session fixture may start Chromium


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(project copy, built site) of the real project, built once per test session. Its catalog
    pages hold CATALOG_PAGE_SIZE practices, so that the real practices fill two of them and every
    gate visits a numbered page (pages_under_test)."""
    base = tmp_path_factory.mktemp("built")
    project = copy_project(base / "project")
    set_catalog_page_size(project, CATALOG_PAGE_SIZE)
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
