"""A cheap fingerprint of everything the generated pages depend on, to skip identical work.

MkDocs runs on_pre_build once per language (mkdocs-static-i18n builds the site again for
English): validating and rendering every practice twice was half of each build. The
fingerprint is the name, size and modification time of every file the generator reads
(practices/, the portal package and its templates) and writes (its own docs/ folders), so any
save, and any change to the generated files by hand, makes it differ.
"""

from __future__ import annotations

import os
from pathlib import Path


def _stats(folder: Path) -> list[tuple[str, int, int]]:
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        for name in filenames:
            path = os.path.join(dirpath, name)
            try:
                st = os.stat(path)
            except FileNotFoundError:  # deleted while walking: the next call sees it
                continue
            out.append((path, st.st_size, st.st_mtime_ns))
    return sorted(out)


def fingerprint(root: Path, package: Path, docs_dir: Path, owned: tuple[str, ...]) -> tuple:
    return (tuple(_stats(root / "practices")), tuple(_stats(package)),
            *(tuple(_stats(docs_dir / folder)) for folder in owned))
