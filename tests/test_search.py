"""Finding practices: Pagefind search per language, the faceted catalog, listing pages, related
practices and home counts, on a site built from the seed plus 30 synthetic practices."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from harness import SEED_ID, make_driver
from search_corpus import PAGE_SIZE, SYNTHETIC
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from portal.model.collation import alphabetical
from portal.model.practice import LANGUAGES, language_prefix


def _wait(driver, condition, timeout=15):
    return WebDriverWait(driver, timeout).until(lambda d: condition(d))


def _header_search(driver, url: str, words: str) -> list[tuple[str, str]]:
    driver.get(url)
    box = driver.find_element(By.ID, "bp-search-input")
    box.click()
    box.send_keys(words)
    status = driver.find_element(By.CSS_SELECTOR, ".bp-search__status")
    _wait(driver, lambda d: status.text.strip())
    links = driver.find_elements(By.CSS_SELECTOR, ".bp-search__results a")
    return status.text, [a.get_attribute("href") for a in links]


# --- Build output (no browser) ---------------------------------------------------------------

def test_each_language_has_its_own_index_with_only_practices(corpus):
    import json
    _, site, _ = corpus
    # Portuguese too: a practice not translated into it is indexed by its title and facets.
    for lang, home in (("es", site), ("en", site / "en"), ("pt", site / "pt")):
        entry = json.loads((home / "pagefind" / "pagefind-entry.json").read_text())
        assert {k: v["page_count"] for k, v in entry["languages"].items()} == {
            lang: SYNTHETIC + 1}, lang


def test_listing_pages_and_chip_links_resolve(corpus):
    _, site, _ = corpus
    page = (site / "practicas" / SEED_ID / "index.html").read_text()
    hrefs = re.findall(r'href="(\.\./\.\./(?:paises|objetivos|temas|poblaciones)/[^"]+)"', page)
    assert any("/paises/pe/" in h for h in hrefs) and any("/objetivos/16/" in h for h in hrefs)
    for href in hrefs:
        assert (site / "practicas" / SEED_ID / href / "index.html").resolve().is_file(), href
    gcm = (site / "en" / "objetivos" / "17" / "index.html").read_text()
    assert "Eliminate all forms of discrimination" in gcm
    assert 'href="https://migrationnetwork.un.org/taxonomy/term/295"' in gcm
    es = (site / "objetivos" / "17" / "index.html").read_text()
    assert "https://migrationnetwork.un.org/es/taxonomy/term/detail/295" in es
    peru = (site / "paises" / "pe" / "index.html").read_text()
    assert f'href="../../practicas/{SEED_ID}/"' in peru


def test_related_practices_and_home_counts(corpus):
    _, site, _ = corpus
    page = (site / "practicas" / SEED_ID / "index.html").read_text()
    related = re.search(r'<section class="bp-related".*?</section>', page, re.S).group(0)
    assert 'data-pagefind-ignore="all"' in related
    assert 1 <= related.count("<li>") <= 5
    home = (site / "index.html").read_text()
    # The map's list of countries names each with its count.
    assert re.search(r'<a href="paises/pe/">Perú</a> <span class="bp-map__n">\d+ ', home)
    assert re.search(r'<a href="objetivos/16/">16\. Inclusión y cohesión social</a> \(\d+\)', home)
    home_en = (site / "en" / "index.html").read_text()
    assert re.search(r'<a href="paises/pe/">Peru</a> <span class="bp-map__n">\d+ ', home_en)


# --- Browser ---------------------------------------------------------------------------------

@pytest.mark.browser
def test_search_in_each_language_finds_the_seed_and_only_that_language(corpus, browser):
    _, _, url = corpus
    status, hrefs = _header_search(browser, f"{url}/", "Superintendencia")
    assert hrefs and hrefs[0].endswith(f"/practicas/{SEED_ID}/") and "/en/" not in hrefs[0]
    status, hrefs = _header_search(browser, f"{url}/en/", "Superintendency")
    assert hrefs and hrefs[0].endswith(f"/en/practicas/{SEED_ID}/")
    # The other language's title words, and words of both languages: only this language's pages.
    for page, words in ((f"{url}/", "Superintendency Migration Unit"),
                        (f"{url}/", "Superintendencia integración Superintendency")):
        _, hrefs = _header_search(browser, page, words)
        assert not any("/en/" in h for h in hrefs)
    for page, words in ((f"{url}/en/", "Superintendencia Unidad Migraciones"),
                        (f"{url}/en/", "Superintendency integration Superintendencia")):
        _, hrefs = _header_search(browser, page, words)
        assert all("/en/" in h for h in hrefs)


@pytest.mark.browser
def test_field_labels_are_not_indexed(corpus, browser):
    # "Periodo"/"Period" label every practice's dates; no practice text uses the word. Indexed,
    # labels matched every practice and glued to their values in excerpts ("CountryPeru").
    _, _, url = corpus
    for page, label in ((f"{url}/", "Periodo"), (f"{url}/en/", "Period")):
        status, hrefs = _header_search(browser, page, label)
        assert hrefs == [], (label, status)
    _header_search(browser, f"{url}/en/", "Superintendency")
    excerpt = browser.find_element(By.CSS_SELECTOR, ".bp-search__results p").text
    assert "Superintendency" in excerpt and "Lead institution" not in excerpt, excerpt


@pytest.mark.browser
def test_accentless_words_match_and_are_highlighted(corpus, browser):
    _, _, url = corpus
    _, hrefs = _header_search(browser, f"{url}/", "politica migratoria")  # "Política Migratoria"
    assert hrefs and hrefs[0].endswith(f"/practicas/{SEED_ID}/")
    marks = browser.find_elements(By.CSS_SELECTOR, ".bp-search__results mark")
    assert marks


@pytest.mark.browser
def test_slash_key_focuses_search(corpus, browser):
    _, _, url = corpus
    browser.get(f"{url}/acerca/")
    browser.find_element(By.TAG_NAME, "body").send_keys("/")
    assert browser.switch_to.active_element.get_attribute("id") == "bp-search-input"


def _catalog_status(driver):
    status = driver.find_element(By.CSS_SELECTOR, "[data-status]")
    _wait(driver, lambda d: status.text.strip())
    return status.text


def _count_of(driver, facet: str, value: str) -> int:
    box = driver.find_element(By.CSS_SELECTOR, f'input[name="{facet}"][value="{value}"]')
    count = box.find_element(By.XPATH, "..").find_element(By.CSS_SELECTOR, "[data-count]")
    return int(count.get_attribute("textContent"))


@pytest.mark.browser
def test_facet_changes_results_counts_and_url_which_survive_reload_and_back(corpus, browser):
    _, _, url = corpus
    browser.get(f"{url}/practicas/")
    first = _catalog_status(browser)
    assert first.startswith(f"{SYNTHETIC + 1} ")
    theme_count = _count_of(browser, "theme", "integration")
    browser.find_element(By.CSS_SELECTOR, '[data-facet="country"] summary').click()
    browser.find_element(By.CSS_SELECTOR, 'input[name="country"][value="PE"]').click()
    _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "[data-status]").text != first)
    filtered = browser.find_element(By.CSS_SELECTOR, "[data-status]").text
    n = int(filtered.split()[0])
    assert 1 <= n < SYNTHETIC + 1
    shown = "[data-static-list]:not([hidden]) li:has(.bp-card), [data-results]:not([hidden]) > li"
    assert len(browser.find_elements(By.CSS_SELECTOR, shown)) == n
    assert parse_qs(urlparse(browser.current_url).query) == {"country": ["PE"]}
    _wait(browser, lambda d: _count_of(d, "theme", "integration") != theme_count
          or _count_of(d, "theme", "integration") <= n)
    assert _count_of(browser, "theme", "integration") <= n
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "[data-results] .bp-card__title a")]
    assert any("Migraciones" in t for t in titles)

    browser.refresh()
    assert _catalog_status(browser) == filtered
    assert browser.find_element(By.CSS_SELECTOR, 'input[name="country"][value="PE"]').is_selected()

    browser.back()
    _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "[data-status]").text == first)
    assert not browser.find_element(By.CSS_SELECTOR, 'input[name="country"][value="PE"]').is_selected()
    assert urlparse(browser.current_url).query == ""


def _cards(driver, css: str) -> dict[str, list[str]]:
    """Each card shown under `css`, by its sheet's id: its lines of text as a visitor reads them."""
    out = {}
    for card in driver.find_elements(By.CSS_SELECTOR, f"{css} .bp-card"):
        href = card.find_element(By.CSS_SELECTOR, ".bp-card__title a").get_attribute("href")
        out[Path(urlparse(href).path).name] = [p.text for p in card.find_elements(By.CSS_SELECTOR, "h2, p")]
    return out


@pytest.mark.browser
def test_filters_and_sort_reach_practices_beyond_the_first_page(corpus, browser):
    """The catalog's HTML holds its first PAGE_SIZE practices only: a filter finds a practice of
    its last numbered page, counts every practice, and shows its card as that page shows it."""
    from portal.model.catalog import Project
    from portal.read.practices import load_catalog

    project, site, url = corpus
    catalog = load_catalog(Project(project))
    pages = -(-len(catalog.practices) // PAGE_SIZE)
    browser.get(f"{url}/practicas/pagina-{pages}/")
    on_last_page = _cards(browser, ".bp-catalog__list")
    target = catalog.by_id(next(iter(on_last_page)))
    assert target.id not in (site / "practicas" / "index.html").read_text()
    country = target.countries[0]
    expected = {p.id for p in catalog.practices if country in p.countries}

    browser.get(f"{url}/practicas/?country={country}")
    status = _catalog_status(browser)
    _wait(browser, lambda d: len(_cards(d, "[data-results]")) == min(len(expected), 20))
    assert status.startswith(f"{len(expected)} ") or len(expected) == 1
    shown = _cards(browser, "[data-results]")
    assert set(shown) <= expected and target.id in shown or len(expected) > 20
    if target.id in shown:
        assert shown[target.id] == on_last_page[target.id]

    # Newest first, across every page: the first card is a practice published last.
    browser.get(f"{url}/en/practicas/?sort=newest")
    _wait(browser, lambda d: _cards(d, "[data-results]"))
    newest = max(p.published for p in catalog.practices)
    first = next(iter(_cards(browser, "[data-results]")))
    assert catalog.by_id(first).published == newest


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_title_sort_with_words_is_the_alphabetical_order_of_the_lists(corpus, browser, lang):
    """With words, "Title (A-Z)" is Pagefind's sort: it lists the matches in the order the
    catalog's own pages use (accents set aside, ñ after n in Spanish)."""
    from collections import Counter

    from portal.model.catalog import Project
    from portal.read.practices import load_catalog

    project, _, url = corpus
    catalog = load_catalog(Project(project))
    # The word in most titles of this language: each of those practices matches it.
    word, in_titles = Counter(w for p in catalog.practices
                              for w in set(p.title(lang).lower().split()) if len(w) > 4).most_common(1)[0]
    browser.get(f"{url}/{language_prefix(lang)}practicas/?q={word}&sort=title")
    _wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "[data-results] .bp-card")) >= in_titles > 2)
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "[data-results] .bp-card__title a")]
    assert titles == sorted(titles, key=lambda title: alphabetical(title, lang))


@pytest.mark.browser
def test_catalog_words_sort_and_clear(corpus, browser):
    _, _, url = corpus
    browser.get(f"{url}/en/practicas/?q=superintendency&sort=title")
    status = _catalog_status(browser)
    assert status.startswith("1 ")
    assert browser.find_element(By.ID, "bp-catalog-q").get_attribute("value") == "superintendency"
    browser.find_element(By.CSS_SELECTOR, "[data-clear]").click()
    _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "[data-status]").text != status)
    assert urlparse(browser.current_url).query == ""
    box = browser.find_element(By.ID, "bp-catalog-q")
    box.send_keys("integration", Keys.ENTER)
    _wait(browser, lambda d: "q=integration" in d.current_url)
    browser.back()  # typing added one entry: back returns to the cleared view, not further
    _wait(browser, lambda d: d.find_element(By.ID, "bp-catalog-q").get_attribute("value") == "")
    assert urlparse(browser.current_url).path.endswith("/en/practicas/")


@pytest.mark.browser
def test_catalog_pages_reach_every_practice_without_javascript(corpus):
    """The catalog holds its first PAGE_SIZE practices; its numbered pages, followed by their
    "next" links, list every other one exactly once, in alphabetical order."""
    project, _, url = corpus
    driver = make_driver(javascript=False)
    try:
        for lang, prefix in (("es", ""), ("en", "/en"), ("pt", "/pt")):
            driver.get(f"{url}{prefix}/practicas/")
            assert not driver.find_element(By.CSS_SELECTOR, ".bp-catalog__form").is_displayed()
            seen, titles, pages = [], [], 0
            while True:
                pages += 1
                cards = driver.find_elements(By.CSS_SELECTOR, ".bp-card__title a")
                assert 0 < len(cards) <= PAGE_SIZE
                seen += [Path(urlparse(a.get_attribute("href")).path).name for a in cards]
                titles += [a.text for a in cards]
                following = driver.find_elements(By.CSS_SELECTOR, ".bp-pager a[rel=next]")
                if not following:
                    break
                driver.get(following[0].get_attribute("href"))
                assert urlparse(driver.current_url).path == f"{prefix}/practicas/pagina-{pages + 1}/"
                current = driver.find_element(By.CSS_SELECTOR, ".bp-pager [aria-current=page]")
                assert current.text == str(pages + 1)
            assert pages == -(-(SYNTHETIC + 1) // PAGE_SIZE)
            assert sorted(seen) == sorted(p.stem for p in (project / "practices").glob("*.yaml"))
            assert len(set(seen)) == len(seen)
            assert titles == sorted(titles, key=lambda title: alphabetical(title, lang))
    finally:
        driver.quit()
