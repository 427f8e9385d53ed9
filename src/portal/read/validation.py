"""practices/schema.json applied to one loaded file, each error turned into an editor's message.

The schema is the only contract: this module adds no rule of its own, it only says where a
rule was broken (the path mapped back to a line and column) in words an editor can act on.
"""

from __future__ import annotations

from collections.abc import Iterator

from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError

from portal.i18n import Phrase, message, plural
from portal.model.practice import LANGUAGES
from portal.read.problems import Problem
from portal.read.suggest import close_key, country_code
from portal.read.yamlload import Loaded

# What each JSON type is called in a message, in each language.
_TYPE_WORDS = {"object": Phrase("schema.type.object"), "array": Phrase("schema.type.array"),
               "string": Phrase("schema.type.string"), "integer": Phrase("schema.type.integer"),
               "number": Phrase("schema.type.number"), "boolean": Phrase("schema.type.boolean")}
# Which text is empty, by the last part of its path.
_TEXT_OF = {"es": Phrase("schema.text.es"), "en": Phrase("schema.text.en"), "pt": Phrase("schema.text.pt")}


def field_name(path) -> str:
    """('objectives', 0, 'en') -> 'objectives[0].en'"""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _describe(value) -> Phrase | str:
    """What an editor wrote, as a message says it."""
    if value is None:
        return Phrase("schema.found.nothing")
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return Phrase("schema.found.mapping")
    if isinstance(value, list):
        return Phrase("schema.found.list")
    if isinstance(value, str):
        return Phrase("schema.found.text", text=value[:40]) if value else Phrase("schema.found.empty_text")
    return Phrase("schema.found.number", number=value)


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
                if "errorMessage" in schema and "status" in instance:
                    # end_year when status is completed: the line to look at is the status one.
                    yield ("status",), schema["errorMessage"], False
                else:
                    said = schema["errorMessage"] if "errorMessage" in schema else message("schema.missing")
                    yield (*path, name), said, False
    elif v == "additionalProperties":
        known = list(schema.get("properties", {}))
        for name in instance:
            if name not in known and instance[name] is None and " " in str(name):
                # `{es: Niñas, niños y adolescentes}`: a comma ends a value inside { }, and the
                # rest becomes a field with no value.
                yield (*path, name), message("schema.unknown_no_value", name=_cut(name)), True
            elif name in LANGUAGES and name not in known:
                # `title:` then `es: …` unindented: the text left its field.
                yield (*path, name), message("schema.outside_field", name=name), True
            elif name not in known:
                close = close_key(name, known)
                if close:
                    yield (*path, name), message("schema.unknown_close", name=_cut(name), close=close), True
                else:
                    yield (*path, name), message("schema.unknown", name=_cut(name), known=", ".join(known)), True
    elif v == "enum":
        close = close_key(instance, value)
        if close and close != instance:
            yield path, message("schema.enum_close", value=_cut(instance), close=close), False
        else:
            yield path, message("schema.enum", value=_cut(instance), allowed=", ".join(map(str, value))), False
    elif v == "type":
        yield path, _type_message(value, instance), False
    elif v in ("minimum", "maximum"):
        yield path, message("schema.range", value=instance, low=schema.get("minimum"),
                            high=schema.get("maximum")), False
    elif v == "pattern":
        said = schema["patternErrorMessage"] if "patternErrorMessage" in schema else \
            message("schema.pattern", pattern=value)
        code = country_code(instance) if "ISO 3166" in said else None
        if code and code != instance:
            said = message("schema.not_country", value=_cut(instance), code=code)
        yield path, said, False
    elif v == "minLength":
        text = _TEXT_OF.get(path[-1] if path else "", Phrase("schema.text.any"))
        yield path, (message("schema.empty", text=text) if value == 1 else
                     message("schema.too_short", limit=value)), False
    elif v == "maxLength":
        yield path, message("schema.too_long", length=len(instance), limit=value), False
    elif v == "minItems":
        yield path, message(plural("schema.min_items", value)), False
    elif v in ("maxItems", "maxProperties"):
        yield path, message("schema.too_many_items", count=len(instance), limit=value), False
    elif v == "uniqueItems":
        yield path, message("schema.repeated"), False
    elif v == "format":
        yield path, message("schema.date", value=_cut(instance)), False
    elif v == "contains":
        yield path, schema.get("errorMessage", error.message), False
    else:  # A rule added to the schema later still gets reported, in jsonschema's words.
        yield path, message("schema.other", detail=error.message[:200]), False


def _type_message(expected, instance) -> str:
    """What to write instead, when the fix is obvious (quotes around a year, one word where a
    list is expected); else what was expected and what was found."""
    if expected == "integer" and isinstance(instance, str) and instance.strip().lstrip("-").isdigit():
        return message("schema.unquote", number=instance.strip())
    if expected == "array" and isinstance(instance, (str, int)) and not isinstance(instance, bool) \
            and str(instance).strip():
        items = ", ".join(part.strip() for part in str(instance).split(","))
        return message("schema.as_list", items=_cut(items))
    return message("schema.expected", expected=_TYPE_WORDS.get(expected, expected), found=_describe(instance))


# A file of 10,000 list items would otherwise give 10,000 messages (and take seconds): the
# first ones say what to fix.
MAX_PROBLEMS = 50


def schema_problems(loaded: Loaded, validator: Draft202012Validator, rel: str) -> list[Problem]:
    problems = []
    for n, error in enumerate(validator.iter_errors(loaded.data)):
        if n >= MAX_PROBLEMS:
            problems.append(Problem(rel, 1, 1, "", message("schema.too_many_errors", limit=MAX_PROBLEMS)))
            break
        for path, said, at_key in _explain(error):
            line, col = loaded.place(path, key=at_key)
            problems.append(Problem(rel, line, col, field_name(path), said))
    return sorted(set(problems))
