"""Messages an editor can act on (issue 14, item 3): each case of the issue, in Spanish and
English, with the hint and the exact line:col of the mistake.

The syntax cases start from a fresh `make new` file, as the issue found them; the others from
tests/fixtures/ejemplo.yaml (see tests/test_validation.py for its line numbers).
"""

from __future__ import annotations

import datetime
import json

from harness import ROOT
from test_validation import BASE, F, edit, messages

from portal.contribute.scaffold import scaffold_text
from portal.read.aftersyntax import after_syntax

SCHEMA = json.loads((ROOT / "practices" / "schema.json").read_text(encoding="utf-8"))
NEW = scaffold_text(SCHEMA, "ejemplo", "2026-12-01")
AFTER = after_syntax()


def line_of(text: str, line: str, start: int = 0) -> int:
    """1-based number of the first line equal to `line` (after line `start`)."""
    return text.split("\n").index(line, start) + 1


def test_no_space_after_the_colon_is_reported_on_its_own_line(tmp_path):
    # PyYAML noticed it two lines further down, at column 1.
    status = line_of(NEW, 'status: ""')
    found = messages(tmp_path, edit('status: ""', "status:ongoing", NEW))
    assert (f"{F}:{status}:7: ponga un espacio después de ':' (escriba «status: …») / "
            "put a space after ':' (write 'status: …')") in found
    assert not any(m.startswith(f"{F}:{status + 2}:1:") for m in found)


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path):
    # PyYAML noticed it five lines further down, at the next quote of the file.
    status = line_of(NEW, 'status: ""')
    found = messages(tmp_path, edit('status: ""', 'status: "ongoing', NEW))
    assert (f'{F}:{status}:9: las comillas (") que se abren aquí no se cierran: añada " al final del texto / '
            'the quote (") opened here is never closed: add " at the end of the text') in found


def test_an_unindented_line_is_reported_not_the_one_after_it(tmp_path):
    es = line_of(NEW, '  es: ""', line_of(NEW, "title:"))
    found = messages(tmp_path, edit('title:\n  es: ""', 'title:\nes: ""', NEW))
    assert (f"{F}:{es}:1: la sangría de esta línea no coincide con la de abajo: va dentro de «title:», "
            "con 2 espacios al principio / this line's indentation does not match the line below: it "
            "belongs under 'title:', with 2 spaces at its start") in found
    assert not any(m.startswith(f"{F}:{es + 1}:") and "sangría" in m for m in found)


def test_a_colon_in_unquoted_text(tmp_path):
    assert messages(tmp_path, edit("title: Informe", "title: Informe: anual")) == [
        f"{F}:22:12: ponga el texto entre comillas: contiene ': ' / put the text in quotes: it contains ': '"]


def test_an_indent_that_matches_nothing_above(tmp_path):
    assert messages(tmp_path, edit("    role: lead", "     role: lead")) == [
        f"{F}:8:6: la sangría de esta línea (5 espacios) no coincide con la de las líneas de alrededor: "
        "use 4 espacios / this line's indentation (5 spaces) does not match the lines around it: use 4 spaces"]


def test_a_misindented_line_is_reported_not_its_well_indented_neighbour(tmp_path):
    # PyYAML notices at the `en:` line; the `es:` line above is the one out of step.
    content = edit("title: {es: Título, en: Title}", "title:\n   es: Título\n  en: Title")
    assert messages(tmp_path, content) == [
        f"{F}:4:4: la sangría de esta línea (3 espacios) no coincide con la de las líneas de alrededor: "
        "use 2 espacios / this line's indentation (3 spaces) does not match the lines around it: use 2 spaces"]


def test_the_rest_of_the_file_is_checked_after_a_syntax_error(tmp_path):
    content = edit("status: ongoing", "status:ongoing")
    content = edit("start_year: 2016", 'start_year: "2016"', content)
    content = edit("populations: [migrants]", "populations: migrants", content)
    assert messages(tmp_path, content) == [
        f"{F}:9:13: start_year: quite las comillas: escriba 2016 / remove the quotes: write 2016{AFTER}",
        f"{F}:10:7: ponga un espacio después de ':' (escriba «status: …») / put a space after ':' "
        "(write 'status: …')",
        f"{F}:20:14: populations: escríbalo como lista: [migrants] / write it as a list: [migrants]{AFTER}",
    ]


def test_country_names_in_either_language_suggest_the_code(tmp_path):
    for n, (written, code) in enumerate([("Chile", "CL"), ("Perú", "PE"), ("peru", "PE"),
                                         ("Brasil", "BR"), ("Brazil", "BR"), ("Estados Unidos", "US")]):
        assert messages(tmp_path / str(n), edit("country: PE", f"country: {written}")) == [
            f"{F}:5:10: country: '{written}' no es un código de país; ¿quiso decir {code}? / "
            f"'{written}' is not a country code; did you mean {code}?"]
    assert messages(tmp_path / "list", edit("country: PE", "country: [PE, Argentina]")) == [
        f"{F}:5:15: country[1]: 'Argentina' no es un código de país; ¿quiso decir AR? / "
        "'Argentina' is not a country code; did you mean AR?"]


def test_vocabulary_keys_and_field_names_suggest_the_near_one(tmp_path):
    assert messages(tmp_path / "a", edit("themes: [integration]", "themes: [local-government]")) == [
        f"{F}:19:10: themes[0]: 'local-government' no es un valor permitido; ¿quiso decir "
        "'local-governance'? / 'local-government' is not allowed; did you mean 'local-governance'?"]
    assert messages(tmp_path / "b", edit("populations:", "population:")) == [
        f"{F}:2:1: populations: falta este campo obligatorio / required field is missing",
        f"{F}:20:1: population: campo desconocido 'population'; ¿quiso decir 'populations'? / "
        "unknown field 'population'; did you mean 'populations'?"]


def test_required_lists_need_an_item(tmp_path):
    assert messages(tmp_path, edit("gcm_principles: [whole-of-government]", "gcm_principles: []")) == [
        f"{F}:18:17: gcm_principles: necesita al menos un elemento / needs at least one item"]


def test_a_start_year_in_the_future_is_refused(tmp_path):
    year, last = datetime.date.today().year + 2, datetime.date.today().year + 1
    assert messages(tmp_path, edit("start_year: 2016", f"start_year: {year}")) == [
        f"{F}:9:13: start_year: {year} es posterior al año próximo ({last}) / {year} is after next year ({last})"]


def test_the_base_is_valid(tmp_path):
    assert messages(tmp_path, BASE) == []


def test_an_unindented_language_line_under_an_empty_field(tmp_path):
    # `title:` then `es:` unindented is valid YAML (title: nothing, es: {en: …}): said as what to do.
    assert messages(tmp_path, edit("title: {es: Título, en: Title}", "title:\nes:\n  en: Title")) == [
        f"{F}:3:7: title: se esperaba un grupo de campos, pero hay un valor vacío / "
        "expected a mapping of fields, got nothing",
        f"{F}:4:1: es: 'es' está fuera de su campo: si es el texto del campo de arriba, ponga 2 espacios al "
        "principio de la línea / 'es' is outside its field: if it is the text of the field above, start the "
        "line with 2 spaces",
    ]
