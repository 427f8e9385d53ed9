"""One card for every list of practices, and a home page that invites exploring (issue 17,
items 3 and 4), on the real practices. What a card must say comes from the practice files."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest
from harness import make_driver
from selenium.webdriver.common.by import By

from portal.i18n import words
from portal.model.catalog import Project
from portal.model.countries import country_name
from portal.model.practice import LANGUAGES, language_prefix
from portal.pages import markup
from portal.read.practices import load_catalog

HOMES = {lang: language_prefix(lang) for lang in LANGUAGES}
LABELS = {lang: words(lang) for lang in LANGUAGES}


@pytest.fixture(scope="module")
def catalog(built):
    return load_catalog(Project(built[0]))


def _cards(html: str) -> list[str]:
    return re.findall(r'<article class="bp-card">.*?</article>', html, re.S)


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _check_card(card: str, page, catalog, lang: str) -> str:
    """The practice a card links to, after checking that the card says what it must."""
    href = re.search(r'class="bp-card__title"(?: lang="es")?><a href="([^"]+)"', card).group(1)
    target = (page.parent / href / "index.html").resolve()
    assert target.is_file(), href
    practice = catalog.by_id(target.parent.name)
    # A practice not translated into the page's language: its own text is marked as Spanish.
    marked = ' lang="es"' if practice.text_language(lang) != lang else ""
    assert f'<h2 class="bp-card__title"{marked}>' in card or f'<h3 class="bp-card__title"{marked}>' in card
    assert f'<p class="bp-card__summary"{marked}>' in card and f'<span class="bp-card__who"{marked}>' in card
    text = _text(card)
    t = LABELS[lang]
    assert _text(practice.title(lang)) in text
    for code in practice.countries:
        assert country_name(code, lang) in text
    for institution in practice.lead:
        assert _text(institution.name(lang)) in text
    assert str(practice.start_year) in text and t["status"][practice.status] in text
    badges = re.findall(r'<span class="bp-badge">(\d+)</span>', card)
    assert badges == [str(n) for n in sorted(practice.gcm_objectives)]
    summary = _text(re.search(r'<p class="bp-card__summary"[^>]*>(.*?)</p>', card, re.S).group(1))
    whole = markup.plain(practice.summary(lang))
    # The beginning of the summary, ending where a sentence does (or cut at a word).
    assert summary and whole.startswith(summary.rstrip("…"))
    assert summary == whole or summary.endswith(("…", ".", "!", "?")), summary
    return practice.id


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_list_of_practices_shows_the_same_card(site, catalog, lang):
    listed: list[str] = []
    home = site / HOMES[lang]
    pages = {
        "home": home / "index.html",
        "catalog": home / "practicas" / "index.html",
        "country": home / "paises" / "pe" / "index.html",
        "theme": home / "temas" / "integration" / "index.html",
        "sheet": home / "practicas" / "peru-unidad-integracion-migratoria" / "index.html",
    }
    numbered = sorted((home / "practicas").glob("pagina-*/index.html"))
    assert numbered  # the test site's catalog pages hold 10 practices (conftest)
    for kind, page in [*pages.items(), *(("catalog", page) for page in numbered)]:
        cards = _cards(page.read_text())
        assert cards, kind
        ids = [_check_card(card, page, catalog, lang) for card in cards]
        if kind == "catalog":
            listed = [*listed, *ids] if page in numbered else ids
        if kind == "catalog" and page == numbered[-1]:
            # Together the catalog and its numbered pages list every practice, once.
            assert sorted(listed) == sorted(p.id for p in catalog.practices)
        if kind == "country":
            assert sorted(ids) == sorted(p.id for p in catalog.practices if "PE" in p.countries)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_shows_totals_and_themes_that_all_lead_somewhere(site, catalog, lang):
    page = (site / HOMES[lang] / "index.html").read_text()
    totals = dict(re.findall(r'<a href="([a-z]+/)"><span class="bp-totals__n">(\d+)</span>', page))
    assert totals == {
        "practicas/": str(len(catalog.practices)),
        "paises/": str(len({c for p in catalog.practices for c in p.countries})),
        "objetivos/": str(len({n for p in catalog.practices for n in p.gcm_objectives})),
    }
    themes = re.findall(r'<li><a href="(temas/[^"]+/)">[^<]+</a> <span class="bp-theme-list__n">(\d+)',
                        page)
    used = {k for p in catalog.practices for k in p.themes}
    assert {href.split("/")[1] for href, _ in themes} == used
    for href, n in themes:
        listing = (site / HOMES[lang] / href / "index.html").read_text()
        assert len(_cards(listing)) == int(n) > 0, href


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_search_opens_the_catalog_even_without_javascript(base_url, lang):
    driver = make_driver(javascript=False)
    try:
        driver.get(f"{base_url}/{HOMES[lang]}")
        box = driver.find_element(By.ID, "bp-home-q")
        box.send_keys("salud")
        box.submit()
        url = urlparse(driver.current_url)
        assert url.path == f"/{HOMES[lang]}practicas/" and parse_qs(url.query) == {"q": ["salud"]}
        # Without JavaScript the catalog says that word search needs it, and lists everything.
        note = driver.find_element(By.CSS_SELECTOR, ".bp-nojs")
        assert note.is_displayed() and note.text.startswith(LABELS[lang]["catalog_nojs"][:30])
        assert driver.find_elements(By.CSS_SELECTOR, "[data-static-list] .bp-card")
    finally:
        driver.quit()


@pytest.mark.browser
def test_the_no_javascript_note_is_absent_where_scripts_run(base_url, browser):
    browser.get(f"{base_url}/practicas/?q=salud")
    assert not browser.find_element(By.CSS_SELECTOR, ".bp-nojs").is_displayed()
