"""Privacy gate: every request every page kind makes, in both languages, stays on the site's
own origin (no web fonts, analytics, CDN or anything else)."""

from __future__ import annotations

import pytest
from browser_tools import LATE_REQUEST, leaves_origin, requested_urls, visit_page, wait_loaded, wait_settled
from pages_under_test import page_ids, pages


@pytest.mark.parametrize(("kind", "lang", "path"), pages(), ids=page_ids())
def test_no_request_leaves_the_site(visits, local_site, kind, lang, path):
    base_url = local_site[0]
    urls = visits(path).requests
    assert f"{base_url}/{path}" in urls  # the recorder sees the page itself
    leaks = [u for u in urls if leaves_origin(u, base_url)]
    assert not leaks, f"{kind} ({lang}) requests outside the site:\n" + "\n".join(leaks)


def test_recorder_sees_a_third_party_request(recorder, local_site):
    """The gate can fail: an image from another host (a documentation address, never routed)
    is recorded as leaving the site."""
    base_url = local_site[0]
    recorder.get(f"{base_url}/")
    wait_loaded(recorder)
    requested_urls(recorder)
    recorder.execute_script("const i = new Image(); i.src = 'http://192.0.2.1/pixel.png';")
    wait_settled(recorder)
    assert "http://192.0.2.1/pixel.png" in [u for u in requested_urls(recorder)
                                            if leaves_origin(u, base_url)]


def test_recorder_sees_a_request_made_late(recorder, late_page):
    """The gate waits for the page to settle, not for a moment: a request made half a second
    after load, once a fetch of the page has answered, is still recorded as leaving the site."""
    base_url = late_page.rstrip("/")
    urls = visit_page(recorder, late_page).requests
    assert f"{base_url}/answer.json" in urls
    assert LATE_REQUEST in [u for u in urls if leaves_origin(u, base_url)]


@pytest.mark.parametrize("path", ["", "practicas/peru-unidad-integracion-migratoria/", "en/practicas/"])
def test_a_page_view_fetches_no_list_of_every_page(visits, local_site, path):
    """Material's script fetches sitemap.xml beside every <link rel=alternate> (the feed's
    among them): what it gets at the site root is the sitemap index, a few hundred bytes at any
    number of practices, never the list of every page."""
    base_url, site = local_site
    urls = visits(path).requests
    asked = [u for u in urls if u.endswith("sitemap.xml")]
    assert asked  # the gate sees the fetches
    assert not [u for u in urls if "sitemap-paginas" in u]
    for url in asked:
        file = site / url.removeprefix(f"{base_url}/")
        if file.is_file():  # else a 404 (beside a page's alternates)
            assert file.stat().st_size < 300 and b"<sitemapindex" in file.read_bytes(), url
