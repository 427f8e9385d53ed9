"""Content-Security-Policy gate: the site's own `_headers` policy, sent by a local server as a
static host would, blocks nothing on any page kind in either language, and does block an
inline script that is not the theme's."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from browser_tools import csp_violations, visit_page, wait_loaded
from harness import SEED_ID, build_site, copy_project, serve
from pages_under_test import page_ids, pages

from portal.build import csp


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


def test_a_script_in_content_stops_the_build(tmp_path):
    """Content that closes <article> early and opens a script (the trick that fooled the old
    position-based hashing) never reaches a page, let alone the policy: the build stops and
    names the hand-written page."""
    project = copy_project(tmp_path / "p")
    page = project / "docs" / "acerca.es.md"
    page.write_text(page.read_text(encoding="utf-8") +
                    "\n</article><script>window.__ran = 1</script><article>\n", encoding="utf-8")
    result = build_site(project, tmp_path / "site", check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "docs/acerca.es.md: content holds <script> element" in output, output[-2000:]
    assert "Traceback" not in output


def _meta_policy(page: str) -> tuple[int, str] | None:
    """(position in the page, policy) of the page's <meta http-equiv> policy."""
    found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    return (found.start(), found.group(1)) if found else None


def test_every_page_carries_its_policy_in_a_meta_tag(site):
    """GitHub Pages sends no header of ours: the policy must be in each page, before its first
    script, with the header's directives (less those a meta cannot carry) and the hashes of the
    page's own inline scripts."""
    header = csp.read_headers(site / "_headers")["Content-Security-Policy"]
    header_hashes = set(re.findall(r"'sha256-[^']+'", header))
    expected = "; ".join(d for d in header.split("; ") if not d.startswith("frame-ancestors"))
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        text = path.read_text(encoding="utf-8")
        found = _meta_policy(text)
        assert found, f"{path.relative_to(site)}: no policy in the page"
        position, policy = found
        assert position < text.find("<script"), f"{path.relative_to(site)}: policy after a script"
        hashes = set(re.findall(r"'sha256-[^']+'", policy))
        assert hashes == {csp.script_hash(s) for s in csp.inline_scripts(text)}
        assert hashes <= header_hashes
        assert re.sub(r" 'sha256-[^']+'", "", policy) == re.sub(r" 'sha256-[^']+'", "", expected)
        assert "frame-ancestors" not in policy


def test_the_policy_in_the_page_alone_blocks_a_script_of_content(built, tmp_path):
    """Served with no header at all, as GitHub Pages does: the theme works and a script that is
    not the theme's is blocked by the page's own policy."""
    from browser_tools import PAGE_PROBE, recording_driver

    site = tmp_path / "site"
    site.mkdir()
    server, url = serve(site)  # plain files, no _headers
    build_site(built[0], site, env={"SITE_URL": f"{url}/"})
    driver = recording_driver()
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PAGE_PROBE})
        driver.get(f"{url}/practicas/{SEED_ID}/")
        wait_loaded(driver)
        assert driver.execute_script("return typeof window.__md_get") == "function"
        assert csp_violations(driver) == []
        driver.execute_script(
            "const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
            "document.querySelector('article').append(s);")
        assert driver.execute_script("return window.__ran") is None
        assert any(v.startswith("script-src-elem blocked inline") for v in csp_violations(driver))
    finally:
        driver.quit()
        server.shutdown()


def test_gate_sees_a_violation_made_late(recorder, late_page):
    """The gate waits for the page to settle, not for a moment: an inline script added half a
    second after load, once a fetch of the page has answered, is reported as blocked."""
    violations = visit_page(recorder, late_page).csp_violations
    assert any(v.startswith("script-src-elem blocked inline") for v in violations), violations
    assert recorder.execute_script("return window.__late") is None


class _ReferenceScripts(HTMLParser):
    """A full HTML parse (the standard library's), to check csp's one-pass scan against."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            attrs = dict(attrs)
            if "src" not in attrs and (attrs.get("type") or "").lower() in csp._EXECUTABLE:
                self._script = []

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)


TRICKY = [
    "<SCRIPT TYPE='Module'>a()</SCRIPT ><article class='x>y'><script>b()</script></article>",
    "<!-- <script>no()</script> --><script>c()</script><style>/* <script> */</style><script>d()</script>",
    "<script>var s = '<article>';</script><article><article></article><script>e()</script>"
    "</article><script type=text/javascript>f()</script><script src=x defer></script>",
    "<script type='application/ld+json'>{}</script><script>\n<!-- g() -->\n</script>",
]


@pytest.mark.parametrize("html", TRICKY)
def test_scan_agrees_with_a_full_parse(html):
    reference = _ReferenceScripts()
    reference.feed(html)
    reference.close()
    assert csp.inline_scripts(html) == reference.scripts


def test_scan_agrees_with_a_full_parse_on_every_built_page(site):
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        reference = _ReferenceScripts()
        reference.feed(text)
        reference.close()
        assert csp.inline_scripts(text) == reference.scripts, page
