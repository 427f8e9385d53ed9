"""Controlled vocabularies: GCM objectives and principles, themes, populations.

They are data files in practices/vocabularies/, with both languages; the schema lists their
keys (so editors get completion) and `check` reports when a file and the schema disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .model import Text
from .problems import Problem
from .yamlload import YamlError, load


@dataclass(frozen=True)
class Objective:
    number: int
    short: Text
    title: Text
    hub_url: Text | None = None  # its page on the Migration Network Hub, per language


@dataclass(frozen=True)
class Term:
    key: str
    label: Text


@dataclass(frozen=True)
class Vocabularies:
    objectives: dict[int, Objective]
    principles: dict[str, Term]
    themes: dict[str, Term]
    populations: dict[str, Term]

    def facet(self, name: str) -> dict[str, Term]:
        return {"gcm_principles": self.principles, "themes": self.themes,
                "populations": self.populations}[name]


# Schema $defs that hold each vocabulary's keys, and the file and list they come from.
_SCHEMA_ENUMS = {"principle": ("gcm.yaml", "principles"), "theme": ("themes.yaml", "terms"),
                 "population": ("populations.yaml", "terms")}


_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _terms(items: list[dict]) -> dict[str, Term]:
    return {t["key"]: Term(t["key"], Text(es=t["es"], en=t["en"])) for t in items}


def load_vocabularies(folder: Path, schema: dict, root: Path) -> tuple[Vocabularies, list[Problem]]:
    problems: list[Problem] = []
    raw: dict[str, dict] = {}
    places: dict[str, object] = {}  # the loaded files, to point at a key's line
    for name in ("gcm.yaml", "themes.yaml", "populations.yaml"):
        path = folder / name
        rel = path.relative_to(root).as_posix()
        try:
            places[name] = load(path.read_bytes())
            raw[name] = places[name].data
        except YamlError as e:
            problems.append(Problem(rel, e.line, e.col, "", e.message))
            raw[name] = {}
    gcm = raw["gcm.yaml"]
    hub = gcm.get("hub", {})

    def hub_url(n: int) -> Text | None:
        terms = {int(k): v for k, v in hub.get("terms", {}).items()}  # keys are read as text
        term = terms.get(n)
        if term is None:
            return None
        return Text(**{lang: url.format(term=term) for lang, url in hub["url"].items()})

    vocab = Vocabularies(
        objectives={o["n"]: Objective(o["n"], Text(**o["short"]), Text(**o["title"]), hub_url(o["n"]))
                    for o in gcm.get("objectives", [])},
        principles={p["key"]: Term(p["key"], Text(es=p["es"], en=p["en"]))
                    for p in gcm.get("principles", [])},
        themes=_terms(raw["themes.yaml"].get("terms", [])),
        populations=_terms(raw["populations.yaml"].get("terms", [])),
    )
    for definition, (name, key) in _SCHEMA_ENUMS.items():
        rel = (folder / name).relative_to(root).as_posix()
        for i, term in enumerate(raw[name].get(key, [])):
            # Keys become parts of URLs and HTML ids (filters, listings): nothing but kebab-case.
            if not _KEBAB.match(str(term.get("key", ""))):
                line, col = places[name].place((key, i, "key"))
                problems.append(Problem(rel, line, col, f"{key}[{i}].key", (
                    f"'{term.get('key')}' must be ascii kebab-case: lowercase letters a-z, "
                    "digits and single hyphens, like local-governance")))
        in_file = [t["key"] for t in raw[name].get(key, [])]
        in_schema = schema["$defs"][definition]["enum"]
        if in_file != in_schema:
            rel = (folder / name).relative_to(root).as_posix()
            problems.append(Problem(rel, 1, 1, key, (
                f"keys differ from practices/schema.json $defs.{definition}.enum; "
                f"only in this file: {sorted(set(in_file) - set(in_schema)) or 'none'}, "
                f"only in the schema: {sorted(set(in_schema) - set(in_file)) or 'none'}")))
    if sorted(vocab.objectives) != list(range(1, 24)):
        rel = (folder / "gcm.yaml").relative_to(root).as_posix()
        problems.append(Problem(rel, 1, 1, "objectives", "must list objectives 1 to 23"))
    return vocab, problems
