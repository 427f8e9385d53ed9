"""Checks that need more than one field or more than one file, which JSON Schema cannot say."""

from __future__ import annotations

import datetime
import re

from portal.i18n import Phrase, message
from portal.model.countries import country_problem
from portal.model.practice import LANGUAGES, OPTIONAL, REQUIRED
from portal.pages.markup import MAX_OPENERS
from portal.read.problems import Problem
from portal.read.validation import field_name
from portal.read.yamlload import Loaded, walk

# \Z, not $: `$` also matches before a final line feed, so "id\n" would pass.
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")
# "index" would collide with the catalog page (a.md and a/index.md silently share one URL);
# the others are device names that Windows editors cannot create or open.
# index and pagina-N are pages of the catalog's folder (/practicas/pagina-2/); the rest are
# device names some systems refuse as file names.
RESERVED = re.compile(r"^(index|pagina-[0-9]+|con|prn|aux|nul|com[0-9]|lpt[0-9])\Z")
# A language's name in a message (each key written out: tests/test_editor_text.py finds the keys
# the code asks for).
LANGUAGE_NAMES = {"es": Phrase("languages.es"), "en": Phrase("languages.en"), "pt": Phrase("languages.pt")}
# Left in English or Portuguese fields by the scaffold or by editors who mean to come back.
# Capitals only for the markers: "todo" is a word of Portuguese ("todo o governo").
PLACEHOLDER = re.compile(r"\b(TODO|TRANSLATE|TRADUCIR|TRADUZIR|FIXME|XXX|(?i:lorem ipsum))\b|\[(EN|PT)\]")


def file_problems(loaded: Loaded, stem: str, rel: str) -> list[Problem]:
    """Checks of one file that passed the schema."""
    data, problems = loaded.data, []

    def add(path, text, warning=False):
        line, col = loaded.place(path)
        problems.append(Problem(rel, line, col, field_name(path), text, warning))

    if not KEBAB.fullmatch(stem):
        problems.append(Problem(rel, 1, 1, "", message("check.file_name", stem=stem)))
    elif RESERVED.fullmatch(stem):
        add(("id",), message("check.reserved_id", stem=stem))
    elif data["id"] != stem:
        add(("id",), message("check.id_differs", id=data["id"], stem=stem))
    countries = [data["country"]] if isinstance(data["country"], str) else data["country"]
    for i, code in enumerate(countries):
        problem = country_problem(code)
        if problem:
            add(("country",) if isinstance(data["country"], str) else ("country", i), problem)
    # The schema says from when: 1945 for a practice (the United Nations; migration governance
    # as this portal collects it is younger, so an earlier year is a typo such as 0001), 1900
    # for a source (an old law may be cited). Up to next year (a practice announced for next
    # year) depends on today, which a schema cannot say; 9999 is refused by both.
    last = datetime.date.today().year + 1
    years = [(("start_year",), data["start_year"]), (("end_year",), data.get("end_year"))]
    years += [(("sources", i, "year"), s.get("year")) for i, s in enumerate(data["sources"])]
    for path, year in years:
        if year is not None and year > last:
            add(path, message("check.after_next_year", year=year, last=last))
    end = data.get("end_year")
    if end is not None and end < data["start_year"]:
        add(("end_year",), message("check.end_before_start", end=end, start=data["start_year"]))
    if end is not None and data["status"] == "ongoing":
        add(("end_year",), message("check.end_but_ongoing"))
    if data["updated"] < data["published"]:
        add(("updated",), message("check.updated_before_published", updated=data["updated"],
                                  published=data["published"]))
    for path, text in texts_of(data):
        for lang, value in text.items():
            openers = value.count("[") + value.count("<")
            if openers > MAX_OPENERS:
                # Python-Markdown's time grows with their square; past the limit a page would
                # show them as text (portal.pages.markup), so the editor hears of it here.
                add((*path, lang), message("check.too_many_openers", openers=openers, limit=MAX_OPENERS))
    # English is checked unless the file says its translation is pending; an optional
    # language whenever it is written (a practice without it is simply not translated yet).
    checked = [lang for lang in (*REQUIRED[1:], *OPTIONAL)
               if lang != "en" or data.get("translation") != "pending"]
    for path, text in texts_of(data):
        for lang in (lang for lang in checked if lang in text):
            # English's own messages point to `translation: pending`; an optional language's
            # name the language.
            if PLACEHOLDER.search(text[lang]):
                add((*path, lang), message("check.placeholder") if lang == "en" else message(
                    "check.placeholder_optional", lang=lang, language=LANGUAGE_NAMES[lang]), warning=True)
            elif text[lang].strip() == text["es"].strip() and len(text["es"].split()) > 3:
                add((*path, lang), message("check.untranslated") if lang == "en" else message(
                    "check.untranslated_optional", lang=lang, language=LANGUAGE_NAMES[lang]), warning=True)
    _partial_translations(data, add)
    return problems


def _partial_translations(data, add) -> None:
    """An optional language is in every text of a practice or in none: a page half in
    Portuguese and half in Spanish would be marked as neither. One problem per language, at
    the first text that lacks it, naming every one that does."""
    texts = list(texts_of(data))
    for lang in OPTIONAL:
        missing = [path for path, text in texts if lang not in text]
        if missing and len(missing) < len(texts):
            add(missing[0], message("check.partial_translation", lang=lang,
                                    language=LANGUAGE_NAMES[lang],
                                    written=len(texts) - len(missing),
                                    missing=", ".join(field_name(path) for path in missing)))


def texts_of(data):
    """Every text of a practice (a mapping of its languages), with its path."""
    return ((path, node) for path, node in walk(data)
            if isinstance(node, dict) and set(REQUIRED) <= set(node) <= set(LANGUAGES)
            and all(isinstance(v, str) for v in node.values()))


def duplicate_id_problems(ids: list[tuple[str, str, Loaded]]) -> list[Problem]:
    """(id, rel path, loaded) of every valid file -> a problem on each repeat of an id."""
    first: dict[str, str] = {}
    problems = []
    for practice_id, rel, loaded in sorted(ids, key=lambda t: t[1]):
        if practice_id in first:
            line, col = loaded.place(("id",))
            problems.append(Problem(rel, line, col, "id", message("check.duplicate_id", id=practice_id,
                                                                  first=first[practice_id])))
        else:
            first[practice_id] = rel
    return problems
