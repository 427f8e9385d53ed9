"""Portuguese, the third language: the seed's full Portuguese sheet, and the page of a practice
not yet translated (the Spanish text under the Portuguese interface, marked and announced), as a
reader, a search engine, a reference manager, a spreadsheet and an editor see them."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from harness import ROOT, make_driver, run_portal
from pages_under_test import SEED_ID, UNTRANSLATED_ID
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from portal.i18n import words

NOTICE = "Esta prática ainda não foi traduzida para o português"
RESULTS = "[data-results] .bp-card__title a"  # the catalog's answer to a query
SITE_URL = "https://buenaspracticas.example.org/"


def _page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _head_links(page: str) -> dict[str, str]:
    """hreflang -> href of the page's <link rel="alternate" hreflang> tags."""
    return dict((lang, href) for href, lang in
                re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="([^"]+)">', page))


def _jsonld(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))


def _meta(page: str, name: str) -> list[str]:
    return re.findall(rf'<meta name="{re.escape(name)}" content="([^"]*)">', page)


# --- The seed, translated ---------------------------------------------------------------------

def test_the_seed_reads_in_portuguese(site):
    page = _page(site, f"pt/practicas/{SEED_ID}")
    seed = yaml.safe_load((ROOT / "practices" / f"{SEED_ID}.yaml").read_text(encoding="utf-8"))
    t = words("pt")
    assert '<html lang="pt"' in page
    assert f"<h1>{seed['title']['pt']}</h1>" in page
    for heading in (t["summary"], t["objectives"], t["lessons"], t["recommendations"], t["cite_title"]):
        assert f">{heading}</h2>" in page, heading
    for item in seed["lessons"]:
        first_words = " ".join(item["pt"].split()[:6])
        assert first_words in " ".join(page.split()), first_words
    assert NOTICE not in page
    # Babel's Brazilian country name and date; the theme's pt-BR words (not Portugal's).
    assert "Peru" in page and " de 2026" in page
    assert "Voltar para o topo" in page


def test_the_seed_has_three_alternates_and_names_each_translation(site):
    for lang, path in (("es", f"practicas/{SEED_ID}"), ("en", f"en/practicas/{SEED_ID}"),
                       ("pt", f"pt/practicas/{SEED_ID}")):
        links = _head_links(_page(site, path))
        assert links == {"es": f"{SITE_URL}practicas/{SEED_ID}/",
                         "x-default": f"{SITE_URL}practicas/{SEED_ID}/",
                         "en": f"{SITE_URL}en/practicas/{SEED_ID}/",
                         "pt": f"{SITE_URL}pt/practicas/{SEED_ID}/"}, lang
    original = _jsonld(_page(site, f"practicas/{SEED_ID}"))
    assert {t["inLanguage"]: t["url"] for t in original["workTranslation"]} == {
        "en": f"{SITE_URL}en/practicas/{SEED_ID}/", "pt": f"{SITE_URL}pt/practicas/{SEED_ID}/"}
    translation = _jsonld(_page(site, f"pt/practicas/{SEED_ID}"))
    assert translation["inLanguage"] == "pt"
    assert [t["inLanguage"] for t in translation["translationOfWork"]] == ["es"]
    assert translation["about"][-1]["name"].startswith("Objetivo ")


def test_zotero_reads_the_portuguese_sheet_as_portuguese(site):
    page = _page(site, f"pt/practicas/{SEED_ID}")
    seed = yaml.safe_load((ROOT / "practices" / f"{SEED_ID}.yaml").read_text(encoding="utf-8"))
    assert _meta(page, "citation_language") == ["pt"]
    assert _meta(page, "citation_title") == [seed["title"]["pt"]]
    assert _meta(page, "citation_public_url") == [f"{SITE_URL}pt/practicas/{SEED_ID}/"]
    assert _meta(page, "citation_pdf_url") == [f"{SITE_URL}pt/practicas/{SEED_ID}/{SEED_ID}.pt.pdf"]
    coins = re.search(r'class="Z3988" title="([^"]+)"', page).group(1)
    assert "rft.language=pt" in coins
    ris = (site / "pt" / "practicas" / SEED_ID / f"{SEED_ID}.ris").read_text(encoding="utf-8")
    assert "LA  - pt" in ris and f"M3  - {words('pt')['report_genre']}" in ris
    bib = (site / "pt" / "practicas" / SEED_ID / f"{SEED_ID}.bib").read_text(encoding="utf-8")
    assert "langid = {brazilian}" in bib
    assert (site / "pt" / "practicas" / SEED_ID / f"{SEED_ID}.pt.pdf").read_bytes().startswith(b"%PDF")


# --- A practice not translated yet ------------------------------------------------------------

def test_an_untranslated_practice_has_a_portuguese_page_with_the_spanish_text(site):
    page = _page(site, f"pt/practicas/{UNTRANSLATED_ID}")
    data = yaml.safe_load((ROOT / "practices" / f"{UNTRANSLATED_ID}.yaml").read_text(encoding="utf-8"))
    assert '<html lang="pt"' in page
    assert NOTICE in page
    notice = re.search(r'<div class="admonition info bp-fallback".*?</div>', page, re.S).group(0)
    links = dict(re.findall(r'<a href="([^"]+)" hreflang="(?:es|en)" lang="(es|en)">', notice))
    assert sorted(links.values()) == ["en", "es"]
    for href in links:
        assert (site / "pt" / "practicas" / UNTRANSLATED_ID / href / "index.html").resolve().is_file(), href
    # The Spanish text, marked as Spanish, under Portuguese headings.
    assert f'<h1 lang="es">{data["title"]["es"]}</h1>' in page
    assert re.search(r'<div lang="es">\s*<p>MigraCiudades es un proyecto', page)
    assert '<ol lang="es">' in page and f'>{words("pt")["lessons"]}</h2>' in page
    first_lesson = " ".join(data["lessons"][0]["es"].split()[:5])
    assert re.search(r'<ul lang="es">\s*<li>' + re.escape(first_lesson), " ".join(page.split()))


def test_an_untranslated_practice_is_no_portuguese_alternate_anywhere(site):
    for path in (f"practicas/{UNTRANSLATED_ID}", f"en/practicas/{UNTRANSLATED_ID}",
                 f"pt/practicas/{UNTRANSLATED_ID}"):
        assert set(_head_links(_page(site, path))) == {"es", "en", "x-default"}, path
    page = _page(site, f"pt/practicas/{UNTRANSLATED_ID}")
    # It shows the Spanish sheet: that is the page it points search engines and citations to.
    assert f'<link rel="canonical" href="{SITE_URL}practicas/{UNTRANSLATED_ID}/">' in page
    assert _meta(page, "citation_language") == ["es"]
    assert _meta(page, "citation_public_url") == [f"{SITE_URL}practicas/{UNTRANSLATED_ID}/"]
    pdf = re.search(r'<a href="([^"]+\.pdf)"[^>]*hreflang="es"', page).group(1)
    assert (site / "pt" / "practicas" / UNTRANSLATED_ID / pdf).resolve().is_file()
    original = _jsonld(_page(site, f"practicas/{UNTRANSLATED_ID}"))
    assert [t["inLanguage"] for t in original["workTranslation"]] == ["en"]
    # The language menu still offers all three, each in its own language.
    menu = re.findall(r'hreflang="(\w+)" lang="\w+" class="md-select__link">\s*(\S+)', page)
    assert menu == [("es", "Español"), ("en", "English"), ("pt", "Português")]


def test_sitemap_lists_only_real_translations(site):
    index = ET.parse(site / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    pages = ET.parse(site / index.find("s:sitemap/s:loc", ns).text.removeprefix(SITE_URL)).getroot()
    entries = {u.find("s:loc", ns).text: {a.get("hreflang") for a in u.findall("x:link", ns)}
               for u in pages.findall("s:url", ns)}
    assert entries[f"{SITE_URL}pt/practicas/{SEED_ID}/"] == {"es", "en", "pt"}
    assert entries[f"{SITE_URL}practicas/{UNTRANSLATED_ID}/"] == {"es", "en"}
    assert f"{SITE_URL}pt/practicas/{UNTRANSLATED_ID}/" not in entries
    assert f"{SITE_URL}pt/acerca/" in entries


def test_feed_marks_an_untranslated_entry_as_spanish(site):
    root = ET.parse(site / "pt" / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert root.get(lang) == "pt"
    entries = {e.find("a:id", ns).text.rsplit("/", 1)[1]: e for e in root.findall("a:entry", ns)}
    assert entries[SEED_ID].get(lang) is None
    untranslated = entries[UNTRANSLATED_ID]
    assert untranslated.get(lang) == "es"
    links = untranslated.findall("a:link", ns)
    assert links[-1].get("href") == f"{SITE_URL}pt/practicas/{UNTRANSLATED_ID}/"
    assert "pt" not in {link.get("hreflang") for link in links}


def test_open_data_has_portuguese_columns_empty_where_not_translated(site):
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(
        (site / "datos" / "practicas.csv").read_text(encoding="utf-8-sig")))}
    assert rows[SEED_ID]["title_pt"].startswith("Unidade de Integração Migratória")
    assert rows[SEED_ID]["summary_pt"]
    assert rows[UNTRANSLATED_ID]["title_pt"] == rows[UNTRANSLATED_ID]["summary_pt"] == ""
    assert rows[UNTRANSLATED_ID]["url_pt"] == f"{SITE_URL}pt/practicas/{UNTRANSLATED_ID}/"
    assert rows[UNTRANSLATED_ID]["country_name_pt"] == "Argentina"


def test_pending_translations_page_lists_practices_without_portuguese(site):
    for path, says in (("traducciones", "Sin texto en portugués."),
                       ("en/traducciones", "No text in Portuguese yet."),
                       ("pt/traducciones", "Sem texto em português.")):
        page = _page(site, path)
        assert says in page, path
        assert f"{UNTRANSLATED_ID}/" in page
        assert f"/{SEED_ID}/" not in page.split("<article", 1)[1].split("</article>", 1)[0], path


def test_cards_of_an_untranslated_practice_mark_its_text(site):
    page = _page(site, "pt/paises/ar")
    card = re.search(r'<article class="bp-card">\s*<h2 class="bp-card__title" lang="es"><a href="[^"]*'
                     + UNTRANSLATED_ID + r'/">', page)
    assert card, "the card's title is marked as Spanish"
    spanish = _page(site, "paises/ar")
    assert 'lang="es"' not in spanish.split("<article", 1)[1]


# --- Editors ----------------------------------------------------------------------------------

@pytest.fixture()
def practices_only(tmp_path) -> Path:
    """A project of the real practices/ folder only (what `portal check` reads)."""
    shutil.copytree(ROOT / "practices", tmp_path / "practices")
    return tmp_path


def test_a_partial_translation_is_refused_with_every_missing_field(practices_only):
    path = practices_only / "practices" / f"{SEED_ID}.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    # Drop the Portuguese of the summary and of the first lesson: every other text keeps it.
    start = next(i for i, line in enumerate(lines) if line.startswith("summary:"))
    pt = next(i for i in range(start, len(lines)) if lines[i].startswith("  pt:"))
    end = next(i for i in range(pt + 1, len(lines)) if not lines[i].startswith("    "))
    del lines[pt:end]
    lesson = next(i for i, line in enumerate(lines) if line.startswith("lessons:"))
    lpt = next(i for i in range(lesson, len(lines)) if lines[i].startswith("    pt:"))
    lend = next(i for i in range(lpt + 1, len(lines)) if not lines[i].startswith("      "))
    del lines[lpt:lend]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_portal(practices_only, "check")
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout + result.stderr
    summary_line = next(i for i, line in enumerate(lines, start=1) if line.startswith("summary:")) + 1
    assert re.search(rf"practices/{SEED_ID}\.yaml:{summary_line}:\d+: summary: pt \(portugués\)", out), out
    assert "falta en: summary, lessons[0]." in out
    assert "missing from: summary, lessons[0]." in out


def test_portuguese_everywhere_or_nowhere_both_pass(practices_only):
    result = run_portal(practices_only, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    seed = yaml.safe_load((practices_only / "practices" / f"{SEED_ID}.yaml").read_text(encoding="utf-8"))
    assert seed["summary"]["pt"]
    other = yaml.safe_load((practices_only / "practices" / f"{UNTRANSLATED_ID}.yaml").read_text(encoding="utf-8"))
    assert "pt" not in other["summary"]


# --- In the browser ---------------------------------------------------------------------------

def _wait(driver, condition, timeout=20):
    return WebDriverWait(driver, timeout).until(lambda d: condition(d))


@pytest.mark.browser
def test_language_menu_round_trip_on_one_practice(base_url):
    driver = make_driver(width=390)
    try:
        driver.get(f"{base_url}/practicas/{SEED_ID}/")
        for lang, expected in (("pt", f"pt/practicas/{SEED_ID}/"), ("en", f"en/practicas/{SEED_ID}/"),
                               ("es", f"practicas/{SEED_ID}/")):
            link = driver.find_element(By.CSS_SELECTOR, f'.md-select__link[hreflang="{lang}"]')
            driver.execute_script("arguments[0].click()", link)  # the menu opens on hover
            _wait(driver, lambda d, e=expected: d.current_url == f"{base_url}/{e}")
            _wait(driver, lambda d, lang=lang: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang)
    finally:
        driver.quit()


def _answer(driver, url: str) -> list[str]:
    """The practices the catalog at `url` (a query in its address) answers with, once it has."""
    driver.get(url)
    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, RESULTS))
    return [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, RESULTS)]


@pytest.mark.browser
def test_catalog_search_in_portuguese_finds_the_seed(base_url, browser):
    found = _answer(browser, f"{base_url}/pt/practicas/?q=integra%C3%A7%C3%A3o")
    assert f"{base_url}/pt/practicas/{SEED_ID}/" in found


@pytest.mark.browser
def test_the_portuguese_index_holds_an_untranslated_title_but_not_its_body(base_url, browser):
    found = _answer(browser, f"{base_url}/pt/practicas/?q=MigraCiudades")
    assert found == [f"{base_url}/pt/practicas/{UNTRANSLATED_ID}/"]
    # The result's card marks the Spanish title as Spanish.
    assert browser.find_element(By.CSS_SELECTOR, "[data-results] .bp-card__title").get_attribute("lang") == "es"
    # A word of its body only: not in the Portuguese index...
    browser.get(f"{base_url}/pt/practicas/?q=intendenta")
    _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "[data-status]").text
          .startswith(words("pt")["results_none"]))
    assert browser.find_elements(By.CSS_SELECTOR, RESULTS) == []
    # ...but in the Spanish one, whose card has no language mark.
    assert _answer(browser, f"{base_url}/practicas/?q=intendenta") == [
        f"{base_url}/practicas/{UNTRANSLATED_ID}/"]
    assert not browser.find_element(By.CSS_SELECTOR, "[data-results] .bp-card__title").get_attribute("lang")
