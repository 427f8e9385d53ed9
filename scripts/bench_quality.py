"""Quality figures, printed, never asserted (run by `make bench`):

1. the bytes a first visit to a practice page transfers (HTML, CSS, JS, images, fonts), each
   file as served and gzipped here, against the budget of 100 KB gzip;
2. the offline link checker's time on the site built from 1,000 synthetic practices.

Builds into a temporary folder; the project's own practices/ and site/ are not touched.
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent

import linkcheck  # noqa: E402
from portal import synthetic  # noqa: E402
from portal.sandbox import build_site, copy_project, make_driver, serve  # noqa: E402

SEED_ID = "peru-unidad-integracion-migratoria"
BUDGET_GZIP = 100 * 1024
KINDS = {".html": "HTML", ".css": "CSS", ".js": "JS", ".svg": "images", ".png": "images",
         ".ico": "images", ".jpg": "images", ".webp": "images", ".woff2": "fonts",
         ".woff": "fonts", ".ttf": "fonts"}


def build(project: Path, site: Path, site_url: str | None = None) -> float:
    start = time.perf_counter()
    build_site(project, site, env={"SITE_URL": site_url} if site_url else None, quiet=True)
    return time.perf_counter() - start


def first_visit(url: str) -> list[tuple[str, int]]:
    """(url, status) of every response a fresh browser gets when it opens url."""
    driver = make_driver(width=390, height=900, record_network=True)
    try:
        driver.get(url)
        driver.execute_async_script("setTimeout(arguments[arguments.length - 1], 1000)")
        responses = []
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.responseReceived":
                response = message["params"]["response"]
                responses.append((response["url"], response["status"]))
        return responses
    finally:
        driver.quit()


def weight(site: Path, base: str, page: str) -> None:
    rows = []
    totals = defaultdict(lambda: [0, 0])
    for url, status in first_visit(f"{base}/{page}"):
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob"):
            continue
        path = unquote(parts.path)
        file = site / path.lstrip("/")
        if path.endswith("/") or file.is_dir():
            file = file / "index.html"
        if status == 404 or not file.is_file():
            file = site / "404.html"  # what a static host sends for a missing file
        body = file.read_bytes()
        raw, packed = len(body), len(gzip.compress(body, compresslevel=6, mtime=0))
        kind = KINDS.get(file.suffix, "other") if status != 404 else "404 responses"
        totals[kind][0] += raw
        totals[kind][1] += packed
        rows.append((kind, path + ("  [404]" if status == 404 else ""), raw, packed))
    print(f"First visit to {page} (fresh browser, 390 px):")
    for kind, path, raw, packed in sorted(rows):
        print(f"  {kind:14} {raw / 1024:8.1f} KB {packed / 1024:7.1f} KB gzip  {path}")
    raw_total = sum(v[0] for v in totals.values())
    gz_total = sum(v[1] for v in totals.values())
    for kind, (raw, packed) in sorted(totals.items()):
        print(f"  total {kind:14} {raw / 1024:8.1f} KB {packed / 1024:7.1f} KB gzip")
    verdict = "within" if gz_total <= BUDGET_GZIP else "OVER"
    print(f"  all: {len(rows)} responses, {raw_total / 1024:.1f} KB, {gz_total / 1024:.1f} KB gzip "
          f"({verdict} the budget of {BUDGET_GZIP // 1024} KB gzip)")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = copy_project(tmp / "project")
        site = tmp / "site"
        site.mkdir()
        server, base = serve(site)
        try:
            build(project, site, site_url=f"{base}/")  # absolute links point at this server
            weight(site, base, f"practicas/{SEED_ID}/")
        finally:
            server.shutdown()

        synthetic.write(1000, project / "practices", seed=1)
        big = tmp / "site-1000"
        seconds = build(project, big)
        pages = len(list(big.rglob("*.html")))
        start = time.perf_counter()
        problems, checked, links = linkcheck.check(big)
        elapsed = time.perf_counter() - start
        print(f"Link check of 1,000 practices: {checked} pages, {links} links, "
              f"{len(problems)} problems in {elapsed:.1f} s (the build took {seconds:.1f} s, "
              f"{pages} HTML pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
