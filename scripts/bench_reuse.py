"""Prints how long the cite-and-reuse outputs take for many practices, and how big they are:
citation files, redirects, feeds and open data (what the hook writes after each build).
No assertion: figures only."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from portal.build.site_files import write_outputs  # noqa: E402
from portal.model.catalog import Project  # noqa: E402
from portal.model.practice import LANGUAGES  # noqa: E402
from portal.model.site import from_mkdocs_yml  # noqa: E402
from portal.read.practices import load_catalog  # noqa: E402
from portal.sandbox import copy_project  # noqa: E402
from portal.synthetic import write  # noqa: E402

N = 1000


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        copy_project(root)
        shutil.copy2(ROOT / "permalinks.txt", root / "permalinks.txt")  # the renames' aliases
        write(N, root / "practices")
        project = Project(root)
        started = time.perf_counter()
        catalog = load_catalog(project)
        loaded = time.perf_counter()
        site = from_mkdocs_yml(root / "mkdocs.yml")
        out = root / "site"
        files = []
        for lang in LANGUAGES:
            files += write_outputs(out / site.prefix(lang), lang, catalog, project, site)
        done = time.perf_counter()
        n = len(catalog.practices)
        print(f"bench_reuse: {n} practices: check+load {loaded - started:.2f} s, "
              f"outputs (both languages) {done - loaded:.2f} s, {len(files)} files")
        for rel in ("datos/practicas.json", "datos/practicas.csv", "feed.xml", "en/feed.xml"):
            print(f"bench_reuse:   {rel}: {(out / rel).stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
