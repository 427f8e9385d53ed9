"""The generator: Markdown pages per practice and language, written only when they change."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, SEED_ID, copy_project, seed_only

from portal import listings, pages
from portal.catalog import Project, load_catalog
from portal.output import sync
from portal.site import from_mkdocs_yml

# Address and names as mkdocs.yml sets them, whatever SITE_URL says (golden files hold URLs).
SITE = from_mkdocs_yml(ROOT / "mkdocs.yml", environ={})

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_seed_practice_markdown_matches_the_golden_file(lang, update_goldens):
    catalog = load_catalog(Project(ROOT))
    generated = pages.practice_page(catalog.by_id(SEED_ID), catalog, lang, SITE)
    golden = GOLDEN / f"{SEED_ID}.{lang}.md"
    if update_goldens:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(generated, encoding="utf-8")
    assert generated == golden.read_text(encoding="utf-8"), (
        "generated Markdown changed; if intended, run: pytest --update-goldens")


def test_listing_descriptions_write_labels_as_sentences_do():
    found = listings.listing_pages(load_catalog(Project(ROOT)), pages.labels())
    assert ('description: "Buenas prácticas en gobernanza migratoria sobre integración '
            'socioeconómica."') in found["temas/integration.es.md"]
    assert 'description: "Good practices in migration governance for migrant workers."' in \
        found["poblaciones/migrant-workers.en.md"]
    assert 'title: "Tema: Integración socioeconómica"' in found["temas/integration.es.md"]
    assert "en Perú." in found["paises/pe.es.md"]  # a country stays a proper noun
    assert listings.in_sentence("ODS 8 y trabajo decente") == "ODS 8 y trabajo decente"


def test_second_generation_run_writes_nothing(tmp_path):
    project = Project(copy_project(tmp_path / "p"))
    catalog = load_catalog(project)
    first = sync(project.docs_dir, pages.OWNED, pages.all_pages(catalog, SITE))
    assert f"practicas/{SEED_ID}.es.md" in first.written
    mtimes = {p: p.stat().st_mtime_ns for p in project.generated_dir.iterdir()}
    second = sync(project.docs_dir, pages.OWNED, pages.all_pages(load_catalog(project), SITE))
    assert (second.written, second.deleted) == ([], [])
    assert second.unchanged == len(first.written)
    assert {p: p.stat().st_mtime_ns for p in project.generated_dir.iterdir()} == mtimes


def test_orphans_are_deleted_and_hand_written_pages_kept(tmp_path):
    project = Project(copy_project(tmp_path / "p"))
    seed_only(project.practices_dir)
    sync(project.docs_dir, pages.OWNED, pages.all_pages(load_catalog(project), SITE))
    (project.practices_dir / f"{SEED_ID}.yaml").unlink()
    report = sync(project.docs_dir, pages.OWNED, pages.all_pages(load_catalog(project), SITE))
    # The seed's pages, and Peru's listing: no practice is in Peru any more.
    assert sorted(report.deleted) == ["paises/pe.en.md", "paises/pe.es.md",
                                      f"practicas/{SEED_ID}.en.md", f"practicas/{SEED_ID}.es.md"]
    assert (project.docs_dir / "index.es.md").is_file()
    assert (project.docs_dir / "acerca.en.md").is_file()


@pytest.mark.parametrize("name", ["../index.es.md", "practicas/../../x.md", "otra/x.md", "practicas/a/b.md"])
def test_generator_never_writes_outside_its_folders(tmp_path, name):
    with pytest.raises(ValueError, match="refusing to write"):
        sync(tmp_path / "docs", pages.OWNED, {name: "x"})
    assert not any(tmp_path.rglob("*.md"))


def test_text_fields_are_markdown_cleaned_of_html(tmp_path):
    from portal import markup
    html = markup.block("*Hola* [sitio](https://example.org) <script>alert(1)</script> "
                        "<img src=x onerror=alert(1)> [x](javascript:alert(1)) [d](data:text/html,hi)")
    assert "<em>Hola</em>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">sitio</a>' in html
    for bad in ("<script", "onerror", "javascript:", "data:", "<img"):
        assert bad not in html
