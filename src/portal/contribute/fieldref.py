"""practices/schema.json read as a list of fields for people: the editors' field reference.

The schema is the only source of what each field means: titles are written "es / en / pt" and
descriptions "es paragraph\\n\\nen paragraph\\n\\npt paragraph", one part per language of the
portal in its order (a test holds every property to that), so the guide on the Contribute page,
the open data page, the scaffold of `make new` and the validator cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.contribute.yamlexample import example_yaml
from portal.i18n import words
from portal.model.practice import LANGUAGES, REQUIRED
from portal.pages import markup


@dataclass(frozen=True)
class Field:
    """One property of a practice, at its path: ``institutions[].name``, ``title``, ``id``."""

    path: str
    title: dict[str, str]  # by language
    description: dict[str, str]
    required: bool  # within its parent: institutions[].url is optional in each institution
    example: object = None  # the schema's first example, or None
    kind: str = ""  # one of KINDS: what to write, for the reference's "type" line
    choices: tuple = ()  # allowed values, when the schema lists them (enum)


# The kinds of value the reference names (its "type" line): their words are fieldref.kinds in the
# language files.
KINDS = ("rich", "plain", "text", "integer", "date", "url", "choice", "country", "object",
         "list-rich", "list-object", "list-choice", "list-integer")


TITLE_SEP, DESCRIPTION_SEP = " / ", "\n\n"


def split(text: str, sep: str) -> dict[str, str]:
    """'es / en / pt' (a title, sep TITLE_SEP) or 'es\\n\\nen\\n\\npt' (a description) ->
    {"es": ..., "en": ..., "pt": ...}: one part per language of the portal, in its order."""
    parts = text.split(sep)
    if len(parts) != len(LANGUAGES) or not all(p.strip() for p in parts):
        raise ValueError(f"expected one part per language ({', '.join(LANGUAGES)}) "
                         f"separated by {sep!r}: {text!r}")
    return dict(zip(LANGUAGES, (p.strip() for p in parts), strict=True))


def resolve(schema: dict, node: dict) -> dict:
    """A property with its local $ref merged in; the property's own keys win (title, examples)."""
    while "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/$defs/"):
            raise ValueError(f"unsupported $ref {ref}")
        target = schema["$defs"][ref.removeprefix("#/$defs/")]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def bilingual_kind(schema: dict, node: dict) -> str | None:
    """'rich' or 'plain' when the node is a text in each language, else None."""
    node = resolve(schema, node)
    if node.get("type") == "object" and set(REQUIRED) <= set(node.get("properties", {})) <= set(LANGUAGES):
        return "plain" if "pattern" in node["properties"]["es"] else "rich"
    return None


def _kind(schema: dict, node: dict) -> str:
    if "oneOf" in node:
        return "country"
    resolved = resolve(schema, node)
    if bilingual_kind(schema, node):
        return bilingual_kind(schema, node)
    if "enum" in resolved:
        return "choice"
    if resolved.get("format") == "date":
        return "date"
    if resolved.get("type") == "string" and str(resolved.get("pattern", "")).startswith("^(https?"):
        return "url"
    if resolved.get("type") == "array":
        return "list-" + _kind(schema, resolved["items"])
    return {"string": "text", "integer": "integer", "object": "object"}.get(resolved.get("type"), "text")


def _example(schema: dict, node: dict):
    examples = node.get("examples") or resolve(schema, node).get("examples")
    return examples[0] if examples else None


def fields(schema: dict) -> list[Field]:
    """Every property of a practice, in schema order, nested ones right after their parent.

    Lists of groups (institutions, sources, links) show their members as ``name[].member``;
    bilingual texts are one field each (their es/en members are explained once, by KINDS).
    """
    out: list[Field] = []

    def walk(props: dict, required: list, prefix: str) -> None:
        for name, node in props.items():
            path = f"{prefix}{name}"
            resolved = resolve(schema, node)
            items = resolve(schema, resolved.get("items", {})) if resolved.get("type") == "array" else {}
            choices = tuple(resolved.get("enum") or items.get("enum") or ())
            out.append(Field(path, split(resolved["title"], TITLE_SEP),
                             split(resolved["description"], DESCRIPTION_SEP), name in required,
                             _example(schema, node), _kind(schema, node), choices))
            if items.get("type") == "object" and not bilingual_kind(schema, items):
                walk(items["properties"], items.get("required", []), f"{path}[].")
            elif resolved.get("type") == "object" and not bilingual_kind(schema, resolved):
                walk(resolved["properties"], resolved.get("required", []), f"{path}.")

    walk(schema["properties"], schema.get("required", []), "")
    return out




def anchor(path: str) -> str:
    """institutions[].name -> field-institutions-name (same in both languages)."""
    return "field-" + "-".join(part for part in path.replace("[]", "").split(".") if part).replace("_", "-")


def reference_markdown(schema: dict, lang: str) -> str:
    """The field reference as Markdown, in one language; headings level 3, one per field."""
    w = words(lang)["fieldref"]
    lines = [w["intro"], ""]
    for f in fields(schema):
        title, desc = f.title[lang], f.description[lang]
        kind = w["kinds"][f.kind]
        need = w["required"] if f.required else w["optional"]
        lines += [f"### `{f.path}` — {markup.md_text(title)} {{ #{anchor(f.path)} }}", "",
                  f"*{need}* · {w['type']}: {kind}", "", markup.md_text(desc), ""]
        if f.choices:
            lines += [f"{w['values']}: " + ", ".join(f"`{c}`" for c in f.choices), ""]
        if f.example is not None:
            # As YAML lines of a practice file, to be pasted (a nested field under its parent).
            last = f.path.split(".")[-1]
            # A list's item is shown inside its list: `gcm_objectives: [16]`.
            example = (example_yaml(last[:-2], [f.example]) if last.endswith("[]")
                       else example_yaml(last, f.example))
            if "```" not in example:
                lines += [f"{w['example']}:", "", "```yaml", example, "```", ""]
    return "\n".join(lines).rstrip() + "\n"
