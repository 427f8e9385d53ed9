"""Content-Security-Policy gate: the site's own `_headers` policy, sent by a local server as a
static host would, blocks nothing on any page kind in either language, and does block an
inline script that is not the theme's."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from browser_tools import csp_violations, visit_page, wait_loaded
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


def test_gate_sees_a_violation_made_late(recorder, late_page):
    """The gate waits for the page to settle, not for a moment: an inline script added half a
    second after load, once a fetch of the page has answered, is reported as blocked."""
    violations = visit_page(recorder, late_page).csp_violations
    assert any(v.startswith("script-src-elem blocked inline") for v in violations), violations
    assert recorder.execute_script("return window.__late") is None


def test_scripts_inside_article_are_never_hashed():
    html = ("<html><head><script>theme()</script><script type='application/json'>{}</script>"
            "</head><body><article><script>content()</script></article>"
            "<script src='x.js'></script></body></html>")
    scripts = csp.inline_scripts(html)
    assert scripts.theme == ["theme()"]
    assert scripts.in_article == ["content()"]


class _ReferenceScripts(HTMLParser):
    """A full HTML parse (the standard library's), to check csp's one-pass scan against."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.theme, self.in_article = [], []
        self._depth, self._script, self._in_article = 0, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self._depth += 1
        elif tag == "script":
            attrs = dict(attrs)
            if "src" not in attrs and (attrs.get("type") or "").lower() in csp._EXECUTABLE:
                self._script, self._in_article = [], self._depth > 0

    def handle_endtag(self, tag):
        if tag == "article" and self._depth:
            self._depth -= 1
        elif tag == "script" and self._script is not None:
            (self.in_article if self._in_article else self.theme).append("".join(self._script))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)


TRICKY = [
    "<SCRIPT TYPE='Module'>a()</SCRIPT ><article class='x>y'><script>b()</script></article>",
    "<!-- <article> --><script>c()</script><style>/* <article> */</style><script>d()</script>",
    "<script>var s = '<article>';</script><article><article></article><script>e()</script>"
    "</article><script type=text/javascript>f()</script><script src=x defer></script>",
    "<script type='application/ld+json'>{}</script><script>\n<!-- g() -->\n</script>",
]


@pytest.mark.parametrize("html", TRICKY)
def test_scan_agrees_with_a_full_parse(html):
    reference = _ReferenceScripts()
    reference.feed(html)
    reference.close()
    scripts = csp.inline_scripts(html)
    assert (scripts.theme, scripts.in_article) == (reference.theme, reference.in_article)


def test_scan_agrees_with_a_full_parse_on_every_built_page(site):
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        reference = _ReferenceScripts()
        reference.feed(text)
        reference.close()
        scripts = csp.inline_scripts(text)
        assert (scripts.theme, scripts.in_article) == (reference.theme, reference.in_article), page
