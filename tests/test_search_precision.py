"""Search that never shows a false match, on the real practices (issue 17, item 1).

Pagefind answers a word it lacks with the longest indexed prefix of it ("employment" found the
word "e"). The header search and the catalog must give no practice for such a word, keep
prefixes while typing and ignore accents, and show excerpts from the practice's own text.
Expected results are computed from the built sheets' text, never written down.
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from portal.model.practice import LANGUAGES, language_prefix

HOMES = {lang: language_prefix(lang) for lang in LANGUAGES}
# Words no practice has, each of which Pagefind alone answers with a prefix of it.
ABSENT = {"es": ("zzyzx", "empleabilidad"), "en": ("zzyzx", "employment"), "pt": ("zzyzx", "empregabilidade")}


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower())
                   if not unicodedata.combining(c))


class _Indexed(HTMLParser):
    """The text Pagefind indexes: inside data-pagefind-body, outside data-pagefind-ignore."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []  # "body", "ignore" or "" for each open element
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        names = dict(attrs)
        self.stack.append("ignore" if "data-pagefind-ignore" in names
                          else "body" if "data-pagefind-body" in names else "")

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if "body" in self.stack and "ignore" not in self.stack:
            self.text.append(data)


def _sheets(site, lang: str) -> dict[str, str]:
    """Practice id -> the folded text of its sheet as Pagefind indexes it."""
    out = {}
    for page in (site / HOMES[lang] / "practicas").glob("*/index.html"):
        parser = _Indexed()
        parser.feed(page.read_text())
        out[page.parent.name] = _fold(" ".join(parser.text))
    return out


def _wait(driver, condition, timeout=15):
    return WebDriverWait(driver, timeout).until(lambda d: condition(d))


def _header(driver, url: str, words: str) -> list[str]:
    driver.get(url)
    box = driver.find_element(By.ID, "bp-search-input")
    box.click()
    box.send_keys(words)
    status = driver.find_element(By.CSS_SELECTOR, ".bp-search__status")
    _wait(driver, lambda d: status.text.strip())
    return [a.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
            for a in driver.find_elements(By.CSS_SELECTOR, ".bp-search__results li > a")]


def _catalog(driver, url: str, words: str) -> tuple[str, list[str]]:
    driver.get(f"{url}practicas/?q={quote(words)}")
    status = driver.find_element(By.CSS_SELECTOR, "[data-status]")
    _wait(driver, lambda d: status.text.strip())
    links = driver.find_elements(By.CSS_SELECTOR, "[data-results] .bp-card__title a")
    return status.text, [a.get_attribute("href").rstrip("/").rsplit("/", 1)[-1] for a in links]


def _raw_pagefind(driver, url: str, words: str) -> int:
    """How many pages Pagefind itself returns for the words (without the portal's check)."""
    driver.set_script_timeout(20)
    return driver.execute_async_script(
        "const [bundle, q, done] = arguments;"
        "import(bundle).then((pf) => pf.search(q)).then((s) => done(s.results.length));",
        f"{url}pagefind/pagefind.js", words)


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_word_no_practice_has_finds_nothing(site, base_url, browser, lang):
    url = f"{base_url}/{HOMES[lang]}"
    texts = _sheets(site, lang)
    for word in ABSENT[lang]:
        assert not any(word in text for text in texts.values()), word
        browser.get(url)
        substituted = _raw_pagefind(browser, url, word)
        assert _header(browser, url, word) == [], word
        status, found = _catalog(browser, url, word)
        none = browser.find_element(By.CSS_SELECTOR, "[data-bp-catalog]").get_attribute("data-l-none")
        assert found == [] and status.startswith(none), word
        if word != "zzyzx":  # the case this guards: Pagefind alone answers it with a prefix
            assert substituted > 0, word


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "words"), [("es", "inclusión laboral"), ("en", "labour")])
def test_words_find_exactly_the_practices_that_hold_them(site, base_url, browser, lang, words):
    url = f"{base_url}/{HOMES[lang]}"
    terms = _fold(words).split()
    expected = {pid for pid, text in _sheets(site, lang).items()
                if all(re.search(rf"\b{t}", text) for t in terms)}
    assert expected  # the query is about something the practices do say
    assert set(_header(browser, url, words)) == expected
    assert set(_catalog(browser, url, words)[1]) == expected


@pytest.mark.browser
def test_prefix_while_typing_and_accents_do_not_matter(site, base_url, browser):
    url = f"{base_url}/"
    holding = {pid for pid, text in _sheets(site, "es").items() if re.search(r"\bintegr", text)}
    _, typed = _catalog(browser, url, "integr")
    assert set(typed) == holding and len(holding) > 1
    _, accented = _catalog(browser, url, "integración")
    _, plain = _catalog(browser, url, "integracion")
    assert accented and sorted(plain) == sorted(accented)


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "words"), [("es", "Superintendencia"), ("en", "Superintendency")])
def test_excerpts_come_from_the_practice_text_not_the_facts_box(site, base_url, browser, lang,
                                                                words):
    url = f"{base_url}/{HOMES[lang]}"
    found = _catalog(browser, url, words)[1]
    assert found
    excerpt = browser.find_element(By.CSS_SELECTOR, "[data-results] .bp-card__summary")
    assert excerpt.find_elements(By.TAG_NAME, "mark")
    page = (site / HOMES[lang] / "practicas" / found[0] / "index.html").read_text()
    facts = re.search(r'<dl class="bp-facts">.*?</dl>', page, re.S).group(0)
    after = page[page.index("</dl>"):]
    text = excerpt.text.strip("… ")
    words_of = lambda html: " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())  # noqa: E731
    snippet = " ".join(text.split()[2:8])  # inside the excerpt, clear of its cut ends
    assert snippet in words_of(after) and snippet not in words_of(facts), text
