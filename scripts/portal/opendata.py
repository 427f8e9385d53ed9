"""The whole catalogue as open data: practicas.json (the YAML's own structure plus the page
URLs), practicas.csv (one row per practice, for spreadsheets) and the field descriptions of
the "Datos abiertos / Open data" page, generated from the schema so they cannot drift.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from . import fieldref, markup
from .catalog import Catalog, Project, loaded
from .countries import country_name
from .model import LANGUAGES, Practice, Text
from .output import write_files
from .site import Site

LIST_SEPARATOR = "; "


def catalogue_json(catalog: Catalog, project: Project, site: Site) -> str:
    practices = []
    for p in catalog.practices:
        # The file's own data, so it keeps the editor's structure and key order exactly.
        data = dict(loaded(project, p.source_path).data)
        data["urls"] = {lang: site.practice_url(p.id, lang) for lang in LANGUAGES}
        practices.append(data)
    document = {
        "title": {lang: site.name(lang) for lang in LANGUAGES},
        "license": {"name": site.license_name, "url": site.license_url},
        "schema": site.absolute("datos/schema.json"),
        "count": len(practices),
        "practices": practices,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _both(name: str, get) -> dict[str, str]:
    return {f"{name}_{lang}": get(lang) for lang in LANGUAGES}


def _join(items) -> str:
    return LIST_SEPARATOR.join(" ".join(str(i).split()) for i in items)


def _paragraphs(text: str) -> str:
    """Paragraphs kept, line breaks inside a paragraph (YAML wrapping) removed."""
    return "\n\n".join(" ".join(par.split()) for par in text.split("\n\n") if par.strip())


def _texts(texts: tuple[Text, ...], lang: str) -> str:
    return _join(t(lang) for t in texts)


def csv_row(p: Practice, catalog: Catalog, site: Site) -> dict[str, object]:
    return {
        "id": p.id,
        **_both("title", lambda lang: p.title(lang)),
        "country": _join(p.countries),
        **_both("country_name", lambda lang: _join(country_name(c, lang) for c in p.countries)),
        **_both("locality", lambda lang: p.locality(lang) if p.locality else ""),
        **_both("lead", lambda lang: _join(i.name(lang) for i in p.lead)),
        **_both("partners", lambda lang: _join(i.name(lang) for i in p.partners)),
        "start_year": p.start_year,
        "end_year": p.end_year or "",
        "status": p.status,
        **_both("summary", lambda lang: _paragraphs(p.summary(lang))),
        **_both("objectives", lambda lang: _texts(p.objectives, lang)),
        **_both("lessons", lambda lang: _texts(p.lessons, lang)),
        **_both("recommendations", lambda lang: _texts(p.recommendations, lang)),
        "gcm_objectives": _join(p.gcm_objectives),
        "gcm_principles": _join(p.gcm_principles),
        "themes": _join(p.themes),
        "populations": _join(p.populations),
        "sources": _join(f"{s.publisher}: {s.title}" + (f" ({s.url})" if s.url else "")
                         for s in p.sources),
        "published": p.published,
        "updated": p.updated,
        **_both("url", lambda lang: site.practice_url(p.id, lang)),
    }


def catalogue_csv(catalog: Catalog, site: Site) -> bytes:
    rows = [csv_row(p, catalog, site) for p in catalog.practices]
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(csv_row(catalog.practices[0], catalog, site))
                            if rows else ["id"], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    # The BOM makes Excel and LibreOffice in Spanish read UTF-8 instead of Windows-1252.
    return out.getvalue().encode("utf-8-sig")


def write(folder: Path, catalog: Catalog, project: Project, site: Site) -> list[Path]:
    """datos/practicas.json, datos/practicas.csv and datos/schema.json under `folder`."""
    files = {"practicas.json": catalogue_json(catalog, project, site).encode("utf-8"),
             "practicas.csv": catalogue_csv(catalog, site),
             "schema.json": project.schema_path.read_bytes()}
    return write_files(folder, "datos", files)


# --- The field descriptions of the open data page -----------------------------------------

_WORDS = {"es": {"required": "obligatorio", "optional": "opcional"},
          "en": {"required": "required", "optional": "optional"}}


def fields_markdown(schema: dict, lang: str) -> str:
    """Every field of a practice, in one language, read from the schema by fieldref (as the
    editors' field reference is). A list rather than a table: long field names and
    descriptions stay readable on a phone."""
    w = _WORDS[lang]
    items = []
    for f in fieldref.fields(schema):
        title = markup.md_escape(f.title_es if lang == "es" else f.title_en)
        desc = markup.md_escape(" ".join((f.description_es if lang == "es" else f.description_en).split()))
        items.append(f"- `{f.path}`: **{title}** ({w['required'] if f.required else w['optional']}). {desc}")
    return "\n".join(items) + "\n"


def license_markdown(site: Site, lang: str) -> str:
    if lang == "es":
        return (f"Los datos se publican bajo la licencia [{site.license_name}]({site.license_url}): "
                "puede copiarlos, transformarlos y redistribuirlos citando la fuente.\n")
    return (f"The data are published under the [{site.license_name}]({site.license_url}) licence: "
            "you may copy, transform and redistribute them, crediting the source.\n")

