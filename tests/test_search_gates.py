"""Quality gates with search and filters in use (issue 6 over what issue 3 added): axe with the
header search open and with a facet chosen in the enhanced catalog, keyboard-only use of both,
and both working under the site's own Content-Security-Policy. All on the session's corpus site
(the seed plus synthetic practices, so a facet really narrows the results)."""

from __future__ import annotations

import pytest
from axe import axe_driver, describe, run_axe
from browser_tools import csp_violations, wait_loaded
from harness import SEED_ID
from pages_under_test import LANGUAGES, WIDTHS
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from portal.model.practice import language_prefix

# Words of the seed practice's title in each language, and the catalog's path.
SEED_WORDS = {"es": "Superintendencia", "en": "Superintendency", "pt": "Superintendência"}
PREFIX = {lang: language_prefix(lang) for lang in LANGUAGES}
RESULT = ".bp-search__results a"
STATUS = "[data-status]"


@pytest.fixture(scope="module")
def driver():
    """One Chromium for the module, with axe present in every page before the page's scripts."""
    driver = axe_driver(WIDTHS[-1])
    yield driver
    driver.quit()


def _wait(driver, condition, timeout=15):
    return WebDriverWait(driver, timeout).until(lambda d: condition(d))


def _keys(driver, *keys):
    """Keys pressed on whatever has focus, as a keyboard user would (no element is clicked)."""
    ActionChains(driver).send_keys(*keys).perform()


def _focused(driver, css: str) -> bool:
    return driver.execute_script("return document.activeElement.matches(arguments[0])", css)


def _tab_to(driver, css: str, *, back: bool = False, limit: int = 120):
    for _ in range(limit):
        _keys(driver, *((Keys.SHIFT, Keys.TAB) if back else (Keys.TAB,)))
        if _focused(driver, css):
            return
    raise AssertionError(f"{css} not reached with {limit} presses of Tab")


def _open_search(driver, base: str, lang: str) -> None:
    """Load the language's home page, press "/" and type the seed's words: results show."""
    driver.get(f"{base}/{PREFIX[lang]}")
    _keys(driver, "/")
    assert _focused(driver, "#bp-search-input")
    _keys(driver, SEED_WORDS[lang])
    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, RESULT))
    assert driver.find_element(By.ID, "bp-search-panel").is_displayed()


def _axe_at_every_width(driver, what: str) -> None:
    found = {}
    for width in WIDTHS:
        driver.set_window_size(width, 900)
        violations = run_axe(driver)
        if violations:
            found[width] = describe(violations)
    driver.set_window_size(WIDTHS[-1], 900)
    assert not found, "\n".join(f"{what} at {w} px:\n{text}" for w, text in found.items())


def _choose_country_by_keyboard(driver) -> tuple[str, str]:
    """On the enhanced catalog, Tab to the country facet, open it with Enter, Tab to its first
    box and tick it with Space. Returns the status before and after (they differ)."""
    status = driver.find_element(By.CSS_SELECTOR, STATUS)
    _wait(driver, lambda d: status.text.strip())
    before = status.text
    _tab_to(driver, '[data-facet="country"] summary')
    _keys(driver, Keys.ENTER)
    _keys(driver, Keys.TAB)
    assert _focused(driver, 'input[name="country"]')
    _keys(driver, Keys.SPACE)
    assert driver.switch_to.active_element.is_selected()
    _wait(driver, lambda d: status.text != before)
    return before, status.text


# --- Keyboard only, with axe on what the keyboard opened --------------------------------------
# Each page state is reached by keyboard and checked by axe in the same visit (one page load).

@pytest.mark.parametrize("lang", LANGUAGES)
def test_keyboard_search_is_accessible_opens_a_practice_and_escape_closes(driver, corpus, lang):
    base = corpus[2]
    _open_search(driver, base, lang)  # "/" then the seed's words: results shown
    _axe_at_every_width(driver, f"header search open ({lang})")
    assert _focused(driver, "#bp-search-input")
    _keys(driver, Keys.ESCAPE)
    assert not driver.find_element(By.ID, "bp-search-panel").is_displayed()
    assert _focused(driver, "#bp-search-input")
    # Tab reaches the box too (from the top of a fresh page), and arrow keys reach a result.
    driver.get(f"{base}/{PREFIX[lang]}acerca/")
    _tab_to(driver, "#bp-search-input")
    _keys(driver, SEED_WORDS[lang])
    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, RESULT))
    _keys(driver, Keys.ARROW_DOWN)
    assert _focused(driver, RESULT)
    _keys(driver, Keys.ENTER)
    _wait(driver, lambda d: d.current_url.endswith(f"/{PREFIX[lang]}practicas/{SEED_ID}/"))
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_keyboard_facet_is_accessible_and_clear_all(driver, corpus, lang):
    driver.get(f"{corpus[2]}/{PREFIX[lang]}practicas/")
    before, after = _choose_country_by_keyboard(driver)
    assert int(after.split()[0]) < int(before.split()[0])
    assert "country=" in driver.current_url
    _axe_at_every_width(driver, f"enhanced catalog with a facet chosen ({lang}): {after}")
    _tab_to(driver, "[data-clear]", back=True)
    _keys(driver, Keys.ENTER)
    _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, STATUS).text == before)
    assert not driver.find_elements(By.CSS_SELECTOR, 'input[name="country"]:checked')
    assert "?" not in driver.current_url


# --- Content-Security-Policy with search and filters working ---------------------------------

def _console_csp_errors(recorder) -> list[str]:
    return [e["message"] for e in recorder.get_log("browser")
            if "Content Security Policy" in e["message"]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_and_facets_work_under_the_policy(recorder, corpus, lang):
    """The corpus site is served with its own `_headers` CSP (see search_corpus)."""
    csp_url = corpus[2]
    recorder.get_log("browser")  # forget what came before
    recorder.get(f"{csp_url}/{PREFIX[lang]}")
    wait_loaded(recorder)
    box = recorder.find_element(By.ID, "bp-search-input")
    box.click()
    box.send_keys(SEED_WORDS[lang])
    _wait(recorder, lambda d: d.find_elements(By.CSS_SELECTOR, RESULT))
    href = recorder.find_element(By.CSS_SELECTOR, RESULT).get_attribute("href")
    assert href.endswith(f"/{PREFIX[lang]}practicas/{SEED_ID}/")
    violations = csp_violations(recorder)

    recorder.get(f"{csp_url}/{PREFIX[lang]}practicas/")
    wait_loaded(recorder)
    status = recorder.find_element(By.CSS_SELECTOR, STATUS)
    _wait(recorder, lambda d: status.text.strip())
    before = status.text
    recorder.find_element(By.CSS_SELECTOR, '[data-facet="country"] summary').click()
    recorder.find_element(By.CSS_SELECTOR, 'input[name="country"][value="PE"]').click()
    _wait(recorder, lambda d: status.text != before)
    # Words too: the catalog's answer then comes from Pagefind (its WebAssembly) under the policy.
    recorder.find_element(By.ID, "bp-catalog-q").send_keys(SEED_WORDS[lang], Keys.ENTER)
    _wait(recorder, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-results] a"))
    violations += csp_violations(recorder)
    console = _console_csp_errors(recorder)
    assert not violations and not console, "\n".join(violations + console)
