"""Prints what the PDF sheets cost: seconds per PDF, a cold build of N synthetic practices
(every PDF rendered, both languages), a warm build (every PDF from the cache) and a warm build
with one practice changed, and the PDF step's share of a warm build. No assertion: figures only.

    python scripts/bench_pdf.py [N]      (N = 1,000 by default, as issue 12 asks: about 10 minutes of CPU cold)
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from portal.model.catalog import Project  # noqa: E402
from portal.model.site import from_mkdocs_yml  # noqa: E402
from portal.pages import sheet_pdf  # noqa: E402
from portal.read.practices import load_catalog  # noqa: E402
from portal.sandbox import build_site, copy_project  # noqa: E402
from portal.synthetic import write  # noqa: E402

N = 1000


def _build(project: Path, site: Path, cache: Path) -> tuple[float, float]:
    """Wall and CPU seconds of a real build (CPU of the build and every process it forks: wall
    time swings with the load of this shared machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    build_site(project, site, env={"PORTAL_PDF_CACHE": str(cache)}, quiet=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else N
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        copy_project(root)
        write(n, root / "practices")
        cache, site_dir = Path(tmp) / "cache", Path(tmp) / "site"
        os.environ["PORTAL_PDF_CACHE"] = str(cache)  # for this process's own figures too

        # Seconds per PDF, in this process, of the seed sheet (layout, PDF/UA-1, fonts).
        catalog = load_catalog(Project(root))
        site = from_mkdocs_yml(root / "mkdocs.yml", {})
        seed = catalog.by_id("peru-unidad-integracion-migratoria")
        times, cpu = [], []
        for lang in ("es", "en") * 3:
            html = sheet_pdf.sheet_html(seed, catalog, site, lang)
            started, started_cpu = time.perf_counter(), time.process_time()
            rendered = sheet_pdf.render(html)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        print(f"bench_pdf: one sheet: {statistics.median(times):.3f} s per PDF, "
              f"{statistics.median(cpu):.3f} s CPU (medians of {len(times)}; the first includes "
              f"loading the fonts), {len(rendered.pdf) / 1024:.0f} KB")

        pdfs = 2 * len(catalog.practices)
        cold, cold_cpu = _build(root, site_dir, cache)
        sizes = [p.stat().st_size for p in cache.glob("*.pdf")]
        print(f"bench_pdf: N = {len(catalog.practices)}: cold build {cold:.1f} s ({cold_cpu:.1f} s CPU), "
              f"{pdfs} PDFs, "
              f"{statistics.mean(sizes) / 1024:.0f} KB each on average, "
              f"{sum(1 for p in cache.glob('*.pdf') if p.stem.split('-')[1] != '1')} over one page")
        warm, warm_cpu = _build(root, site_dir, cache)
        print(f"bench_pdf: warm build, nothing changed: {warm:.1f} s ({warm_cpu:.1f} s CPU); "
              f"the PDFs took {cold_cpu - warm_cpu:.1f} s CPU of the cold build, "
              f"{(cold_cpu - warm_cpu) / pdfs:.3f} s per PDF")

        changed = sorted((root / "practices").glob("sintetica-*.yaml"))[0]
        header, body = changed.read_text(encoding="utf-8").split("\n", 1)  # JSON in YAML
        data = json.loads(body)
        data["title"] = {"es": data["title"]["es"] + " (cambiada)", "en": data["title"]["en"] + " (changed)"}
        changed.write_text(f"{header}\n{json.dumps(data, ensure_ascii=False)}\n", encoding="utf-8")
        before = set(cache.glob("*.pdf"))
        one, one_cpu = _build(root, site_dir, cache)
        new = set(cache.glob("*.pdf")) - before
        print(f"bench_pdf: warm build, one practice changed: {one:.1f} s ({one_cpu:.1f} s CPU), "
              f"{len(new)} PDFs rendered")

        # What the PDFs add to a warm build: the cache look-ups of the page generator and the
        # copies into the site (in this process, the same code the build runs).
        catalog = load_catalog(Project(root))
        started = time.perf_counter()
        for practice in catalog.practices:
            for lang in ("es", "en"):
                sheet_pdf.page_link(practice, catalog, site, lang)
        sheet_pdf.write_all(Path(tmp) / "site-pdf-only", catalog, site)
        step = time.perf_counter() - started
        print(f"bench_pdf: PDF step of a warm build: {step:.2f} s = {100 * step / warm:.1f} % "
              f"of the warm build's wall time (budget 5 %)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
