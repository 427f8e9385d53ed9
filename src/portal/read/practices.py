"""Reading every practice: files -> strict YAML -> schema -> cross-file checks -> model.

All problems of all files are collected before anything stops, so one run of `make check`
shows an editor everything to fix.
"""

from __future__ import annotations

import json

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


def check(project: Project) -> tuple[Catalog | None, list[Problem]]:
    """Every problem of every file; a catalog only when there is no error."""
    schema, problems = schema_or_problem(project)
    if schema is None:
        return None, problems
    validator = make_validator(schema)
    vocab, problems = load_vocabularies(project.vocabularies_dir, schema, project.root)
    valid = []
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
            files.append((path.stem, rel, read_capped(path, project.root)))
        except YamlError as e:
            problems.append(Problem(rel, e.line, e.col, "", e.message))
    for folder in project.stray_folders():
        problems.append(Problem(project.rel(folder), 1, 1, "", message("files.stray_folder"), warning=True))
    # Same bytes, same schema: same result (under `mkdocs serve`, a save re-checks one file).
    # Files are independent: half of the new ones are checked on another core.
    new = [file for file in files if file[1:] not in _checked]
    results = parallel_map(lambda file: _check_file(file[2], file[0], file[1], validator), new)
    _checked.update((file[1:], result) for file, result in zip(new, results, strict=True))
    current = set()
    for _, rel, raw in files:
        key = (rel, raw)
        current.add(key)
        loaded, found = _checked[key]
        problems += found
        if loaded is not None and not errors_of(found):
            valid.append((loaded.data["id"], rel, loaded))
    for key in [k for k in _checked if k != "schema" and k not in current]:
        del _checked[key]  # earlier versions of saved files, and deleted files
    problems += duplicate_id_problems(valid)
    # Ids from file names, valid or not: a file with a typo is not a renamed practice.
    problems += permalink_problems(project.root, stems)
    if errors_of(problems):
        return None, sorted(problems)
    practices = tuple(sorted((Practice.from_data(d.data, rel) for _, rel, d in valid),
                             key=lambda p: p.id))
    current = tuple(p for p in practices if p.withdrawn is None)
    withdrawn = tuple(p for p in practices if p.withdrawn is not None)
    data = {d.data["id"]: d.data for _, _, d in valid}
    return (Catalog(current, vocab, tuple(sorted(problems)), withdrawn, project.root, data),
            sorted(problems))


def load_catalog(project: Project) -> Catalog:
    catalog, problems = check(project)
    if catalog is None:
        raise ProblemsFound(problems)
    return catalog
