"""The generator: Markdown pages per practice and language, written only when they change."""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest
from harness import ROOT, SEED_ID, copy_project, seed_only
from mkdocs.utils.meta import get_data

from portal import synthetic
from portal.build.output import sync
from portal.model.catalog import Project
from portal.model.collation import alphabetical
from portal.model.practice import LANGUAGES, Practice
from portal.model.site import from_mkdocs_yml
from portal.pages import catalog_data, listings
from portal.pages import generated as pages
from portal.read.practices import load_catalog
from portal.search.index import practice_body

# Address and names as mkdocs.yml sets them, whatever SITE_URL says (golden files hold URLs).
SITE = from_mkdocs_yml(ROOT / "mkdocs.yml", environ={})

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("part", ["md", "html"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_seed_practice_page_matches_the_golden_files(lang, part, update_goldens):
    """The sheet's Markdown file as MkDocs alone would need it (front matter with the citation
    metadata the hooks add, and the marker) and its HTML body."""
    catalog = load_catalog(Project(ROOT))
    page = pages.practice_page(catalog.by_id(SEED_ID), catalog, lang, SITE)
    generated = page.with_head() if part == "md" else page.body
    # The PDF's size depends on WeasyPrint's and the fonts' versions: tests/test_pdf.py checks it.
    generated = re.sub(r'(<span class="bp-sheet-size">)[^<]*(</span>)', r"\1SIZE\2", generated)
    golden = GOLDEN / f"{SEED_ID}.{lang}.{part}"
    if update_goldens:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(generated, encoding="utf-8")
    assert generated == golden.read_text(encoding="utf-8"), (
        "generated page changed; if intended, run: pytest --update-goldens")


def test_a_sheet_file_holds_no_editor_text_for_markdown_to_read():
    """Editors' text reaches the page only as HTML put in after MkDocs' Markdown pass: the file
    MkDocs reads as Markdown is front matter (escaped scalars) and the marker, nothing else."""
    catalog = load_catalog(Project(ROOT))
    page = pages.practice_page(catalog.by_id(SEED_ID), catalog, "es", SITE)
    front, marker = page.markdown.rsplit("---\n", 1)
    assert marker == f"\n{pages.BODY_MARKER}\n"
    assert "Superintendencia" in page.body and "Superintendencia" not in marker


def test_listing_descriptions_write_labels_as_sentences_do():
    found = listings.listing_pages(load_catalog(Project(ROOT)), pages.labels())
    meta = {path: get_data(text)[1] for path, text in found.items()}
    assert meta["temas/integration.es.md"]["description"] == (
        "Buenas prácticas en gobernanza migratoria sobre integración socioeconómica.")
    assert meta["poblaciones/migrant-workers.en.md"]["description"] == (
        "Good practices in migration governance for migrant workers.")
    assert meta["temas/integration.es.md"]["title"] == "Tema: Integración socioeconómica"
    assert meta["paises/pe.es.md"]["description"].endswith("en Perú.")  # a proper noun stays
    assert listings.in_sentence("ODS 8 y trabajo decente") == "ODS 8 y trabajo decente"


def test_second_generation_run_writes_nothing(tmp_path):
    project = Project(copy_project(tmp_path / "p"))
    catalog = load_catalog(project)
    first = sync(project.docs_dir, pages.OWNED, pages.all_pages(catalog, SITE).files)
    assert f"practicas/{SEED_ID}.es.md" in first.written
    mtimes = {p: p.stat().st_mtime_ns for p in project.generated_dir.iterdir()}
    second = sync(project.docs_dir, pages.OWNED, pages.all_pages(load_catalog(project), SITE).files)
    assert (second.written, second.deleted) == ([], [])
    assert second.unchanged == len(first.written)
    assert {p: p.stat().st_mtime_ns for p in project.generated_dir.iterdir()} == mtimes


def test_orphans_are_deleted_and_hand_written_pages_kept(tmp_path):
    project = Project(copy_project(tmp_path / "p"))
    seed_only(project.practices_dir)
    sync(project.docs_dir, pages.OWNED, pages.all_pages(load_catalog(project), SITE).files)
    (project.practices_dir / f"{SEED_ID}.yaml").unlink()
    report = sync(project.docs_dir, pages.OWNED, pages.all_pages(load_catalog(project), SITE).files)
    # The seed's pages, and Peru's listing: no practice is in Peru any more.
    assert sorted(report.deleted) == sorted(path for lang in LANGUAGES for path in (
        f"paises/pe.{lang}.md", f"practicas/{SEED_ID}.{lang}.md"))
    assert (project.docs_dir / "index.es.md").is_file()
    assert (project.docs_dir / "acerca.en.md").is_file()


@pytest.mark.parametrize("name", ["../index.es.md", "practicas/../../x.md", "otra/x.md", "practicas/a/b.md"])
def test_generator_never_writes_outside_its_folders(tmp_path, name):
    with pytest.raises(ValueError, match="refusing to write"):
        sync(tmp_path / "docs", pages.OWNED, {name: "x"})
    assert not any(tmp_path.rglob("*.md"))


def test_text_fields_are_markdown_cleaned_of_html(tmp_path):
    from portal.pages import markup
    html = markup.block("*Hola* [sitio](https://example.org) <script>alert(1)</script> "
                        "<img src=x onerror=alert(1)> [x](javascript:alert(1)) [d](data:text/html,hi)")
    assert "<em>Hola</em>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">sitio</a>' in html
    for bad in ("<script", "onerror", "javascript:", "data:", "<img"):
        assert bad not in html


# Accents and case set aside, the text itself breaking ties: "Área" among the a's; in Spanish,
# ñ is a letter after n (CLDR's Spanish tailoring), in English and Portuguese an n with a tilde.
TITLES = ["Zona franca", "área metropolitana", "Área de Detección", "Arte", "Brasil", "Éxodo",
          "Estatuto", "Perú", "Peru", "Ñandú", "Nuevo", "Nación", "Obra", "Niñez", "Ninguno"]
IN_ORDER = {
    "es": ["Área de Detección", "área metropolitana", "Arte", "Brasil", "Estatuto", "Éxodo",
           "Nación", "Ninguno", "Niñez", "Nuevo", "Ñandú", "Obra", "Peru", "Perú", "Zona franca"],
    "en": ["Área de Detección", "área metropolitana", "Arte", "Brasil", "Estatuto", "Éxodo",
           "Nación", "Ñandú", "Niñez", "Ninguno", "Nuevo", "Obra", "Peru", "Perú", "Zona franca"],
}
IN_ORDER["pt"] = IN_ORDER["en"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_titles_are_in_the_order_a_reader_expects(lang):
    assert sorted(TITLES, key=lambda t: alphabetical(t, lang)) == IN_ORDER[lang]
    # The same titles typed with combining accents (as some editors' tools save them) sort the
    # same way, each beside its precomposed twin.
    decomposed = [unicodedata.normalize("NFD", t) for t in TITLES]
    assert [unicodedata.normalize("NFC", t) for t in
            sorted(decomposed, key=lambda t: alphabetical(t, lang))] == IN_ORDER[lang]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pagefind_title_sort_values_order_titles_as_the_catalog_does(lang):
    # With JavaScript, the catalog's "Title" sort is Pagefind's: it sorts each page's
    # data-pagefind-sort="title" value by code point (its Rust index sorts the strings).
    rng = random.Random(7)
    values = {}
    for i, title in enumerate(TITLES):
        data = synthetic.practice(i + 1, rng)
        data["title"] = {"es": title, "en": title, "pt": title}
        body = practice_body("", Practice.from_data(data, f"practices/{i}.yaml"), lang)
        values[title] = re.search(r'data-pagefind-sort="title">([^<]*)<', body)[1]
    assert sorted(TITLES, key=lambda t: (values[t], t)) == IN_ORDER[lang]


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_the_catalog_lists_a_title_starting_with_an_accent_among_the_a_s(lang):
    # Argentina's "Área de Detección Temprana..." (the Portuguese catalog shows its Spanish
    # title) came last, after "Voces Organizadas", when titles were compared by code point.
    catalog = load_catalog(Project(ROOT))
    ordered = [p.title(lang) for p in catalog_data.order(catalog, lang)]
    assert ordered[0].startswith("Área de Detección Temprana"), ordered
