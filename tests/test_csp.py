"""Content-Security-Policy gate: the site's own `_headers` policy, sent by a local server as a
static host would, blocks nothing on any page kind in either language, and does block an
inline script that is not the theme's."""

from __future__ import annotations

import pytest
from browser_tools import wait_loaded
from conftest import make_driver
from pages_under_test import page_ids, pages

from portal import csp

# The local_site fixture (the site built for the local server's origin) lives there.
pytest_plugins = ("browser_tools",)

# Registered before any page script runs, so every violation of the page is seen.
LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture(scope="module")
def csp_url(local_site):
    return local_site[0]  # served with the headers of its own `_headers` file


@pytest.fixture(scope="module")
def csp_browser():
    driver = make_driver()
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LISTENER})
    yield driver
    driver.quit()


def _violations(driver) -> list[str]:
    # One animation frame later: the theme's scripts have run their first work.
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "requestAnimationFrame(() => setTimeout(() => done(window.__csp), 50));")


def test_headers_file_holds_the_policy(local_site):
    headers = csp.read_headers(local_site[1] / "_headers")
    policy = headers["Content-Security-Policy"]
    assert policy.startswith("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-")
    assert "style-src 'self';" in policy and "'unsafe-inline'" not in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy


@pytest.mark.parametrize(("kind", "lang", "path"), pages(), ids=page_ids())
def test_page_works_under_the_policy(csp_browser, csp_url, kind, lang, path):
    csp_browser.get(f"{csp_url}/{path}")
    wait_loaded(csp_browser)
    violations = _violations(csp_browser)
    assert not violations, f"{kind} ({lang}) under the CSP:\n" + "\n".join(violations)
    # The theme's script ran (it is allowed): Material marks the document once its bundle runs.
    assert csp_browser.execute_script("return typeof window.__md_get") == "function"


def test_policy_blocks_an_inline_script_of_content(csp_browser, csp_url):
    """The gate can fail: a script that is not the theme's is blocked and reported."""
    csp_browser.get(f"{csp_url}/")
    wait_loaded(csp_browser)
    csp_browser.execute_script(
        "const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
        "document.querySelector('article').append(s);")
    assert csp_browser.execute_script("return window.__ran") is None
    assert any(v.startswith("script-src-elem blocked inline") for v in _violations(csp_browser))


def test_scripts_inside_article_are_never_hashed():
    html = ("<html><head><script>theme()</script><script type='application/json'>{}</script>"
            "</head><body><article><script>content()</script></article>"
            "<script src='x.js'></script></body></html>")
    scripts = csp.inline_scripts(html)
    assert scripts.theme == ["theme()"]
    assert scripts.in_article == ["content()"]
