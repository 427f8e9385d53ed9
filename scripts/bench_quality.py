"""Quality figures, printed, never asserted (run by `make bench`):

1. the bytes a first visit to a practice page transfers (HTML, CSS, JS, images, fonts), each
   file as served and gzipped here, against the budget of 100 KB gzip;
2. on a slow link (Chromium's network emulation: 400 kbit/s both ways, 400 ms latency; the
   site served gzip-compressed, as GitHub Pages serves it): first contentful paint and load of
   a practice page and of the catalog, the time to the catalog's first answer to words and to a
   filter, and the render-blocking files (what the browser must fetch before it paints);
3. the offline link checker's time on the site built from 1,000 synthetic practices.

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
from portal.sandbox import QuietHandler, build_site, copy_project, make_driver, serve  # noqa: E402

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


class GzipHandler(QuietHandler):
    """Text files gzip-compressed for a browser that accepts it, as GitHub Pages sends them
    (Pagefind's own chunks are compressed already and go as they are)."""

    TEXT = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".webmanifest"}

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if (path.suffix in self.TEXT and path.is_file()
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


# Chromium's network emulation: bytes per second both ways, and the latency of each request.
SLOW_LINK = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8,
             "uploadThroughput": 400_000 / 8}
# Set before any script of the page runs: the time the catalog's status first says something
# (its answer: the results are on the page before the status is written).
ANSWER_CLOCK = """
window.__answered = null;
new MutationObserver(() => {
  const status = document.querySelector("[data-status]");
  if (window.__answered === null && status && status.textContent.trim()) {
    window.__answered = performance.now();
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""
TIMINGS = """
const paint = performance.getEntriesByName("first-contentful-paint")[0];
const nav = performance.getEntriesByType("navigation")[0];
const blocking = performance.getEntriesByType("resource")
  .filter((r) => r.renderBlockingStatus === "blocking")
  .map((r) => [new URL(r.name).pathname, r.encodedBodySize]);
return {paint: paint ? paint.startTime : null, load: nav.loadEventEnd, html: nav.encodedBodySize,
        blocking, answered: window.__answered};
"""


def slow_visit(url: str, *, answer: bool = False) -> dict:
    """Timings (ms from navigation start) of a fresh browser opening url on the slow link."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver = make_driver(width=390, height=844)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", SLOW_LINK)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": ANSWER_CLOCK})
        driver.set_page_load_timeout(120)
        driver.get(url)
        if answer:
            WebDriverWait(driver, 120, poll_frequency=0.2).until(
                lambda d: d.execute_script("return window.__answered"))
        return driver.execute_script(TIMINGS)
    finally:
        driver.quit()


def slow_link(base: str) -> None:
    print("Slow link: 400 kbit/s, 400 ms latency, gzip as GitHub Pages serves it; fresh browser, 390 px")
    seconds = lambda ms: f"{ms / 1000:.1f} s" if ms is not None else "n/a"  # noqa: E731
    for label, page in (("practice page", f"practicas/{SEED_ID}/"), ("catalog", "practicas/")):
        t = slow_visit(f"{base}/{page}")
        blocking = sum(size for _, size in t["blocking"])
        print(f"  {label:26} first paint {seconds(t['paint'])}, load {seconds(t['load'])}; "
              f"HTML {t['html'] / 1024:.1f} KB gzip; render-blocking {len(t['blocking'])} files, "
              f"{blocking / 1024:.1f} KB gzip")
        for path, size in t["blocking"]:
            print(f"      {size / 1024:6.1f} KB gzip  {path}")
    for label, query in (("catalog answer, words", "?q=integración"),
                         ("catalog answer, a filter", "?country=PE")):
        t = slow_visit(f"{base}/practicas/{query}", answer=True)
        print(f"  {label:26} first paint {seconds(t['paint'])}, answer {seconds(t['answered'])} "
              f"({query})")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = copy_project(tmp / "project")
        site = tmp / "site"
        site.mkdir()
        server, base = serve(site, GzipHandler)
        try:
            build(project, site, site_url=f"{base}/")  # absolute links point at this server
            weight(site, base, f"practicas/{SEED_ID}/")
            slow_link(base)
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
