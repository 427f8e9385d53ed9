"""Checks that need more than one field or more than one file, which JSON Schema cannot say."""

from __future__ import annotations

import datetime
import re

from portal.model.countries import country_problem
from portal.pages.markup import MAX_OPENERS
from portal.read.problems import Problem
from portal.read.validation import field_name
from portal.read.yamlload import Loaded

# \Z, not $: `$` also matches before a final line feed, so "id\n" would pass.
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")
# "index" would collide with the catalog page (a.md and a/index.md silently share one URL);
# the others are device names that Windows editors cannot create or open.
RESERVED = re.compile(r"^(index|con|prn|aux|nul|com[0-9]|lpt[0-9])\Z")
# Left in English fields by the scaffold or by editors who mean to come back.
PLACEHOLDER = re.compile(r"\b(TODO|TRANSLATE|TRADUCIR|FIXME|XXX|Lorem ipsum)\b|\[EN\]", re.I)


def file_problems(loaded: Loaded, stem: str, rel: str) -> list[Problem]:
    """Checks of one file that passed the schema."""
    data, problems = loaded.data, []

    def add(path, message, warning=False):
        line, col = loaded.place(path)
        problems.append(Problem(rel, line, col, field_name(path), message, warning))

    if not KEBAB.fullmatch(stem):
        problems.append(Problem(rel, 1, 1, "", (
            f"el nombre de archivo '{stem}' solo puede llevar minúsculas a-z, cifras y guiones, como "
            f"peru-unidad-integracion-migratoria.yaml / file name '{stem}' must be ascii kebab-case, "
            "like peru-unidad-integracion-migratoria.yaml")))
    elif RESERVED.fullmatch(stem):
        add(("id",), f"'{stem}' es un nombre reservado; elija un id más largo y descriptivo / "
                     f"'{stem}' is a reserved name; choose a longer, descriptive id")
    elif data["id"] != stem:
        add(("id",), f"'{data['id']}' no coincide con el nombre del archivo '{stem}'; deben ser iguales / "
                     f"'{data['id']}' differs from the file name '{stem}'; they must be equal")
    countries = [data["country"]] if isinstance(data["country"], str) else data["country"]
    for i, code in enumerate(countries):
        message = country_problem(code)
        if message:
            add(("country",) if isinstance(data["country"], str) else ("country", i), message)
    # The schema says from when: 1945 for a practice (the United Nations; migration governance
    # as this portal collects it is younger, so an earlier year is a typo such as 0001), 1900
    # for a source (an old law may be cited). Up to next year (a practice announced for next
    # year) depends on today, which a schema cannot say; 9999 is refused by both.
    last = datetime.date.today().year + 1
    years = [(("start_year",), data["start_year"]), (("end_year",), data.get("end_year"))]
    years += [(("sources", i, "year"), s.get("year")) for i, s in enumerate(data["sources"])]
    for path, year in years:
        if year is not None and year > last:
            add(path, f"{year} es posterior al año próximo ({last}) / {year} is after next year ({last})")
    end = data.get("end_year")
    if end is not None and end < data["start_year"]:
        add(("end_year",), f"{end} es anterior a start_year {data['start_year']} / "
                           f"{end} is before start_year {data['start_year']}")
    if end is not None and data["status"] == "ongoing":
        add(("end_year",), "hay end_year pero status es ongoing: ponga status: completed o quite end_year / "
                           "given, but status is ongoing; set status: completed or remove end_year")
    if data["updated"] < data["published"]:
        add(("updated",), f"{data['updated']} es anterior a published {data['published']} / "
                          f"{data['updated']} is before published {data['published']}")
    for path, text in _texts(data):
        for lang, value in text.items():
            openers = value.count("[") + value.count("<")
            if openers > MAX_OPENERS:
                # Python-Markdown's time grows with their square; past the limit a page would
                # show them as text (portal.pages.markup), so the editor hears of it here.
                add((*path, lang), f"tiene {openers} signos [ y <; un texto admite hasta "
                                   f"{MAX_OPENERS} (enlaces y formato) / holds {openers} '[' and "
                                   f"'<'; a text may hold up to {MAX_OPENERS} (links and formatting)")
    if data.get("translation") != "pending":
        for path, text in _texts(data):
            if PLACEHOLDER.search(text["en"]):
                add((*path, "en"), "el texto en inglés tiene un marcador: tradúzcalo o ponga translation: "
                                   "pending / English text holds a placeholder; translate it, "
                                   "or set translation: pending", warning=True)
            elif text["en"].strip() == text["es"].strip() and len(text["es"].split()) > 3:
                add((*path, "en"), "el texto en inglés es igual al español: tradúzcalo o ponga translation: "
                                   "pending / English text is the same as the Spanish; translate it, "
                                   "or set translation: pending", warning=True)
    return problems


def _texts(node, path=()):
    """Every bilingual text in a practice, with its path."""
    if isinstance(node, dict):
        if set(node) == {"es", "en"} and all(isinstance(v, str) for v in node.values()):
            yield path, node
            return
        for key, value in node.items():
            yield from _texts(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, (*path, i))


def duplicate_id_problems(ids: list[tuple[str, str, Loaded]]) -> list[Problem]:
    """(id, rel path, loaded) of every valid file -> a problem on each repeat of an id."""
    first: dict[str, str] = {}
    problems = []
    for practice_id, rel, loaded in sorted(ids, key=lambda t: t[1]):
        if practice_id in first:
            line, col = loaded.place(("id",))
            problems.append(Problem(rel, line, col, "id",
                                    f"'{practice_id}' ya es el id de {first[practice_id]} / "
                                    f"'{practice_id}' is already the id of {first[practice_id]}"))
        else:
            first[practice_id] = rel
    return problems
