"""The one-page PDF sheet of each practice, read with pypdf as a reader's tools read it: one A4
page, real text (title, every section, the permanent URL), tagged for PDF/UA with its language,
metadata, embedded fonts, live links, a logo with a text alternative; linked from the page with
its size; a practice too long for one page gets a second page and a warning, never cut text;
and a build renders only the sheets whose inputs changed."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from harness import ROOT, SEED_ID, build_site, copy_project, seed_only
from pypdf import PdfReader

from portal.model.catalog import Project
from portal.model.practice import LANGUAGES, language_prefix
from portal.model.site import from_mkdocs_yml
from portal.pages import sheet_pdf
from portal.read.practices import load_catalog

A4 = (595.28, 841.89)  # points
# The sheet's sections, by their anchors on the practice page.
SECTIONS = ("summary", "objectives", "lessons", "recommendations", "learn-more", "sources", "cite")


def _squeeze(text: str) -> str:
    # PDF text comes back with line breaks where lines wrapped: compare without white space.
    return re.sub(r"\s+", "", text)


def _page_dir(lang: str) -> str:
    return f"{language_prefix(lang)}practicas/{SEED_ID}/"


def _page(site: Path, lang: str) -> BeautifulSoup:
    return BeautifulSoup((site / _page_dir(lang) / "index.html").read_text(encoding="utf-8"),
                         "html.parser")


def _pdf(site: Path, lang: str) -> PdfReader:
    return PdfReader(site / _page_dir(lang) / f"{SEED_ID}.{lang}.pdf")


def _text(reader: PdfReader) -> str:
    return _squeeze("\n".join(page.extract_text() for page in reader.pages))


def _struct_elements(node, found: list) -> list:
    """Every structure element (type, alternative text) below a structure tree node."""
    node = node.get_object()
    if hasattr(node, "keys"):
        if "/S" in node:
            found.append((str(node["/S"]), node.get("/Alt")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if kid is not None and hasattr(kid, "get_object"):
                _struct_elements(kid, found)
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_seed_sheet_is_one_a4_page_with_the_page_text(site, lang):
    page = _page(site, lang)
    reader = _pdf(site, lang)
    text = _text(reader)

    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=0.5)
    title = page.select_one("article h1").get_text(strip=True)
    headings = [page.select_one(f"h2#{anchor}").get_text(strip=True) for anchor in SECTIONS]
    for expected in [title, *headings]:
        assert _squeeze(expected) in text, f"{expected!r} missing from the PDF ({lang})"
    permanent = page.select_one('link[rel="canonical"]')["href"]
    assert _squeeze(permanent) in text
    site_name = page.select_one('meta[property="og:site_name"]')["content"]
    assert _squeeze(site_name) in text, "the portal's name is on the sheet"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_seed_sheet_is_tagged_with_language_metadata_and_fonts(site, lang):
    page = _page(site, lang)
    reader = _pdf(site, lang)
    root = reader.trailer["/Root"]

    assert root["/Lang"] == lang
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    elements = _struct_elements(root["/StructTreeRoot"], [])
    kinds = {kind for kind, _ in elements}
    assert {"/H1", "/H2", "/L", "/LI", "/P"} <= kinds
    figures = [alt for kind, alt in elements if kind == "/Figure"]
    assert figures and all(alt for alt in figures), "every image has a text alternative"
    assert "pdfuaid:part" in reader.xmp_metadata.rdf_root.toxml()  # declares PDF/UA-1

    assert reader.metadata.title == page.select_one("article h1").get_text(strip=True)
    authors = [m["content"] for m in page.select('meta[name="citation_author"]')]
    assert reader.metadata.author == "; ".join(authors)

    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert fonts
    for font in fonts.values():
        font = font.get_object()
        descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font
                      else font)["/FontDescriptor"]
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), \
            f"{font['/BaseFont']} is not embedded"
        # The sheet's own font (Noto Sans under its @font-face name), subset: no system fallback.
        assert re.fullmatch(r"/[A-Z]{6}\+Sheet-Sans(-Bold|-Italic|-BoldItalic)?", font["/BaseFont"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_seed_sheet_links_are_live(site, lang):
    page = _page(site, lang)
    reader = _pdf(site, lang)
    uris = {annot.get_object()["/A"]["/URI"] for annot in reader.pages[0].get("/Annots", [])
            if annot.get_object()["/Subtype"] == "/Link"}
    learn_more = [a["href"] for a in page.select("h2#learn-more + ul a")]
    sources = [a["href"] for a in page.select(".bp-sources a")]
    permanent = page.select_one('link[rel="canonical"]')["href"]
    assert learn_more and sources
    assert {*learn_more, *sources, permanent} <= uris


@pytest.mark.parametrize("lang", LANGUAGES)
def test_practice_page_links_its_pdf_with_its_size(site, lang):
    link = _page(site, lang).select_one(".bp-sheet a")
    label = {"es": "Descargar ficha (PDF)", "en": "Download sheet (PDF)", "pt": "Baixar ficha (PDF)"}[lang]
    assert link.get_text(strip=True) == label
    assert link["type"] == "application/pdf"
    pdf = site / _page_dir(lang) / link["href"]
    assert pdf.read_bytes().startswith(b"%PDF-")
    size = _page(site, lang).select_one(".bp-sheet-size").get_text(strip=True)
    assert size == f"{round(pdf.stat().st_size / 1000)} kB"


def test_link_checker_follows_the_pdf_link(site, tmp_path):
    broken = tmp_path / "site"
    shutil.copytree(site, broken)
    (broken / _page_dir("es") / f"{SEED_ID}.es.pdf").unlink()
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "linkcheck.py"), str(broken)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert f"practicas/{SEED_ID}/index.html: broken link {SEED_ID}.es.pdf" in result.stdout


def _long_practice(project: Path, practice_id: str, repeat: int,
                   fields: tuple[str, ...] = ("lessons", "recommendations")) -> dict:
    """A valid practice whose `fields` are the seed's, `repeat` times."""
    data = yaml.safe_load((project / "practices" / f"{SEED_ID}.yaml").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data))  # no shared objects: YAML would write aliases
    data["id"] = practice_id
    data["title"] = {"es": "Práctica larga de prueba", "en": "A long test practice",
                     "pt": "Uma prática longa de teste"}  # the seed is in Portuguese too
    for field in fields:
        data[field] = [{lang: f"({n}) {item[lang]}" for lang in LANGUAGES}
                       for n in range(repeat) for item in data[field]]
    (project / "practices" / f"{practice_id}.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data


def test_long_practice_gets_a_second_page_and_a_warning_never_cut_text(tmp_path):
    project = copy_project(tmp_path / "p")
    data = _long_practice(project, "practica-larga", repeat=5)
    site = tmp_path / "site"
    result = build_site(project, site)
    log = result.stdout + result.stderr

    for lang in LANGUAGES:
        reader = PdfReader(site / _page_dir(lang).replace(SEED_ID, "practica-larga")
                           / f"practica-larga.{lang}.pdf")
        assert len(reader.pages) == 2
        text = _text(reader)
        for field in ("lessons", "recommendations"):
            for item in data[field]:
                assert _squeeze(item[lang]) in text, f"cut text in {lang}: {item[lang][:40]}"
        assert f"practices/practica-larga.yaml:1:1: warning: la ficha PDF ({lang}) ocupa 2 páginas" in log
        assert f"the PDF sheet ({lang}) takes 2 pages" in log
    # The seed still fits one page, and gets no warning.
    assert f"{SEED_ID}.yaml:1:1: warning: la ficha PDF" not in log
    assert len(PdfReader(site / _page_dir("es") / f"{SEED_ID}.es.pdf").pages) == 1


def test_a_longer_practice_shrinks_its_type_to_stay_on_one_page(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_PDF_CACHE", str(tmp_path / "cache"))
    project = copy_project(tmp_path / "p")
    _long_practice(project, "practica-mediana", repeat=2, fields=("lessons",))
    catalog = load_catalog(Project(project))
    site = from_mkdocs_yml(project / "mkdocs.yml", {})
    sheet = sheet_pdf.sheet(catalog.by_id("practica-mediana"), catalog, site, "es")
    assert sheet.pages == 1
    assert sheet_pdf.READABLE_MIN <= sheet.size_pt < sheet_pdf.SIZES_PT[0]
    assert len(PdfReader(sheet.path).pages) == 1
    assert sheet_pdf.overflow_problems([sheet]) == []


def test_only_changed_sheets_are_rendered_again(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_PDF_CACHE", str(tmp_path / "cache"))
    project = copy_project(tmp_path / "p")
    seed_only(project / "practices")
    _long_practice(project, "otra-practica", repeat=1)
    site = from_mkdocs_yml(project / "mkdocs.yml", {})
    rendered = []
    real_render = sheet_pdf.render
    monkeypatch.setattr(sheet_pdf, "render", lambda html: rendered.append(html) or real_render(html))

    def build() -> dict:
        out = tmp_path / "site"
        shutil.rmtree(out, ignore_errors=True)
        done = sheet_pdf.write_all(out, load_catalog(Project(project)), site)
        return {(s.practice_id, s.lang): (out / site.practice_path(s.practice_id, s.lang)
                                          / sheet_pdf.file_name(s.practice_id, s.lang)).read_bytes()
                for s in done}

    cold = build()
    assert len(rendered) == 2 * len(LANGUAGES)  # two practices, each in every language
    rendered.clear()
    assert build() == cold and rendered == []  # warm: every PDF from the cache
    path = project / "practices" / "otra-practica.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Práctica larga de prueba",
                                                             "Práctica cambiada"), encoding="utf-8")
    changed = build()
    # Its sheet in every language (the cache key is the whole practice), none of the seed's.
    assert len(rendered) == len(LANGUAGES) and all(
        "Práctica cambiada" in html or "A long test practice" in html or "Uma prática longa" in html
        for html in rendered)
    assert changed[(SEED_ID, "es")] == cold[(SEED_ID, "es")]
    assert "Práctica cambiada" in PdfReader(io.BytesIO(changed[("otra-practica", "es")])).pages[0].extract_text()
    # The cache keeps only what the last build used.
    assert len(list((tmp_path / "cache").glob("*.pdf"))) == 2 * len(LANGUAGES)


def test_a_sheet_fetches_no_other_file_or_address(tmp_path):
    from PIL import Image

    picture = tmp_path / "private.png"
    Image.new("RGB", (40, 40), "red").save(picture)
    html = (f'<!DOCTYPE html><html lang="es"><head><title>t</title>'
            f'<link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head><body><p>texto</p>'
            f'<img src="{picture.as_uri()}" alt="privado"><img src="http://127.0.0.1:9/p.png" alt="red">'
            f'</body></html>')
    reader = PdfReader(io.BytesIO(sheet_pdf.render(html).pdf))
    resources = reader.pages[0]["/Resources"]
    images = [x for x in (resources.get("/XObject") or {}).values()
              if x.get_object().get("/Subtype") == "/Image"]
    assert images == []
    assert "texto" in reader.pages[0].extract_text()
