"""Property-based tests of `make check` (issue 10): the seed practice and the vocabularies,
mutated as a careless editor or an attacker would (byte flips, truncations, control and unusual
characters typed or written as YAML escapes, deep nesting, huge numbers, YAML constructs).

For every mutant: no exception escapes `check`; every message names a file of the project
and a line and column inside that file; no message holds a raw control character, and its
GitHub annotation is one line; where the mutation says where the fault is (an inserted
character, an escape in a value), a message points at exactly that line and column.

`make test` runs a fixed, small number of cases (derandomized: the same cases every run);
`make fuzz` sets PORTAL_FUZZ_EXAMPLES to run many more, with fresh random cases each time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from harness import ROOT
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from mutants import (
    ORIGINAL,
    SEED,
    accepted_by,
    assert_well_formed,
    byte_mutants,
    check_mutant,
    escape_mutants,
    place,
    structure_mutants,
    typed_character_mutants,
    value_mutants,
)

from portal.model.catalog import Project
from portal.model.site import from_mkdocs_yml
from portal.pages import generated as pages
from portal.read.practices import load_catalog

SEED_ID = "peru-unidad-integracion-migratoria"

_FUZZ = os.environ.get("PORTAL_FUZZ_EXAMPLES")
CASES = settings(
    max_examples=int(_FUZZ) if _FUZZ else 20,
    derandomize=not _FUZZ,  # `make test`: the same cases every run; `make fuzz`: new ones
    deadline=None,  # the machine is shared; speed has its own test in test_bad_files.py
    database=None,  # nothing written into the working tree
    # Most random mutants are refused: the test of accepted ones filters many out.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    """A copy of the project's practices, schema and vocabularies; each case rewrites files."""
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(ROOT / "practices", root / "practices")
    return Project(root)


# --- Properties --------------------------------------------------------------------------------

@CASES
@given(mutant=byte_mutants())
def test_byte_flips_and_truncations(project, mutant):
    rel, data = mutant
    problems = check_mutant(project, rel, data)
    assert_well_formed(problems, {rel: data})


@CASES
@given(mutant=typed_character_mutants())
def test_typed_characters_are_refused_where_they_stand(project, mutant):
    rel, text, index, refused = mutant
    data = text.encode("utf-8", "surrogatepass")
    problems = check_mutant(project, rel, data)
    assert_well_formed(problems, {rel: data})
    if refused:
        line, col = place(text, index)
        assert [(p.path, p.line, p.col) for p in problems if p.path == rel] == [(rel, line, col)], \
            [str(p) for p in problems]
        assert f"U+{ord(text[index]):04X}" in problems[0].message or any(
            f"U+{ord(text[index]):04X}" in p.message for p in problems)


@CASES
@given(mutant=escape_mutants())
def test_escapes_are_refused_at_their_value(project, mutant):
    rel, text, (line, col), code = mutant
    data = text.encode("utf-8")
    problems = check_mutant(project, rel, data)
    assert_well_formed(problems, {rel: data})
    mine = [p for p in problems if p.path == rel]
    assert [(p.line, p.col) for p in mine] == [(line, col)], [str(p) for p in problems]
    assert code in mine[0].message


@CASES
@given(mutant=structure_mutants())
def test_yaml_constructs_nesting_and_numbers(project, mutant):
    rel, text = mutant
    data = text.encode("utf-8")
    assert_well_formed(check_mutant(project, rel, data), {rel: data})


@settings(CASES, max_examples=CASES.max_examples // 4 or 1)
@given(mutant=st.one_of(value_mutants(), value_mutants(), typed_character_mutants()))
def test_accepted_mutants_make_pages_without_error(project, mutant):
    """What check accepts, the generator turns into pages (floats as years crashed it)."""
    rel, text = mutant[0], mutant[1]
    data = text.encode("utf-8", "surrogatepass")
    assume(accepted_by(project)((rel, data)))
    for name, original in ORIGINAL.items():
        (project.root / name).write_bytes(data if name == rel else original)
    try:
        catalog = load_catalog(project)
        written = pages.all_pages(catalog, from_mkdocs_yml(ROOT / "mkdocs.yml")).files
    finally:
        (project.root / rel).write_bytes(ORIGINAL[rel])
    assert any(SEED_ID in str(path) for path in written)


def test_a_few_mutants_through_the_command_line(tmp_path):
    """The same promises where editors meet them: exit 1, no traceback, `path:line:col: `."""
    seed = ORIGINAL[SEED].decode("utf-8")
    mutants = [seed.replace("start_year: 2016", "start_year: " + "7" * 5000),
               seed.replace("status: ongoing", 'status: "\\e[2J\\x7f"'),
               seed[: len(seed) // 2] + "\u2028" + seed[len(seed) // 2 :],
               seed.replace("country: PE", "country: &c PE\nlocality: *c")]
    shutil.copytree(ROOT / "practices", tmp_path / "practices")
    for i, text in enumerate(mutants):
        (tmp_path / "practices" / f"mutante-{i}.yaml").write_text(text, encoding="utf-8")
    env = {**os.environ, "GITHUB_ACTIONS": "true"}
    result = subprocess.run([sys.executable, "-m", "portal", "--root", str(tmp_path), "check"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    located = [line for line in result.stderr.splitlines() if line.startswith("practices/mutante-")]
    assert [line.split(":", 1)[0] for line in located] == [f"practices/mutante-{i}.yaml" for i in range(4)]
    assert all(line.split(":")[1].isdigit() and line.split(":")[2].isdigit() for line in located)
    commands = result.stdout.splitlines()
    assert len(commands) == 4 and all(c.startswith("::error file=practices/mutante-") for c in commands)
    assert all(line.isprintable() for line in result.stdout.splitlines() + result.stderr.splitlines())
