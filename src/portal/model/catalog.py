"""The project's parts (Project) and the catalogue of practices read from them (Catalog).

Reading and checking the files is portal.read.practices' work: nothing here validates.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from portal.model.practice import Practice
from portal.model.vocabulary import Vocabularies
from portal.read.problems import Problem


@dataclass(frozen=True)
class Project:
    """Where the project's parts live, from its root folder."""

    root: Path

    @property
    def practices_dir(self) -> Path:
        return self.root / "practices"

    @property
    def schema_path(self) -> Path:
        return self.practices_dir / "schema.json"

    @property
    def vocabularies_dir(self) -> Path:
        return self.practices_dir / "vocabularies"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def generated_dir(self) -> Path:
        """Owned by the generator: everything in it is rewritten or deleted."""
        return self.docs_dir / "practicas"

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _entries(self) -> list[os.DirEntry]:
        try:
            with os.scandir(self.practices_dir) as entries:
                return sorted(entries, key=lambda e: e.name)
        except OSError:
            return []

    def practice_files(self) -> list[Path]:
        """Every entry of practices/ named like a practice file, whatever it is (a folder or a
        link named x.yaml is refused when read, with a message). .yml too, so that a stray
        x.yml beside x.yaml is caught as a duplicate, and any case, so that X.YAML is named."""
        return [Path(e.path) for e in self._entries() if Path(e.name).suffix.lower() in (".yaml", ".yml")]

    def stray_folders(self) -> list[Path]:
        """Folders of practices/ that are not read: an editor may have put practices there."""
        return [Path(e.path) for e in self._entries() if e.is_dir(follow_symlinks=False)
                and e.name != "vocabularies" and Path(e.name).suffix.lower() not in (".yaml", ".yml")]

    def schema(self) -> dict:
        return json.loads(self.schema_path.read_text(encoding="utf-8"))



@dataclass(frozen=True)
class Catalog:
    # The current practices, sorted by id: everything that lists, counts, searches or relates
    # practices reads this, so a withdrawn practice leaves all of them at once.
    practices: tuple[Practice, ...]
    vocabularies: Vocabularies
    warnings: tuple[Problem, ...]
    # Withdrawn practices (`withdrawn:` in their file), sorted by id: their sheets stay at their
    # URLs with a notice, their citation files stay, the open data lists them as withdrawn.
    withdrawn: tuple[Practice, ...] = ()
    # The project's root folder it was read from (where its caches live, see sheet_pdf).
    root: Path | None = None
    # Each practice's data as its file holds it (the editor's structure and key order), by id:
    # the open data publishes it as it is.
    data: Mapping[str, dict] = field(default_factory=dict)

    def by_id(self, practice_id: str) -> Practice:
        return self._by_id[practice_id]

    @functools.cached_property
    def _by_id(self) -> dict[str, Practice]:
        # Every page looks its practice up (search body, related, citations): one dict, not a
        # scan of the tuple per lookup. cached_property sets the instance dict, frozen or not.
        return {p.id: p for p in (*self.practices, *self.withdrawn)}
