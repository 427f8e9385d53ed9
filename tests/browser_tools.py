"""Browser helpers shared by the quality gates: a Chromium that records its network traffic,
a server that sends the site's published headers, and loading a page of pages_under_test."""

from __future__ import annotations

import json
import weakref
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from harness import _QuietHandler, make_driver, serve

from portal.build.csp import read_headers


def recording_driver(*, width: int = 1280, height: int = 900):
    """Headless Chromium (same flags as conftest.make_driver) that logs every network request;
    wait_settled then also waits for its unanswered requests."""
    driver = make_driver(width=width, height=height, record_network=True)
    _NETWORKS[driver] = _Network(driver)
    return driver


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
    from harness import build_site

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


# Registered before any page script runs (Page.addScriptToEvaluateOnNewDocument), so every
# violation of the page is seen and every timer the page sets is counted. A page has settled
# when no timer it set within SETTLE_HORIZON_MS is still to run: setTimeout and
# requestAnimationFrame/requestIdleCallback until their callback has run, setInterval until its
# first run. The probe keeps the browser's own functions for itself, so polling it adds no work.
SETTLE_HORIZON_MS = 5000
PAGE_PROBE = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
(() => {
  const pending = new Map();
  const own = {setTimeout: window.setTimeout.bind(window),
               requestAnimationFrame: window.requestAnimationFrame.bind(window)};
  // Timeouts and intervals share one id pool (either clear function clears either), frames and
  // idle callbacks have their own: keys carry the pool so ids of two pools never collide.
  const track = (kind, pool, schedule, cancel) => {
    const original = window[schedule].bind(window), clear = window[cancel].bind(window);
    window[schedule] = function (callback, delay, ...rest) {
      // A string callback is code to evaluate: the CSP refuses it (and reports it).
      if (typeof callback !== 'function') return original(callback, delay, ...rest);
      let key;
      const run = function (...args) {
        try { return callback.apply(this, args); } finally { pending.delete(key); }
      };
      const id = original(run, delay, ...rest);
      key = `${pool}:${id}`;
      if (pool !== 'timer' || !(Number(delay) > HORIZON_MS)) pending.set(key, `${kind} ${delay || 0} ms`);
      return id;
    };
    window[cancel] = id => { pending.delete(`${pool}:${id}`); return clear(id); };
  };
  track('timeout', 'timer', 'setTimeout', 'clearTimeout');
  track('interval', 'timer', 'setInterval', 'clearInterval');
  track('frame', 'frame', 'requestAnimationFrame', 'cancelAnimationFrame');
  if (window.requestIdleCallback) track('idle', 'idle', 'requestIdleCallback', 'cancelIdleCallback');
  // One animation frame and the task after it (so lazy loading and intersection observers of
  // that frame have run), then what is still to run.
  window.__probe = done => own.requestAnimationFrame(() => own.setTimeout(() => done({
    ready: document.readyState, timers: [...pending.values()], violations: window.__csp.length}), 0));
})();
""".replace("HORIZON_MS", str(SETTLE_HORIZON_MS))

# Consecutive settled polls needed (each spans at least one frame): a violation is reported by an
# event the browser queues as a separate task after the offending code, so one quiet poll right
# after the last timer could come before it.
SETTLED_POLLS = 3


class _Network:
    """What a recording driver's performance log says, kept across reads (each read drains the
    log): URLs requested since the last take_urls(), and the page's requests not yet answered."""

    def __init__(self, driver) -> None:
        self.driver, self.urls = driver, []
        self.pending: dict[str, tuple[str, str]] = {}  # request id: (loader id, url)

    def read(self) -> None:
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            method, params = message["method"], message.get("params", {})
            if method == "Network.requestWillBeSent":
                url = params["request"]["url"]
                self.urls.append(url)
                # A request with no loader belongs to a worker: its answer is logged in the
                # worker's own target, never here, so it cannot be waited for (see wait_settled).
                if params.get("loaderId"):
                    self.pending[params["requestId"]] = (params["loaderId"], url)
            elif method in ("Network.loadingFinished", "Network.loadingFailed"):
                self.pending.pop(params["requestId"], None)
            elif method == "Page.frameNavigated" and not params["frame"].get("parentId"):
                # A new document in the tab: requests of the previous one are not its work.
                loader = params["frame"]["loaderId"]
                self.pending = {k: v for k, v in self.pending.items() if v[0] == loader}

    def unanswered(self) -> list[str]:
        self.read()
        return [url for _, url in self.pending.values()]

    def take_urls(self) -> list[str]:
        self.read()
        urls, self.urls = self.urls, []
        return urls

    def forget(self) -> None:
        """Before a new page: what the previous one asked for no longer counts."""
        self.take_urls()
        self.pending.clear()


_NETWORKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _network(driver) -> _Network:
    if driver not in _NETWORKS:
        _NETWORKS[driver] = _Network(driver)
    return _NETWORKS[driver]


def requested_urls(driver) -> list[str]:
    """Every URL the browser asked for since the last call (documents, assets, XHR, workers)."""
    return _network(driver).take_urls()


def wait_settled(driver, seconds: float = 30) -> None:
    """Wait until the page has done all it is going to do, as far as a gate can see: the
    document is loaded, no timer it set (within SETTLE_HORIZON_MS) is still to run, no request
    to its own origin is unanswered (an answer may start more work; a request that leaves the
    origin is already recorded, and the privacy gate fails on it anyway), and this held for
    SETTLED_POLLS polls in a row, each after an animation frame. That is a state of the page,
    not an amount of time: a violation or a request made 0.5 s (or 4 s) after load by a timer,
    or after a fetch answers, is still seen. Bounded, so a page that never settles fails with
    what it was still doing. Out of sight: the inside of a worker (Pagefind's), whose timers and
    requests neither the probe nor the page's log sees; the search gates read the console for
    the CSP errors a worker causes."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    network = _NETWORKS.get(driver)  # None: a driver that does not record its network
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(driver.current_url))
    state = {"quiet": 0, "last": None}

    def settled(d) -> bool:
        probe = d.execute_async_script("window.__probe(arguments[arguments.length - 1])")
        unanswered = []
        if network is not None:
            unanswered = [u for u in network.unanswered() if not leaves_origin(u, origin)]
        quiet = probe["ready"] == "complete" and not probe["timers"] and not unanswered
        state["quiet"] = state["quiet"] + 1 if quiet else 0
        state["last"] = {**probe, "requests": unanswered}
        return state["quiet"] >= SETTLED_POLLS

    try:
        WebDriverWait(driver, seconds, poll_frequency=0.01).until(settled)
    except TimeoutException:
        raise AssertionError(f"{driver.current_url} never settled: {state['last']}") from None


def csp_violations(driver) -> list[str]:
    """The violations the page has reported, once it has settled (see wait_settled)."""
    wait_settled(driver)
    return driver.execute_script("return window.__csp")


@pytest.fixture(scope="session")
def recorder():
    """A recording Chromium with the page probe, shared by the privacy and CSP gates."""
    driver = recording_driver()
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PAGE_PROBE})
    yield driver
    driver.quit()


def visit_page(recorder, url: str) -> Visit:
    """Open url in the recorder and record what it requests and what the CSP blocks, until the
    page has settled, scrolled to its end (so anything loaded lazily is requested too) and back."""
    _network(recorder).forget()
    recorder.get(url)
    for position in ("document.body.scrollHeight", "0"):
        wait_settled(recorder)
        recorder.execute_script(f"window.scrollTo(0, {position})")
    violations = csp_violations(recorder)
    ran = recorder.execute_script("return typeof window.__md_get") == "function"
    return Visit(requested_urls(recorder), violations, ran)


@pytest.fixture(scope="session")
def visits(recorder, local_site):
    """Each page of pages_under_test, visited once under the site's own CSP, with the requests
    it made and the violations it reported; the privacy and CSP gates both read it."""
    url, _ = local_site
    cache: dict[str, Visit] = {}

    def visit(path: str) -> Visit:
        if path not in cache:
            cache[path] = visit_page(recorder, f"{url}/{path}")
        return cache[path]

    return visit


# A page that misbehaves only late: half a second after load it fetches a file of its own site,
# and once that answers it runs an inline script (the CSP blocks and reports it) and asks another
# host for an image. A gate that waited a fixed moment after load would see nothing.
LATE_PAGE = {
    "index.html": '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Late</title>'
                  '<script src="late.js"></script></head><body><p>Late</p></body></html>',
    "late.js": "setTimeout(() => fetch('answer.json').then(r => r.json()).then(answer => {\n"
               "  const s = document.createElement('script');\n"
               "  s.textContent = 'window.__late = ' + answer.late;\n"
               "  document.body.append(s);\n"
               "  new Image().src = 'http://192.0.2.1/late.png';\n"
               "}), 500);\n",
    "answer.json": '{"late": 1}',
}
LATE_REQUEST = "http://192.0.2.1/late.png"


@pytest.fixture(scope="session")
def late_page(tmp_path_factory, local_site):
    """URL of LATE_PAGE, served with the site's own headers (its CSP) on a server of its own."""
    folder = tmp_path_factory.mktemp("late-page")
    for name, text in LATE_PAGE.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "_headers").write_bytes((local_site[1] / "_headers").read_bytes())
    server, url = serve(folder, headers_handler(folder / "_headers"))
    yield f"{url}/"
    server.shutdown()
