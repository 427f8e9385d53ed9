"""The whole catalogue as open data, a Frictionless Data Package under datos/:

- datapackage.json: what every file holds (Table Schemas with types, enums from the
  vocabularies, list fields, foreign keys), the licence, the publisher and a contact;
- practicas.csv: one row per practice (comma-separated, for most tools) and practicas-excel.csv,
  the same rows separated by ";" (what Excel expects in Spanish-speaking locales);
- practicas-<list>.csv: the coded lists (countries, themes, populations, GCM objectives and
  principles) in long format, one row per practice and value, joined to the vocabularies;
- paises.csv, temas.csv, poblaciones.csv, objetivos.csv, principios.csv: the vocabularies with
  their labels in each language;
- practicas.json: a JSON array of practices, each with its YAML's structure plus `urls`, and
  schema.json, the JSON Schema that validates that file as published.

Also the field descriptions of the "Datos abiertos / Open data" page, from the schema.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from portal.build.output import write_files
from portal.contribute import fieldref
from portal.i18n import EDITOR_LANGUAGES, words
from portal.model.catalog import Catalog, Project
from portal.model.countries import codes as country_codes
from portal.model.countries import country_name
from portal.model.practice import LANGUAGES, OPTIONAL, Practice, Text
from portal.model.site import Site
from portal.pages import markup

# Items of a list field are joined by a line break inside the (quoted) cell. Each item is
# flattened to one line first, so a line break cannot occur inside a value; spreadsheets
# show one item a line in the cell.
LIST_SEPARATOR = "\n"
# OWASP, "CSV Injection": a cell starting with one of these is read as a formula by Excel,
# LibreOffice and Google Sheets; a leading apostrophe makes it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CSV_FILE, EXCEL_FILE, JSON_FILE, SCHEMA_FILE = ("practicas.csv", "practicas-excel.csv",
                                                "practicas.json", "schema.json")
PACKAGE_FILE = "datapackage.json"

# Long-format tables of the coded lists: file stem -> (column, vocabulary resource, its key).
LISTS = {"practicas-paises": ("country", "paises", "code"),
         "practicas-temas": ("theme", "temas", "key"),
         "practicas-poblaciones": ("population", "poblaciones", "key"),
         "practicas-objetivos": ("gcm_objective", "objetivos", "number"),
         "practicas-principios": ("gcm_principle", "principios", "key")}


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _join(items: Iterable[object]) -> str:
    return LIST_SEPARATOR.join(_one_line(i) for i in items)


def _plain_paragraphs(text: str) -> str:
    """Markdown as plain text, paragraphs kept (blank line between them)."""
    return "\n\n".join(markup.plain(par) for par in text.split("\n\n") if par.strip())


def _plain_list(texts: tuple[Text, ...], lang: str) -> str:
    return _join(markup.plain(t(lang)) for t in texts)


def _both(name: str, get: Callable[[str], str]) -> dict[str, str]:
    return {f"{name}_{lang}": get(lang) for lang in LANGUAGES}


def _written(p: Practice, name: str, get: Callable[[str], str]) -> dict[str, str]:
    """A practice's own text in each language: empty in a language it is not translated into
    (its page there shows the Spanish text; the data never passes it off as Portuguese)."""
    return {f"{name}_{lang}": get(lang) if lang in p.languages else "" for lang in LANGUAGES}


# --- The practices table -------------------------------------------------------------------

def csv_row(p: Practice, catalog: Catalog, site: Site) -> dict[str, object]:
    """One practice as the CSV has it: plain text (no Markdown), lists one item a line."""
    return {
        "id": p.id,
        **_written(p, "title", lambda lang: markup.plain(p.title(lang))),
        "country": _join(p.countries),
        **_both("country_name", lambda lang: _join(country_name(c, lang) for c in p.countries)),
        **_written(p, "locality", lambda lang: markup.plain(p.locality(lang)) if p.locality else ""),
        **_written(p, "lead", lambda lang: _join(markup.plain(i.name(lang)) for i in p.lead)),
        **_written(p, "partners", lambda lang: _join(markup.plain(i.name(lang)) for i in p.partners)),
        "start_year": p.start_year,
        "end_year": p.end_year or "",
        "status": p.status,
        **_written(p, "summary", lambda lang: _plain_paragraphs(p.summary(lang))),
        **_written(p, "objectives", lambda lang: _plain_list(p.objectives, lang)),
        **_written(p, "lessons", lambda lang: _plain_list(p.lessons, lang)),
        **_written(p, "recommendations", lambda lang: _plain_list(p.recommendations, lang)),
        "gcm_objectives": _join(sorted(p.gcm_objectives)),
        "gcm_principles": _join(p.gcm_principles),
        "themes": _join(p.themes),
        "populations": _join(p.populations),
        "sources": _join(markup.plain(f"{s.publisher}: {s.title}") + (f" ({s.url})" if s.url else "")
                         for s in p.sources),
        "published": p.published,
        "updated": p.updated,
        **_both("url", lambda lang: site.practice_url(p.id, lang)),
        "withdrawn": p.withdrawn.date if p.withdrawn else "",
    }


def _title(key: str, suffix: str = "") -> str:
    """A title of the data package in every editor language at once ("Título / Title"): one file
    read by people of either language. Its words are data.package in the language files."""
    return " / ".join(words(lang)["data"]["package"][key] + suffix for lang in EDITOR_LANGUAGES)


def _field(name: str, type_: str, key: str, suffix: str = "", **extra) -> dict:
    return {"name": name, "type": type_, "title": _title(key, suffix), **extra}


def _list(name: str, key: str, item_type: str = "string", suffix: str = "", **extra) -> dict:
    return _field(name, "list", key, suffix, delimiter=LIST_SEPARATOR, itemType=item_type, **extra)


def _per_lang(name: str, type_: str, key: str, *, optional_empty: bool = False, **extra) -> list[dict]:
    """A column per language; `optional_empty`: the `required` constraint only for the
    languages every practice is written in."""
    return [_field(f"{name}_{lang}", type_, key, f" ({lang})",
                   **({k: v for k, v in extra.items() if k != "constraints"}
                      if optional_empty and lang in OPTIONAL else extra))
            for lang in LANGUAGES]


def _per_lang_list(name: str, key: str) -> list[dict]:
    return [_list(f"{name}_{lang}", key, suffix=f" ({lang})") for lang in LANGUAGES]


def practices_table_schema(schema: dict) -> dict:
    """The Table Schema of practicas.csv, in the order of csv_row's columns. Enums come from
    the practice schema (which lists the vocabularies' keys); list items are checked against
    the vocabularies by the long-format tables' foreign keys."""
    props = schema["properties"]
    req = {"required": True}
    fields = [
        _field("id", "string", "identifier",
               constraints={**req, "unique": True, "pattern": props["id"].get("pattern", ".+")}),
        # Spanish and English are in every practice; an optional language only in those
        # translated into it.
        *_per_lang("title", "string", "title", constraints=req, optional_empty=True),
        _list("country", "countries_iso_3166_1"),
        *_per_lang_list("country_name", "country_names"),
        *_per_lang("locality", "string", "locality"),
        *_per_lang_list("lead", "lead_institutions"),
        *_per_lang_list("partners", "partner_institutions"),
        _field("start_year", "integer", "start_year", constraints=req),
        _field("end_year", "integer", "end_year"),
        _field("status", "string", "status",
               constraints={**req, "enum": props["status"]["enum"]}),
        *_per_lang("summary", "string", "summary", constraints=req, optional_empty=True),
        *_per_lang_list("objectives", "objectives"),
        *_per_lang_list("lessons", "lessons_learned"),
        *_per_lang_list("recommendations", "recommendations"),
        _list("gcm_objectives", "gcm_objectives", "integer"),
        _list("gcm_principles", "gcm_guiding_principles"),
        _list("themes", "themes"),
        _list("populations", "populations"),
        _list("sources", "sources"),
        _field("published", "date", "published", constraints=req),
        _field("updated", "date", "updated", constraints=req),
        *_per_lang("url", "string", "page", format="uri", constraints=req),
        _field("withdrawn", "date", "withdrawn_from_the_catalogue_date"),
    ]
    return {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}


def _csv_bytes(header: list[str], rows: Iterable[dict], delimiter: str = ",") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=header, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: neutralise(v) for k, v in row.items()} for row in rows)
    # The BOM makes Excel and LibreOffice in Spanish read UTF-8 instead of Windows-1252.
    return out.getvalue().encode("utf-8-sig")


def catalogue_csv(catalog: Catalog, site: Site, schema: dict, delimiter: str = ",") -> bytes:
    """practicas.csv (or, with ";", practicas-excel.csv): the columns of the Table Schema."""
    header = [f["name"] for f in practices_table_schema(schema)["fields"]]
    return _csv_bytes(header, (csv_row(p, catalog, site) for p in _listed(catalog)), delimiter)


def _listed(catalog: Catalog) -> list:
    """The practices the open data lists: withdrawn ones too, marked by their `withdrawn` date,
    so a data user sees what left the catalogue and when."""
    return sorted((*catalog.practices, *catalog.withdrawn), key=lambda p: p.id)


# --- Long-format lists and vocabularies ----------------------------------------------------

def _list_rows(catalog: Catalog, stem: str) -> list[dict]:
    column = LISTS[stem][0]
    values = {"practicas-paises": lambda p: p.countries, "practicas-temas": lambda p: p.themes,
              "practicas-poblaciones": lambda p: p.populations,
              "practicas-objetivos": lambda p: sorted(p.gcm_objectives),
              "practicas-principios": lambda p: p.gcm_principles}[stem]
    return [{"id": p.id, "position": n, column: v}
            for p in catalog.practices for n, v in enumerate(values(p), start=1)]


def _vocabulary_tables(catalog: Catalog) -> dict[str, tuple[list[dict], list[dict]]]:
    """Vocabulary resource name -> (rows, Table Schema fields)."""
    vocab = catalog.vocabularies

    def labels(key: str) -> list[dict]:
        return _per_lang("label", "string", key, constraints={"required": True})

    def terms(terms) -> list[dict]:
        return [{"key": t.key, **{f"label_{lang}": t.label(lang) for lang in LANGUAGES}}
                for t in terms.values()]

    key = _field("key", "string", "key", constraints={"required": True, "unique": True})
    countries = country_codes()
    return {
        "paises": ([{"code": c, **{f"name_{lang}": country_name(c, lang) for lang in LANGUAGES}}
                    for c in countries],
                   [_field("code", "string", "iso_3166_1_alpha_2_code",
                           constraints={"required": True, "unique": True}),
                    *_per_lang("name", "string", "name", constraints={"required": True})]),
        "temas": (terms(vocab.themes), [key, *labels("theme")]),
        "poblaciones": (terms(vocab.populations), [key, *labels("population")]),
        "principios": (terms(vocab.principles), [key, *labels("principle")]),
        "objetivos": ([{"number": o.number,
                        **{f"short_{lang}": o.short(lang) for lang in LANGUAGES},
                        **{f"title_{lang}": o.title(lang) for lang in LANGUAGES}}
                       for o in sorted(vocab.objectives.values(), key=lambda o: o.number)],
                      [_field("number", "integer", "number",
                              constraints={"required": True, "unique": True}),
                       *_per_lang("short", "string", "short_name"),
                       *_per_lang("title", "string", "title")]),
    }


_VOCAB_TITLES = {"paises": "countries", "temas": "themes",
                 "poblaciones": "populations",
                 "principios": "gcm_guiding_principles_",
                 "objetivos": "gcm_objectives"}


# --- JSON and its schema -------------------------------------------------------------------

def catalogue_json(catalog: Catalog, project: Project, site: Site) -> str:
    """Every practice, in id order: the file's own data (it keeps the editor's structure and
    key order, Markdown included where the schema says richText), plus its page URLs."""
    practices = []
    for p in _listed(catalog):
        data = dict(catalog.data[p.id])
        data["urls"] = {lang: site.practice_url(p.id, lang) for lang in LANGUAGES}
        practices.append(data)
    return json.dumps(practices, ensure_ascii=False, indent=2) + "\n"


def published_schema(schema: dict, site: Site) -> dict:
    """The JSON Schema of practicas.json as published: an array of practices, each the
    practice schema plus `urls`, with $id at this site's address."""
    practice = copy.deepcopy(schema)
    defs = practice.pop("$defs", {})
    for key in ("$schema", "$id"):
        practice.pop(key, None)
    practice["properties"]["urls"] = {
        "title": _title("page_urls"),
        "description": "\n\n".join(words(lang)["data"]["package"]["the_practice_s_page_in_each_language"]
                                  for lang in EDITOR_LANGUAGES),
        "type": "object", "additionalProperties": False, "required": list(LANGUAGES),
        "properties": {lang: {"type": "string", "format": "uri"} for lang in LANGUAGES}}
    practice["required"] = [*practice.get("required", []), "urls"]
    return {
        "$schema": schema.get("$schema", "https://json-schema.org/draft/2020-12/schema"),
        "$id": site.absolute(f"datos/{SCHEMA_FILE}"),
        "title": _title("good_practices_in_migration_governance"),
        "description": "\n\n".join(words(lang)["data"]["package"]["file_the_list_of_practices"].format(file=JSON_FILE)
                                  for lang in EDITOR_LANGUAGES),
        "type": "array",
        "items": {"$ref": "#/$defs/practice"},
        "$defs": {**defs, "practice": practice},
    }


# --- The data package ----------------------------------------------------------------------

def _csv_resource(name: str, path: str, title: str, schema: dict,
                  delimiter: str = ",") -> dict:
    return {"name": name, "path": path, "type": "table", "scheme": "file", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8-sig",
            "title": _title(title),
            "dialect": {"csv": {"delimiter": delimiter}}, "schema": schema}


def datapackage(catalog: Catalog, site: Site, schema: dict) -> dict:
    table = practices_table_schema(schema)
    resources = [
        _csv_resource("practicas", CSV_FILE, "practices", table),
        _csv_resource("practicas-excel", EXCEL_FILE,
                      "practices_semicolon_separated_excel_in_s", table, ";"),
    ]
    for stem, (column, vocab_name, vocab_key) in LISTS.items():
        item_type = "integer" if column == "gcm_objective" else "string"
        fields = [_field("id", "string", "practice", constraints={"required": True}),
                  _field("position", "integer", "position", constraints={"required": True}),
                  _field(column, item_type, _VOCAB_TITLES[vocab_name], constraints={"required": True})]
        resources.append(_csv_resource(stem, f"{stem}.csv", _VOCAB_TITLES[vocab_name], {
            "fields": fields, "primaryKey": ["id", "position"],
            "foreignKeys": [{"fields": ["id"], "reference": {"resource": "practicas", "fields": ["id"]}},
                            {"fields": [column], "reference": {"resource": vocab_name, "fields": [vocab_key]}}]}))
    for name, (_, fields) in _vocabulary_tables(catalog).items():
        resources.append(_csv_resource(name, f"{name}.csv", _VOCAB_TITLES[name],
                                       {"fields": fields, "primaryKey": [fields[0]["name"]]}))
    resources.append({"name": "practicas-json", "path": JSON_FILE, "type": "json", "format": "json",
                      "mediatype": "application/json",
                      "title": _title("practices_as_json"),
                      "description": _title("validated_by_file").format(file=SCHEMA_FILE),
                      "jsonSchema": SCHEMA_FILE})
    resources.append({"name": "schema", "path": SCHEMA_FILE, "type": "json", "format": "json",
                      "mediatype": "application/schema+json",
                      "title": _title("json_schema_of_practicas_json")})
    contributor = {"title": site.publisher(LANGUAGES[0]), "roles": ["publisher"]}
    if site.email:
        contributor["email"] = site.email
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "buenas-practicas-gobernanza-migratoria",
        "id": site.absolute(f"datos/{PACKAGE_FILE}"),
        "title": " / ".join(site.name(lang) for lang in LANGUAGES),
        "homepage": site.absolute("datos/"),
        "licenses": [{"name": site.license_name.lower().replace(" ", "-"),
                      "path": site.license_url, "title": site.license_name}],
        "contributors": [contributor],
        "version": max((p.updated for p in catalog.practices), default="1970-01-01"),
        "resources": resources,
    }


def files(catalog: Catalog, project: Project, site: Site) -> dict[str, bytes]:
    """Every file of datos/, by name."""
    schema = project.schema()
    out = {CSV_FILE: catalogue_csv(catalog, site, schema),
           EXCEL_FILE: catalogue_csv(catalog, site, schema, ";"),
           JSON_FILE: catalogue_json(catalog, project, site).encode("utf-8"),
           SCHEMA_FILE: (json.dumps(published_schema(schema, site), ensure_ascii=False, indent=2)
                         + "\n").encode("utf-8")}
    for stem, (column, _, _) in LISTS.items():
        out[f"{stem}.csv"] = _csv_bytes(["id", "position", column], _list_rows(catalog, stem))
    for name, (rows, fields) in _vocabulary_tables(catalog).items():
        out[f"{name}.csv"] = _csv_bytes([f["name"] for f in fields], rows)
    out[PACKAGE_FILE] = (json.dumps(datapackage(catalog, site, schema), ensure_ascii=False,
                                    indent=2) + "\n").encode("utf-8")
    return out


def write(folder: Path, catalog: Catalog, project: Project, site: Site) -> list[Path]:
    """Every file of the data package under `folder`/datos/."""
    return write_files(folder, "datos", files(catalog, project, site))


# --- The field descriptions of the open data page -----------------------------------------



_OPTIONAL_PREFIX = re.compile(r"^(?:opcional|optional)\s*[:.]\s*", re.IGNORECASE)  # es, pt; en


def fields_markdown(schema: dict, lang: str) -> str:
    """Every field of a practice, in one language, read from the schema by fieldref (as the
    editors' field reference is). A list rather than a table: long field names and
    descriptions stay readable on a phone."""
    w = words(lang)["data"]
    items = []
    for f in fieldref.fields(schema):
        title = markup.md_escape(f.title[lang])
        desc = " ".join(f.description[lang].split())
        # The schema's descriptions of optional fields start "Opcional:" for editors; here the
        # "(opcional)" before it says so already.
        desc = markup.md_escape(_OPTIONAL_PREFIX.sub("", desc, count=1))
        desc = desc[:1].upper() + desc[1:]
        items.append(f"- `{f.path}`: **{title}** ({w['required'] if f.required else w['optional']}). {desc}")
    return "\n".join(items) + "\n"


def license_markdown(site: Site, lang: str) -> str:
    link = f"[{site.license_name}]({site.license_url})"
    return words(lang)["data"]["license"].format(license=link) + "\n"
