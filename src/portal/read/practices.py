"""Reading every practice: files -> strict YAML -> schema -> cross-file checks -> model.

All problems of all files are collected before anything stops, so one run of `make check`
shows an editor everything to fix.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from portal.build.parallel import parallel_map
from portal.data.permalinks import problems as permalink_problems
from portal.i18n import message
from portal.model.catalog import Catalog, Project
from portal.model.practice import Practice
from portal.read.aftersyntax import syntax_problems
from portal.read.checks import duplicate_id_problems, file_problems
from portal.read.controls import control_problems
from portal.read.problems import Problem, ProblemsFound, errors_of
from portal.read.sourcefiles import read_capped
from portal.read.validation import make_validator, schema_problems
from portal.read.vocabularies import load_vocabularies
from portal.read.yamlload import MAX_BYTES, Loaded, YamlError, YamlSyntaxError, load, utf8_text


def schema_or_problem(project: Project) -> tuple[dict | None, list[Problem]]:
    """The schema, or why it cannot be read (a pull request can break it too)."""
    rel = project.rel(project.schema_path)
    try:
        schema = json.loads(utf8_text(read_capped(project.schema_path, project.root, 4 * MAX_BYTES)))
    except YamlError as e:
        return None, [Problem(rel, e.line, e.col, "", e.message)]
    except json.JSONDecodeError as e:
        return None, [Problem(rel, e.lineno, e.colno, "", message("files.invalid_json", detail=e.msg))]
    if not isinstance(schema, dict):
        return None, [Problem(rel, 1, 1, "", message("files.not_object"))]
    return schema, []


_checked: dict = {}  # (rel path, bytes) -> (_check_file result), for the schema under "schema"


def _check_file(raw: bytes, stem: str, rel: str, validator) -> tuple[Loaded | None, list[Problem]]:
    def problems_of(loaded: Loaded) -> list[Problem]:
        found = schema_problems(loaded, validator, rel)
        return found or file_problems(loaded, stem, rel) + control_problems(loaded, rel)

    try:
        loaded = load(raw)
    except YamlSyntaxError as e:
        return None, syntax_problems(e, rel, problems_of,
                                     raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace"))
    except YamlError as e:
        return None, [Problem(rel, e.line, e.col, "", e.message)]
    return loaded, problems_of(loaded)


@dataclass(frozen=True)
class Broken:
    """A practice file with an error, for the preview's draft page: its id (the file name),
    its path, its data when the YAML could be read at all, and its problems."""

    stem: str
    rel: str
    data: dict | None
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Draft:
    """What the preview shows: the catalog of every valid practice (built even when other files
    have errors), every problem, and the files with errors."""

    catalog: Catalog
    problems: tuple[Problem, ...]
    broken: tuple[Broken, ...]


def check(project: Project, read=read_capped) -> tuple[Catalog | None, list[Problem]]:
    """Every problem of every file; a catalog only when there is no error. `read(path, root)`
    gives a file's bytes (the preview passes one that skips files unchanged since it read them)."""
    found = _read_all(project, read)
    if found is None or errors_of(found[1]):
        return None, sorted(found[1] if found else schema_or_problem(project)[1])
    return _catalog(project, *found[:3]), sorted(found[1])


def check_draft(project: Project, read=read_capped) -> Draft:
    """Like check(), but errors never stop it: the catalog holds the valid practices, and each
    file with an error is a Broken one. Raises ProblemsFound only when no practice can be read
    at all (the schema is broken)."""
    found = _read_all(project, read)
    if found is None:
        raise ProblemsFound(schema_or_problem(project)[1])
    read_ok, problems, vocab, broken = found
    errors = {p.path for p in errors_of(problems)}
    # A practice with a cross-file error (a duplicate id, a URL not recorded) is broken too.
    valid = [v for v in read_ok if v[1] not in errors]
    broken += [Broken(Path(rel).stem, rel, loaded.data, ()) for _, rel, loaded in read_ok
               if rel in errors]
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.path, []).append(problem)
    broken = [Broken(b.stem, b.rel, b.data, tuple(sorted(by_file.get(b.rel, ()))))
              for b in sorted(broken, key=lambda b: b.rel)]
    return Draft(_catalog(project, valid, problems, vocab), tuple(sorted(problems)), tuple(broken))


def _read_all(project: Project, read):
    """(valid files, every problem, vocabularies, broken files), or None without a schema."""
    schema, problems = schema_or_problem(project)
    if schema is None:
        return None
    validator = make_validator(schema)
    vocab, problems = load_vocabularies(project.vocabularies_dir, schema, project.root)
    valid, broken = [], []
    if _checked.get("schema") != schema:
        _checked.clear()
        _checked["schema"] = schema
    files, stems = [], set()
    for path in project.practice_files():
        rel = project.rel(path)
        stems.add(path.stem)
        if path.suffix not in (".yaml", ".yml"):
            right = path.stem + path.suffix.lower()
            problems.append(Problem(rel, 1, 1, "", message("files.extension", name=right)))
            continue
        try:
            files.append((path.stem, rel, read(path, project.root)))
        except YamlError as e:
            problems.append(Problem(rel, e.line, e.col, "", e.message))
            broken.append(Broken(path.stem, rel, None, ()))
    for folder in project.stray_folders():
        problems.append(Problem(project.rel(folder), 1, 1, "", message("files.stray_folder"), warning=True))
    # Same bytes, same schema: same result (under `mkdocs serve`, a save re-checks one file).
    # Files are independent: half of the new ones are checked on another core.
    new = [file for file in files if file[1:] not in _checked]
    results = parallel_map(lambda file: _check_file(file[2], file[0], file[1], validator), new)
    _checked.update((file[1:], result) for file, result in zip(new, results, strict=True))
    current = set()
    for stem, rel, raw in files:
        key = (rel, raw)
        current.add(key)
        loaded, found = _checked[key]
        problems += found
        if loaded is not None and not errors_of(found):
            valid.append((loaded.data["id"], rel, loaded))
        elif errors_of(found):
            broken.append(Broken(stem, rel, loaded.data if loaded is not None else None, ()))
    for key in [k for k in _checked if k != "schema" and k not in current]:
        del _checked[key]  # earlier versions of saved files, and deleted files
    problems += duplicate_id_problems(valid)
    # Ids from file names, valid or not: a file with a typo is not a renamed practice.
    problems += permalink_problems(project.root, stems)
    return valid, problems, vocab, broken


_built: dict[int, tuple[Loaded, Practice]] = {}  # id(loaded) -> (loaded, its Practice)


def _practice(loaded: Loaded, rel: str) -> Practice:
    # A file checked again with the same bytes gives the same Loaded object (see _checked): its
    # Practice is kept too (5,000 of them took 0.4 s to make again at every preview save).
    hit = _built.get(id(loaded))
    if hit is None or hit[0] is not loaded or hit[1].source_path != rel:
        hit = _built[id(loaded)] = (loaded, Practice.from_data(loaded.data, rel))
    return hit[1]


def _catalog(project: Project, valid, problems, vocab) -> Catalog:
    practices = tuple(sorted((_practice(d, rel) for _, rel, d in valid), key=lambda p: p.id))
    for key in set(_built) - {id(d) for _, _, d in valid}:
        del _built[key]
    current = tuple(p for p in practices if p.withdrawn is None)
    withdrawn = tuple(p for p in practices if p.withdrawn is not None)
    data = {d.data["id"]: d.data for _, _, d in valid}
    return Catalog(current, vocab, tuple(sorted(problems)), withdrawn, project.root, data)


def load_catalog(project: Project) -> Catalog:
    catalog, problems = check(project)
    if catalog is None:
        raise ProblemsFound(problems)
    return catalog
