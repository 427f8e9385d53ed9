"""Browser helpers shared by the quality gates: a Chromium that records its network traffic,
a server that sends the site's published headers, and loading a page of pages_under_test."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import _QuietHandler, make_driver, serve

from portal.csp import read_headers


def recording_driver(*, width: int = 1280, height: int = 900):
    """Headless Chromium (same flags as conftest.make_driver) that logs every network request."""
    return make_driver(width=width, height=height, record_network=True)


def requested_urls(driver) -> list[str]:
    """Every URL the browser asked for since the last call (documents, assets, XHR, workers)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def leaves_origin(url: str, origin: str) -> bool:
    """True for a request that goes anywhere but the site itself (data:/blob: stay local)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return False
    return f"{parts.scheme}://{parts.netloc}" != origin


def headers_handler(headers_file: Path):
    """A request handler that sends the headers of the site's `_headers` file with every file,
    as Netlify or Cloudflare Pages do (the 404 page included)."""
    class Handler(_QuietHandler):
        def end_headers(self):
            # Read on each request: the site may be built after the server starts.
            extra = read_headers(headers_file) if headers_file.is_file() else {}
            for name, value in extra.items():
                self.send_header(name, value)
            super().end_headers()

    return Handler


def wait_loaded(driver) -> None:
    """Document loaded and the theme's bundle has run (it sets the document's 'js' class)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("return document.readyState") == "complete")


@pytest.fixture(scope="session")
def local_site(tmp_path_factory, built):
    """(base_url, site) of the project built with its site_url set to the local server's origin,
    as a deployment is: absolute links of the site (hreflang alternates) then point at the
    server the browser talks to, and any other host is a third party."""
    from conftest import build_site

    project = built[0]
    site = tmp_path_factory.mktemp("local-origin") / "site"
    site.mkdir()
    server, url = serve(site, headers_handler(site / "_headers"))
    build_site(project, site, env={"SITE_URL": f"{url}/"})
    yield url, site
    server.shutdown()


@dataclass
class Visit:
    requests: list[str]
    csp_violations: list[str]
    theme_ran: bool


# Registered before any page script runs, so every violation of the page is seen.
CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
"""


def csp_violations(driver) -> list[str]:
    # One animation frame and a moment later: the theme's scripts have done their first work.
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "requestAnimationFrame(() => setTimeout(() => done(window.__csp), 50));")


@pytest.fixture(scope="session")
def recorder():
    """A recording Chromium with the CSP listener, shared by the privacy and CSP gates."""
    driver = recording_driver()
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CSP_LISTENER})
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def visits(recorder, local_site):
    """Each page of pages_under_test, visited once under the site's own CSP, with the requests
    it made and the violations it reported; the privacy and CSP gates both read it."""
    url, _ = local_site
    cache: dict[str, Visit] = {}

    def visit(path: str) -> Visit:
        if path not in cache:
            requested_urls(recorder)  # forget what came before
            recorder.get(f"{url}/{path}")
            wait_loaded(recorder)
            # Scroll to the end and back, so that anything loaded lazily is requested too.
            recorder.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "window.scrollTo(0, document.body.scrollHeight);"
                "setTimeout(() => { window.scrollTo(0, 0); setTimeout(done, 100); }, 100);")
            violations = csp_violations(recorder)
            ran = recorder.execute_script("return typeof window.__md_get") == "function"
            cache[path] = Visit(requested_urls(recorder), violations, ran)
        return cache[path]

    return visit
