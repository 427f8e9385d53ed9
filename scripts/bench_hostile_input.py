"""How long the worst files an editor (or an attacker) can send take: `portal check` on each, and a
real build of the seed with each beside it. Prints figures; asserts nothing (make bench).

The files are the largest and most expensive under the checks' limits: the 256 KB cap, 20 list
items, 2,000-character summaries, and Markdown that Python-Markdown handles slowest ('[' and
'<', kept at the 32 a field may use before they are shown as text).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import yaml

from portal.model.catalog import Project
from portal.read.practices import check
from portal.sandbox import ROOT, build_site, copy_project

SEED = "peru-unidad-integracion-migratoria"


def _worst_texts() -> dict[str, str]:
    within = "[" * 16 + "<" * 16 + "*_" * 984  # 2,000 characters, 32 openers, emphasis runs
    return {
        "brackets at the limit": within,
        "brackets past the limit": "![" * 1000,
        "emphasis": "*_" * 1000,
        "nested lists": "".join("  " * i + "- x\n" for i in range(40)),
    }


def _practice(text: str, stem: str) -> str:
    data = yaml.safe_load((ROOT / "practices" / f"{SEED}.yaml").read_text(encoding="utf-8"))
    data["id"] = stem
    data["summary"] = {"es": text, "en": text}
    for field in ("objectives", "lessons", "recommendations"):
        data[field] = [{"es": text[:1000], "en": text[:1000]} for _ in range(20)]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=2**20)


def _oversized() -> dict[str, str]:
    base = (ROOT / "practices" / f"{SEED}.yaml").read_text(encoding="utf-8")
    return {
        "6,000 objectives": base.replace("objectives:\n", "objectives:\n" +
                                         "  - {es: Objetivo uno., en: Objective.}\n" * 6000, 1),
        "250,000 '[' in a summary": base.replace("summary:\n", "summary: {es: '" + "[" * 250_000 +
                                                 "', en: x}\nx:\n", 1),
    }


def main() -> int:
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        for name, content in {**_oversized(),
                              **{k: _practice(v, "bench-peor") for k, v in _worst_texts().items()}}.items():
            project = copy_project(Path(tmp) / "p")
            file = project / "practices" / "bench-peor.yaml"
            file.write_text(content, encoding="utf-8")
            started = time.process_time()
            catalog, problems = check(Project(project))
            spent = time.process_time() - started
            line = f"{name:28} {len(content.encode()) / 1024:7.1f} KB  check {spent:5.2f} s CPU"
            if catalog is not None:
                started = time.perf_counter()
                build_site(project, Path(tmp) / "site", quiet=True)
                line += f"  build {time.perf_counter() - started:6.1f} s (with the seed)"
            else:
                line += f"  refused ({len(problems)} messages)"
            print(line, flush=True)
            import shutil
            shutil.rmtree(project)
    return 0


if __name__ == "__main__":
    sys.exit(main())
