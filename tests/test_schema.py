"""practices/schema.json is written for editors: every field explains itself in both languages."""

from __future__ import annotations

import json

from harness import ROOT
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


VOCABULARY_SCHEMAS = sorted((ROOT / "practices" / "vocabularies").glob("*.schema.json"))


def test_vocabulary_schemas_are_valid_2020_12_and_each_file_names_its_own():
    assert [p.name for p in VOCABULARY_SCHEMAS] == ["gcm.schema.json", "terms.schema.json"]
    for path in VOCABULARY_SCHEMAS:
        Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))
    for name, schema in (("gcm", "gcm"), ("themes", "terms"), ("populations", "terms")):
        first = (ROOT / "practices" / "vocabularies" / f"{name}.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={schema}.schema.json"


def test_no_one_line_field_accepts_a_final_line_feed():
    """jsonschema runs `pattern` with Python's re.search, where `$` also matches before a final
    line feed ("abc\\n" passed `^[a-z]+$`); ECMA-262, which editors' tools use, does not. Every
    one-line field (all but the rich texts, whose block scalars end in a line feed) refuses it."""
    import re
    assert re.search("^[a-z]+$", "abc\n"), "Python's `$` no longer matches before a final line feed?"
    checked = []
    for path, sub in properties(SCHEMA):
        sub = resolved(sub)
        if sub.get("type") != "string" or "enum" in sub or path.startswith(("$defs.richText", "$defs.richItem")):
            continue
        validator = Draft202012Validator({**sub, "$defs": SCHEMA["$defs"]})
        for example in sub.get("examples", []):
            assert validator.is_valid(example) and not validator.is_valid(example + "\n"), (path, example)
            checked.append(path)
    assert {"id", "$defs.countryCode", "$defs.url", "$defs.date", "$defs.plainText.es",
            "$defs.source.title", "$defs.source.language"} <= set(checked)


def test_whole_numbers_only_where_the_schema_says_integer(tmp_path):
    """JSON Schema itself counts 2016.0 as an integer; the portal's validator does not."""
    from portal.read.validation import make_validator
    validator = make_validator(SCHEMA)
    assert Draft202012Validator({"type": "integer"}).is_valid(2016.0)
    errors = [e.message for e in validator.iter_errors({"start_year": 2016.0}) if e.validator == "type"]
    assert errors == ["2016.0 is not of type 'integer'"]
