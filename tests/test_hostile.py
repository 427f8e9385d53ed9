"""Hostile content through the real pipeline (`portal check`, then `mkdocs build --strict` on a
project copy): each attack is either rejected with a clear message, or built into pages that
carry no script, event handler or javascript:/data: URL from it, and keep their layout."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from harness import ROOT, SEED_ID, build_site, copy_project, make_driver, run_portal, serve
from lxml import html

from portal.build import csp

HOSTILE = Path(__file__).parent / "hostile"
ACCEPTED_ID = "hostil-aceptada"
# Vocabulary labels are data files: a hostile label must come out as text too.
# Vocabulary labels are data files: a hostile label must come out as text too. (Labels refuse
# < > { }: tests/test_bad_files.py; what they may hold is tried here.)
VOCAB_LABEL = "&lt;script&gt;alert('vocab')&lt;/script&gt; \" onmouseover=\"alert('vocab-img') Integración"
VOCAB_LABEL_EN = "\" onclick=\"alert('vocab-attr') ' [x](javascript:alert(1)) Integration"
GCM_POISON = {
    "{key: human-rights, en: Human rights, es: Derechos humanos, pt: Direitos humanos}":
        "{key: human-rights, en: \"&lt;b onmouseover=alert('principle')&gt;Human rights\", "
        "es: \"\\\" onclick=\\\"alert('principio') Derechos humanos\", "
        "pt: \"&lt;b onmouseover=alert('princípio')&gt;Direitos humanos\"}",
    '"Collect and utilize accurate and disaggregated data as a basis for evidence-based policies"':
        '"&lt;iframe src=javascript:alert(1)&gt; Collect data \\" onclick=\\"alert(1)"',
    '"Coletar e utilizar dados precisos e desagregados como base para políticas baseadas em evidências"':
        '"&lt;iframe src=javascript:alert(1)&gt; Coletar dados \\" onclick=\\"alert(1)"',
}
DANGEROUS_URL = re.compile(r"^(javascript|data|vbscript):", re.I)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "srcset", "poster", "xlink:href",
                  "background", "ping")
# Elements that editors' content never needs and that could run, load or submit something.
FOREIGN_ELEMENTS = ("iframe", "object", "embed", "form", "style", "base", "svg", "math", "meta")


def _poison_vocabulary(project: Path) -> None:
    themes = project / "practices" / "vocabularies" / "themes.yaml"
    text = themes.read_text(encoding="utf-8")
    plain = ("{key: integration, es: Integración socioeconómica, en: Socio-economic integration, "
             "pt: Integração socioeconômica}")
    assert plain in text
    es, en = json.dumps(VOCAB_LABEL, ensure_ascii=False), json.dumps(VOCAB_LABEL_EN)
    # The Portuguese label is the English attack (Portuguese pages show it).
    themes.write_text(text.replace(plain, f"{{key: integration, es: {es}, en: {en}, pt: {en}}}"),
                      encoding="utf-8")
    # A GCM principle label and an objective's title, shown on the sheet too.
    gcm = project / "practices" / "vocabularies" / "gcm.yaml"
    text = gcm.read_text(encoding="utf-8")
    for plain, hostile in GCM_POISON.items():
        assert plain in text
        text = text.replace(plain, hostile)
    gcm.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    project = copy_project(base / "project")
    shutil.copy(HOSTILE / f"{ACCEPTED_ID}.yaml", project / "practices")
    _poison_vocabulary(project)
    checked = run_portal(project, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    site = base / "site"
    build_site(project, site)
    return site


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html"))


def test_accepted_practice_is_built(hostile_site):
    for lang_prefix in ("", "en/", "pt/"):
        assert (hostile_site / f"{lang_prefix}practicas/{ACCEPTED_ID}/index.html").is_file()


def test_no_script_from_content(hostile_site, site):
    """Every inline script of every page is one of the theme's own (the clean site's), none is
    inside <article>, and every script file is the site's own."""
    theme = set(csp.theme_hashes(site))
    for page in _pages(hostile_site):
        rel = page.relative_to(hostile_site)
        for source in csp.inline_scripts(page.read_text(encoding="utf-8")):
            assert csp.script_hash(source) in theme, f"{rel}: unknown inline script {source[:80]!r}"
        assert html.parse(str(page)).xpath("//article//script") == [], f"{rel}: script in content"
        for src in html.parse(str(page)).xpath("//script/@src"):
            assert not re.match(r"^[a-z]+:|^//", src, re.I), f"{rel}: script from {src}"


def test_no_event_handler_or_dangerous_url(hostile_site):
    for page in _pages(hostile_site):
        rel = page.relative_to(hostile_site)
        for element in html.parse(str(page)).iter():
            if not isinstance(element.tag, str):
                continue
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), f"{rel}: <{element.tag} {name}={value!r}>"
                if name.lower() in URL_ATTRIBUTES:
                    cleaned = re.sub(r"[\x00-\x20]", "", value)
                    assert not DANGEROUS_URL.match(cleaned), f"{rel}: <{element.tag} {name}={value!r}>"


def test_no_foreign_element_in_content_or_head(hostile_site):
    """Nothing in <article> that could run, load or submit; nothing in <head> that could
    redirect or re-base the page; the JSON-LD data block still parses (no break-out)."""
    for lang_prefix in ("", "en/", "pt/"):
        page = hostile_site / f"{lang_prefix}practicas/{ACCEPTED_ID}/index.html"
        root = html.parse(str(page)).getroot()
        article = root.xpath("//article")[0]
        # The theme's own edit button holds an SVG icon; the rest of <article> is content.
        found = [e.tag for e in article.iter() if e.tag in FOREIGN_ELEMENTS
                 and not e.xpath("ancestor::a[contains(@class, 'md-content__button')]")]
        assert found == [], f"{page.relative_to(hostile_site)}: {found}"
        assert root.xpath("//base | //head//style | //head//iframe") == []
        # One <meta http-equiv>: the page's own Content-Security-Policy, nothing that redirects.
        assert [m.get("http-equiv") for m in root.xpath("//meta[@http-equiv]")] == [
            "Content-Security-Policy"]
        for block in root.xpath("//script[@type='application/ld+json']"):
            data = json.loads(block.text)
            assert "<script" not in block.text and data


@pytest.mark.parametrize("lang_prefix", ["", "en/"])
def test_hostile_text_is_shown_as_text(hostile_site, lang_prefix):
    """What an editor typed is what a reader sees, markup included, as plain text."""
    page = hostile_site / f"{lang_prefix}practicas/{ACCEPTED_ID}/index.html"
    root = html.parse(str(page)).getroot()
    chips = [li.text_content() for li in root.xpath("//article//ul[@class='bp-chips']/li")]
    assert (VOCAB_LABEL_EN if lang_prefix else VOCAB_LABEL) in chips
    principle = ("&lt;b onmouseover=alert('principle')&gt;Human rights" if lang_prefix
                 else "\" onclick=\"alert('principio') Derechos humanos")
    assert principle in root.xpath("//article")[0].text_content()
    title = root.xpath("//article//h1")[0].text_content()
    # Entities typed in a title (the schema refuses < and >) become text, never markup.
    assert "<script>alert('title')</script>" in title
    description = root.xpath("//meta[@name='description']/@content")[0]
    assert "<script" not in description and "alert('meta')" not in description


PAGES_WITH_HOSTILE_TEXT = [f"practicas/{ACCEPTED_ID}/", f"en/practicas/{ACCEPTED_ID}/",
                           "practicas/", "en/practicas/", "", "en/"]
# Counts every alert/confirm/prompt a page calls: any would be an injected script running.
ALERT_TRAP = """
window.__alerts = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = (...args) => { window.__alerts.push(name + ': ' + args.join(' ')); };
}
"""


@pytest.fixture(scope="module")
def phone(hostile_site):
    server, url = serve(hostile_site)
    driver = make_driver()
    driver.set_window_size(390, 900)  # a window opened this narrow is widened to 500 px
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": ALERT_TRAP})
    yield driver, url
    driver.quit()
    server.shutdown()


@pytest.mark.parametrize("path", PAGES_WITH_HOSTILE_TEXT)
def test_hostile_page_runs_nothing_and_fits_a_phone(phone, path):
    driver, url = phone
    driver.get(f"{url}/{path}")
    assert driver.execute_script("return window.innerWidth") == 390
    # Hover and focus every link and element of the content: handlers would fire now (the
    # site's own print button, which does call print(), is not clicked).
    driver.execute_script(
        "for (const e of document.querySelectorAll('article *')) {"
        "  for (const t of ['mouseover', 'focus', 'click', 'error', 'load'])"
        "    if (t !== 'click' || !e.matches('a, .bp-sheet-print')) e.dispatchEvent(new Event(t)); }")
    assert driver.execute_script("return window.__alerts") == []
    width, scroll = driver.execute_script(
        "return [window.innerWidth, document.documentElement.scrollWidth]")
    wide = driver.execute_script(
        "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
        " > window.innerWidth + 1).map(e => e.tagName + '.' + e.className).slice(0, 8)")
    assert scroll <= width, f"{path}: {scroll} px of content in a {width} px wide window: {wide}"


# --- Attacks the checks reject, each with its message -----------------------------------------

KEBAB_ID = ("solo minúsculas a-z, cifras y guiones simples, como peru-unidad-integracion-migratoria / "
            "must be ascii kebab-case: lowercase letters a-z, digits and single hyphens, "
            "like peru-unidad-integracion-migratoria")
FULL_URL = ("debe ser una dirección completa que empiece por https://, http:// o mailto: / "
            "must be a full address starting with https://, http:// or mailto:")
NO_MARKUP = "no puede contener < ni > / must not contain < or >"
REJECTED = {
    # file stem: (path in the practice, hostile value, expected "field: message")
    "hostil-id": (("id",), 'x" onclick="alert(1)', f"id: {KEBAB_ID}"),
    "hostil-titulo": (("title", "es"), "<script>alert(1)</script>", f"title.es: {NO_MARKUP}"),
    "hostil-enlace-js": (("links", 0, "url"), "javascript:alert(1)", f"links[0].url: {FULL_URL}"),
    "hostil-enlace-data": (("sources", 0, "url"), "data:text/html,<script>alert(1)</script>",
                           f"sources[0].url: {FULL_URL}"),
    "hostil-comillas": (("institutions", 0, "url"), 'https://example.org/" onclick="alert(1)',
                        f"institutions[0].url: {FULL_URL}"),
    "hostil-fuente": (("sources", 0, "publisher"), "<img src=x onerror=alert(1)>",
                      f"sources[0].publisher: {NO_MARKUP}"),
    "hostil-idioma": (("sources", 0, "language"), 'es" onclick="alert(1)',
                      "sources[0].language: debe ser un código de idioma de dos letras, como es / "
                      "must be a two-letter language code, like es"),
    "hostil-bidi": (("title", "en"), "Unit \u202e2016 ,uréP", (
        "title.en: contiene el carácter de control invisible U+202E, que invierte el texto que le "
        "sigue; bórrelo (las marcas U+200E y U+200F se admiten) / holds the invisible control "
        "character U+202E, which reverses the text after it; remove it (the marks U+200E and U+200F are allowed)")),
}
HOSTILE_KEY = 'diaspora" onclick="alert(1)'


def _set(data, path, value):
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


@pytest.fixture(scope="module")
def rejected_project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("rejected") / "project")
    seed = yaml.safe_load((ROOT / "practices" / f"{SEED_ID}.yaml").read_text(encoding="utf-8"))
    for stem, (path, value, _) in REJECTED.items():
        data = json.loads(json.dumps(seed))
        data["id"] = stem
        _set(data, path, value)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (project / "practices" / f"{stem}.yaml").write_text(text, encoding="utf-8")
    # A file name that is not kebab-case, with a valid id inside.
    data = json.loads(json.dumps(seed))
    data["id"] = "hostil-onclick"
    (project / "practices" / "hostil onclick=alert(1).yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # A vocabulary key (it ends up in URLs and ids): changed in the file and the schema alike.
    for name in ("vocabularies/populations.yaml", "schema.json"):
        file = project / "practices" / name
        text = file.read_text(encoding="utf-8")
        new = HOSTILE_KEY.replace('"', '\\"') if name.endswith(".json") else json.dumps(HOSTILE_KEY)[1:-1]
        text = text.replace('"diaspora"', f'"{new}"') if name.endswith(".json") else \
            text.replace("key: diaspora,", f'key: "{new}",')
        assert HOSTILE_KEY.split('"')[1] in text
        file.write_text(text, encoding="utf-8")
    return project


def test_rejected_with_clear_messages(rejected_project):
    result = run_portal(rejected_project, "check")
    assert result.returncode != 0
    lines = result.stdout.splitlines() + result.stderr.splitlines()
    for stem, (_, _, message) in REJECTED.items():
        pattern = re.compile(rf"^practices/{re.escape(stem)}\.yaml:\d+:\d+: {re.escape(message)}$")
        assert any(pattern.match(line) for line in lines), f"{stem}: no line '{message}' in\n" + \
            "\n".join(lines)
    assert any(re.match(r"^practices/hostil onclick=alert\(1\)\.yaml:1:1: el nombre de archivo 'hostil "
                        r"onclick=alert\(1\)' solo puede llevar", line) for line in lines)
    key_message = (f"terms[7].key: '{HOSTILE_KEY}' solo puede llevar minúsculas a-z, cifras y guiones "
                   f"simples, como local-governance / '{HOSTILE_KEY}' must be ascii kebab-case: lowercase letters "
                   "a-z, digits and single hyphens, like local-governance")
    assert any(re.match(rf"^practices/vocabularies/populations\.yaml:\d+:\d+: {re.escape(key_message)}$",
                        line) for line in lines), "\n".join(lines)


def test_rejected_practices_stop_the_build(rejected_project, tmp_path):
    result = build_site(rejected_project, tmp_path / "site", check=False)
    assert result.returncode != 0
    assert "practices do not validate" in result.stderr + result.stdout
    assert not (tmp_path / "site" / "practicas" / "hostil-titulo").exists()
