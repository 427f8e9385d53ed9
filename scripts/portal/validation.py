"""practices/schema.json applied to one loaded file, each error turned into an editor's message.

The schema is the only contract: this module adds no rule of its own, it only says where a
rule was broken (the path mapped back to a line and column) in words an editor can act on.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError

from .problems import Problem
from .yamlload import Loaded

_TYPE_WORDS = {"object": "a mapping of fields", "array": "a list", "string": "text",
               "integer": "a whole number", "number": "a number", "boolean": "true or false"}


def field_name(path) -> str:
    """('objectives', 0, 'en') -> 'objectives[0].en'"""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _describe(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text '{value[:40]}'" if value else "empty text"
    return f"the number {value}"


# JSON Schema counts 2016.0 as an integer; the pages and facets index by it and would crash,
# and no editor means a year with a decimal point: only whole numbers written as such.
_Validator = validators.extend(Draft202012Validator, type_checker=Draft202012Validator.TYPE_CHECKER.redefine(
    "integer", lambda _, value: isinstance(value, int) and not isinstance(value, bool)))


def _cut(text, limit: int = 40) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "…"


def make_validator(schema: dict) -> Draft202012Validator:
    return _Validator(schema, format_checker=FormatChecker())


def _explain(error: ValidationError) -> Iterator[tuple[tuple, str, bool]]:
    """Yield (path, message, at_key) for one jsonschema error."""
    path = tuple(error.absolute_path)
    v, value, schema = error.validator, error.validator_value, error.schema
    instance = error.instance
    if v in ("oneOf", "anyOf") and error.context:
        # Country is one code or a list of codes: report the branch the editor meant.
        best = [e for e in error.context if e.validator != "type"] or list(error.context)
        yield from _explain(min(best, key=lambda e: len(e.absolute_path) * -1))
    elif v == "required":
        for name in value:
            if isinstance(instance, dict) and name not in instance:
                yield (*path, name), schema.get("errorMessage", "required field is missing"), False
    elif v == "additionalProperties":
        known = list(schema.get("properties", {}))
        for name in instance:
            if name not in known and instance[name] is None and " " in str(name):
                # `{es: Niñas, niños y adolescentes}`: a comma ends a value inside { }, and the
                # rest becomes a field with no value.
                yield (*path, name), (
                    f"campo desconocido '{_cut(name)}' sin valor: si es parte del texto anterior, "
                    "ponga ese texto entre comillas (una coma termina el valor dentro de { }) / "
                    f"unknown field '{_cut(name)}' with no value: if it is part of the text before "
                    "it, put that text in quotes (a comma ends a value inside { })"), True
            elif name not in known:
                close = difflib.get_close_matches(str(name), known, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else f"; known fields: {', '.join(known)}"
                yield (*path, name), f"unknown field '{_cut(name)}'{hint}", True
    elif v == "enum":
        yield path, f"'{_cut(instance)}' is not allowed; use one of: {', '.join(map(str, value))}", False
    elif v == "type":
        yield path, f"expected {_TYPE_WORDS.get(value, value)}, got {_describe(instance)}", False
    elif v in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        yield path, f"{instance} is outside the allowed range {low} to {high}", False
    elif v == "pattern":
        yield path, schema.get("patternErrorMessage", f"does not match the pattern {value}"), False
    elif v == "minLength":
        lang = {"es": "Spanish text", "en": "English text"}.get(path[-1] if path else "", "text")
        yield path, f"{lang} is empty; fill it in" if value == 1 else f"is shorter than {value} characters", False
    elif v == "maxLength":
        yield path, f"is {len(instance):,} characters long, over the limit of {value:,}", False
    elif v == "minItems":
        yield path, "needs at least one item" if value == 1 else f"needs at least {value} items", False
    elif v in ("maxItems", "maxProperties"):
        n = len(instance)
        yield path, (f"tiene {n} elementos, más que el máximo de {value} / "
                     f"has {n} items, more than the limit of {value}"), False
    elif v == "uniqueItems":
        yield path, "lists the same value more than once", False
    elif v == "format":
        yield path, f"'{_cut(instance)}' is not a real date (YYYY-MM-DD)", False
    elif v == "contains":
        yield path, schema.get("errorMessage", error.message), False
    else:  # A rule added to the schema later still gets reported, in jsonschema's words.
        yield path, error.message[:200], False


# A file of 10,000 list items would otherwise give 10,000 messages (and take seconds): the
# first ones say what to fix.
MAX_PROBLEMS = 50


def schema_problems(loaded: Loaded, validator: Draft202012Validator, rel: str) -> list[Problem]:
    problems = []
    for n, error in enumerate(validator.iter_errors(loaded.data)):
        if n >= MAX_PROBLEMS:
            problems.append(Problem(rel, 1, 1, "", (
                f"más de {MAX_PROBLEMS} errores; corrija estos y vuelva a comprobar / "
                f"more than {MAX_PROBLEMS} errors; fix these and check again")))
            break
        for path, message, at_key in _explain(error):
            line, col = loaded.place(path, key=at_key)
            problems.append(Problem(rel, line, col, field_name(path), message))
    return sorted(set(problems))
