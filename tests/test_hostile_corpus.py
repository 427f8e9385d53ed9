"""Every attack of tests/hostile_corpus.py, in every text field of a practice and in a
vocabulary, through the real pipeline: `portal check` accepts them (they are text), `mkdocs
build --strict` builds them, and nothing of them is live anywhere a reader or a consumer meets
it: pages, the search index, feeds, open data, citation files, meta tags and JSON-LD; in a real
browser no handler fires and no script runs."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re

import pytest
from harness import build_site, make_driver, run_portal, serve
from hostile_corpus import ATTACKS, ID, RICH, hostile_project
from lxml import etree
from lxml import html as lxml_html

from portal.build import csp
from portal.model.practice import LANGUAGES, language_prefix
from portal.pages.livemarkup import live_markup

PREFIXES = tuple(language_prefix(lang) for lang in LANGUAGES)  # "", "en/", "pt/"

DANGEROUS_URL = re.compile(r"^(javascript|data|vbscript):", re.I)
ALERT_TRAP = """
window.__alerts = [];
for (const name of ['alert', 'confirm', 'prompt']) {
  window[name] = (...args) => { window.__alerts.push(name + ': ' + args.join(' ')); };
}
"""


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory, site):
    base = tmp_path_factory.mktemp("corpus")
    project = hostile_project(base / "project")
    checked = run_portal(project, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = base / "site"
    build_site(project, built)
    return built


def test_every_attack_was_built(corpus_site):
    for name in ATTACKS:
        for prefix in PREFIXES:
            assert (corpus_site / f"{prefix}practicas/{ID.format(name)}/index.html").is_file(), name


def test_no_page_holds_live_markup(corpus_site, site):
    """Every built page: scripts are the clean site's theme scripts and data blocks only, and no
    element has a handler, a script URL or is one that runs, embeds or redirects."""
    theme = set(csp.theme_hashes(site))
    pages = sorted(corpus_site.rglob("*.html"))
    assert len(pages) > 2 * len(ATTACKS)
    for page in pages:
        rel = page.relative_to(corpus_site).as_posix()
        text = page.read_text(encoding="utf-8")
        for source in csp.inline_scripts(text):
            assert csp.script_hash(source) in theme, f"{rel}: inline script {source[:80]!r}"
        root = lxml_html.fromstring(text)
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), f"{rel}: <{element.tag} {name}={value!r}>"
                if name.lower() in ("href", "src", "action", "formaction", "data", "xlink:href"):
                    cleaned = re.sub(r"[\x00-\x20]", "", value)
                    assert not DANGEROUS_URL.match(cleaned), f"{rel}: <{element.tag} {name}={value!r}>"
        article = root.xpath("//article")
        if article:
            # The content: what live_markup finds there, the build would have refused.
            found = [e.tag for e in article[0].iter() if e.tag in
                     ("script", "iframe", "object", "embed", "base", "meta", "style", "img")]
            assert found == [], f"{rel}: {found}"
            forms = [f.get("class", "") for f in article[0].iter("form")]
            assert all(c.startswith("bp-") for c in forms), f"{rel}: a form from content: {forms}"
        assert [m.get("http-equiv") for m in root.xpath("//meta[@http-equiv]")] in (
            [], ["Content-Security-Policy"]), rel


def test_attacks_read_as_text_on_their_sheets(corpus_site):
    """What an editor typed is shown: the words of each attack are on its page as text."""
    for name in ATTACKS:
        page = corpus_site / f"practicas/{ID.format(name)}/index.html"
        text = lxml_html.parse(str(page)).getroot().xpath("//article")[0].text_content()
        assert f"es {name}" in text, name
    sheet = corpus_site / f"practicas/{ID.format('attr-img')}/index.html"
    shown = lxml_html.parse(str(sheet)).getroot().xpath("//article")[0].text_content()
    assert "{: onerror=alert('attr-img') }" in shown


def test_metadata_and_json_ld_are_plain_and_whole(corpus_site):
    for name in ATTACKS:
        root = lxml_html.parse(str(corpus_site / f"practicas/{ID.format(name)}/index.html")).getroot()
        for meta in root.xpath("//meta[@content]"):
            if meta.get("http-equiv"):
                continue
            assert live_markup(meta.get("content")) == [], (name, meta.get("name") or meta.get("property"))
        blocks = root.xpath("//script[@type='application/ld+json']")
        assert len(blocks) == 1, name
        data = json.loads(blocks[0].text)  # a break-out would not parse
        assert data["@type"] and "</script" not in blocks[0].text.lower()


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def test_reuse_files_parse_and_carry_no_markup(corpus_site):
    """Feeds are XML with HTML content a reader renders; open data and citation files are data
    that others render: each parses, and no value in them is live markup."""
    import bibtexparser
    import rispy

    feeds = sorted(corpus_site.rglob("feed.xml"))
    assert len(feeds) == len(LANGUAGES)
    for feed in feeds:
        tree = etree.parse(str(feed))  # well-formed whatever the text
        for node in tree.iter("{http://www.w3.org/2005/Atom}content", "{http://www.w3.org/2005/Atom}summary"):
            assert live_markup(node.text or "") == [], feed
    jsons = sorted(corpus_site.rglob("*.json"))
    assert any(p.parent.name == "datos" for p in jsons)
    for path in jsons:
        if "pagefind" in path.parts or re.fullmatch(r"tarjetas-[0-9]+\.json", path.name):
            # Pagefind's fragments and the catalog's card files hold the words of cards, which
            # the catalog renders as text nodes (test_search_results_run_nothing).
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        if path.name == "practicas.json":
            # The editors' own data: the Markdown fields hold what the editor wrote, as the
            # published schema says (a consumer renders Markdown with its own sanitizer, as
            # the portal does); every other value is plain text.
            data = [{k: v for k, v in practice.items() if k not in RICH} for practice in data]
        for value in _strings(data):
            assert live_markup(value) == [], path
    csvs = sorted(corpus_site.rglob("*.csv"))
    assert csvs
    for path in csvs:
        text = path.read_text(encoding="utf-8-sig")
        for row in csv.reader(io.StringIO(text), delimiter=";" if "excel" in path.name else ","):
            for cell in row:
                assert live_markup(cell) == [], (path.name, cell[:80])
    for name in ATTACKS:
        folder = corpus_site / f"practicas/{ID.format(name)}"
        bib = bibtexparser.loads((folder / f"{ID.format(name)}.bib").read_text(encoding="utf-8"))
        assert len(bib.entries) == 1, name
        ris = rispy.loads((folder / f"{ID.format(name)}.ris").read_text(encoding="utf-8"))
        assert len(ris) == 1, name
        for value in [*_strings(bib.entries[0]), *_strings(ris[0])]:
            assert live_markup(value) == [], (name, value[:80])


def test_search_index_holds_the_attacks_as_text(corpus_site):
    """Pagefind's fragments (what the search shows) carry each practice's words as text, which
    the search UI turns into text nodes (see test_search_results_run_nothing)."""
    fragments = sorted((corpus_site / "pagefind" / "fragment").glob("*.pf_fragment"))
    titles = set()
    for path in fragments:
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        fragment = json.loads(raw[len(b"pagefind_dcd"):])
        titles.add(fragment["meta"]["title"])
        if "attr-img" in fragment["url"]:
            assert "{: onerror=alert('attr-img') }" in fragment["content"]
    assert all(any(f"es {name}" in title for title in titles) for name in ATTACKS)


@pytest.fixture(scope="module")
def trapped(corpus_site):
    server, url = serve(corpus_site)
    driver = make_driver(width=390, height=844)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": ALERT_TRAP})
    yield driver, url
    driver.quit()
    server.shutdown()


PAGES = [f"{prefix}{page}" for prefix in PREFIXES
         for page in (*(f"practicas/{ID.format(name)}/" for name in ATTACKS), "", "practicas/",
                      "temas/integration/")]


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_nothing_runs_in_a_browser(trapped, path):
    driver, url = trapped
    driver.get(f"{url}/{path}")
    # Hover, focus and load every element of the content: a handler would fire now.
    driver.execute_script(
        "for (const e of document.querySelectorAll('article *')) {"
        "  for (const t of ['mouseover', 'focus', 'error', 'load']) e.dispatchEvent(new Event(t)); }")
    assert driver.execute_script("return window.__alerts") == []
    assert driver.execute_script("return document.querySelectorAll('article img, article iframe').length") == 0


@pytest.mark.browser
@pytest.mark.parametrize("query", ["q=onerror", "q=alert", "q=script", "q=javascript", "sort=newest"])
def test_search_results_run_nothing(trapped, query):
    """The catalog's search shows titles and excerpts of the attacks, and its filters and sort
    the cards of its data files (portal.pages.catalog_data): as text only."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver, url = trapped
    driver.get(f"{url}/practicas/?{query}")
    WebDriverWait(driver, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "[data-results] li"))
    results = driver.find_element(By.CSS_SELECTOR, "[data-results]")
    tags = driver.execute_script(
        "return [...arguments[0].querySelectorAll('*')].map(e => e.tagName.toLowerCase())", results)
    # The card of a result (portal.pages.cards, rebuilt by the search UI from text).
    allowed = {"li", "a", "p", "mark", "span", "h2", "h3", "div", "strong", "ul", "ol", "time", "article"}
    assert set(tags) <= allowed, set(tags)
    assert driver.execute_script("return window.__alerts") == []
