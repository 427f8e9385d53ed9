"""practices/schema.json applied to one loaded file, each error turned into an editor's message.

The schema is the only contract: this module adds no rule of its own, it only says where a
rule was broken (the path mapped back to a line and column) in words an editor can act on.
"""

from __future__ import annotations

from collections.abc import Iterator

from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError

from portal.read.problems import Problem
from portal.read.suggest import close_key, country_code
from portal.read.yamlload import Loaded

# What each JSON type is called in a message, in Spanish and English.
_TYPE_WORDS = {"object": ("un grupo de campos", "a mapping of fields"), "array": ("una lista", "a list"),
               "string": ("un texto", "text"), "integer": ("un número entero", "a whole number"),
               "number": ("un número", "a number"), "boolean": ("true o false", "true or false")}


def field_name(path) -> str:
    """('objectives', 0, 'en') -> 'objectives[0].en'"""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _describe(value) -> tuple[str, str]:
    if value is None:
        return "un valor vacío", "nothing"
    if isinstance(value, bool):
        return str(value).lower(), str(value).lower()
    if isinstance(value, dict):
        return "un grupo de campos", "a mapping"
    if isinstance(value, list):
        return "una lista", "a list"
    if isinstance(value, str):
        return (f"el texto '{value[:40]}'", f"the text '{value[:40]}'") if value else ("un texto vacío", "empty text")
    return f"el número {value}", f"the number {value}"


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
                    yield (*path, name), schema.get("errorMessage", _MISSING), False
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
            elif name in ("es", "en") and name not in known:
                # `title:` then `es: …` unindented: the text left its field.
                yield (*path, name), (
                    f"'{name}' está fuera de su campo: si es el texto del campo de arriba, ponga 2 "
                    f"espacios al principio de la línea / '{name}' is outside its field: if it is the "
                    "text of the field above, start the line with 2 spaces"), True
            elif name not in known:
                close = close_key(name, known)
                if close:
                    yield (*path, name), (f"campo desconocido '{_cut(name)}'; ¿quiso decir '{close}'? / "
                                          f"unknown field '{_cut(name)}'; did you mean '{close}'?"), True
                else:
                    yield (*path, name), (f"campo desconocido '{_cut(name)}'; los campos son: "
                                          f"{', '.join(known)} / unknown field '{_cut(name)}'; "
                                          f"known fields: {', '.join(known)}"), True
    elif v == "enum":
        close = close_key(instance, value)
        allowed = ", ".join(map(str, value))
        if close and close != instance:
            yield path, (f"'{_cut(instance)}' no es un valor permitido; ¿quiso decir '{close}'? / "
                         f"'{_cut(instance)}' is not allowed; did you mean '{close}'?"), False
        else:
            yield path, (f"'{_cut(instance)}' no es un valor permitido; use uno de: {allowed} / "
                         f"'{_cut(instance)}' is not allowed; use one of: {allowed}"), False
    elif v == "type":
        yield path, _type_message(value, instance), False
    elif v in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        yield path, (f"{instance} está fuera del intervalo permitido, de {low} a {high} / "
                     f"{instance} is outside the allowed range {low} to {high}"), False
    elif v == "pattern":
        message = schema.get("patternErrorMessage", f"no sigue el patrón / does not match the pattern {value}")
        code = country_code(instance) if "ISO 3166" in message else None
        if code and code != instance:
            message = (f"'{_cut(instance)}' no es un código de país; ¿quiso decir {code}? / "
                       f"'{_cut(instance)}' is not a country code; did you mean {code}?")
        yield path, message, False
    elif v == "minLength":
        lang = {"es": ("El texto en español", "Spanish text"),
                "en": ("El texto en inglés", "English text")}.get(path[-1] if path else "", ("El texto", "Text"))
        yield path, (f"{lang[0]} está vacío; rellénelo / {lang[1]} is empty; fill it in" if value == 1 else
                     f"tiene menos de {value} caracteres / is shorter than {value} characters"), False
    elif v == "maxLength":
        yield path, (f"tiene {len(instance):,} caracteres, más que el máximo de {value:,} / "
                     f"is {len(instance):,} characters long, over the limit of {value:,}"), False
    elif v == "minItems":
        yield path, ("necesita al menos un elemento / needs at least one item" if value == 1 else
                     f"necesita al menos {value} elementos / needs at least {value} items"), False
    elif v in ("maxItems", "maxProperties"):
        n = len(instance)
        yield path, (f"tiene {n} elementos, más que el máximo de {value} / "
                     f"has {n} items, more than the limit of {value}"), False
    elif v == "uniqueItems":
        yield path, "repite un mismo valor / lists the same value more than once", False
    elif v == "format":
        yield path, (f"'{_cut(instance)}' no es una fecha real (AAAA-MM-DD) / "
                     f"'{_cut(instance)}' is not a real date (YYYY-MM-DD)"), False
    elif v == "contains":
        yield path, schema.get("errorMessage", error.message), False
    else:  # A rule added to the schema later still gets reported, in jsonschema's words.
        yield path, f"no cumple el esquema / does not follow the schema: {error.message[:200]}", False


_MISSING = "falta este campo obligatorio / required field is missing"


def _type_message(expected, instance) -> str:
    """What to write instead, when the fix is obvious (quotes around a year, one word where a
    list is expected); else what was expected and what was found."""
    if expected == "integer" and isinstance(instance, str) and instance.strip().lstrip("-").isdigit():
        n = instance.strip()
        return f"quite las comillas: escriba {n} / remove the quotes: write {n}"
    if expected == "array" and isinstance(instance, (str, int)) and not isinstance(instance, bool) \
            and str(instance).strip():
        items = ", ".join(part.strip() for part in str(instance).split(","))
        return f"escríbalo como lista: [{_cut(items)}] / write it as a list: [{_cut(items)}]"
    want = _TYPE_WORDS.get(expected, (expected, expected))
    got = _describe(instance)
    return f"se esperaba {want[0]}, pero hay {got[0]} / expected {want[1]}, got {got[1]}"


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
