"""Print gate: the seed practice prints from headless Chromium on A4 and on Letter as a clean
sheet of one page, like its PDF: the portal's name, its title and every section, with link
addresses shown and none of the site's furniture."""

from __future__ import annotations

import base64
import io
import re

import pytest
from pages_under_test import LANGUAGES, PAGE_KINDS
from selenium.webdriver.common.by import By

# Paper sizes in inches, as Chromium's Page.printToPDF takes them.
PAPERS = {"A4": (8.27, 11.69), "Letter": (8.5, 11.0)}
PRACTICE = next(k for k in PAGE_KINDS if k.kind == "practice")


def _squeeze(text: str) -> str:
    # PDF text comes back with line breaks where the page wrapped lines: compare without spaces.
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_practice_prints_on_one_page(browser, base_url, lang, paper):
    from pypdf import PdfReader

    browser.get(f"{base_url}/{PRACTICE.path(lang)}")
    title = browser.find_element(By.CSS_SELECTOR, "article h1").text
    # Related practices are links to other pages, not part of the sheet: not printed.
    sections = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "article h2")
                if h.get_attribute("id") != "related"]
    site_name = browser.find_element(By.CSS_SELECTOR, 'meta[property="og:site_name"]').get_attribute("content")
    # [address, link text] of every external link of the sheet (the correction link, editors'
    # machinery, is not printed).
    external = browser.execute_script(
        "return [...document.querySelectorAll('article a[href^=\"http\"]')]"
        ".filter(a => !a.closest('.md-content__button, .bp-correction'))"
        ".map(a => [a.getAttribute('href'), a.textContent.trim()])")
    footer = browser.find_element(By.CSS_SELECTOR, ".md-copyright").get_attribute("textContent")
    width, height = PAPERS[paper]
    pdf = browser.execute_cdp_cmd("Page.printToPDF", {
        "paperWidth": width, "paperHeight": height, "printBackground": False})
    reader = PdfReader(io.BytesIO(base64.b64decode(pdf["data"])))
    text = _squeeze("\n".join(page.extract_text() for page in reader.pages))

    assert len(reader.pages) == 1, f"{len(reader.pages)} pages on {paper} ({lang})"
    assert sections, "the sheet has no sections"
    for heading in [site_name, title, *sections]:
        assert _squeeze(heading) in text, f"{heading!r} missing from the printed sheet"
    assert external, "the seed practice links to a partner's site"
    for href, label in external:
        # A link whose text is its address is printed once; any other shows it in brackets.
        printed = href if label == href else f"({href})"
        assert _squeeze(printed) in text, f"{href} not printed with its link {label!r}"
    # No site furniture: the footer's licence line, the search box, the language menu, the
    # download link and the print button are not printed.
    assert _squeeze(footer) not in text
    for furniture in browser.find_elements(By.CSS_SELECTOR, ".md-select, .bp-sheet"):
        printed = _squeeze(furniture.get_attribute("textContent"))
        assert printed and printed not in text, f"{printed!r} printed"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_print_button_prints_the_sheet(browser, base_url, lang):
    browser.get(f"{base_url}/{PRACTICE.path(lang)}")
    button = browser.find_element(By.CSS_SELECTOR, ".bp-sheet button")
    assert button.text == {"es": "Imprimir la ficha", "en": "Print the sheet", "pt": "Imprimir a ficha"}[lang]
    # The browser's print dialog cannot be driven headless: record the call instead.
    browser.execute_script("window.print = () => { window.bpPrinted = (window.bpPrinted || 0) + 1; };")
    button.click()
    assert browser.execute_script("return window.bpPrinted") == 1
