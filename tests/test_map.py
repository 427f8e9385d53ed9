"""The map of the practices and the region filter (issue 17, item 5), on the real practices."""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from portal.i18n import words
from portal.model import regions
from portal.model.catalog import Project
from portal.model.countries import country_name
from portal.model.practice import LANGUAGES, language_prefix
from portal.pages import americas_map
from portal.read.practices import load_catalog

HOMES = {lang: language_prefix(lang) for lang in LANGUAGES}
LABELS = {lang: words(lang) for lang in LANGUAGES}
# The pages that show the map, and how their links reach a country page.
MAP_PAGES = {"index.html": "paises/", "paises/index.html": ""}


@pytest.fixture(scope="module")
def counts(built):
    catalog = load_catalog(Project(built[0]))
    return Counter(c for p in catalog.practices for c in p.countries)


def _map(page: str) -> str:
    return re.search(r'<figure class="bp-map">.*?</figure>', page, re.S).group(0)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", list(MAP_PAGES))
def test_map_links_every_country_with_practices_named_with_its_count(site, counts, lang, page):
    home = site / HOMES[lang]
    figure = _map((home / page).read_text())
    t = LABELS[lang]
    assert len(gzip.compress(figure.encode())) < 40_000
    assert t["map_disclaimer"] in figure and t["map_title"] in figure
    links = re.findall(r'<a class="bp-map__link" href="([^"]+)" aria-label="([^"]+)">', figure)
    drawn = {code for code in counts if code in americas_map.shapes()}
    assert len(links) == len(drawn) > 0
    for href, label in links:
        target = (home / page).parent / href / "index.html"
        code = href.rstrip("/").rsplit("/", 1)[-1].upper()
        assert target.resolve().is_file(), href
        n = counts[code]
        assert label == f"{country_name(code, lang)}: {n} {t['count_one'] if n == 1 else t['count_many']}"
    # Every country with practices is listed in text too, those outside the Americas apart.
    listed = re.findall(r'<li><a href="([^"]+)">([^<]+)</a> <span class="bp-map__n">(\d+) ', figure)
    assert {(h.rstrip("/").rsplit("/", 1)[-1].upper(), int(n)) for h, _, n in listed} == set(counts.items())
    outside = [c for c in counts if not regions.in_americas(c)]
    assert (t["map_outside"] in figure) == bool(outside)


def test_projection_is_equal_area():
    """Cells of one degree enclose areas proportional to cos(latitude) on the sphere."""
    def area(lon: float, lat: float) -> float:
        corners = [americas_map._project(lon + dx, lat + dy)
                   for dx, dy in ((0, 0), (1, 0), (1, 1), (0, 1))]
        edges = zip(corners, corners[1:] + corners[:1], strict=True)
        return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in edges)) / 2  # shoelace

    reference = area(-80, 8) / math.cos(math.radians(8.5))
    for lon, lat in ((-60, -50), (-100, 45), (-45, -10), (-150, 60)):
        assert area(lon, lat) / math.cos(math.radians(lat + 0.5)) == pytest.approx(reference, rel=0.01)


def test_shading_grows_with_the_count():
    assert [americas_map.shade(n, 8) for n in (1, 2, 3, 5, 8)] == [1, 1, 2, 3, 4]


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_country_on_the_map_opens_its_page(base_url, browser, lang):
    browser.get(f"{base_url}/{HOMES[lang]}")
    link = browser.find_element(By.CSS_SELECTOR, '.bp-map__link[href="paises/pe/"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith(f"/{HOMES[lang]}paises/pe/"))
    assert country_name("PE", lang) in browser.find_element(By.TAG_NAME, "h1").text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_filters_by_region_from_the_data_file(site, counts, lang):
    page = (site / HOMES[lang] / "practicas" / "index.html").read_text()
    options = re.findall(r'<input type="checkbox" name="region" value="([^"]+)"> '
                         r'<span class="bp-facet__label">([^<]+)</span> '
                         r'<span class="bp-facet__count" data-count>(\d+)', page)
    # What the filters count when used: the catalog's data file (portal.pages.catalog_data).
    data = json.loads((site / HOMES[lang] / "practicas" / "filtros.json").read_text(encoding="utf-8"))
    column = 1 + list(data["facets"]).index("region")
    by_region = Counter(data["facets"]["region"][i] for row in data["practices"] for i in row[column])
    assert options and {(v, int(n)) for v, _, n in options} == set(by_region.items())
    for value, label, _ in options:
        assert label == regions.label(value, lang)
    expected = {regions.region_of(c) for c in counts}
    assert {v for v, _, _ in options} == expected
