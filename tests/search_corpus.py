"""The session's second site: the seed plus a small synthetic corpus, so that search and facets
have something to tell apart. Shared by the search tests and the quality gates that use search
and filters (a pytest plugin, listed in conftest). It is served as a deployment is: with the
headers of its `_headers` file (the CSP) and built for the server's own origin, so the theme's
absolute links (its sitemap, hreflang alternates) stay on the site."""

from __future__ import annotations

import pytest
from browser_tools import headers_handler
from harness import build_site, copy_project, seed_only, serve, set_catalog_page_size

from portal import synthetic

SYNTHETIC = 30
# Practices per catalog page here (mkdocs.yml's extra.catalog_page_size): the 31 practices make
# four pages, so filters and sort must reach practices that are not in the catalog's HTML.
PAGE_SIZE = 10


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """(project, site, base_url) with the seed and a small synthetic corpus."""
    base = tmp_path_factory.mktemp("search")
    project = copy_project(base / "project")
    seed_only(project / "practices")
    synthetic.write(SYNTHETIC, project / "practices", seed=3)
    set_catalog_page_size(project, PAGE_SIZE)
    site = base / "site"
    site.mkdir()
    server, url = serve(site, headers_handler(site / "_headers"))
    build_site(project, site, env={"SITE_URL": f"{url}/"})
    yield project, site, url
    server.shutdown()
