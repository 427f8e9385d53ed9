"""Accessibility gate: axe-core (WCAG 2.0/2.1/2.2 A and AA, best practices) on every page kind,
both languages, phone and desktop widths; keyboard use of the language switch; lang of
foreign-language text."""

from __future__ import annotations

import pytest
from axe import axe_driver, describe, run_axe
from harness import make_driver
from pages_under_test import LANGUAGES, PAGE_KINDS, WIDTHS, page_ids, pages
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from portal.model.practice import language_prefix


@pytest.fixture(scope="module")
def axe_browser():
    # Each page is loaded once and checked at every width by resizing the window.
    driver = axe_driver(WIDTHS[-1])
    yield driver
    driver.quit()


@pytest.mark.parametrize(("kind", "lang", "path"), pages(), ids=page_ids())
def test_no_axe_violation(axe_browser, base_url, kind, lang, path):
    axe_browser.get(f"{base_url}/{path}")
    found = {}
    for width in WIDTHS:
        axe_browser.set_window_size(width, 900)
        assert axe_browser.execute_script("return window.innerWidth") == width
        violations = run_axe(axe_browser)
        if violations:
            found[width] = describe(violations)
    assert not found, "\n".join(f"{kind} ({lang}) at {w} px:\n{text}" for w, text in found.items())


def test_axe_reports_a_violation(axe_browser, base_url):
    """The gate can fail: an image without a text alternative is reported with its rule id."""
    axe_browser.get(f"{base_url}/")
    axe_browser.execute_script(
        "const img = document.createElement('img'); img.src = 'data:,'; img.id = 'no-alt';"
        "document.querySelector('article').append(img);")
    report = describe(run_axe(axe_browser))
    assert "image-alt" in report and "#no-alt" in report


def _wait(driver, condition, message: str, seconds: float = 10):
    """Poll until condition(driver) holds: a state, never a fixed time."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds, poll_frequency=0.05).until(condition, message)


def _tab_to(driver, css: str, limit: int = 40):
    """Press Tab from the top of a freshly loaded page until the focused element matches css."""
    from selenium.webdriver.common.action_chains import ActionChains

    for _ in range(limit):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        if driver.execute_script("return document.activeElement.matches(arguments[0])", css):
            return driver.switch_to.active_element
    raise AssertionError(f"{css} not reached with {limit} presses of Tab")


@pytest.fixture(scope="module")
def keyboard_browser():
    driver = make_driver()
    yield driver
    driver.quit()


# The header is the same template on every page: the practice sheet stands for all of them.
KEYBOARD_KIND = next(k for k in PAGE_KINDS if k.kind == "practice")


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_keyboard_switches_language(keyboard_browser, base_url, lang, width):
    """Tab reaches the other language in the header's language menu (a focus menu), it is
    visible when focused, and Enter opens the same page in that language."""
    driver = keyboard_browser
    driver.set_window_size(width, 900)
    other = next(x for x in LANGUAGES if x != lang)
    driver.get(f"{base_url}/{KEYBOARD_KIND.path(lang)}")
    link = _tab_to(driver, f".md-header .md-select__link[hreflang='{other}']")
    # The menu opens on focus; wait for that state (bounded: a menu that stays shut fails).
    _wait(driver, lambda _: link.is_displayed(), "the focused language link is hidden")
    link.send_keys(Keys.ENTER)
    target = f"{base_url}/{KEYBOARD_KIND.path(other)}"
    _wait(driver, lambda d: d.current_url == target and d.execute_script(
        "return document.readyState") == "complete", f"Enter did not open {target}")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == other


def test_browsers_prefer_reduced_motion(keyboard_browser, base_url):
    """Every test browser asks for reduced motion (workbench.make_driver), and Material's CSS
    honours it on the language menu: it opens at once, so no test reads it mid-fade. Should a
    Material upgrade drop its `prefers-reduced-motion` rule, this fails first."""
    driver = keyboard_browser
    driver.get(f"{base_url}/{KEYBOARD_KIND.path('en')}")
    assert driver.execute_script("return matchMedia('(prefers-reduced-motion: reduce)').matches")
    durations = driver.execute_script(
        "const s = getComputedStyle(document.querySelector('.md-header .md-select__inner'));"
        "return [s.transitionDuration, s.transitionDelay, s.animationName];")
    assert [set(d.split(", ")) for d in durations] == [{"0s"}, {"0s"}, {"none"}]


def test_language_switcher_entries_carry_their_lang(site):
    """Each language's name in the switcher is read in its own language ("English" on a Spanish
    page is English text)."""
    from lxml import html

    for _, lang, path in pages():
        file = site / path.split("?")[0] / "index.html"  # a query string: the same page
        if not file.is_file():  # a missing URL: its language's 404 (the root one is bilingual)
            file = site / language_prefix(lang) / "404.html"
        tree = html.parse(str(file))
        assert tree.getroot().get("lang") == lang
        links = tree.xpath("//*[contains(@class,'md-select__link')]")
        assert {a.get("hreflang") for a in links} == set(LANGUAGES), path
        for a in links:
            assert a.get("lang") == a.get("hreflang"), f"{path}: {a.text_content().strip()} has no lang"


def test_404_english_half_is_marked_english(site):
    from lxml import html

    root = html.parse(str(site / "404.html")).getroot()
    assert root.get("lang") == "es"
    heading = root.xpath("//article//h2")[0]
    assert heading.text_content().strip() == "Page not found"
    assert heading.xpath("ancestor::*[@lang][1]/@lang") == ["en"]


def test_source_titles_carry_their_language(site):
    """A source written in Spanish keeps lang="es" on the English page."""
    from lxml import html
    from pages_under_test import SEED_ID

    root = html.parse(str(site / "en" / "practicas" / SEED_ID / "index.html")).getroot()
    cites = root.xpath("//article//cite")
    assert cites and all(c.get("lang") == "es" for c in cites)
