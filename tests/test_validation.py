"""`make check`: every problem of every file, as practices/<file>.yaml:LINE:COL: field: message.

Each case starts from tests/fixtures/ejemplo.yaml (a small valid practice whose line numbers
the expectations below refer to), breaks one thing, and asserts the exact list of messages.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from harness import ROOT, run_portal

from portal.model.catalog import Project
from portal.read.practices import check, load_catalog

BASE = (Path(__file__).parent / "fixtures" / "ejemplo.yaml").read_text(encoding="utf-8")


def make_project(tmp_path: Path, files: dict[str, bytes | str]) -> Project:
    """A project with the real schema and vocabularies and only the given practice files."""
    practices = tmp_path / "practices"
    shutil.copytree(ROOT / "practices" / "vocabularies", practices / "vocabularies")
    shutil.copy2(ROOT / "practices" / "schema.json", practices / "schema.json")
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (practices / name).write_bytes(data)
    return Project(tmp_path)


def messages(tmp_path: Path, content: bytes | str, name: str = "ejemplo.yaml") -> list[str]:
    _, problems = check(make_project(tmp_path, {name: content}))
    return [str(p) for p in problems]


def edit(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


F = "practices/ejemplo.yaml"


def test_the_base_fixture_and_the_seed_are_valid(tmp_path):
    assert messages(tmp_path, BASE) == []
    catalog = load_catalog(Project(ROOT))
    ids = [p.id for p in catalog.practices]
    assert "peru-unidad-integracion-migratoria" in ids
    assert sorted(ids) == sorted(p.stem for p in (ROOT / "practices").glob("*.yaml"))


def test_yaml_syntax_error(tmp_path):
    assert messages(tmp_path, edit("themes: [integration]", "themes: [integration")) == [
        # The parser notices at the next line; the mistake is the '[' never closed on line 19.
        f"{F}:19:9: '[' se abre aquí y no se cierra: añada ']' al final de la línea / "
        "'[' opens here and is never closed: add ']' at the end of the line"]


def test_tab_indentation(tmp_path):
    assert messages(tmp_path, edit("    role: lead", "\trole: lead")) == [
        f"{F}:8:1: tabulador en la sangría: use espacios / tab character in indentation; indent with spaces"]


def test_invalid_utf8(tmp_path):
    content = edit("Lección uno.", "Lecci\udce9n uno.").encode("utf-8", "surrogateescape")
    assert messages(tmp_path, content) == [
        f"{F}:14:15: byte 0xe9 no válido en UTF-8: guarde el archivo con codificación UTF-8 / "
        "invalid UTF-8 byte 0xe9; save the file with UTF-8 encoding"]


def test_empty_file_and_file_of_comments_only(tmp_path):
    empty = f"{F}:1:1: el archivo está vacío / file is empty"
    assert messages(tmp_path / "a", b"") == [empty]
    assert messages(tmp_path / "b", "# yaml-language-server: $schema=schema.json\n") == [empty]


def test_file_over_the_size_cap(tmp_path):
    content = BASE + "# " + "x" * (256 * 1024) + "\n"
    size = len(content.encode())
    assert messages(tmp_path, content) == [
        f"{F}:1:1: el archivo tiene {size:,} bytes, más que el límite de 262,144; una ficha lleva "
        f"resúmenes, no informes enteros / file is {size:,} bytes, over the 262,144-byte limit; "
        "practice files hold summaries, not whole reports"]


def test_anchors_and_aliases_are_refused(tmp_path):
    content = edit("themes: [integration]", "themes: &t [integration]")
    content = edit("populations: [migrants]", "populations: *t", content)
    assert messages(tmp_path, content) == [
        f"{F}:19:9: el ancla &t no está permitida: escriba cada valor / "
        "anchor &t is not allowed; write each value out"]
    alias_only = edit("populations: [migrants]", "populations: *nowhere")
    assert messages(tmp_path / "b", alias_only) == [
        f"{F}:20:14: el alias *nowhere no está permitido: escriba el valor / "
        "alias *nowhere is not allowed; write the value out"]


# `check` in a child process of its own, under limits, for inputs that could run away: a
# regression then fails its test in bounded time instead of hanging the suite or filling the
# machine's memory. The limits are set inside the child before anything is imported (no
# preexec_fn: the test process may have threads). RLIMIT_CPU stops a loop (SIGXCPU), RLIMIT_AS
# turns a runaway allocation into MemoryError, and the wall-clock timeout covers the rest.
LIMITED_CHECK = """
import json, resource, sys
cpu, memory = int(sys.argv[2]), int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
exec(sys.argv[4])
from pathlib import Path
from portal.model.catalog import Project
from portal.read.practices import check
print(json.dumps([str(p) for p in check(Project(Path(sys.argv[1])))[1]]))
"""


def limited_messages(tmp_path: Path, content: str, *, before: str = "", seconds: float = 60,
                     cpu_seconds: int = 20, memory: int = 1 << 30) -> list[str]:
    """messages(), run under the limits above; `before` is code the child runs first."""
    make_project(tmp_path, {"ejemplo.yaml": content})
    env = {**os.environ}
    try:
        result = subprocess.run(
            [sys.executable, "-c", LIMITED_CHECK, str(tmp_path), str(cpu_seconds), str(memory),
             before], capture_output=True, text=True, timeout=seconds, env=env, cwd=tmp_path)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"check ran over {seconds} s and was stopped") from None
    assert result.returncode == 0, (
        f"check was stopped by its limits or failed (exit {result.returncode}):\n"
        f"{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def test_alias_bomb_is_refused_before_anything_walks_it(tmp_path):
    # Nine levels of nine aliases: walking the expanded tree would take hours and
    # gigabytes; refusing it at the first anchor makes this test finish at once.
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    assert limited_messages(tmp_path, "\n".join(lines) + "\n") == [
        f"{F}:1:5: el ancla &a0 no está permitida: escriba cada valor / "
        "anchor &a0 is not allowed; write each value out"]


def test_a_runaway_check_is_stopped_by_its_limits(tmp_path):
    """The limits hold, so the test above fails in bounded time if anchors get through: a check
    that loops is stopped by the CPU limit, one that allocates without end by the memory one."""
    with pytest.raises(AssertionError, match="stopped by its limits"):
        limited_messages(tmp_path / "cpu", BASE, before="while True: pass", cpu_seconds=1)
    with pytest.raises(AssertionError, match="MemoryError"):
        limited_messages(tmp_path / "memory", BASE, before="x = [0] * (1 << 30)")


def test_duplicate_keys(tmp_path):
    content = edit("updated: \"2026-02-01\"", "updated: \"2026-02-01\"\ntitle: {es: Otro, en: Other}")
    assert messages(tmp_path, content) == [
        f"{F}:30:1: campo repetido 'title' (ya está en la línea 3) / "
        "duplicate key 'title' (first given on line 3)"]


def test_unknown_field_with_a_suggestion(tmp_path):
    assert messages(tmp_path, edit("summary:", "sumary:")) == [
        f"{F}:2:1: summary: falta este campo obligatorio / required field is missing",
        f"{F}:4:1: sumary: campo desconocido 'sumary'; ¿quiso decir 'summary'? / "
        "unknown field 'sumary'; did you mean 'summary'?",
    ]


def test_unknown_nested_field(tmp_path):
    assert messages(tmp_path, edit("    role: lead", "    role: lead\n    rol: partner")) == [
        f"{F}:9:5: institutions[0].rol: campo desconocido 'rol'; ¿quiso decir 'role'? / "
        "unknown field 'rol'; did you mean 'role'?"]


def test_missing_required_fields_are_all_named(tmp_path):
    content = edit("start_year: 2016\n", "")
    content = edit("lessons:\n  - {es: Lección uno., en: Lesson one.}\n", "", content)
    assert messages(tmp_path, content) == [
        f"{F}:2:1: lessons: falta este campo obligatorio / required field is missing",
        f"{F}:2:1: start_year: falta este campo obligatorio / required field is missing",
    ]


def test_text_field_missing_a_language(tmp_path):
    content = edit("title: {es: Título, en: Title}", "title: {es: Título}")
    content = edit("- {es: Objetivo uno., en: Objective one.}", "- {en: Objective one.}", content)
    assert messages(tmp_path, content) == [
        f"{F}:3:8: title.en: falta este campo obligatorio / required field is missing",
        f"{F}:12:5: objectives[0].es: falta este campo obligatorio / required field is missing",
    ]


def test_empty_text_is_named_by_language(tmp_path):
    assert messages(tmp_path, edit("{es: Resumen., en: Summary.}", '{es: Resumen., en: ""}')) == [
        f"{F}:4:29: summary.en: El texto en inglés está vacío; rellénelo / English text is empty; fill it in"]


def test_gcm_objective_outside_1_to_23(tmp_path):
    assert messages(tmp_path, edit("gcm_objectives: [16, 17]", "gcm_objectives: [16, 24, 0]")) == [
        f"{F}:17:22: gcm_objectives[1]: 24 está fuera del intervalo permitido, de 1 a 23 / "
        "24 is outside the allowed range 1 to 23",
        f"{F}:17:26: gcm_objectives[2]: 0 está fuera del intervalo permitido, de 1 a 23 / "
        "0 is outside the allowed range 1 to 23",
    ]


def test_unknown_vocabulary_terms(tmp_path):
    content = edit("themes: [integration]", "themes: [local-government]")
    content = edit("gcm_principles: [whole-of-government]", "gcm_principles: [whole-government]", content)
    assert messages(tmp_path, content) == [
        f"{F}:18:18: gcm_principles[0]: 'whole-government' no es un valor permitido; ¿quiso decir "
        "'whole-of-government'? / 'whole-government' is not allowed; did you mean 'whole-of-government'?",
        f"{F}:19:10: themes[0]: 'local-government' no es un valor permitido; ¿quiso decir "
        "'local-governance'? / 'local-government' is not allowed; did you mean 'local-governance'?",
    ]
    # Nothing close: every allowed value is listed.
    found = messages(tmp_path / "b", edit("themes: [integration]", "themes: [zzzz]"))
    assert found[0].startswith(f"{F}:19:10: themes[0]: 'zzzz' no es un valor permitido; use uno de: ")
    assert "/ 'zzzz' is not allowed; use one of: integration, mainstreaming," in found[0]


def test_unknown_country_code(tmp_path):
    assert messages(tmp_path, edit("country: PE", "country: [PE, XY]")) == [
        f"{F}:5:15: country[1]: 'XY' no es un código de país ISO 3166-1 / "
        "'XY' is not an ISO 3166-1 country code"]
    assert messages(tmp_path / "b", edit("country: PE", "country: pe")) == [
        f"{F}:5:10: country: 'pe' no es un código de país; ¿quiso decir PE? / "
        "'pe' is not a country code; did you mean PE?"]
    assert messages(tmp_path / "c", edit("country: PE", "country: Tierra Media")) == [
        f"{F}:5:10: country: debe ser un código ISO 3166-1 alfa-2 en mayúsculas, como PE / "
        "must be an uppercase ISO 3166-1 alpha-2 code, like PE"]


def test_id_must_equal_the_file_name(tmp_path):
    assert messages(tmp_path, edit("id: ejemplo", "id: otro-ejemplo")) == [
        f"{F}:2:5: id: 'otro-ejemplo' no coincide con el nombre del archivo 'ejemplo'; deben ser "
        "iguales / 'otro-ejemplo' differs from the file name 'ejemplo'; they must be equal"]


def test_id_that_is_not_kebab_case_or_could_escape_docs(tmp_path):
    kebab = ("solo minúsculas a-z, cifras y guiones simples, como peru-unidad-integracion-migratoria / "
             "must be ascii kebab-case: lowercase letters a-z, digits and single hyphens, "
             "like peru-unidad-integracion-migratoria")
    assert messages(tmp_path / "a", edit("id: ejemplo", "id: ../../x")) == [f"{F}:2:5: id: {kebab}"]
    assert messages(tmp_path / "b", edit("id: ejemplo", "id: Ejemplo_Dos")) == [f"{F}:2:5: id: {kebab}"]
    assert messages(tmp_path / "c", BASE, name="Ejemplo.yaml") == [
        "practices/Ejemplo.yaml:1:1: el nombre de archivo 'Ejemplo' solo puede llevar minúsculas a-z, "
        "cifras y guiones, como peru-unidad-integracion-migratoria.yaml / file name 'Ejemplo' must be "
        "ascii kebab-case, like peru-unidad-integracion-migratoria.yaml"]


@pytest.mark.parametrize("reserved", ["index", "pagina-2"])  # pagina-N: the catalog's numbered pages
def test_reserved_id(tmp_path, reserved):
    assert messages(tmp_path, edit("id: ejemplo", f"id: {reserved}"), name=f"{reserved}.yaml") == [
        f"practices/{reserved}.yaml:2:5: id: '{reserved}' es un nombre reservado; elija un id más largo y "
        f"descriptivo / '{reserved}' is a reserved name; choose a longer, descriptive id"]


def test_two_practices_with_the_same_id(tmp_path):
    _, problems = check(make_project(tmp_path, {"ejemplo.yaml": BASE, "ejemplo.yml": BASE}))
    assert [str(p) for p in problems] == [
        "practices/ejemplo.yml:2:5: id: 'ejemplo' ya es el id de practices/ejemplo.yaml / "
        "'ejemplo' is already the id of practices/ejemplo.yaml"]


def test_url_schemes_other_than_http_https_mailto(tmp_path):
    content = edit("url: https://example.org/informe", "url: javascript:alert(1)")
    content = edit("url: https://example.org/\n", "url: ftp://example.org/\n", content)
    message = ("debe ser una dirección completa que empiece por https://, http:// o mailto: / "
               "must be a full address starting with https://, http:// or mailto:")
    assert messages(tmp_path, content) == [
        f"{F}:24:10: sources[0].url: {message}",
        f"{F}:27:10: links[0].url: {message}",
    ]


def test_wrong_types_and_bad_dates(tmp_path):
    content = edit("start_year: 2016", "start_year: dos mil")
    content = edit('published: "2026-01-15"', 'published: "2026-02-30"', content)
    assert messages(tmp_path, content) == [
        f"{F}:9:13: start_year: se esperaba un número entero, pero hay el texto 'dos mil' / "
        "expected a whole number, got the text 'dos mil'",
        f"{F}:28:12: published: '2026-02-30' no es una fecha real (AAAA-MM-DD) / "
        "'2026-02-30' is not a real date (YYYY-MM-DD)",
    ]


def test_completed_practice_needs_an_end_year_after_its_start(tmp_path):
    assert messages(tmp_path / "a", edit("status: ongoing", "status: completed")) == [
        # At the status line, where the editor decided it is completed.
        f"{F}:10:9: status: status: completed necesita end_year, el año en que terminó / "
        "status: completed needs end_year, the year it ended"]
    content = edit("status: ongoing", "status: completed\nend_year: 2010")
    assert messages(tmp_path / "b", content) == [
        f"{F}:11:11: end_year: 2010 es anterior a start_year 2016 / 2010 is before start_year 2016"]


def test_yaml_1_1_surprises_never_change_data(tmp_path):
    """Norway stays Norway, dates stay the strings the editor wrote, 'on' stays a word."""
    content = edit("country: PE", "country: NO")
    content = edit('published: "2026-01-15"', "published: 2026-01-15", content)
    content = edit("title: {es: Título, en: Title}", "title: {es: 'on', en: yes}", content)
    project = make_project(tmp_path, {"ejemplo.yaml": content})
    practice = load_catalog(project).practices[0]
    assert practice.countries == ("NO",)
    assert practice.published == "2026-01-15"
    assert (practice.title.es, practice.title.en) == ("on", "yes")


def test_every_problem_of_every_file_then_a_count_and_exit_1(tmp_path):
    project = make_project(tmp_path, {
        "ejemplo.yaml": edit("summary:", "sumary:"),
        "roto.yaml": edit("id: ejemplo", "id: roto", edit("themes: [integration]", "themes: [integration")),
    })
    result = run_portal(project.root, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{F}:2:1: summary: falta este campo obligatorio / required field is missing",
        f"{F}:4:1: sumary: campo desconocido 'sumary'; ¿quiso decir 'summary'? / "
        "unknown field 'sumary'; did you mean 'summary'?",
        "practices/roto.yaml:19:9: '[' se abre aquí y no se cierra: añada ']' al final de la línea / "
        "'[' opens here and is never closed: add ']' at the end of the line",
        "3 errores en 2 archivos / 3 errors in 2 files",
    ]
    assert "Traceback" not in result.stdout + result.stderr


def test_a_valid_project_passes_with_exit_0(tmp_path):
    result = run_portal(make_project(tmp_path, {"ejemplo.yaml": BASE}).root, "check")
    assert (result.returncode, result.stdout.strip()) == (0, "1 práctica válida / 1 valid practice")


def test_vocabulary_file_and_schema_enum_must_agree(tmp_path):
    """Editors get completion from the schema enums; labels come from the data files."""
    project = make_project(tmp_path, {"ejemplo.yaml": BASE})
    themes = project.vocabularies_dir / "themes.yaml"
    themes.write_text(themes.read_text(encoding="utf-8")
                      + "  - {key: housing, es: Vivienda, en: Housing, pt: Moradia}\n", encoding="utf-8")
    assert messages_of(project) == [
        "practices/vocabularies/themes.yaml:1:1: terms: las claves no coinciden con practices/schema.json "
        "$defs.theme.enum / keys differ from practices/schema.json "
        "$defs.theme.enum; only in this file: ['housing'], only in the schema: none"]


def messages_of(project: Project) -> list[str]:
    return [str(p) for p in check(project)[1]]
