"""Scale of finding practices: prints figures for N = 100, 1,000 and 5,000 synthetic practices.

For each N (a temporary project copy with the seed plus N synthetic practices): the full build
(`mkdocs build --strict`, hooks and Pagefind included), its time per practice and peak memory,
the HTML bytes of one practice page, and the bytes headless Chromium fetches (site served on
127.0.0.1) for the first header search on a practice page, for a rare word and for a word found
in every practice, each with the files it fetched by kind (Pagefind's script and worker, wasm,
metadata, index chunks, filter chunks, result fragments), and for one facet change in the
catalog, in each language. At N = 1,000 it also builds the same pages with mkdocs-material alone
(same mkdocs.yml minus our hooks, each generated page's HTML body given as its Markdown: see
bare_docs), interleaved with full builds, best of two each, and prints
both wall and CPU times and their ratios. It prints; it never asserts a time.
The catalog's first load (what a fresh browser fetches to open /practicas/) and its data files
are printed too. Budgets: practice page HTML flat in N; catalog first load < 100 KB gzip at any N;
first search < 300 KB at N = 5,000; full build / bare build <= 1.5 at N = 1,000.
"""

from __future__ import annotations

import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from portal import synthetic  # noqa: E402
from portal.model.practice import language_prefix  # noqa: E402
from portal.model.site import from_mkdocs_yml  # noqa: E402
from portal.pages.generated import OWNED  # noqa: E402
from portal.sandbox import QuietHandler, copy_project, make_driver, serve  # noqa: E402

SIZES = (100, 1000, 5000)
PAGE = "sintetica-00001"
PAGE_SIZE = from_mkdocs_yml(ROOT / "mkdocs.yml", {}).catalog_page_size
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# BENCH_RATIO_ONLY=1: skip the browser figures (to measure the build ratio alone).
RATIO_ONLY = bool(os.environ.get("BENCH_RATIO_ONLY"))
# BENCH_ROUNDS=n: more interleaved pairs of builds for the ratio, on a noisy machine.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))

# The build runs under a tiny parent that reports the peak resident memory and the CPU seconds
# of its children (mkdocs and the Pagefind it starts), so each figure belongs to one build only.
_MEASURE = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
            "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "print(u.ru_maxrss, u.ru_utime + u.ru_stime); sys.exit(r.returncode)")


def build(config: Path, site: Path) -> tuple[float, int, float]:
    """(wall seconds, peak KiB, CPU seconds) of one `mkdocs build --strict`."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
         "-f", str(config), "-d", str(site)],
        capture_output=True, text=True, env=ENV, cwd=config.parent)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    peak, cpu = result.stdout.strip().splitlines()[-1].split()
    return seconds, int(peak), float(cpu)


def ratio(project: Path, rounds: int = ROUNDS) -> None:
    """Full build against a bare mkdocs-material build of the same pages (bare_docs) with the
    same mkdocs.yml minus our hooks, interleaved (bare, full, bare, full...) so that both meet the
    same machine state. The budget is read on the best of each (the least disturbed run); the
    median of each and of the pairs' ratios say how much the machine's load moved them. The
    full build generates its Markdown again (its folders are removed first): generating is part
    of what the hooks cost. It uses a second core (see portal.build.parallel): its CPU seconds
    exceed its wall seconds."""
    bare_yml = bare_config(project)
    runs = {"bare": [], "full": []}  # (wall, CPU) per round
    for i in range(rounds):
        for kind in ("bare", "full"):
            if kind == "full":
                for folder in OWNED:
                    shutil.rmtree(project / "docs" / folder, ignore_errors=True)
            config = bare_yml if kind == "bare" else project / "mkdocs.yml"
            site = project / f"site-{kind}{i}"
            wall, _, cpu = build(config, site)
            shutil.rmtree(site)
            print(f"    {kind} build {i + 1}: {wall:6.1f} s wall, {cpu:6.1f} s CPU", flush=True)
            runs[kind].append((wall, cpu))
    full_wall, full_cpu = (min(r[k] for r in runs["full"]) for k in (0, 1))
    bare_wall, bare_cpu = (min(r[k] for r in runs["bare"]) for k in (0, 1))
    print(f"  best of {rounds}       full {full_wall:.1f} s, bare {bare_wall:.1f} s wall: "
          f"full / bare = {full_wall / bare_wall:.2f}; CPU full {full_cpu:.1f} s, bare "
          f"{bare_cpu:.1f} s: {full_cpu / bare_cpu:.2f} (budget <= 1.5)", flush=True)
    full_median = statistics.median(r[0] for r in runs["full"])
    bare_median = statistics.median(r[0] for r in runs["bare"])
    pairs = [f[0] / b[0] for f, b in zip(runs["full"], runs["bare"], strict=True)]
    print(f"  median of {rounds}     full {full_median:.1f} s, bare {bare_median:.1f} s wall: "
          f"{full_median / bare_median:.2f}; ratio of each pair: "
          f"{', '.join(f'{r:.2f}' for r in pairs)}", flush=True)


BARE_HOOKS = """from portal.build.hooks import Hooks, Session

_hooks = Hooks(Session("build", False))  # only what the templates ask of it is used


def on_page_context(context, page, config, nav, **kwargs):
    return _hooks._theme_context(context, config)


def on_template_context(context, template_name, config, **kwargs):
    return _hooks._theme_context(context, config)


def on_env(env, config, files, **kwargs):
    return _hooks.on_env(env, config, files)
"""


def bare_docs(project: Path) -> Path:
    """A copy of docs/ for the bare build, like for like: each generated page (sheets, catalog
    pages) with its HTML body in place of its marker, as Markdown the theme renders (the full
    build puts the body in after MkDocs' Markdown pass; without our hooks, the bare build would
    render pages holding only the marker), and a sheet's citation metadata in its front matter
    (which the hooks give the theme without it). Same pages, same words, same three languages."""
    from portal.model.catalog import Project
    from portal.pages import generated
    from portal.read.practices import load_catalog

    folder = project / "docs-bare"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(project / "docs", folder)
    made = generated.all_pages(load_catalog(Project(project)), from_mkdocs_yml(project / "mkdocs.yml", {}),
                               render_pdf=False)
    for path, markdown in made.files.items():
        page = made.bodies.get(path)
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.with_head().replace(generated.BODY_MARKER, page.body) if page
                          else markdown, encoding="utf-8")
    return folder


def bare_config(project: Path) -> Path:
    """The same mkdocs.yml without our hooks, over bare_docs(). The theme overrides read the
    interface words the hooks give the templates: a one-event hook file gives them those words,
    and nothing else of ours runs."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "bare_hooks.py").write_text(BARE_HOOKS, encoding="utf-8")
    docs = bare_docs(project)
    lines, skip = [], False
    for line in text.splitlines():
        if line.startswith(("hooks:", "watch:")):
            skip = True
            continue
        if skip and line.startswith("  - "):
            continue
        skip = False
        lines.append(line)
    config = project / "mkdocs-bare.yml"
    config.write_text("\n".join([*lines, f"docs_dir: {docs.name}", "hooks:", "  - bare_hooks.py"]) + "\n",
                      encoding="utf-8")
    return config


_LOCK = threading.Lock()


class _Counting(QuietHandler):
    """Counts the body bytes the server sends: Pagefind fetches from a Web Worker, which the
    page's own resource timing does not see, so the server is the honest witness."""

    sent = 0
    gzipped = 0  # what a static host compressing text would send (Pagefind's chunks already are)
    files: list = []  # (path, bytes, gzip bytes) since the last _settled()
    last: list = []  # the files counted by the last _settled()

    def copyfile(self, source, outputfile):
        data = source.read()
        packed = min(len(data), len(gzip.compress(data, 6)))
        with _LOCK:  # the server answers on several threads
            type(self).sent += len(data)
            type(self).gzipped += packed
            type(self).files.append((self.path.split("?")[0], len(data), packed))
        if os.environ.get("BENCH_VERBOSE"):
            print(f"    {len(data):>8} {self.path}", flush=True)
        outputfile.write(data)


def _settled(driver) -> tuple[int, int]:
    """(bytes, gzip bytes) sent since the last call, once nothing was sent for half a second."""
    last = -1
    while _Counting.sent != last:
        last = _Counting.sent
        time.sleep(0.5)
    with _LOCK:
        sent = (_Counting.sent, _Counting.gzipped)
        _Counting.sent = _Counting.gzipped = 0
        _Counting.last, _Counting.files = _Counting.files, []
    return sent


def _breakdown() -> list:
    """The files counted by the last _settled(), grouped by kind: (kind, count, bytes, gzip)."""
    with _LOCK:
        files = list(_Counting.last)
    kinds: dict[str, list] = {}
    for path, raw, packed in files:
        name = path.rsplit("/", 1)[-1]
        kind = ("index chunk" if name.endswith(".pf_index") else
                "fragment" if name.endswith(".pf_fragment") else
                "filter chunk" if name.endswith(".pf_filter") else
                "metadata (pf_meta)" if name.endswith(".pf_meta") else
                "wasm" if name.startswith("wasm.") else name)
        entry = kinds.setdefault(kind, [0, 0, 0])
        entry[0] += 1
        entry[1] += raw
        entry[2] += packed
    return sorted(((k, *v) for k, v in kinds.items()), key=lambda row: -row[3])


def _wait(driver, condition, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        if condition(driver):
            return
        time.sleep(0.05)
    raise SystemExit("timed out waiting for the page")


# (language, what the words are, the words): a word of one practice and one of every practice.
SEARCHES = (("es", "rare word", "Superintendencia"), ("es", "word in every page", "integración"),
            ("en", "rare word", "Superintendency"), ("en", "word in every page", "integration"),
            ("pt", "rare word", "Superintendência"), ("pt", "word in every page", "integração"))


def _first_search(url: str, words: str, home: str = ""):
    """A cold browser opens a practice page of a language (`home`: "", "en/", "pt/": the first
    visit), then searches from the header."""
    from selenium.webdriver.common.by import By

    driver = make_driver()
    try:
        driver.get(f"{url}/{home}practicas/{PAGE}/")
        first_visit = _settled(driver)
        box = driver.find_element(By.ID, "bp-search-input")
        box.click()
        box.send_keys(words)
        _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, ".bp-search__status").get_attribute("textContent"))
        sent = _settled(driver)  # with the result fragments still in flight
        return first_visit, sent, _breakdown()
    finally:
        driver.quit()


def fetched(site: Path) -> dict:
    """Bytes fetched by a browser: first visit, first searches, the catalog, a facet change."""
    from selenium.webdriver.common.by import By

    server, url = serve(site, handler=_Counting)
    out, files = {}, {}
    try:
        # Each language has its own index (Pagefind, by <html lang>): the first search of each.
        for lang, label, words in SEARCHES:
            key = f"first search ({lang}), {label}"
            out[f"first visit ({lang})"], out[key], files[key] = _first_search(
                url, words, language_prefix(lang))
        driver = make_driver()
        try:
            driver.get(f"{url}/practicas/")
            status = driver.find_element(By.CSS_SELECTOR, "[data-status]")
            _wait(driver, lambda d: status.get_attribute("textContent"))
            out["catalog opened"] = _settled(driver)
            before = status.get_attribute("textContent")
            driver.find_element(By.CSS_SELECTOR, '[data-facet="gcm"] summary').click()
            driver.find_element(By.CSS_SELECTOR, 'input[name="gcm"][value="16"]').click()
            _wait(driver, lambda d: status.get_attribute("textContent") != before)
            out["first facet change"] = _settled(driver)
        finally:
            driver.quit()
    finally:
        server.shutdown()
    return out, files


def _packed(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 6))


def kb(n) -> str:
    if isinstance(n, tuple):
        return f"{n[0] / 1024:,.1f} KB ({n[1] / 1024:,.1f} KB gzip)"
    return f"{n / 1024:,.1f} KB"


def main() -> int:
    sizes = tuple(int(a) for a in sys.argv[1:]) or SIZES
    print("bench_search: seed + N synthetic practices (Portuguese in every other one), es + en + pt, "
          "full build = hooks + Pagefind")
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        for n in sizes:
            project = copy_project(Path(tmp) / f"n{n}")
            synthetic.write(n, project / "practices", seed=1)
            print(f"N = {n:,}: building...", flush=True)
            seconds, peak, _ = build(project / "mkdocs.yml", project / "site")
            page = project / "site" / "practicas" / PAGE / "index.html"
            print(f"  full build      {seconds:7.1f} s  ({seconds / n * 1000:.1f} ms per practice), "
                  f"peak memory {peak / 1024:,.0f} MB", flush=True)
            print(f"  practice page   {kb(page.stat().st_size)} HTML (budget: flat in N)", flush=True)
            folder = project / "site" / "practicas"
            print(f"  catalog page    {kb(_packed(folder / 'index.html'))} HTML (its first "
                  f"{PAGE_SIZE} practices; {len(list(folder.glob('pagina-*')))} numbered pages hold the rest)",
                  flush=True)
            print(f"  catalog data    {kb(_packed(folder / 'filtros.json'))} filtros.json, "
                  f"{kb(_packed(folder / 'tarjetas-0.json'))} each tarjetas-K.json "
                  "(fetched on the first filter or sort)", flush=True)
            sent_by_step, files = ({}, {}) if RATIO_ONLY else fetched(project / "site")
            for what, sent in sent_by_step.items():
                print(f"  {what:33} {kb(sent)} fetched", flush=True)
                for kind, count, raw, packed in files.get(what, ()):
                    print(f"      {count:>3} x {kind:28} {kb((raw, packed))}", flush=True)
            print("  budgets: first visit < 100 KB gzip; catalog opened < 100 KB gzip at any N; "
                  "first search < 300 KB at 5,000", flush=True)
            if n == 1000:
                print("  bare mkdocs-material build of the same Markdown and full build, "
                      "interleaved...", flush=True)
                ratio(project)
            shutil.rmtree(project)
    return 0


if __name__ == "__main__":
    sys.exit(main())
