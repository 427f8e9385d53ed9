"""A real `mkdocs build --strict` of the project, and what a visitor gets from it."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from bs4 import BeautifulSoup
from harness import SEED_ID, build_site, copy_project, run_portal, set_catalog_page_size

SITE_URL = "https://buenaspracticas.example.org/"
SEED_ES = f"practicas/{SEED_ID}/index.html"
SEED_PT = f"pt/practicas/{SEED_ID}/index.html"
SEED_EN = f"en/practicas/{SEED_ID}/index.html"


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_every_page_declares_its_language(site):
    pages = [p for p in site.rglob("index.html")]
    assert len(pages) >= 10
    for page in pages:
        rel = page.relative_to(site).as_posix()
        expected = rel.split("/")[0] if rel.startswith(("en/", "pt/")) else "es"
        assert soup(site, rel).html["lang"] == expected, rel


@pytest.mark.parametrize("path", [SEED_ES, SEED_EN, f"pt/practicas/{SEED_ID}/index.html", "index.html",
                                  "en/index.html", "pt/index.html", "acerca/index.html",
                                  "en/metodologia/index.html", "pt/datos/index.html"])
def test_hreflang_alternates_are_absolute_and_paired(site, path):
    page = soup(site, path)
    alternates = {link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"][hreflang]')}
    assert set(alternates) == {"es", "en", "pt", "x-default"}
    bare = path.removeprefix("en/").removeprefix("pt/").removesuffix("index.html")
    assert alternates == {"es": SITE_URL + bare, "x-default": SITE_URL + bare,
                          "en": SITE_URL + "en/" + bare, "pt": SITE_URL + "pt/" + bare}
    canonical = page.select_one('link[rel="canonical"]')["href"]
    assert canonical == alternates[path[:2] if path.startswith(("en/", "pt/")) else "es"]


def test_hreflang_with_a_site_url_under_a_sub_path(tmp_path):
    project = copy_project(tmp_path / "p")
    site = tmp_path / "site"
    build_site(project, site, env={"SITE_URL": "https://example.org/portal/"})
    for path, suffix in (("index.html", ""), ("en/index.html", ""), (SEED_EN, f"practicas/{SEED_ID}/")):
        alternates = {link["hreflang"]: link["href"]
                      for link in soup(site, path).select('link[rel="alternate"][hreflang]')}
        assert alternates == {"es": f"https://example.org/portal/{suffix}",
                              "x-default": f"https://example.org/portal/{suffix}",
                              "en": f"https://example.org/portal/en/{suffix}",
                              "pt": f"https://example.org/portal/pt/{suffix}"}, path


def test_sheets_offer_a_correction_not_an_edit_pencil(site):
    # Readers are not editors: a sheet links "Suggest a correction" (a new issue naming the
    # sheet), and no page shows the theme's edit pencil or the repository link.
    for path, words in ((SEED_ES, "Proponer una corrección"), (SEED_EN, "Suggest a correction")):
        page = soup(site, path)
        link = page.select_one(".bp-correction a")
        assert link.get_text(strip=True) == words
        url = urlparse(link["href"])
        assert url.path.endswith("/issues/new")
        query = parse_qs(url.query)
        assert SEED_ID in query["title"][0] and f"practicas/{SEED_ID}/" in query["body"][0]


def test_no_public_page_shows_editors_machinery(built):
    _, site = built
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        found = BeautifulSoup(html, "html.parser")
        assert found.select_one("a[rel=edit]") is None, page.relative_to(site)
        assert found.select_one(".md-header__source") is None, page.relative_to(site)
        assert "127.0.0.1" not in html and "localhost" not in html, page.relative_to(site)


def test_language_switcher_goes_to_the_same_practice(site):
    switch = {a["hreflang"]: a["href"] for a in soup(site, SEED_ES).select("a.md-select__link[hreflang]")}
    assert switch == {"es": "./", "en": f"../../en/practicas/{SEED_ID}/", "pt": f"../../pt/practicas/{SEED_ID}/"}
    switch = {a["hreflang"]: a["href"] for a in soup(site, SEED_EN).select("a.md-select__link[hreflang]")}
    assert switch == {"es": f"../../../practicas/{SEED_ID}/", "en": "./", "pt": f"../../../pt/practicas/{SEED_ID}/"}
    switch = {a["hreflang"]: a["href"] for a in soup(site, SEED_PT).select("a.md-select__link[hreflang]")}
    assert switch == {"es": f"../../../practicas/{SEED_ID}/", "en": f"../../../en/practicas/{SEED_ID}/", "pt": "./"}


SECTIONS = {
    "es": ["Resumen de la práctica", "Objetivos estratégicos", "Lecciones aprendidas",
           "Recomendaciones", "Pacto Mundial para la Migración", "Conoce más", "Fuentes"],
    "en": ["Summary of the practice", "Strategic objectives", "Lessons learned",
           "Recommendations", "Global Compact for Migration", "Learn more", "Sources"],
    "pt": ["Resumo da prática", "Objetivos estratégicos", "Lições aprendidas",
           "Recomendações", "Pacto Global para Migração", "Saiba mais", "Fontes"],
}


# Per language: the start of the seed's title, facts of its sheet, and a GCM objective's text.
SEED_SHEET = {
    "es": ("Unidad de Integración Migratoria",
           {"País": "Perú", "Institución responsable": "Superintendencia Nacional de Migraciones (MIGRACIONES)",
            "Periodo": "Desde 2016 · En curso", "Última actualización": "26 de noviembre de 2026"},
           "Objetivo 16. Empoderar a los migrantes"),
    "en": ("Migrant Integration Unit",
           {"Country": "Peru", "Period": "Since 2016 · Ongoing", "Last updated": "26 November 2026"},
           "Objective 22. Establish mechanisms for the portability"),
    "pt": ("Unidade de Integração Migratória",
           {"País": "Peru", "Período": "Desde 2016 · Em andamento", "Última atualização": "26 de novembro de 2026"},
           "Objetivo 16. Empoderar os migrantes e as sociedades"),
}


@pytest.mark.parametrize("lang,path", [("es", SEED_ES), ("en", SEED_EN), ("pt", SEED_PT)])
def test_the_seed_sheet_in_each_language(site, lang, path):
    page = soup(site, path)
    article = page.select_one("article")
    headings = [h.get_text(" ", strip=True) for h in article.select("h2")]
    assert headings[:len(SECTIONS[lang])] == SECTIONS[lang]
    assert len(article.select("#objectives + ol > li")) == 3
    assert len(article.select("#lessons + ul > li")) == 4
    assert len(article.select("#recommendations + ul > li")) == 3
    facts = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
             for dt in article.select(".bp-facts dt")}
    title, shown, objective = SEED_SHEET[lang]
    assert page.h1.get_text(strip=True).startswith(title)
    assert {name: facts[name] for name in shown} == shown
    assert objective in article.get_text(" ", strip=True)
    # A source in Spanish is marked as Spanish, whatever the page language.
    assert article.select_one("cite")["lang"] == "es"


def test_nav_does_not_list_practices_and_site_has_no_third_party_requests(site):
    for path in (SEED_ES, "index.html", "en/index.html"):
        page = soup(site, path)
        nav_links = [a["href"] for a in page.select("nav.md-nav--primary a[href]")]
        assert not [h for h in nav_links if SEED_ID in h], nav_links
        assert len(nav_links) < 15
        for tag in page.select("link[href], script[src], img[src]"):
            url = tag.get("href") or tag.get("src")
            # Not requests: canonical and alternate name pages; schema.DC declares the Dublin
            # Core namespace (no browser fetches it).
            if tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"], ["schema.DC"]):
                continue
            assert not re.match(r"^(https?:)?//", url), f"{path}: third-party request {url}"
        assert "fonts.googleapis" not in str(page) and "fonts.gstatic" not in str(page)
    assert "navigation.instant" not in (site / "index.html").read_text(encoding="utf-8")


def test_home_lists_the_latest_practices_and_the_catalog_lists_all(built):
    project, site = built
    sheets = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
              for p in (project / "practices").glob("*.yaml")}
    newest_first = sorted((s["published"] for s in sheets.values()), reverse=True)
    for path, lang in (("index.html", "es"), ("en/index.html", "en")):
        latest = soup(site, path).select_one("article h2").find_next_sibling("ol")  # cards (portal.pages.fragments)
        links = latest.select('a[href^="practicas/"]')
        ids = [a["href"].split("/")[1] for a in links]
        assert ids, path
        # Newest first, and no older sheet pushes out a newer one.
        assert [sheets[i]["published"] for i in ids] == newest_first[:len(ids)], path
        assert [a.get_text(strip=True) for a in links] == [sheets[i]["title"][lang] for i in ids]
    for home in ("", "en/", "pt/"):
        # The catalog and its numbered pages (the test site's hold 10 practices each).
        links = {a["href"] for a in soup(site, f"{home}practicas/index.html").select("article .bp-card a")}
        for page in sorted((site / home / "practicas").glob("pagina-*/index.html")):
            links |= {a["href"].removeprefix("../")
                      for a in soup(site, page.relative_to(site).as_posix()).select("article .bp-card a")}
        assert links == {f"{practice_id}/" for practice_id in sheets}, home


def test_one_bilingual_404(site):
    page = soup(site, "404.html")
    assert page.html["lang"] == "es"
    assert page.h1.get_text(strip=True) == "Página no encontrada"
    english = page.select_one('article [lang="en"]')  # the language menu's "English" has lang="en" too
    assert english.h2.get_text(strip=True) == "Page not found"
    assert english.find("a", href="/en/")


def test_english_404_is_english_throughout(site):
    """Under /en/ a missing address gets an English page: English navigation, header search on
    the English index, no Spanish half (hosts serve the nearest 404.html, or by _redirects)."""
    page = soup(site, "en/404.html")
    assert page.html["lang"] == "en"
    assert page.h1.get_text(strip=True) == "Page not found"
    assert not page.select('article [lang="es"]') and "Página no encontrada" not in str(page)
    assert page.select_one("article").find("a", href="/en/practicas/")
    assert page.select_one("[data-bp-search]")["data-bundle"] == "/en/pagefind/pagefind.js"
    assert "/en/*  /en/404.html  404" in (site / "_redirects").read_text(encoding="utf-8").splitlines()


HOSTILE = '''
summary:
  es: "Hola <script>alert('es')</script> <img src=x onerror=alert(1)> <a href='javascript:alert(2)'>x</a>"
  en: "[click](javascript:alert(3)) <iframe src=https://evil.example></iframe> <b onmouseover=alert(4)>b</b>"
  pt: "<svg onload=alert(5)></svg> [x](JaVaScRiPt:alert(6)) <a href='&#106;avascript:alert(7)'>y</a> Olá"
'''


def test_hostile_field_leaves_no_script_handler_or_javascript_link(tmp_path):
    project = copy_project(tmp_path / "p")
    seed = project / "practices" / f"{SEED_ID}.yaml"
    text = seed.read_text(encoding="utf-8")
    start, end = text.index("\nsummary:"), text.index("\nobjectives:")
    seed.write_text(text[:start] + HOSTILE.rstrip("\n") + text[end:], encoding="utf-8")
    site = tmp_path / "site"
    build_site(project, site)
    for path in (SEED_ES, SEED_EN, SEED_PT):
        article = str(soup(site, path).select_one("article"))
        assert "<script" not in article and "<iframe" not in article
        assert not re.search(r"\son\w+\s*=", article)
        assert "javascript:" not in article
    assert "Hola" in soup(site, SEED_ES).select_one("#summary + p").get_text()
    assert "Olá" in soup(site, SEED_PT).select_one("#summary + p").get_text()


def test_broken_practice_stops_the_build_with_file_line_col_and_keeps_the_site(tmp_path):
    project = copy_project(tmp_path / "p")
    site = tmp_path / "site"
    build_site(project, site)
    (project / "practices" / "roto.yaml").write_text("id: roto\ntitle: {es: x\n", encoding="utf-8")
    result = build_site(project, site, check=False)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "practices/roto.yaml:2:8: '{' se abre aquí y no se cierra" in output
    assert "Traceback" not in output
    # Nothing already published is lost: the previous site and generated pages are intact.
    assert (site / SEED_ES).is_file() and (site / SEED_EN).is_file()
    assert (project / "docs" / "practicas" / f"{SEED_ID}.es.md").is_file()


def test_a_failing_search_indexer_stops_the_build_with_its_message(tmp_path):
    # Pagefind runs in its own process beside the build; its failure must still fail the build,
    # with what it printed, and no traceback.
    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho 'cannot read the site' >&2\nexit 3\n", encoding="utf-8")
    failing.chmod(0o755)
    result = build_site(copy_project(tmp_path / "p"), tmp_path / "site", check=False,
                        env={"PAGEFIND_BINARY_PATH": str(failing)})
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "pagefind failed:" in output and "cannot read the site" in output
    assert "Traceback" not in output


@pytest.mark.parametrize("size", ["5", "cincuenta", "true"])
def test_an_unusable_catalog_page_size_stops_the_build_and_check(tmp_path, size):
    """extra.catalog_page_size in mkdocs.yml: a located message in both languages, no traceback,
    and the previous site untouched."""
    project = copy_project(tmp_path / "p")
    set_catalog_page_size(project, size)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous", encoding="utf-8")
    result = build_site(project, site, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "extra.catalog_page_size debe ser un número entero de 10 a 500" in output
    assert "extra.catalog_page_size must be a whole number from 10 to 500" in output
    assert "Traceback" not in output
    assert (site / "index.html").read_text(encoding="utf-8") == "previous"
    checked = run_portal(project, "check")
    assert checked.returncode == 1 and "must be a whole number from 10 to 500" in checked.stderr
    assert "Traceback" not in checked.stderr
