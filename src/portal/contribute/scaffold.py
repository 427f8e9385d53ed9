"""`make new ID=<id>`: a new practice file with every field of the schema, explained in place.

The file is written FROM practices/schema.json, never from a hand-kept copy: every property in
schema order, its Spanish and English title and description as comments, required fields with
empty values and optional ones commented out. Empty values are deliberate: a fresh file fails
`make check` with one message per field still to fill, so the editor works down that list.
"""

from __future__ import annotations

import json
import textwrap
from datetime import date
from pathlib import Path

from jsonschema import Draft202012Validator

from portal.contribute.fieldref import DESCRIPTION_SEP, TITLE_SEP, bilingual_kind, resolve, split
from portal.contribute.yamlexample import example_yaml
from portal.i18n import EDITOR_LANGUAGES, message, message_lines, texts
from portal.read.checks import KEBAB, RESERVED

WIDTH = 96  # comment lines wrap here, so the file reads well in a narrow editor pane
SCHEMA_LINE = "# yaml-language-server: $schema=schema.json"  # completion and checks in editors


def header() -> str:
    """The file's first lines: the schema for editors' tools, then what to do, a paragraph
    per language (messages.scaffold.header, its lines as written there)."""
    paragraphs = ["\n".join(f"# {line}" for line in text.rstrip("\n").split("\n"))
                  for text in texts("scaffold.header")]
    return "\n#\n".join([SCHEMA_LINE, *paragraphs]) + "\n"


class ScaffoldError(Exception):
    """A new practice cannot be created; the message is for the editor, in both languages."""


def id_problem(practice_id: str, schema: dict) -> str | None:
    """Why an id cannot be used (es / en), or None. The schema's own rule for `id` decides."""
    if not KEBAB.match(practice_id) or not Draft202012Validator(schema["properties"]["id"]).is_valid(practice_id):
        return message_lines("scaffold.bad_id", id=practice_id)
    if RESERVED.match(practice_id):
        return message_lines("scaffold.reserved_id", id=practice_id)
    return None


def _comment(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH - 8, initial_indent="# ", subsequent_indent="# ",
                         break_on_hyphens=False)


class _Writer:
    """Lines are built relative to their parent (no leading indentation), then indented."""

    def __init__(self, schema: dict, practice_id: str, today: str):
        self.schema = schema
        self.prefill = {"id": practice_id, "published": today, "updated": today}

    def _about(self, name: str, node: dict, required: bool) -> list[str]:
        node = resolve(self.schema, node)
        title = split(node["title"], TITLE_SEP)
        description = split(node["description"], DESCRIPTION_SEP)
        need = message("scaffold.required" if required else "scaffold.optional")
        # The schema's title and description in the editors' languages, Spanish and English
        # (see portal.contribute.fieldref), as every message editors read.
        lines = [f"# {name}: {' / '.join(title[lang] for lang in EDITOR_LANGUAGES)} ({need})",
                 *(line for lang in EDITOR_LANGUAGES for line in _comment(description[lang]))]
        items = resolve(self.schema, node.get("items", {}))
        choices = node.get("enum") or items.get("enum")
        if choices:
            lines += _comment(f"{message('scaffold.values')}: " + ", ".join(map(str, choices)))
        elif "examples" in node and not _is_group(self.schema, items):
            # YAML, as the editor will write it (indented after "#", so removing the comment
            # signs leaves the text to paste).
            lines += [f"# {message('scaffold.example')}:",
                      *(f"#   {line}" for line in example_yaml(name, node["examples"][0]).split("\n"))]
        return lines

    def _value(self, name: str, node: dict, top: bool) -> list[str]:
        """`name: <empty value>` and the lines below it, for one property."""
        schema = self.schema
        if top and name in self.prefill:
            return [f"{name}: {json.dumps(self.prefill[name])}"]
        resolved = resolve(schema, node)
        if bilingual_kind(schema, node):
            return [f"{name}:", '  es: ""', '  en: ""']
        if resolved.get("type") == "array":
            items = resolve(schema, resolved["items"])
            if bilingual_kind(schema, items):
                return [f"{name}:", '  - es: ""', '    en: ""']
            if _is_group(schema, items):
                group = self._group(items, item=True, consts=_contains_consts(resolved))
                return [f"{name}:", *(f"  {line}" for line in group)]
            return [f"{name}: []"]
        if _is_group(schema, resolved):  # a group of fields (withdrawn: date, reason), explained
            return [f"{name}:", *(f"  {line}" if line else "" for line in self._group(resolved))]
        if resolved.get("type") == "integer":
            return [f"{name}:"]  # empty is null: "expected a whole number, got nothing"
        return [f'{name}: ""']

    def _group(self, obj: dict, *, item: bool = False, consts: dict | None = None) -> list[str]:
        """The members of one object; as a list item ("- " before its first member) if item."""
        pad = "  " if item else ""
        required = obj.get("required", [])
        lines: list[str] = []
        for n, (name, node) in enumerate(obj["properties"].items()):
            if not item and n:
                lines.append("")
            lines += [pad + line for line in self._about(name, node, name in required)]
            if consts and name in consts:
                value = [f"{name}: {json.dumps(consts[name])}"]
            else:
                value = self._value(name, node, top=not item)
            if name not in required:
                # Removing "# " from each line gives valid YAML at the right indentation.
                value = [f"# {line}" if line else "#" for line in value]
            for i, line in enumerate(value):
                lines.append(("- " if item and n == 0 and i == 0 else pad) + line)
        return lines

    def document(self) -> str:
        return header() + "\n" + "\n".join(self._group(self.schema)) + "\n"


def _is_group(schema: dict, node: dict) -> bool:
    return node.get("type") == "object" and not bilingual_kind(schema, node)


def _contains_consts(array: dict) -> dict:
    """Values a list must hold at least once (institutions: role lead), to prefill its item."""
    props = array.get("contains", {}).get("properties", {})
    return {k: v["const"] for k, v in props.items() if "const" in v}


def scaffold_text(schema: dict, practice_id: str, today: str | None = None) -> str:
    return _Writer(schema, practice_id, today or date.today().isoformat()).document()


def create(practices_dir: Path, schema: dict, practice_id: str, today: str | None = None) -> Path:
    """Write practices/<id>.yaml; ScaffoldError if the id is unusable or the file exists."""
    problem = id_problem(practice_id, schema)
    if problem:
        raise ScaffoldError(problem)
    for ext in (".yaml", ".yml"):
        existing = practices_dir / f"{practice_id}{ext}"
        if existing.exists():
            raise ScaffoldError(message_lines("scaffold.exists", name=existing.name))
    path = practices_dir / f"{practice_id}.yaml"
    with path.open("x", encoding="utf-8") as f:  # "x": never overwrite, even in a race
        f.write(scaffold_text(schema, practice_id, today))
    return path
