"""The field reference on the Contribute page: generated from practices/schema.json, complete,
in each page's own language."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import pytest
from harness import ROOT

from portal.contribute import editors, fieldref
from portal.model.practice import LANGUAGES

SCHEMA = json.loads((ROOT / "practices" / "schema.json").read_text(encoding="utf-8"))


def _property_nodes(node, path="#"):
    """(where, property schema) for every property at any depth, $defs included."""
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            yield f"{path}/properties/{name}", prop
        for key, value in node.items():
            yield from _property_nodes(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _property_nodes(value, f"{path}/{i}")


def test_every_property_has_a_title_and_a_paragraph_in_each_language():
    """The convention fieldref.split relies on, so the split can never fail."""
    checked = 0
    for where, prop in _property_nodes(SCHEMA):
        if "const" in prop:  # inside `contains`: a rule, not a field an editor writes
            continue
        resolved = fieldref.resolve(SCHEMA, prop)
        title, description = resolved.get("title", ""), resolved.get("description", "")
        assert title.count(" / ") == len(LANGUAGES) - 1 and all(title.split(" / ")), f"{where}: title {title!r}"
        parts = description.split("\n\n")
        assert len(parts) == len(LANGUAGES) and all(p.strip() for p in parts), f"{where}: description {description!r}"
        checked += 1
    assert checked > 30


def test_split_refuses_text_without_both_languages():
    assert fieldref.split("Título / Title / Título", fieldref.TITLE_SEP) == {
        "es": "Título", "en": "Title", "pt": "Título"}
    assert fieldref.split("Uno.\n\nOne.\n\nUm.", fieldref.DESCRIPTION_SEP) == {
        "es": "Uno.", "en": "One.", "pt": "Um."}
    for text in ("URL", "Título / Title", "Título / Title / Título / Titre", "Título / / Título"):
        with pytest.raises(ValueError):
            fieldref.split(text, fieldref.TITLE_SEP)


def test_fields_cover_every_property_of_every_group():
    paths = [f.path for f in fieldref.fields(SCHEMA)]
    top = [p for p in paths if "[]" not in p and "." not in p]
    assert top == list(SCHEMA["properties"])
    # Every member of every group an editor writes ($defs objects other than the bilingual texts).
    for name, node in SCHEMA["$defs"].items():
        if node.get("type") != "object" or fieldref.bilingual_kind(SCHEMA, node):
            continue
        users = [p for p in SCHEMA["properties"]
                 if SCHEMA["properties"][p].get("items", {}).get("$ref") == f"#/$defs/{name}"]
        assert users, name
        for user in users:
            for member in node["properties"]:
                assert f"{user}[].{member}" in paths
    by_path = {f.path: f for f in fieldref.fields(SCHEMA)}
    assert by_path["institutions[].name"].title["en"] == "Name"
    assert by_path["institutions[].name"].required
    assert not by_path["institutions[].url"].required
    assert by_path["themes"].choices == tuple(SCHEMA["$defs"]["theme"]["enum"])
    assert by_path["id"].example == "peru-unidad-integracion-migratoria"


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(v for k, v in attrs if k == "id")

    def handle_data(self, data):
        self.parts.append(data)


def _page(site, path) -> tuple[str, set[str], str]:
    raw = (site / path).read_text(encoding="utf-8")
    parser = _Text()
    parser.feed(raw)
    return " ".join(" ".join(parser.parts).split()), parser.ids, raw


@pytest.mark.parametrize("lang, path", [("es", "contribuir/index.html"), ("en", "en/contribuir/index.html"),
                                        ("pt", "pt/contribuir/index.html")])
def test_contribute_page_names_every_field_in_its_language(site, lang, path):
    text, ids, raw = _page(site, path)
    for f in fieldref.fields(SCHEMA):
        assert fieldref.anchor(f.path) in ids, f.path
        assert f"{f.path} — {f.title[lang]}" in text
        description = " ".join(f.description[lang].split())
        assert description in text, f.path
        # No other language's description is there: the page is in one language.
        for other in set(LANGUAGES) - {lang}:
            assert " ".join(f.description[other].split()) not in text, (f.path, other)
    assert "<!-- portal:" not in raw
    assert f'<html lang="{lang}"' in raw


def test_contribute_page_links_to_the_proposal_form(site):
    _, _, raw = _page(site, "contribuir/index.html")
    form = ROOT / ".github" / "ISSUE_TEMPLATE" / "propose-practice.yml"
    assert form.is_file()
    repo_url = re.search(r'<a href="([^"]+)"[^>]*class="md-source"', raw)  # the header's repository link
    assert repo_url, "the page links the repository"
    link = f'{repo_url[1].rstrip("/")}/issues/new?template={form.name}'
    assert f'href="{html.escape(link)}"' in raw
    _, _, raw_en = _page(site, "en/contribuir/index.html")
    assert "Propose a practice (form)" in raw_en and "Proponer una práctica (formulario)" in raw


def test_proposal_link_needs_a_repository():
    assert editors.propose_form("", "es") == ""
    assert editors.propose_form("https://github.com/o/r/", "en") == \
        "[Propose a practice (form)](https://github.com/o/r/issues/new?template=propose-practice.yml)" \
        "{ .md-button .md-button--primary }\n"


def test_examples_are_the_yaml_an_editor_writes():
    for lang, word in (("es", "Ejemplo"), ("en", "Example")):
        markdown = fieldref.reference_markdown(SCHEMA, lang)
        assert (f"{word}:\n\n```yaml\ntitle:\n  es: Unidad de Integración Migratoria\n"
                "  en: Migrant Integration Unit\n```") in markdown
        assert "```yaml\ngcm_objectives: [16, 17]\n```" in markdown
        # A list's item is shown inside its list, as it stands in a file.
        assert "```yaml\ninstitutions:\n  - name:\n" in markdown
        assert '{"es":' not in markdown
