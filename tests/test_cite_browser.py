"""The "How to cite" section in a real browser: a copy button with JavaScript, plain
selectable text without it."""

from __future__ import annotations

import pytest
from harness import SEED_ID, make_driver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from portal.model.practice import LANGUAGES, language_prefix
from portal.pages.generated import labels


def practice_path(lang: str) -> str:
    return f"/{language_prefix(lang)}practicas/{SEED_ID}/"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_copy_button_copies_the_citation(browser, base_url, lang):
    t = labels()[lang]
    browser.get(base_url + practice_path(lang))
    # Let the test read the clipboard back, as a person pasting would.
    browser.execute_cdp_cmd("Browser.grantPermissions", {
        "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"], "origin": base_url})
    text = browser.find_element(By.CSS_SELECTOR, ".bp-cite-text").text
    button = browser.find_element(By.CSS_SELECTOR, ".bp-cite-copy")
    assert button.text == t["cite_copy"] and button.tag_name == "button"
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    status = browser.find_element(By.CSS_SELECTOR, ".bp-cite-status")
    WebDriverWait(browser, 5).until(lambda _: status.text)
    assert status.text == t["cite_copied"]
    assert status.get_attribute("role") == "status"
    copied = browser.execute_async_script(
        "const done = arguments[0]; navigator.clipboard.readText().then(done, e => done(String(e)));")
    assert copied == " ".join(text.split())


def test_without_javascript_the_citation_is_text_and_no_dead_button(base_url):
    driver = make_driver(javascript=False)
    try:
        for lang in LANGUAGES:
            driver.get(base_url + practice_path(lang))
            text = driver.find_element(By.CSS_SELECTOR, ".bp-cite-text").text
            assert text.endswith(f"/practicas/{SEED_ID}/") and "(" in text
            assert not driver.find_elements(By.CSS_SELECTOR, ".bp-cite-copy")
            files = driver.find_elements(By.CSS_SELECTOR, ".bp-cite-files a")
            assert [a.get_attribute("href").rsplit(".", 1)[1] for a in files] == ["bib", "ris", "json"]
    finally:
        driver.quit()
