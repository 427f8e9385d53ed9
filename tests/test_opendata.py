"""The open data as data users read it: `frictionless validate` on the data package, pandas
with the package's types, the JSON against its published schema, spreadsheets (the
";"-separated file, formula-safe cells) and the csv module."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
import yaml
from harness import ROOT, SEED_ID, copy_project
from test_cite import SITE, all_practice_ids, local, practice_data

from portal.data import opendata
from portal.model.catalog import Project
from portal.model.practice import LANGUAGES
from portal.pages import markup
from portal.read.practices import load_catalog

FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def frictionless_validate(folder: Path) -> dict:
    """The `frictionless validate` command on the package, as a data user runs it."""
    result = subprocess.run([str(FRICTIONLESS), "validate", "--json", "datapackage.json"],
                            capture_output=True, text=True, cwd=folder, timeout=600)
    report = json.loads(result.stdout)
    assert (result.returncode == 0) == report["valid"], result.stderr
    return report


def errors(report: dict) -> list[tuple[str, str]]:
    return [(task["name"], e["type"]) for task in report["tasks"] for e in task["errors"]]


def read_csv_with_package_types(path: Path, table_schema: dict, **kwargs) -> pd.DataFrame:
    """pandas.read_csv told the column types the package declares (what the open data page
    tells users to do; frictionless' own to_pandas is tested below too)."""
    dtypes = {"integer": "Int64", "string": "string"}
    fields = table_schema["fields"]
    return pd.read_csv(
        path, encoding="utf-8-sig",
        dtype={f["name"]: dtypes[f["type"]] for f in fields if f["type"] in dtypes},
        parse_dates=[f["name"] for f in fields if f["type"] == "date"],
        converters={f["name"]: (lambda v, f=f: [] if v == "" else
                                [int(x) if f["itemType"] == "integer" else x for x in v.split(f["delimiter"])])
                    for f in fields if f["type"] == "list"},
        keep_default_na=False, na_values={f["name"]: [""] for f in fields if f["type"] != "list"},
        **kwargs)


@pytest.fixture(scope="module")
def package(site) -> dict:
    return json.loads((site / "datos" / "datapackage.json").read_text(encoding="utf-8"))


def test_frictionless_validates_the_published_data_package(site, package):
    report = frictionless_validate(site / "datos")
    assert report["valid"], errors(report)
    checked = {task["name"] for task in report["tasks"]}
    assert checked == {r["name"] for r in package["resources"]}
    assert {"paises", "temas", "poblaciones", "objetivos", "principios"} <= checked
    assert package["licenses"][0]["path"] == SITE.license_url
    assert package["contributors"][0]["title"] == SITE.publisher("es")


def test_frictionless_rejects_a_value_outside_the_vocabularies(site, tmp_path):
    # The check above can fail: a theme that is not in temas.csv, a status outside the enum.
    folder = shutil.copytree(site / "datos", tmp_path / "datos")
    themes = folder / "practicas-temas.csv"
    themes.write_bytes(themes.read_bytes().replace(b",integration", b",no-such-theme"))
    main = folder / "practicas.csv"
    main.write_bytes(main.read_bytes().replace(b",ongoing,", b",unknown,"))
    found = set(errors(frictionless_validate(folder)))
    assert ("practicas-temas", "foreign-key") in found
    assert ("practicas", "constraint-error") in found


def test_pandas_reads_the_csv_with_the_declared_types(site, package):
    schema = next(r["schema"] for r in package["resources"] if r["name"] == "practicas")
    frame = read_csv_with_package_types(site / "datos" / "practicas.csv", schema)
    assert list(frame["id"]) == all_practice_ids()
    assert frame["start_year"].dtype == "Int64" and frame["end_year"].dtype == "Int64"
    assert str(frame["published"].dtype).startswith("datetime64")
    row = frame.set_index("id").loc[SEED_ID]
    data = practice_data()
    assert row["start_year"] == data["start_year"] and pd.isna(row["end_year"])
    assert row["gcm_objectives"] == data["gcm_objectives"]
    assert row["themes"] == data["themes"]
    for lang in LANGUAGES:
        assert row[f"lessons_{lang}"] == [" ".join(x[lang].split()) for x in data["lessons"]]
        assert row[f"url_{lang}"] == SITE.practice_url(SEED_ID, lang)

    # The ";"-separated copy for Excel holds the same table.
    excel = read_csv_with_package_types(site / "datos" / "practicas-excel.csv", schema, sep=";")
    pd.testing.assert_frame_equal(frame, excel)


def test_frictionless_to_pandas_gives_typed_columns(site):
    from frictionless import Package

    frame = Package(str(site / "datos" / "datapackage.json")).get_resource("practicas").to_pandas()
    assert frame.index.name == "id" and list(frame.index) == all_practice_ids()
    assert frame["end_year"].dtype == "Int64" and frame["start_year"].dtype.kind == "i"
    assert str(frame["updated"].dtype).startswith("datetime64")
    assert frame.loc[SEED_ID, "themes"] == practice_data()["themes"]


def test_the_vocabularies_are_published_with_their_labels(site):
    temas = pd.read_csv(site / "datos" / "temas.csv", encoding="utf-8-sig", dtype="string")
    themes = yaml.safe_load((ROOT / "practices" / "vocabularies" / "themes.yaml").read_text(encoding="utf-8"))
    assert [(t["key"], t["es"], t["en"], t["pt"]) for t in themes["terms"]] == \
        list(temas[["key", "label_es", "label_en", "label_pt"]].itertuples(index=False, name=None))
    countries = pd.read_csv(site / "datos" / "paises.csv", encoding="utf-8-sig", dtype="string",
                            keep_default_na=False).set_index("code")
    assert tuple(countries.loc["PE"]) == ("Perú", "Peru", "Peru")
    assert countries.loc["FK", "name_pt"] == "Ilhas Malvinas"  # Brazil's Portuguese (CLDR's pt)
    assert countries.loc["NA", "name_en"] == "Namibia"  # a code, not pandas' missing value
    objetivos = pd.read_csv(site / "datos" / "objetivos.csv", encoding="utf-8-sig")
    assert list(objetivos["number"]) == list(range(1, 24)) and objetivos["number"].dtype == "int64"


def test_the_json_validates_against_its_published_schema_and_loads_in_pandas(site):
    document = json.loads((site / "datos" / "practicas.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "datos" / "schema.json").read_text(encoding="utf-8"))
    assert schema["$id"] == SITE.absolute("datos/schema.json")
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
    assert [p["id"] for p in document] == all_practice_ids()
    for item in document:
        urls = item.pop("urls")
        assert item == practice_data(item["id"])  # the YAML's own structure, both languages
        for lang in LANGUAGES:
            assert urls[lang] == SITE.practice_url(item["id"], lang)
            assert local(site, urls[lang]).is_file()
    frame = pd.read_json(site / "datos" / "practicas.json", dtype={"end_year": "Int64"})
    assert list(frame["id"]) == all_practice_ids()
    assert frame["start_year"].dtype == "int64"
    assert pd.to_datetime(frame["published"], format="%Y-%m-%d").notna().all()


def test_the_schema_id_follows_site_url():
    moved = replace(SITE, url="https://datos.example.net/portal/")
    schema = opendata.published_schema(Project(ROOT).schema(), moved)
    assert schema["$id"] == "https://datos.example.net/portal/datos/schema.json"
    # A practice without urls (or with an unknown key) does not validate: the schema is strict.
    practice = practice_data()
    validator = jsonschema.Draft202012Validator(schema)
    assert not validator.is_valid([practice])
    urls = {"es": "https://x/", "en": "https://y/", "pt": "https://z/"}
    assert not validator.is_valid([{**practice, "urls": {"es": "a", "en": "b", "pt": "c"}, "extra": 1}])
    assert validator.is_valid([{**practice, "urls": urls}])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Project, dict[str, bytes]]:
    """A copy of the project whose seed practice has formulas, Markdown and separators in its
    texts, and its open data files."""
    project = Project(copy_project(tmp_path_factory.mktemp("hostile") / "p"))
    path = project.practices_dir / f"{SEED_ID}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"] = {"es": '=HYPERLINK("https://malo.example/","clic")', "en": "+SUM(1,2)", "pt": "@SOMA(1;2)"}
    data["summary"] = {"es": "Con *énfasis*, __fuerte__ y un [enlace](https://example.org/a_b) &amp; más.\n\n"
                             "- uno\n- dos\n",
                       "en": "-2+3 starts like a formula, with `code` and a [link](https://example.org/).",
                       "pt": "Com *ênfase* e um [link](https://example.org/) &amp; mais."}
    data["lessons"][0] = {"es": "@primera; con punto y coma\ny un salto de línea",
                          "en": "\tTabbed; first lesson", "pt": "=primeira lição"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    catalog = load_catalog(project)
    return project, opendata.files(catalog, project, SITE)


def _rows(raw: bytes, delimiter: str = ",") -> list[dict]:
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=delimiter))


@pytest.mark.parametrize("name,delimiter", [("practicas.csv", ","), ("practicas-excel.csv", ";")])
def test_no_cell_starts_like_a_formula(hostile, name, delimiter):
    rows = _rows(hostile[1][name], delimiter)
    (row,) = [r for r in rows if r["id"] == SEED_ID]
    assert row["title_es"] == '\'=HYPERLINK("https://malo.example/","clic")'
    assert row["title_en"] == "'+SUM(1,2)"
    assert row["title_pt"] == "'@SOMA(1;2)" and row["lessons_pt"].startswith("'=primeira")
    # The tab is whitespace, flattened away with the line breaks inside an item.
    assert row["lessons_es"].startswith("'@") and row["lessons_en"].startswith("Tabbed;")
    for r in rows:
        for column, cell in r.items():
            assert not cell.startswith(opendata.FORMULA_START), (column, cell)


def test_list_items_keep_their_semicolons_and_come_apart_on_line_breaks(hostile):
    (row,) = [r for r in _rows(hostile[1]["practicas.csv"]) if r["id"] == SEED_ID]
    lessons = row["lessons_es"].removeprefix("'").split(opendata.LIST_SEPARATOR)
    data = yaml.safe_load((hostile[0].practices_dir / f"{SEED_ID}.yaml").read_text(encoding="utf-8"))
    assert lessons == [" ".join(x["es"].split()) for x in data["lessons"]]
    assert lessons[0] == "@primera; con punto y coma y un salto de línea"


def test_open_data_texts_are_plain_text(hostile):
    (row,) = [r for r in _rows(hostile[1]["practicas.csv"]) if r["id"] == SEED_ID]
    for lang in LANGUAGES:
        summary = row[f"summary_{lang}"]
        for mark in ("*", "_", "[", "](", "`", "&amp;"):
            assert mark not in summary, (lang, mark)
    assert row["summary_es"] == "Con énfasis, fuerte y un enlace & más.\n\nuno dos"
    assert markup.plain(row["summary_en"].removeprefix("'")) == row["summary_en"].removeprefix("'")
