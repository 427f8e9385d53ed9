"""Content-Security-Policy gate: the site's own `_headers` policy, sent by a local server as a
static host would, blocks nothing on any page kind in either language, and does block an
inline script that is not the theme's."""

from __future__ import annotations

import pytest
from browser_tools import csp_violations, wait_loaded
from pages_under_test import page_ids, pages

from portal import csp


def test_headers_file_holds_the_policy(local_site):
    headers = csp.read_headers(local_site[1] / "_headers")
    policy = headers["Content-Security-Policy"]
    assert policy.startswith("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-")
    assert "style-src 'self';" in policy and "'unsafe-inline'" not in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy


@pytest.mark.parametrize(("kind", "lang", "path"), pages(), ids=page_ids())
def test_page_works_under_the_policy(visits, kind, lang, path):
    visit = visits(path)
    assert not visit.csp_violations, f"{kind} ({lang}) under the CSP:\n" + "\n".join(visit.csp_violations)
    # The theme's own scripts ran: they are allowed by their hashes and the site's origin.
    assert visit.theme_ran


def test_policy_blocks_an_inline_script_of_content(recorder, local_site):
    """The gate can fail: a script that is not the theme's is blocked and reported."""
    recorder.get(f"{local_site[0]}/")
    wait_loaded(recorder)
    recorder.execute_script(
        "const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
        "document.querySelector('article').append(s);")
    assert recorder.execute_script("return window.__ran") is None
    assert any(v.startswith("script-src-elem blocked inline") for v in csp_violations(recorder))


def test_scripts_inside_article_are_never_hashed():
    html = ("<html><head><script>theme()</script><script type='application/json'>{}</script>"
            "</head><body><article><script>content()</script></article>"
            "<script src='x.js'></script></body></html>")
    scripts = csp.inline_scripts(html)
    assert scripts.theme == ["theme()"]
    assert scripts.in_article == ["content()"]
