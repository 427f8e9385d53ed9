"""Shared fixtures: project copies, real MkDocs builds, a local HTTP server and headless Chromium.

Builds run in a subprocess, as `make build` does, so every test sees the hooks fresh (MkDocs
caches hook modules inside one process).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

SEED_ID = "peru-unidad-integracion-migratoria"
# What a project copy needs to build; docs/practicas is generated, so never copied.
# permalinks.txt stays out: with it, a copy whose practices a test replaces would fail `check`
# for every seed URL (tests of renames copy it themselves).
PROJECT_PARTS = ("practices", "docs", "overrides", "scripts", "mkdocs.yml", "redirects.yaml")


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    from portal.pages import OWNED  # every generated folder (practicas, listings)
    ignore = shutil.ignore_patterns("__pycache__", ".*.tmp", *OWNED)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=ignore)
        else:
            shutil.copy2(src, dest / part)
    return dest


def build_site(project: Path, site_dir: Path, *, check: bool = True,
               env: dict | None = None) -> subprocess.CompletedProcess:
    """A real `mkdocs build --strict` of a project folder into site_dir."""
    run_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Tests assert the mkdocs.yml defaults unless they set these themselves.
    run_env.pop("SITE_URL", None)
    run_env.pop("REPO_URL", None)
    run_env.update(env or {})
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(site_dir)],
        capture_output=True, text=True, env=run_env, cwd=project)
    if check and result.returncode != 0:
        raise AssertionError(f"build failed:\n{result.stdout}\n{result.stderr}")
    return result


def run_portal(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The portal command line (`make check` runs `python -m portal check`)."""
    run_env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None):
        # Serve the site's own 404 page, as a static host does.
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def serve(folder: Path, handler=_QuietHandler):
    """Serve a folder on 127.0.0.1 on a free port; returns (server, base_url)."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def base_url(site) -> str:
    server, url = serve(site)
    yield url
    server.shutdown()


CHROME_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic")


def make_driver(*, width: int = 1280, height: int = 900, javascript: bool = True):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.fail("Debian packages chromium and chromium-driver are needed: run `make browser`")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    return webdriver.Chrome(service=Service(driver), options=options)


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
