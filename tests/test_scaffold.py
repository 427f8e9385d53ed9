"""`make new ID=<id>`: scaffold, see every field to fill named by the check, fill it, publish it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from harness import ROOT, SEED_ID, build_site, copy_project, run_portal

from portal.__main__ import main as portal_main
from portal.contribute import fieldref

NEW_ID = "chile-mesa-intersectorial-migracion"
SCHEMA = json.loads((ROOT / "practices" / "schema.json").read_text(encoding="utf-8"))
# What a person sees after `make new`: the id and both dates are filled in for them; every other
# required value is empty and named by one message (bilingual texts: one for es, one for en).
EXPECTED_TO_FILL = [
    "title.es", "title.en", "summary.es", "summary.en", "country",
    "institutions[0].name.es", "institutions[0].name.en", "start_year", "status",
    "objectives[0].es", "objectives[0].en", "lessons[0].es", "lessons[0].en",
    "recommendations[0].es", "recommendations[0].en", "gcm_objectives", "gcm_principles", "themes",
    "populations",
    "sources[0].title", "sources[0].publisher",
]
PROBLEM = re.compile(r"^(practices/[^:]+):(\d+):(\d+): (?:([\w.\[\]]+): )?(.*)$")


def lines_of(text: str) -> list[str]:
    return text.splitlines()


def _problems(output: str) -> list[tuple[str, int, int, str, str]]:
    return [(m[1], int(m[2]), int(m[3]), m[4] or "", m[5])
            for m in map(PROBLEM.match, output.splitlines()) if m]


@pytest.fixture()
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture()
def practices_only(tmp_path) -> Path:
    """Enough of a project for `portal new`: the practices folder with its schema."""
    shutil.copytree(ROOT / "practices", tmp_path / "practices")
    return tmp_path


def _new(root: Path, practice_id: str, capsys) -> tuple[int, str]:
    """`make new ID=...` in-process (it runs `python -m portal new -- <id>`): (exit code, stderr)."""
    code = portal_main(["--root", str(root), "new", "--", practice_id])
    return code, capsys.readouterr().err


def test_scaffold_names_every_field_then_fills_checks_and_builds(project, tmp_path):
    created = run_portal(project, "new", NEW_ID)
    assert created.returncode == 0, created.stderr
    path = project / "practices" / f"{NEW_ID}.yaml"
    assert f"practices/{NEW_ID}.yaml" in created.stdout
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=schema.json\n")

    # Every property of the schema is in the file, with its title in both languages.
    for field in fieldref.fields(SCHEMA):
        name = field.path.rsplit(".", 1)[-1].removesuffix("[]")
        assert re.search(rf"^[ #-]*{name}:", text, re.M), field.path
        assert f"{field.title['es']} / {field.title['en']}" in text, field.path
    # Examples are the YAML an editor writes, not JSON.
    title = lines_of(text).index("# title: Título / Title (obligatorio / required)")
    at = lines_of(text).index("# Ejemplo / Example:", title)
    assert lines_of(text)[at + 1: at + 4] == [
        "#   title:", "#     es: Unidad de Integración Migratoria", "#     en: Migrant Integration Unit"]
    assert "#   gcm_objectives: [16, 17]" in lines_of(text)
    assert '{"es":' not in text and '["' not in text

    # A fresh file fails, with one message per value still to fill, on that value's line.
    checked = run_portal(project, "check")
    assert checked.returncode == 1
    problems = _problems(checked.stderr)
    assert {p[0] for p in problems} == {f"practices/{NEW_ID}.yaml"}
    assert [p[3] for p in problems] == EXPECTED_TO_FILL
    lines = text.splitlines()
    for _, line, _, field, _ in problems:
        key = re.sub(r"\[\d+\]", "", field).rsplit(".", 1)[-1]
        assert re.match(rf"^\s*(- )?{key}:", lines[line - 1]), (field, lines[line - 1])
    assert "21 errores en 1 archivo / 21 errors in 1 file" in checked.stderr

    # An editor fills in each value where it stands; comments and optional fields stay.
    seed = yaml.safe_load((ROOT / "practices" / f"{SEED_ID}.yaml").read_text(encoding="utf-8"))
    seed["title"] = {"es": "Mesa intersectorial para la migración", "en": "Intersectoral migration board",
                     "pt": "Mesa intersetorial para a migração"}  # the seed is in Portuguese too
    filled = _fill(text, {k: v for k, v in seed.items() if k not in ("id", "published", "updated")})
    assert "# locality:" in filled and "# Identificador / Identifier" not in filled
    path.write_text(filled, encoding="utf-8")
    checked = run_portal(project, "check")
    assert checked.returncode == 0, checked.stderr
    count = len(list((ROOT / "practices").glob("*.yaml"))) + 1  # the real ones and the new one
    assert f"{count} prácticas válidas / {count} valid practices" in checked.stdout

    site = tmp_path / "site"
    build_site(project, site)
    page = (site / "practicas" / NEW_ID / "index.html").read_text(encoding="utf-8")
    assert "Mesa intersectorial para la migración" in page
    assert "Intersectoral migration board" in (site / "en" / "practicas" / NEW_ID / "index.html").read_text()


def _fill(text: str, values: dict) -> str:
    """Replace each top-level `key:` block (up to the next blank line) with its value."""
    out, skipping = [], False
    for line in text.splitlines():
        key = line.split(":", 1)[0]
        if not line.startswith((" ", "#", "-")) and key in values:
            out.append(f"{key}: {json.dumps(values[key], ensure_ascii=False)}")
            skipping = True
        elif skipping and line.strip():
            continue
        else:
            skipping = False
            out.append(line)
    return "\n".join(out) + "\n"


def test_new_refuses_an_existing_file(practices_only, capsys):
    path = practices_only / "practices" / f"{SEED_ID}.yaml"
    before = path.read_bytes()
    code, err = _new(practices_only, SEED_ID, capsys)
    assert code == 2
    assert f"{SEED_ID}.yaml ya existe" in err
    assert f"{SEED_ID}.yaml already exists" in err
    assert path.read_bytes() == before


@pytest.mark.parametrize("bad", ["Chile-Mesa", "mesa_intersectorial", "ab", "x--y", "-x", "niñez-migrante",
                                 "../fuera", "a" * 81])
def test_new_refuses_a_malformed_id(practices_only, capsys, bad):
    before = sorted(p.name for p in (practices_only / "practices").iterdir())
    code, err = _new(practices_only, bad, capsys)
    assert code == 2
    assert f"el identificador '{bad}' no es válido" in err
    assert f"the id '{bad}' is not valid" in err
    assert sorted(p.name for p in (practices_only / "practices").iterdir()) == before
    assert not (practices_only / "fuera.yaml").exists()


@pytest.mark.parametrize("reserved", ["index", "pagina-12", "con", "lpt1"])
def test_new_refuses_a_reserved_id(practices_only, capsys, reserved):
    code, err = _new(practices_only, reserved, capsys)
    assert code == 2
    assert f"'{reserved}' is a reserved name" in err
    assert f"'{reserved}' es un nombre reservado" in err
    assert not (practices_only / "practices" / f"{reserved}.yaml").exists()


def test_the_optional_withdrawn_group_uncomments_to_yaml_with_its_fields():
    from portal.contribute.scaffold import scaffold_text
    from portal.read.yamlload import load

    lines = scaffold_text(SCHEMA, NEW_ID, "2026-12-01").splitlines()
    start = lines.index("# withdrawn:")
    end = lines.index("", start)
    block = lines[start:end]
    # Removing "# " from each line of the block gives the group, its fields explained inside it.
    assert all(line.startswith("#") for line in block)
    uncommented = "\n".join(line.removeprefix("# ").removeprefix("#") for line in block) + "\n"
    assert "  # date: Fecha de retirada / Withdrawal date (obligatorio / required)" in uncommented
    assert load(uncommented.encode()).data == {"withdrawn": {"date": "", "reason": {"es": "", "en": ""}}}
