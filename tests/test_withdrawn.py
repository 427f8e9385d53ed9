"""Withdrawing a practice (issue 14, item 4): `withdrawn: {date, reason}` keeps its sheet at its
URL with a notice and the reason, and its citation files; it leaves the catalogue, search,
feeds, counts, related practices and listings; the open data lists it, marked withdrawn. A
country listing that loses its last practice keeps its URL."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections import Counter

import pypdf
import pytest
import yaml
from bs4 import BeautifulSoup
from harness import ROOT, build_site, copy_project, run_portal

from portal.data.permalinks import MANIFEST, read_manifest, site_urls
from portal.model.catalog import Project
from portal.read.practices import load_catalog


def _only_one_of_its_country() -> tuple[str, str]:
    """(id, country) of a practice that is the only one of its country, so that withdrawing it
    empties that country's listing."""
    practices = load_catalog(Project(ROOT)).practices
    per_country = Counter(c for p in practices for c in p.countries)
    return next((p.id, p.countries[0]) for p in practices
                if len(p.countries) == 1 and per_country[p.countries[0]] == 1)


WITHDRAWN, COUNTRY = _only_one_of_its_country()
REASON = {"es": "La municipalidad cerró el programa y pidió retirar la ficha.",
          "en": "The municipality closed the programme and asked for the sheet to be withdrawn.",
          "pt": "O município encerrou o programa e pediu a retirada da ficha."}


@pytest.fixture(scope="module")
def withdrawn_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("withdrawn")
    project = copy_project(base / "project")
    shutil.copy2(ROOT / MANIFEST, project / MANIFEST)
    path = project / "practices" / f"{WITHDRAWN}.yaml"
    text = path.read_text(encoding="utf-8")
    # The reason in each language the practice is written in (a translated one has Portuguese).
    written = [lang for lang in REASON if lang in yaml.safe_load(text)["title"]]
    path.write_text(text + 'withdrawn:\n  date: "2026-11-30"\n  reason:\n'
                    + "".join(f"    {lang}: {REASON[lang]}\n" for lang in written), encoding="utf-8")
    checked = run_portal(project, "check")
    assert checked.returncode == 0, checked.stderr
    site = base / "site"
    build_site(project, site)
    return project, site, checked.stdout


def html(site, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def test_check_counts_it_apart(withdrawn_site):
    _, _, out = withdrawn_site
    current = len(list((ROOT / "practices").glob("*.yaml"))) - 1
    assert f"{current} prácticas válidas y 1 retirada / {current} valid practices and 1 withdrawn" in out


def test_the_sheet_stays_with_a_notice_and_the_reason(withdrawn_site):
    _, site, _ = withdrawn_site
    for prefix, lang, title, date in (("", "es", "Práctica retirada", "30 de noviembre de 2026"),
                                      ("en/", "en", "Practice withdrawn", "30 November 2026"),
                                      ("pt/", "pt", "Prática retirada", "30 de novembro de 2026")):
        page = html(site, f"{prefix}practicas/{WITHDRAWN}/index.html")
        notice = page.select_one(".bp-withdrawn")
        assert notice.select_one(".admonition-title").get_text() == title
        assert date in notice.get_text() and REASON[lang] in notice.get_text()
        # Not searchable: Pagefind indexes only pages with data-pagefind-body.
        assert page.select_one("[data-pagefind-body]") is None
        # Its citation files and its PDF are still served; the PDF carries the notice too.
        for name in (f"{WITHDRAWN}.bib", f"{WITHDRAWN}.ris", f"{WITHDRAWN}.json", f"{WITHDRAWN}.{lang}.pdf"):
            assert (site / f"{prefix}practicas/{WITHDRAWN}/{name}").is_file(), name
        pdf = pypdf.PdfReader(site / f"{prefix}practicas/{WITHDRAWN}/{WITHDRAWN}.{lang}.pdf")
        assert title in " ".join(pdf.pages[0].extract_text().split())


def test_it_leaves_catalogue_feeds_counts_listings_and_related(withdrawn_site):
    project, site, _ = withdrawn_site
    for prefix in ("", "en/", "pt/"):
        catalogue = html(site, f"{prefix}practicas/index.html")
        assert catalogue.select("a[href]") and not catalogue.select(f'a[href*="{WITHDRAWN}"]')
        assert WITHDRAWN not in (site / f"{prefix}feed.xml").read_text(encoding="utf-8")
        # Nor do the catalog's filters count it (its card files are what they show).
        cards = sorted((site / prefix / "practicas").glob("tarjetas-*.json"))
        assert cards and all(WITHDRAWN not in c.read_text(encoding="utf-8") for c in cards)
        filters = json.loads((site / prefix / "practicas" / "filtros.json").read_text(encoding="utf-8"))
        assert len(filters["practices"]) == len(list((project / "practices").glob("*.yaml"))) - 1
        for page in (site / prefix / "practicas").glob("*/index.html"):
            if WITHDRAWN not in page.parent.name:
                assert f"../{WITHDRAWN}/" not in page.read_text(encoding="utf-8"), page
        countries = html(site, f"{prefix}paises/index.html")
        assert not countries.select(f'a[href*="{COUNTRY.lower()}/"]')
        home = (site / prefix / "index.html").read_text(encoding="utf-8")
        assert WITHDRAWN not in home and f"paises/{COUNTRY.lower()}/" not in home
        # The country's listing keeps its URL, says why it is empty and links to the catalogue.
        listing = html(site, f"{prefix}paises/{COUNTRY.lower()}/index.html")
        text = listing.get_text()
        assert {"": "se han retirado del catálogo", "en/": "have been withdrawn from the catalogue",
                "pt/": "foram retiradas do catálogo"}[prefix] in text
        assert listing.select('a[href$="practicas/"]')


def test_every_published_url_still_answers(withdrawn_site):
    project, site, _ = withdrawn_site
    served = site_urls(site)
    assert [url for _, url in read_manifest(project) if url not in served] == []


def test_the_open_data_lists_it_as_withdrawn(withdrawn_site):
    _, site, _ = withdrawn_site
    rows = list(csv.DictReader(io.StringIO((site / "datos" / "practicas.csv").read_text(encoding="utf-8-sig"))))
    by_id = {row["id"]: row for row in rows}
    assert by_id[WITHDRAWN]["withdrawn"] == "2026-11-30"
    assert {row["withdrawn"] for i, row in by_id.items() if i != WITHDRAWN} == {""}
    data = json.loads((site / "datos" / "practicas.json").read_text(encoding="utf-8"))
    (entry,) = [p for p in data if p["id"] == WITHDRAWN]
    assert entry["withdrawn"] == {"date": "2026-11-30", "reason": REASON}
