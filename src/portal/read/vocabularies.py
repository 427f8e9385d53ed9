"""Reading the controlled vocabularies (practices/vocabularies/): GCM objectives and principles,
themes, populations.

The schema lists their keys (so editors get completion) and `check` reports when a file and the
schema disagree. Each file is read like a practice (strict YAML, no control characters) and must
follow its own JSON Schema beside it (gcm.schema.json, terms.schema.json): labels are one line of
text, the Hub's address template is https:// with one {term}.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from portal.i18n import Phrase, message
from portal.model.practice import LANGUAGES, Text
from portal.model.vocabulary import Objective, Term, Vocabularies
from portal.read.controls import control_problems
from portal.read.problems import Problem
from portal.read.sourcefiles import read_capped
from portal.read.validation import make_validator, schema_problems
from portal.read.yamlload import Loaded, YamlError, load, utf8_text

# Schema $defs that hold each vocabulary's keys, and the file and list they come from.
_SCHEMA_ENUMS = {"principle": ("gcm.yaml", "principles"), "theme": ("themes.yaml", "terms"),
                 "population": ("populations.yaml", "terms")}
# Each file and the JSON Schema (beside it in practices/vocabularies/) it must follow.
FILES = {"gcm.yaml": "gcm.schema.json", "themes.yaml": "terms.schema.json",
         "populations.yaml": "terms.schema.json"}

_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")  # \Z: `$` would pass "key\n"


def _terms(items: list[dict]) -> dict[str, Term]:
    return {t["key"]: Term(t["key"], Text(**{lang: t[lang] for lang in LANGUAGES})) for t in items}


def _read(folder: Path, name: str, root: Path, schemas: dict) -> tuple[Loaded | None, list[Problem]]:
    """One vocabulary file read as strictly as a practice and checked against its schema: the
    data only when it has no error (nothing below then meets a missing key or a wrong type)."""
    path = folder / name
    rel = path.relative_to(root).as_posix()
    try:
        loaded = load(read_capped(path, root))
    except YamlError as e:
        return None, [Problem(rel, e.line, e.col, "", e.message)]
    schema_name = FILES[name]
    if schema_name not in schemas:
        schema_rel = (folder / schema_name).relative_to(root).as_posix()
        try:
            schemas[schema_name] = make_validator(json.loads(utf8_text(read_capped(folder / schema_name, root))))
        except YamlError as e:
            return None, [Problem(schema_rel, e.line, e.col, "", e.message)]
        except json.JSONDecodeError as e:
            return None, [Problem(schema_rel, e.lineno, e.colno, "", message("files.invalid_json", detail=e.msg))]
    found = schema_problems(loaded, schemas[schema_name], rel)
    found += control_problems(loaded, rel)
    return (None if found else loaded), found


def load_vocabularies(folder: Path, schema: dict, root: Path) -> tuple[Vocabularies, list[Problem]]:
    problems: list[Problem] = []
    places: dict[str, Loaded] = {}  # the loaded files, to point at a key's line
    schemas: dict = {}
    for name in FILES:
        loaded, found = _read(folder, name, root, schemas)
        problems += found
        if loaded is not None:
            places[name] = loaded
    raw = {name: (places[name].data if name in places else {}) for name in FILES}
    gcm = raw["gcm.yaml"]
    hub = gcm.get("hub", {})
    hub_terms = {int(k): v for k, v in hub.get("terms", {}).items()}  # keys are read as text

    def hub_url(n: int) -> Text | None:
        term = hub_terms.get(n)
        if term is None:
            return None
        # The schema allows one {term} and no other brace: a plain replacement, not format().
        return Text(**{lang: url.replace("{term}", str(term)) for lang, url in hub["url"].items()})

    vocab = Vocabularies(
        objectives={o["n"]: Objective(o["n"], Text(**o["short"]), Text(**o["title"]), hub_url(o["n"]))
                    for o in gcm.get("objectives", [])},
        principles=_terms(gcm.get("principles", [])),
        themes=_terms(raw["themes.yaml"].get("terms", [])),
        populations=_terms(raw["populations.yaml"].get("terms", [])),
    )
    for definition, (name, key) in _SCHEMA_ENUMS.items():
        if name not in places:
            continue  # its problems are reported; comparing keys would only repeat them
        rel = (folder / name).relative_to(root).as_posix()
        for i, term in enumerate(raw[name].get(key, [])):
            # Keys become parts of URLs and HTML ids (filters, listings): nothing but kebab-case.
            if not _KEBAB.fullmatch(term["key"]):
                line, col = places[name].place((key, i, "key"))
                problems.append(Problem(rel, line, col, f"{key}[{i}].key",
                                        message("vocabulary.key", key=term["key"])))
        in_file = [t["key"] for t in raw[name].get(key, [])]
        in_schema = schema.get("$defs", {}).get(definition, {}).get("enum", [])
        if in_file != in_schema:
            none = Phrase("vocabulary.none")
            problems.append(Problem(rel, 1, 1, key, message(
                "vocabulary.keys_differ", definition=definition,
                in_file=sorted(set(in_file) - set(in_schema)) or none,
                in_schema=sorted(set(in_schema) - set(in_file)) or none)))
    if "gcm.yaml" in places and sorted(vocab.objectives) != list(range(1, 24)):
        rel = (folder / "gcm.yaml").relative_to(root).as_posix()
        problems.append(Problem(rel, 1, 1, "objectives", message("vocabulary.objectives")))
    return vocab, problems
