"""Reading every practice: files -> strict YAML -> schema -> cross-file checks -> model.

All problems of all files are collected before anything stops, so one run of `make check`
shows an editor everything to fix.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .checks import duplicate_id_problems, file_problems
from .model import Practice
from .permalinks import problems as permalink_problems
from .problems import Problem, ProblemsFound, errors_of
from .textsafety import control_problems
from .validation import make_validator, schema_problems
from .vocabulary import Vocabularies, load_vocabularies
from .yamlload import YamlError, load


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

    def practice_files(self) -> list[Path]:
        # .yml too, so that a stray x.yml beside x.yaml is caught as a duplicate, not ignored.
        return sorted([*self.practices_dir.glob("*.yaml"), *self.practices_dir.glob("*.yml")])

    def schema(self) -> dict:
        return json.loads(self.schema_path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Catalog:
    practices: tuple[Practice, ...]  # sorted by id
    vocabularies: Vocabularies
    warnings: tuple[Problem, ...]

    def by_id(self, practice_id: str) -> Practice:
        return next(p for p in self.practices if p.id == practice_id)


def check(project: Project) -> tuple[Catalog | None, list[Problem]]:
    """Every problem of every file; a catalog only when there is no error."""
    schema = project.schema()
    validator = make_validator(schema)
    vocab, problems = load_vocabularies(project.vocabularies_dir, schema, project.root)
    valid = []
    for path in project.practice_files():
        rel = project.rel(path)
        try:
            loaded = load(path.read_bytes())
        except YamlError as e:
            problems.append(Problem(rel, e.line, e.col, "", e.message))
            continue
        found = schema_problems(loaded, validator, rel)
        if not found:
            found = file_problems(loaded, path.stem, rel) + control_problems(loaded, rel)
        problems += found
        if not errors_of(found):
            valid.append((loaded.data["id"], rel, loaded))
    problems += duplicate_id_problems(valid)
    # Ids from file names, valid or not: a file with a typo is not a renamed practice.
    problems += permalink_problems(project.root, {path.stem for path in project.practice_files()})
    if errors_of(problems):
        return None, sorted(problems)
    practices = tuple(sorted((Practice.from_data(d.data, rel) for _, rel, d in valid),
                             key=lambda p: p.id))
    return Catalog(practices, vocab, tuple(sorted(problems))), sorted(problems)


def load_catalog(project: Project) -> Catalog:
    catalog, problems = check(project)
    if catalog is None:
        raise ProblemsFound(problems)
    return catalog
