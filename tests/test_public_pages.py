"""What the public sees (issue 17, items 6-9): no link to an empty listing, every interface word
in the page's language, the language switch keeping the catalog's view, a phone header that
names the site and the language."""

from __future__ import annotations

from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from bs4 import BeautifulSoup
from harness import make_driver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from portal.i18n import words as interface_words
from portal.model.catalog import Project
from portal.model.practice import LANGUAGES, language_prefix
from portal.read.practices import load_catalog

LABELS = {lang: interface_words(lang) for lang in LANGUAGES}
LISTING_FOLDERS = ("paises", "objetivos", "temas", "poblaciones")


def _pages(site):
    return [p for p in site.rglob("*.html") if p.name != "404.html"]


def test_no_page_links_to_an_empty_listing(site):
    checked = 0
    for page in _pages(site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        # The language menu links the same page in the other language: not a link to a listing.
        for href in (a["href"].split("#")[0].split("?")[0] for a in soup.select("a[href]:not([hreflang])")):
            if not href or href.startswith(("http", "mailto:", "/")):
                continue
            target = (page.parent / href).resolve()
            if target == page.parent.resolve():
                continue  # the page itself (the theme's link to the current page)
            parts = target.relative_to(site.resolve()).parts
            parts = parts[1:] if parts[:1] in (("en",), ("pt",)) else parts
            if len(parts) == 2 and parts[0] in LISTING_FOLDERS:  # a term's page, not an index
                listing = (target / "index.html").read_text(encoding="utf-8")
                assert 'class="bp-card"' in listing, f"{page.relative_to(site)} links {href}"
                checked += 1
    assert checked > 50


def test_an_empty_listing_keeps_its_url_and_says_so(built):
    project, site = built
    catalog = load_catalog(Project(project))
    used = {n for p in catalog.practices for n in p.gcm_objectives}
    empty = next(n for n in range(1, 24) if n not in used)
    for prefix, lang in ((language_prefix(lang), lang) for lang in LANGUAGES):
        page = (site / prefix / "objetivos" / str(empty) / "index.html").read_text(encoding="utf-8")
        assert LABELS[lang]["listing_none"] in page and 'href="../../practicas/"' in page


def _visible_text(page) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup.select("script, style, [lang]:not(html)"):
        hidden.decompose()  # text marked as another language says so (source titles, names)
    return " ".join(unescape(soup.get_text(" ")).split())


def _interface_words(lang: str, page_lang: str) -> list[str]:
    """The portal's words of one language that differ from the page language's, of two words
    or more."""
    return [v for k, v in LABELS[lang].items() if isinstance(v, str) and " " in v
            and "{" not in v and v != LABELS[page_lang].get(k)]


def test_every_interface_word_is_in_the_page_language(site):
    """No page holds a phrase of another language's interface, outside text marked with its
    language (a practice not translated into Portuguese shows Spanish text, marked lang="es")."""
    found = []
    for page in _pages(site):
        first = page.relative_to(site).parts[0]
        page_lang = first if first in LANGUAGES[1:] else LANGUAGES[0]
        text = _visible_text(page)
        if "Made with" in text or "Material for MkDocs" in text:
            found.append(f"{page.relative_to(site)}: theme credit")
        for other in set(LANGUAGES) - {page_lang}:
            for words in _interface_words(other, page_lang):
                if words in text:
                    found.append(f"{page.relative_to(site)}: {other} {words!r}")
    assert not found, "\n".join(found[:20])


@pytest.mark.browser
def test_language_switch_keeps_the_catalog_view(base_url, browser):
    browser.get(f"{base_url}/practicas/?q=integr&theme=integration")
    WebDriverWait(browser, 15).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "[data-status]").text.strip())
    browser.find_element(By.CSS_SELECTOR, ".md-header .md-select button").click()
    browser.find_element(By.CSS_SELECTOR, '.md-select__link[hreflang="en"]').click()
    WebDriverWait(browser, 15).until(lambda d: "/en/practicas/" in d.current_url)
    assert parse_qs(urlparse(browser.current_url).query) == {"q": ["integr"], "theme": ["integration"]}
    WebDriverWait(browser, 15).until(
        lambda d: d.find_element(By.ID, "bp-catalog-q").get_attribute("value") == "integr")


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_phone_header_names_the_site_and_the_language(base_url, lang):
    driver = make_driver()
    try:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        driver.get(f"{base_url}/{language_prefix(lang)}")
        name = driver.find_element(By.CSS_SELECTOR, ".md-header__topic .md-ellipsis")
        assert name.text == LABELS[lang]["site_short"]
        assert driver.execute_script("return arguments[0].scrollWidth <= arguments[0].clientWidth", name)
        assert driver.find_element(By.CSS_SELECTOR, ".bp-lang__code").text == lang.upper()
        # The search box opens from its button, and its answers count practices.
        driver.find_element(By.CSS_SELECTOR, ".bp-search__button").click()
        box = driver.find_element(By.ID, "bp-search-input")
        assert driver.switch_to.active_element == box and box.size["width"] > 200
        box.send_keys("zzyzx")
        status = driver.find_element(By.CSS_SELECTOR, ".bp-search__status")
        WebDriverWait(driver, 15).until(lambda d: status.text.strip())
        assert status.text == LABELS[lang]["results_none"]
    finally:
        driver.quit()


def test_about_names_the_publisher_and_a_contact_from_the_configuration(built):
    project, site = built
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTag)
    publisher = config["extra"]["publisher"]
    for prefix, lang in (("", "es"), ("en/", "en")):
        about = _visible_text(site / prefix / "acerca" / "index.html")
        assert publisher["name"][lang] in about and publisher["email"] in about
        page = (site / prefix / "acerca" / "index.html").read_text(encoding="utf-8")
        assert f'href="mailto:{publisher["email"]}"' in page


class _AnyTag(yaml.SafeLoader):
    """mkdocs.yml's !ENV tags read as plain values."""


_AnyTag.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_scalar(node)
                              if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node))


def test_open_data_says_optional_once_per_field(site):
    for prefix, words in (("", ("(opcional)", "Opcional:")), ("en/", ("(optional)", "Optional:"))):
        text = _visible_text(site / prefix / "datos" / "index.html")
        assert words[0] in text and words[1] not in text
