"""Writing generated pages into the generator's own folders under docs/, and nowhere else.

A page is written only when its bytes change: `mkdocs serve` watches docs/, and rewriting
unchanged files made it rebuild in a loop (16 rebuilds in 18 s, measured).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0


def _target(docs: Path, owned: set[str], name: str) -> Path:
    """docs/<owned folder>/<file>, refusing any other place (ids are checked before, this is
    the last guard against a path that could escape docs/)."""
    parts = name.split("/")
    target = (docs / name).resolve()
    if len(parts) != 2 or parts[0] not in owned or target.parent != (docs / parts[0]).resolve():
        raise ValueError(f"refusing to write {name!r}: not a file directly in {sorted(owned)}")
    return target


def sync(docs: Path, owned: Iterable[str], pages: dict[str, str]) -> WriteReport:
    """Make the owned folders of `docs` hold exactly `pages` ("folder/file" -> text):
    write what changed, delete orphans, leave everything else alone."""
    owned = set(owned)
    report = WriteReport()
    targets = {name: _target(docs, owned, name) for name in pages}
    for name in sorted(pages):
        target, data = targets[name], pages[name].encode("utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_file() and target.read_bytes() == data:
            report.unchanged += 1
            continue
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(target)  # atomic: a watcher never reads half a page
        report.written.append(name)
    keep = set(targets.values())
    for folder in sorted(owned):
        if not (docs / folder).is_dir():
            continue
        for path in sorted((docs / folder).iterdir()):
            if path.is_file() and path.resolve() not in keep:
                path.unlink()
                report.deleted.append(f"{folder}/{path.name}")
    return report
