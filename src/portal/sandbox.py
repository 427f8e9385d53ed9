"""Shared by the tests and the benchmarks: copying the project, building it, serving a folder on
127.0.0.1, and headless Chromium (Debian chromium + chromedriver) with the same flags everywhere.

No pytest here: the `scripts/bench_*.py` import it too. `tests/conftest.py` re-exports these
names, so tests keep importing them from conftest.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# What a project copy needs to build; the generated folders (pages.OWNED) are never copied.
# permalinks.txt stays out: with it, a copy whose practices a test replaces would fail `check`
# for every seed URL (tests of renames copy it themselves).
PROJECT_PARTS = ("practices", "docs", "overrides", "scripts", "src", "mkdocs.yml", "redirects.yaml")

CHROME_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic")


class BrowserMissing(RuntimeError):
    """chromium or chromedriver is not installed."""


def copy_project(dest: Path) -> Path:
    """A copy of the project in dest, ready to build (without generated pages)."""
    dest.mkdir(parents=True, exist_ok=True)
    from portal.pages.generated import OWNED  # every generated folder (practicas, listings)
    ignore = shutil.ignore_patterns("__pycache__", ".*.tmp", *OWNED)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=ignore)
        else:
            shutil.copy2(src, dest / part)
    return dest


def build_env(env: dict | None = None) -> dict:
    """The environment of a build: the mkdocs.yml defaults unless env sets SITE_URL/REPO_URL."""
    run_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run_env.pop("SITE_URL", None)
    run_env.pop("REPO_URL", None)
    run_env.update(env or {})
    return run_env


def build_site(project: Path, site_dir: Path, *, check: bool = True, env: dict | None = None,
               config: Path | None = None, quiet: bool = False,
               own_package: bool = False) -> subprocess.CompletedProcess:
    """A real `mkdocs build --strict` of a project folder into site_dir, in a subprocess (MkDocs
    caches hook modules inside one process). `config` defaults to the project's mkdocs.yml.
    `own_package`: build with the copy's src/portal (a test that edits the package's files)
    instead of the installed one: `python -m` puts its working folder first on sys.path."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *(["-q"] if quiet else []),
         "-f", str(config or project / "mkdocs.yml"), "-d", str(site_dir)],
        capture_output=True, text=True, env=build_env(env), cwd=project / "src" if own_package else project)
    if check and result.returncode != 0:
        raise AssertionError(f"build failed:\n{result.stdout}\n{result.stderr}")
    return result


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging, and the site's own 404 page as a static host does."""

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None):
        # The nearest 404.html up the requested path, as Cloudflare Pages serves it (and Netlify
        # with the site's _redirects): /en/x gets en/404.html.
        root = Path(self.directory)
        parts = urllib.parse.urlsplit(self.path).path.strip("/").split("/")[:-1]
        pages = [root.joinpath(*parts[:n], "404.html") for n in range(len(parts), -1, -1)]
        page = next((p for p in pages if p.is_file() and root in p.resolve().parents), root / "404.html")
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


def serve(folder: Path, handler=QuietHandler):
    """Serve a folder on 127.0.0.1 on a free port; returns (server, base_url)."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def fetch(url: str, timeout: float = 10) -> str | None:
    """The text of a URL, or None while the server does not answer it (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def make_driver(*, width: int = 1280, height: int = 900, javascript: bool = True,
                record_network: bool = False):
    """Headless Chromium that prefers reduced motion (so nothing is read mid-transition).
    record_network: keep the performance (network) and console logs, read with
    driver.get_log("performance")."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        raise BrowserMissing("Debian packages chromium and chromium-driver are needed: "
                             "run `make browser`")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    if record_network:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    browser = webdriver.Chrome(service=Service(driver), options=options)
    # A page that moves is read mid-motion by a test (Material fades its language menu in over
    # 0.25 s; a link read at opacity 0 is "not displayed"). Ask for reduced motion, as a visitor
    # may: Material's CSS then drops every transition (`@media (prefers-reduced-motion)`), and
    # the emulation holds for every later page of this tab. tests/test_accessibility.py checks
    # that it still takes effect on the menu.
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-reduced-motion", "value": "reduce"}]})
    return browser
