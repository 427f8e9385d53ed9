"""The catalog puts results first and never leads to a dead end (issue 17, item 2), on the real
practices, at a phone's and a desktop's size, in both languages."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from harness import ROOT, make_driver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from portal.i18n import words
from portal.model.collation import alphabetical
from portal.model.practice import LANGUAGES, language_prefix

HOMES = {lang: language_prefix(lang) for lang in LANGUAGES}
LABELS = {lang: words(lang) for lang in LANGUAGES}
# The practices on screen: the page's own first ones, or the answer to the filters or words.
SHOWN = "[data-static-list]:not([hidden]) li:has(.bp-card), [data-results]:not([hidden]) > li"


def _wait(driver, condition, timeout=15):
    return WebDriverWait(driver, timeout).until(lambda d: condition(d))


@pytest.fixture(scope="module")
def viewport():
    """Headless Chromium whose viewport is set exactly (a window opened narrow is widened)."""
    driver = make_driver()

    def size(width: int, height: int):
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
        return driver

    yield size
    driver.quit()


def _open(driver, url: str):
    driver.get(url)
    status = driver.find_element(By.CSS_SELECTOR, "[data-status]")
    _wait(driver, lambda d: status.text.strip())
    return status


def _count(label) -> int:
    return int(label.find_element(By.CSS_SELECTOR, "[data-count]").get_attribute("textContent"))


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_first_result_is_visible_without_scrolling(base_url, viewport, lang, width, height):
    driver = viewport(width, height)
    _open(driver, f"{base_url}/{HOMES[lang]}practicas/")
    assert driver.execute_script("return innerWidth") == width
    first = driver.find_element(By.CSS_SELECTOR, f"{SHOWN} .bp-card__title a")
    box = driver.execute_script("return arguments[0].getBoundingClientRect().toJSON()", first)
    assert 0 < box["top"] and box["bottom"] <= height, box
    # Nothing of the page is wider than the screen.
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_phone_opens_filters_from_one_button_that_counts_them(base_url, viewport, lang):
    driver = viewport(390, 844)
    _open(driver, f"{base_url}/{HOMES[lang]}practicas/?country=PE")
    toggle = driver.find_element(By.CSS_SELECTOR, "[data-toggle]")
    facets = driver.find_element(By.ID, "bp-catalog-facets")
    assert toggle.text == f"{LABELS[lang]['filters']} (1)"
    assert not facets.is_displayed() and toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert facets.is_displayed() and toggle.get_attribute("aria-expanded") == "true"
    desktop = viewport(1280, 800)
    assert not toggle.is_displayed() and desktop.find_element(By.ID, "bp-catalog-facets").is_displayed()


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_facet_value_leads_to_zero_and_counts_tell_the_truth(base_url, viewport, lang):
    driver = viewport(1280, 800)
    status = _open(driver, f"{base_url}/{HOMES[lang]}practicas/?country=PE")
    total = len(driver.find_elements(By.CSS_SELECTOR, SHOWN))
    offered = []
    for label in driver.find_elements(By.CSS_SELECTOR, ".bp-facet__option"):
        box = label.find_element(By.TAG_NAME, "input")
        if label.get_attribute("hidden") is not None:
            assert _count(label) == 0 and not box.is_selected()
        elif not box.is_selected():
            assert _count(label) > 0, label.get_attribute("textContent")
            offered.append((box.get_attribute("name"), box.get_attribute("value")))
    hidden = driver.find_elements(By.CSS_SELECTOR, ".bp-facet__option[hidden]")
    assert hidden  # the real catalogue has values no Peruvian practice has
    # A value of another facet gives as many practices as its count said.
    name, value = next((n, v) for n, v in offered if n != "country")
    label = driver.find_element(By.CSS_SELECTOR, f'input[name="{name}"][value="{value}"]').find_element(By.XPATH, "..")
    expected = _count(label)
    driver.find_element(By.CSS_SELECTOR, f'[data-facet="{name}"] summary').click()
    label.click()
    _wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, SHOWN)) != total or expected == total)
    assert len(driver.find_elements(By.CSS_SELECTOR, SHOWN)) == expected
    assert status.text.startswith(f"{expected} ") or expected == 1


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_chips_show_active_filters_and_remove_them(base_url, viewport, lang):
    driver = viewport(1280, 800)
    _open(driver, f"{base_url}/{HOMES[lang]}practicas/?country=PE&theme=integration")
    chips = driver.find_elements(By.CSS_SELECTOR, "[data-active] button")
    assert len(chips) == 2
    country = LABELS[lang]["countries"]
    chip = next(c for c in chips if f"{country}: " in c.text)
    assert LABELS[lang]["remove_filter"] in chip.get_attribute("textContent")
    before = len(driver.find_elements(By.CSS_SELECTOR, SHOWN))
    chip.click()
    _wait(driver, lambda d: "country" not in parse_qs(urlparse(d.current_url).query))
    assert parse_qs(urlparse(driver.current_url).query) == {"theme": ["integration"]}
    _wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "[data-active] button")) == 1)
    assert len(driver.find_elements(By.CSS_SELECTOR, SHOWN)) >= before
    assert not driver.find_element(By.CSS_SELECTOR, 'input[name="country"][value="PE"]').is_selected()


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_empty_result_names_each_filter_and_removes_it(base_url, viewport, lang):
    driver = viewport(390, 844)
    t = LABELS[lang]
    status = _open(driver, f"{base_url}/{HOMES[lang]}practicas/?q=zzyzx&country=PE")
    assert status.text == f"{t['results_none']} {t['results_empty_hint']}"
    chips = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "[data-active] button")]
    assert len(chips) == 2 and any("zzyzx" in c for c in chips)
    assert any(f"{t['countries']}: " in c for c in chips)
    words = next(c for c in driver.find_elements(By.CSS_SELECTOR, "[data-active] button")
                 if "zzyzx" in c.text)
    words.click()
    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, SHOWN))
    assert parse_qs(urlparse(driver.current_url).query) == {"country": ["PE"]}
    assert driver.find_element(By.ID, "bp-catalog-q").get_attribute("value") == ""


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_sort_label_and_intro_agree_with_the_order_shown(base_url, viewport, lang):
    driver = viewport(1280, 800)
    t = LABELS[lang]
    _open(driver, f"{base_url}/{HOMES[lang]}practicas/")
    select = driver.find_element(By.ID, "bp-catalog-sort")
    shown = driver.execute_script("return arguments[0].selectedOptions[0].textContent", select)
    assert shown == t["sort_title"]
    visible = driver.execute_script(
        "return [...arguments[0].options].filter(o => !o.hidden).map(o => o.textContent)", select)
    assert t["sort_relevance"] not in visible and visible.count(t["sort_title"]) == 1
    titles = [a.text for a in driver.find_elements(By.CSS_SELECTOR, f"{SHOWN} .bp-card__title a")]
    assert titles == sorted(titles, key=lambda title: alphabetical(title, lang))
    # The intro counts every practice; the line above the cards says which of them these are,
    # and in what order (the rest are on the numbered pages).
    total = len(list((ROOT / "practices").glob("*.yaml")))
    intro = driver.find_element(By.CSS_SELECTOR, ".bp-catalog__intro").text
    assert f"{total} {t['count_many']}" in intro
    assert driver.find_element(By.CSS_SELECTOR, ".bp-catalog__range").text == \
        t["catalog_showing"].format(first=1, last=len(titles), total=total)
    assert len(titles) < total
    _open(driver, f"{base_url}/{HOMES[lang]}practicas/?q=migra")
    select = driver.find_element(By.ID, "bp-catalog-sort")
    assert driver.execute_script("return arguments[0].selectedOptions[0].textContent",
                                 select) == t["sort_relevance"]
