"""practices/schema.json is written for editors: every field explains itself in both languages."""

from __future__ import annotations

import json

from conftest import ROOT
from jsonschema import Draft202012Validator

SCHEMA = json.loads((ROOT / "practices" / "schema.json").read_text(encoding="utf-8"))


def properties(schema: dict, path: str = ""):
    """Every property schema, nested ones and list items included, with its dotted path."""
    for name, sub in schema.get("properties", {}).items():
        yield f"{path}{name}", sub
        yield from properties(sub, f"{path}{name}.")
        if "items" in sub:
            yield f"{path}{name}[]", sub["items"]
    for name, sub in schema.get("$defs", {}).items():
        yield f"$defs.{name}", sub
        yield from properties(sub, f"$defs.{name}.")


def resolved(sub: dict) -> dict:
    ref = sub.get("$ref", "")
    return {**SCHEMA["$defs"][ref.split("/")[-1]], **sub} if ref.startswith("#/$defs/") else sub


def test_schema_is_valid_2020_12():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_property_has_a_title_description_and_example():
    missing = [path for path, sub in properties(SCHEMA)
               if not {"title", "description", "examples"} <= set(resolved(sub))]
    assert missing == []


def test_examples_are_valid_for_their_property():
    for path, sub in properties(SCHEMA):
        sub = resolved(sub)
        validator = Draft202012Validator({**sub, "$defs": SCHEMA["$defs"]})
        for example in sub.get("examples", []):
            assert not list(validator.iter_errors(example)), (path, example)


def test_every_practice_file_starts_with_the_schema_line():
    for path in sorted((ROOT / "practices").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=schema.json", path.name
