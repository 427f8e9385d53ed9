"""`make check` on files no editor should send, sent by mistake or by an attacker (issue 10):
each gives one located, plain message and exit 1, never a traceback, a hang or another
file's content.

Cases start from tests/fixtures/ejemplo.yaml (line 3 is `title: {es: Título, en: Title}`,
whose Spanish value starts at column 13) and change one thing.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from harness import ROOT

from portal.model.catalog import Project
from portal.read import sourcefiles
from portal.read.practices import check, load_catalog
from portal.read.problems import Problem
from portal.read.sourcefiles import read_capped
from portal.read.yamlload import YamlError, load

BASE = (Path(__file__).parent / "fixtures" / "ejemplo.yaml").read_text(encoding="utf-8")
F = "practices/ejemplo.yaml"
CONTROL = "character {} is not allowed (a control or invisible character); delete it"
NOT_REGULAR = "is not a regular file (a FIFO, a device or a socket)"
SYMLINK = "is a symbolic link; put the file itself here"


def run_portal(project: Path, *args: str, env: dict | None = None, timeout: float = 120):
    """conftest's run_portal with a time limit, which turns a hang into a failure."""
    run_env = {**os.environ}
    run_env.pop("GITHUB_ACTIONS", None)
    run_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "portal", "--root", str(project), *args],
                          capture_output=True, text=True, env=run_env, cwd=project, timeout=timeout)


def make_project(tmp_path: Path, files: dict[str, bytes | str] | None = None) -> Project:
    """A project with the real schema and vocabularies and only the given practice files."""
    practices = tmp_path / "practices"
    shutil.copytree(ROOT / "practices" / "vocabularies", practices / "vocabularies")
    shutil.copy2(ROOT / "practices" / "schema.json", practices / "schema.json")
    for name, content in (files or {}).items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (practices / name).write_bytes(data)
    return Project(tmp_path)


def messages(tmp_path: Path, content: bytes | str | None = None, name: str = "ejemplo.yaml") -> list[str]:
    project = make_project(tmp_path, {name: content} if content is not None else {})
    return [str(p) for p in check(project)[1]]


def edit(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def english(message: str) -> str:
    """The English half of a bilingual message (`español / English`)."""
    return message.rsplit(" / ", 1)[-1]


def placed_english(message: str) -> str:
    """A whole line of `make check` with only the English half of its message."""
    place = re.match(r"^(.*?:\d+:\d+: (?:[\w.\[\]]+: )?)", message)
    head = place.group(1) if place else ""
    return head + english(message[len(head):])


def only(tmp_path: Path, content, name: str = "ejemplo.yaml") -> tuple[str, str]:
    """(place, English message) of the one problem of a file."""
    found = check(make_project(tmp_path, {name: content}))[1]
    assert len(found) == 1, [str(p) for p in found]
    p = found[0]
    return f"{p.path}:{p.line}:{p.col}", english(p.message)


# --- Item 2: no control character, noncharacter or separator in any string ---------------------

@pytest.mark.parametrize("escape, code", [
    (r"\x7f", "U+007F"), (r"\x80", "U+0080"), (r"\0", "U+0000"), (r"\e", "U+001B"),
    (r"\x0c", "U+000C"), (r"\uFFFE", "U+FFFE"), (r"\U0010FFFF", "U+10FFFF"), (r"\uFDD0", "U+FDD0"),
    (r"\N", "U+0085"), (r"\r", "U+000D"), (r"\x1b[31m", "U+001B"),
])
def test_escaped_control_characters_are_refused_at_the_value(tmp_path, escape, code):
    content = edit("{es: Título,", f'{{es: "Tí{escape}tulo",')
    assert only(tmp_path, content) == (f"{F}:3:13", CONTROL.format(code))


@pytest.mark.parametrize("escape, code", [(r"\L", "U+2028"), (r"\P", "U+2029")])
def test_escaped_line_separators_are_refused_at_the_value(tmp_path, escape, code):
    content = edit("{es: Título,", f'{{es: "Tí{escape}tulo",')
    assert only(tmp_path, content) == (
        f"{F}:3:13", f"invisible line separator {code}: delete it or use a normal line break")


def test_typed_control_character_is_refused_where_it_stands_after_accented_text(tmp_path):
    # Column 21 counts characters, as an editor does: "Lección" is 7 characters, 8 bytes.
    content = edit("Lección uno.", "Lección úno\x7f.")
    assert only(tmp_path, content) == (f"{F}:14:21", CONTROL.format("U+007F"))


def test_escapes_in_keys_are_refused(tmp_path):
    content = edit("title:", '"ti\\x7ftle":')
    assert only(tmp_path, content) == (f"{F}:3:1", CONTROL.format("U+007F"))
    line_break = edit("title:", '"ti\\ntle":')
    assert only(tmp_path / "b", line_break) == (f"{F}:3:1", "line break (U+000A) inside a field name")


def test_line_separators_are_not_line_breaks_for_positions(tmp_path):
    # PyYAML counts NEL, LS and PS as line breaks; an editor does not. They are refused at
    # the line and column the editor sees: line 14, after "  - {es: Lección" (16 characters).
    for i, char in enumerate(["\u2028", "\u2029", "\x85"]):
        content = edit("Lección uno.", f"Lección{char}uno.")
        place, message = only(tmp_path / str(i), content)
        assert place == f"{F}:14:17", (char, place)
        assert f"U+{ord(char):04X}" in message


def test_lone_carriage_return_is_refused_but_windows_line_ends_are_read(tmp_path):
    assert messages(tmp_path / "a", BASE.replace("\n", "\r\n")) == []
    place, message = only(tmp_path / "b", edit("Lección uno.", "Lección\runo."))
    assert (place, message) == (f"{F}:14:17", "carriage return U+000D without a line feed: "
                                              "save the file with LF line ends")


def test_vocabulary_and_redirects_are_read_as_strictly(tmp_path):
    project = make_project(tmp_path, {"ejemplo.yaml": BASE})
    themes = project.vocabularies_dir / "themes.yaml"
    themes.write_text(themes.read_text(encoding="utf-8").replace(
        "es: Protección,", 'es: "Protec\\eción",'), encoding="utf-8")
    (project.root / "redirects.yaml").write_text('# renames\nviejo-id: "ejem\\x0cplo"\n', encoding="utf-8")
    found = [(p.path, p.line, p.col, english(p.message)) for p in check(project)[1]]
    line = themes.read_text(encoding="utf-8").splitlines().index(
        next(t for t in themes.read_text(encoding="utf-8").splitlines() if "Protec" in t)) + 1
    assert found == [
        # An escape is reported at the start of its value: after "  - {key: protection, es: ".
        ("practices/vocabularies/themes.yaml", line, 27, CONTROL.format("U+001B")),
        ("redirects.yaml", 2, 11, CONTROL.format("U+000C")),
    ]


# --- Item 5: only regular files are read -------------------------------------------------------

def test_symlink_to_another_file_is_refused_and_never_echoed(tmp_path):
    project = make_project(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:secret-content\n", encoding="utf-8")
    (project.practices_dir / "ejemplo.yaml").symlink_to(secret)
    (project.practices_dir / "roto.yaml").symlink_to(tmp_path / "nowhere.yaml")
    result = run_portal(project.root, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{F}:1:1: es un enlace simbólico; ponga aquí el archivo mismo / {SYMLINK}",
        f"practices/roto.yaml:1:1: es un enlace simbólico; ponga aquí el archivo mismo / {SYMLINK}",
        "2 errores en 2 archivos / 2 errors in 2 files",
    ]
    assert "secret-content" not in result.stdout + result.stderr


def test_folder_named_like_a_practice_and_fifo_are_refused_without_hanging(tmp_path):
    project = make_project(tmp_path)
    (project.practices_dir / "carpeta.yaml").mkdir()
    os.mkfifo(project.practices_dir / "tuberia.yaml")
    # A FIFO that is opened for reading blocks until a writer comes: none ever will. The time
    # limit only turns a hang into a failure.
    result = run_portal(project.root, "check", timeout=60)
    assert result.returncode == 1
    assert [english(line) for line in result.stderr.splitlines()[:-1]] == [
        "is a folder, not a file", NOT_REGULAR]
    assert [line.split(": ", 1)[0] for line in result.stderr.splitlines()[:-1]] == [
        "practices/carpeta.yaml:1:1", "practices/tuberia.yaml:1:1"]


def test_a_device_is_refused_without_reading_it():
    # /dev/zero never ends: reading it whole ran out of memory.
    with pytest.raises(YamlError) as refused:
        read_capped(Path("/dev/zero"), Path("/"))
    assert english(refused.value.message) == NOT_REGULAR


def test_reads_at_most_the_cap_plus_one_byte():
    # Files of /proc are regular files that say they are empty: the size cap holds all the same.
    with pytest.raises(YamlError) as refused:
        read_capped(Path("/proc/self/status"), Path("/proc/self"), cap=10)
    assert english(refused.value.message).startswith("file is more than 10 bytes, over the")


def test_linked_vocabularies_folder_is_refused(tmp_path):
    project = make_project(tmp_path / "p", {"ejemplo.yaml": BASE})
    elsewhere = tmp_path / "elsewhere"
    shutil.move(project.vocabularies_dir, elsewhere)
    project.vocabularies_dir.symlink_to(elsewhere)
    found = check(project)[1]
    assert {(p.path, english(p.message)) for p in found} == {
        (f"practices/vocabularies/{name}", "is inside a symbolic link (vocabularies)")
        for name in ("gcm.yaml", "themes.yaml", "populations.yaml")}


def test_unreadable_file_gives_a_message(tmp_path, monkeypatch):
    # Tests run as root, for whom chmod 000 changes nothing: the refusal is simulated.
    project = make_project(tmp_path, {"ejemplo.yaml": BASE})
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith("ejemplo.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(sourcefiles.os, "open", refuse)
    assert [str(p) for p in check(project)[1]] == [
        f"{F}:1:1: no se puede leer: permiso denegado / cannot be read: permission denied"]


# --- Item 6: redirects.yaml holds practice ids only --------------------------------------------

def test_redirect_keys_and_values_must_be_practice_ids(tmp_path):
    project = make_project(tmp_path, {"ejemplo.yaml": BASE})
    (project.root / "redirects.yaml").write_text(
        "# renames\n"
        '"../../../../x": ejemplo\n'
        '/etc/cron.d/x: ejemplo\n'
        "viejo: ../fuera\n"
        "numero: 12\n"
        "vacio:\n"
        "index: ejemplo\n"
        "bien-escrito: ejemplo\n"
        "con-migrantes: ejemplo\n", encoding="utf-8")  # starts like the reserved "con", is not it
    found = [(p.line, p.col, english(p.message)[:25]) for p in check(project)[1]]
    assert found == [
        (2, 1, "must be a practice id: lo"), (3, 1, "must be a practice id: lo"),
        (4, 8, "must be a practice id: lo"), (5, 9, "must be a practice id, no"),
        (6, 7, "must be a practice id, no"), (7, 1, "must be a practice id: lo")]
    from portal.data.permalinks import aliases
    assert aliases(project.root, {"ejemplo"}) == {"bien-escrito": "ejemplo", "con-migrantes": "ejemplo"}


def test_redirects_file_starts_as_an_example_an_editor_can_add_a_line_under(tmp_path):
    project = make_project(tmp_path, {"ejemplo.yaml": BASE})
    shipped = (ROOT / "redirects.yaml").read_text(encoding="utf-8")
    assert all(line.startswith("#") for line in shipped.splitlines())
    assert "{}" not in shipped
    (project.root / "redirects.yaml").write_text(shipped + "ejemplo-antiguo: ejemplo\n", encoding="utf-8")
    from portal.data.permalinks import aliases
    assert check(project)[1] == []
    assert aliases(project.root, {"ejemplo"}) == {"ejemplo-antiguo": "ejemplo"}


# --- Item 7: vocabularies have a schema -------------------------------------------------------

def _vocabulary_problems(tmp_path, name: str, old: str, new: str) -> list[tuple[str, str]]:
    project = make_project(tmp_path, {"ejemplo.yaml": BASE})
    file = project.vocabularies_dir / name
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [(f"{p.path}:{p.line}:{p.col}", english(p.message)) for p in check(project)[1]]


def test_shipped_vocabularies_read_right():
    vocab = load_catalog(Project(ROOT)).vocabularies
    assert vocab.populations["children-and-adolescents"].label.es == "Niñas, niños y adolescentes"
    assert vocab.objectives[4].hub_url.es == "https://migrationnetwork.un.org/es/taxonomy/term/detail/282"


def _line_of(path: Path, text: str) -> int:
    """The line (from 1) of a file where `text` is: the files' comments may grow."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                if text in line)


def test_a_label_split_at_a_comma_is_an_error(tmp_path):
    found = _vocabulary_problems(tmp_path, "populations.yaml", 'es: "Niñas, niños y adolescentes",',
                                 "es: Niñas, niños y adolescentes,")
    line = _line_of(ROOT / "practices" / "vocabularies" / "populations.yaml", 'es: "Niñas, niños y adolescentes",')
    assert found == [(f"practices/vocabularies/populations.yaml:{line}:48",
                      "unknown field 'niños y adolescentes' with no value: if it is part of the text "
                      "before it, put that text in quotes (a comma ends a value inside { })")]


@pytest.mark.parametrize("template", [
    "javascript:alert(1)//{term}", "http://migrationnetwork.un.org/{term}",
    "https://migrationnetwork.un.org/{term}/{term}", "https://migrationnetwork.un.org/",
    "https://x.org/{term}\\n", "https://x.org/{0.__class__}{term}"])
def test_hub_url_template_must_be_https_with_one_placeholder(tmp_path, template):
    found = _vocabulary_problems(tmp_path, "gcm.yaml", '"https://migrationnetwork.un.org/taxonomy/term/{term}"',
                                 f'"{template}"')
    assert [message for _, message in found] == ["must start with https:// and hold exactly one {term}"]
    assert found[0][0].startswith("practices/vocabularies/gcm.yaml:")


@pytest.mark.parametrize("old, new", [
    ("terms:\n", "terms: 5\nx:\n"), ("  - {key: integration,", "  - [1]\n  - {key: integration,"),
    ("  - {key: integration, es: Integración socioeconómica,", "  - {key: 12, es: [a],"),
    ("terms:\n", "terms: {}\nold:\n"), ("terms:\n", "terms: []\n---\nterms:\n"),
])
def test_malformed_vocabularies_give_located_messages(tmp_path, old, new):
    found = _vocabulary_problems(tmp_path, "themes.yaml", old, new)
    assert found, "no problem reported"
    assert all(place.startswith("practices/vocabularies/themes.yaml:") for place, _ in found), found


def test_malformed_gcm_objectives_give_located_messages(tmp_path):
    first = "  - {n: 1, short: {en: Data, es: Datos, pt: Dados}"
    found = _vocabulary_problems(tmp_path, "gcm.yaml", first, "  - {n: 1.0, short: [Data]")
    line = _line_of(ROOT / "practices" / "vocabularies" / "gcm.yaml", first)
    assert found == [(f"practices/vocabularies/gcm.yaml:{line}:9", "expected a whole number, got the number 1.0"),
                     (f"practices/vocabularies/gcm.yaml:{line}:21", "expected a mapping of fields, got a list")]


# --- Item 8: what used to be a traceback ---------------------------------------------------------

@pytest.mark.parametrize("old, new, expected", [
    ("start_year: 2016", "start_year: " + "9" * 4301,
     (f"{F}:9:13", "a number of 4,301 digits is too long; if it is text, put it in quotes")),
    ("start_year: 2016", "start_year: 0x" + "f" * 5000,
     (f"{F}:9:13", "a number of 5,002 digits is too long; if it is text, put it in quotes")),
    ("start_year: 2016", "start_year: 2016.0", (f"{F}:9:13", "expected a whole number, got the number 2016.0")),
    ("gcm_objectives: [16, 17]", "gcm_objectives: [16.0, 17]",
     (f"{F}:17:18", "expected a whole number, got the number 16.0")),
])
def test_numbers_that_crashed_are_messages(tmp_path, old, new, expected):
    assert only(tmp_path, edit(old, new)) == expected


def test_a_number_too_big_for_a_float_is_a_message(tmp_path):
    assert sorted(placed_english(m) for m in messages(tmp_path, edit("start_year: 2016", "start_year: 1e400"))) == [
        f"{F}:9:13: start_year: expected a whole number, got the number inf",
        f"{F}:9:13: start_year: inf is outside the allowed range 1945 to 2100"]


def test_cli_exits_1_with_one_message_for_each_case_and_no_traceback(tmp_path):
    project = make_project(tmp_path, {"ejemplo.yaml": edit("start_year: 2016", "start_year: 2016.0"),
                                      "grande.yaml": "a: " + "1" * 5000 + "\n"})
    (project.practices_dir / "carpeta.yaml").mkdir()
    (project.root / "permalinks.txt").write_bytes(b"# urls\n/\n/pr\xe1cticas/\n")
    result = run_portal(project.root, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert [line.split(": ", 1)[0] for line in result.stderr.splitlines()] == [
        "permalinks.txt:3:4", "practices/carpeta.yaml:1:1", f"{F}:9:13", "practices/grande.yaml:1:4",
        "4 errores en 4 archivos / 4 errors in 4 files"]


def test_invalid_utf8_in_permalinks_is_located(tmp_path):
    project = make_project(tmp_path, {"ejemplo.yaml": BASE})
    (project.root / "permalinks.txt").write_bytes(b"# urls\n/\n/pr\xe1cticas/\n")
    assert [str(p) for p in check(project)[1]] == [
        "permalinks.txt:3:4: byte 0xe1 no válido en UTF-8: guarde el archivo con codificación UTF-8 / "
        "invalid UTF-8 byte 0xe1; save the file with UTF-8 encoding"]


def test_broken_schema_file_is_a_message(tmp_path):
    project = make_project(tmp_path, {"ejemplo.yaml": BASE})
    project.schema_path.write_text('{"type": "object",\n  "properties": }\n', encoding="utf-8")
    assert [str(p) for p in check(project)[1]] == [
        "practices/schema.json:2:17: JSON no válido / invalid JSON: Expecting value"]


# --- Item 9: positions ------------------------------------------------------------------------

def test_error_at_the_end_of_a_file_points_at_its_last_line(tmp_path):
    # The parser stops past the last line; the mistake is the '[' opened on it and never closed.
    found = messages(tmp_path, "id: roto\ntitle: [Título,\n", name="roto.yaml")
    assert "practices/roto.yaml:2:8: '[' se abre aquí y no se cierra: añada ']' al final de la línea / " \
           "'[' opens here and is never closed: add ']' at the end of the line" in found
    # The rest of the file is still checked (here: every field still to write).
    assert "practices/roto.yaml:1:1: country: falta este campo obligatorio / required field is missing " \
           "(hallado tras un error de sintaxis / found after a syntax error)" in found


def test_column_of_a_syntax_error_counts_characters(tmp_path):
    place, _ = only(tmp_path, edit("title: {es: Título, en: Title}", "title: {es: Título: ñ, en: Title}"))
    assert place == f"{F}:3:19"


# --- Item 11: accepted but wrong ---------------------------------------------------------------

def test_id_and_url_ending_in_a_line_feed_are_refused(tmp_path):
    kebab = "id: must be ascii kebab-case"
    block_id = edit("id: ejemplo", "id: |\n  ejemplo")
    assert [placed_english(m).split(", digits")[0].split(": ", 1)[1] for m in messages(tmp_path / "a", block_id)] == [
        kebab + ": lowercase letters a-z"]
    block_url = edit("    url: https://example.org/informe", "    url: |\n      https://example.org/informe")
    assert messages(tmp_path / "b", block_url) == [
        f"{F}:24:10: sources[0].url: debe ser una dirección completa que empiece por https://, http:// o "
        "mailto: / must be a full address starting with https://, http:// or mailto:"]
    assert messages(tmp_path / "c", edit("id: ejemplo", 'id: "ejemplo\\n"')) == [
        f"{F}:2:5: id: solo minúsculas a-z, cifras y guiones simples, como peru-unidad-integracion-migratoria"
        " / must be ascii kebab-case: lowercase letters a-z, digits and single hyphens, "
        "like peru-unidad-integracion-migratoria"]


def test_blank_and_multi_line_titles_are_refused(tmp_path):
    assert only(tmp_path / "a", edit("{es: Título,", '{es: "   ",')) == (f"{F}:3:13", "is blank: write the text")
    assert [english(m) for m in messages(tmp_path / "b", edit("{es: Título,", '{es: "\\t",'))] == [
        "is blank: write the text", "one-line text: no line breaks or tabs"]
    assert only(tmp_path / "c", edit("{es: Título,", '{es: "Tí\\ntulo",')) == (
        f"{F}:3:13", "one-line text: no line breaks or tabs")
    assert only(tmp_path / "d", edit("{es: Resumen.,", '{es: "  ",')) == (f"{F}:4:15", "is blank: write the text")


@pytest.mark.parametrize("code, name, instead", [
    ("IC", "Canary Islands", "ES"), ("EA", "Ceuta & Melilla", "ES"), ("DG", "Diego Garcia", "IO"),
    ("CP", "Clipperton Island", "FR"), ("TA", "Tristan da Cunha", "SH"), ("AC", "Ascension Island", "SH"),
])
def test_territories_that_are_not_countries_are_refused(tmp_path, code, name, instead):
    assert only(tmp_path, edit("country: PE", f"country: {code}")) == (
        f"{F}:5:10", f"'{code}' ({name}) is not an ISO 3166-1 country; use its country's code: {instead}")


def test_groupings_are_refused_and_real_countries_accepted(tmp_path):
    assert only(tmp_path / "a", edit("country: PE", "country: [PE, EU]")) == (
        f"{F}:5:15", "'EU' (European Union) is not an ISO 3166-1 country; use the code of each country")
    assert messages(tmp_path / "b", edit("country: PE", "country: [AX, BQ, SS, NO]")) == []


def test_years_in_a_plausible_range(tmp_path):
    next_year = datetime.date.today().year + 1
    assert only(tmp_path / "a", edit("start_year: 2016", "start_year: 1")) == (
        f"{F}:9:13", "1 is outside the allowed range 1945 to 2100")
    assert only(tmp_path / "b", edit("start_year: 2016", f"start_year: {next_year + 1}")) == (
        f"{F}:9:13", f"{next_year + 1} is after next year ({next_year})")
    assert messages(tmp_path / "c", edit("start_year: 2016", f"start_year: {next_year}")) == []
    late_end = edit("status: ongoing", f"status: completed\nend_year: {next_year + 1}")
    assert only(tmp_path / "d", late_end) == (f"{F}:11:11", f"{next_year + 1} is after next year ({next_year})")


def test_uppercase_extension_and_subfolders_are_not_ignored(tmp_path):
    project = make_project(tmp_path, {"ejemplo.yaml": BASE, "otra.YAML": BASE})
    (project.practices_dir / "borradores").mkdir()
    assert [str(p) for p in check(project)[1]] == [
        "practices/borradores:1:1: warning: esta carpeta no se lee: las fichas van directamente en "
        "practices/ / this folder is not read: practice files go directly in practices/",
        "practices/otra.YAML:1:1: la extensión va en minúsculas: renómbrelo otra.yaml / "
        "the extension must be lowercase: rename it otra.yaml",
    ]


# --- Item 12: messages reach terminals and CI logs as plain text --------------------------------

def test_messages_show_invisible_characters_as_code_points():
    problem = Problem("practices/a.yaml", 1, 2, "status", "'x\n::error file=README.md::y\x1b[2J\u202e'")
    assert str(problem) == "practices/a.yaml:1:2: status: 'xU+000A::error file=README.md::yU+001B[2JU+202E'"
    assert "\n" not in problem.github() and "\x1b" not in problem.github()


def test_no_editor_value_forges_a_workflow_command(tmp_path):
    content = edit("status: ongoing", 'status: "::error file=README.md,line=1::forged"')
    content = edit("title:", '"ti\\u202etle::warning::x":', content)
    project = make_project(tmp_path, {"ejemplo.yaml": content})
    result = run_portal(project.root, "check", env={"GITHUB_ACTIONS": "true"})
    lines = (result.stdout + result.stderr).splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert commands and all(line.startswith(f"::error file={F},line=") for line in commands), commands
    assert all(line.isprintable() for line in lines)
    assert any("'::error file=README.md,line=1::forged' is not allowed" in line for line in lines)
    assert any("tiU+202Etle::warning::x" in line for line in lines)


# --- Item 13: bounded work ----------------------------------------------------------------------

@pytest.mark.parametrize("old, new", [
    ("objectives:\n", "objectives:\n" + "  - {es: Objetivo uno., en: Objective.}\n" * 6000),
    ("country: PE", "country: [" + ", ".join(["PE"] * 60000) + "]"),
    ("{es: Resumen., en: Summary.}", "{es: '" + "[" * 250000 + "', en: x}"),
    ("title:", "x: " + "[" * 5000 + "\ntitle:"),
])
def test_any_file_under_the_cap_is_checked_with_few_messages(tmp_path, old, new):
    """Bounded work: at most 50 schema messages a file, however many items break a rule (how
    long the worst files take is printed by scripts/bench_hostile_input.py, not asserted)."""
    content = edit(old, new)
    assert len(content.encode()) <= 256 * 1024
    found = check(make_project(tmp_path, {"ejemplo.yaml": content}))[1]
    assert 1 <= len(found) <= 51


def test_every_text_and_list_of_the_schema_is_bounded():
    import json
    schema = json.loads((ROOT / "practices" / "schema.json").read_text(encoding="utf-8"))

    def unbounded(node, path="", defs=schema["$defs"]):
        if isinstance(node, dict):
            if node.get("type") == "string" and "maxLength" not in node and "enum" not in node:
                yield path
            if node.get("type") == "array" and "maxItems" not in node:
                yield path
            for key, value in node.items():
                if key != "examples":
                    yield from unbounded(value, f"{path}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from unbounded(value, f"{path}/{i}")

    # countryCode, date and language are bounded by their patterns (2, 10 and 2 characters).
    assert sorted(unbounded(schema)) == ["/$defs/countryCode", "/$defs/date", "/$defs/source/properties/language"]


def test_load_refuses_deep_nesting():
    with pytest.raises(YamlError) as refused:
        load(("a: " + "[" * 9 + "]" * 9 + "\n").encode())
    assert (refused.value.line, refused.value.col) == (1, 11)


def test_a_text_with_more_brackets_than_rendering_allows_is_refused(tmp_path):
    from portal.pages.markup import MAX_OPENERS

    text = "[x](https://x.org) " * (MAX_OPENERS + 1)
    content = edit("{es: Resumen., en: Summary.}", f"{{es: '{text}', en: Summary.}}")
    found = [p for p in check(make_project(tmp_path, {"ejemplo.yaml": content}))[1] if not p.warning]
    assert [(p.field, english(p.message)) for p in found] == [
        ("summary.es", f"holds {MAX_OPENERS + 1} '[' and '<'; a text may hold up to {MAX_OPENERS} "
                       "(links and formatting)")]
