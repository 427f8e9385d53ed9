"""What Zotero imports from a practice page and its citation files, by the rules of Zotero's
own translators, reimplemented here line by line (only the parts these pages reach):

- zotero/translators at 2814370161d05d799086825fac8d499db3a33aa3:
  "COinS.js" (priority 310, lines 8, 38-60, 208-246), "Embedded Metadata.js" (priority 320,
  lines 8, 42-81, 171-210, 236-322, 401-421, 564-624), RDF.js (lines 113-160, 916-955, 1226,
  1242-1266: what it makes of Dublin Core), RIS.js (lines 411-416, 1407-1414);
- zotero/utilities at 4051881d59c6c12d34417d4c226f37218051be90: openurl.js
  parseContextObject (lines 203-447) and utilities.js cleanAuthor (lines 227-291).

Zotero offers the translators that detect a page by priority, lowest first, and saves with the
first: with a COinS span on the page, COinS.js. The README's "What Zotero imports" table is the
summary of these rules.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import lxml.html
import pytest
from harness import ROOT, SEED_ID
from test_cite import SITE, author, citation_links, local, page, practice_data

from portal.model.practice import LANGUAGES

PRIORITY = {"COinS": 310, "Embedded Metadata": 320}  # line 8 of each translator


# --- utilities.js cleanAuthor (lines 227-291) ------------------------------------------------

def clean_author(name: str, creator_type: str, use_comma: bool) -> dict:
    name = re.sub(r"^[\s\u00A0.,/\[\]:]+", "", name)
    name = re.sub(r"[\s\u00A0.,/\[\]:]+$", "", name)
    name = re.sub(r"[\s\u00A0]+", " ", name, count=1)  # JS replace without /g: the first run
    first: str | None
    if use_comma:
        name = re.sub(r"\.([^ ])", r". \1", name, count=1)
        parts = re.split(r"[,،] ?", name)
        last, first = (parts[0], parts[1]) if len(parts) > 1 else (name, None)
    else:
        # "Don't parse 'Firstname Lastname [Country]' as '[Country], Firstname Lastname'": the
        # last name is what follows the last space before a letter.
        space = len(name)
        while True:
            space = name.rfind(" ", 0, space)  # JS lastIndexOf(" ", space - 1)
            last, first = name[space + 1:], name[:max(space, 0)]
            if (last[:1].isalpha()) or space <= 0:
                break
    # Lines 264-288 turn all-capital short first names into initials and add periods after
    # initials; no first name on these pages is made of initials, so they are left out.
    return {"firstName": first, "lastName": last, "creatorType": creator_type}


# --- openurl.js parseContextObject (lines 203-447) -------------------------------------------

def parse_context_object(co: str) -> dict | None:
    parts = co.split("&")
    item: dict = {"creators": [], "tags": []}
    for part in parts:
        if part.startswith("rft_val_fmt="):
            fmt = unquote(part[12:])
            if fmt == "info:ofi/fmt:kev:mtx:journal":
                item["itemType"] = "journalArticle"
            elif fmt == "info:ofi/fmt:kev:mtx:book":
                # exact "key=value" strings, as coParts.indexOf() compares them
                if "rft.genre=bookitem" in parts:
                    item["itemType"] = "bookSection"
                elif "rft.genre=conference" in parts or "rft.genre=proceeding" in parts:
                    item["itemType"] = "conferencePaper"
                elif "rft.genre=report" in parts:
                    item["itemType"] = "report"
                elif "rft.genre=document" in parts:
                    item["itemType"] = "document"
                else:
                    item["itemType"] = "book"
            elif fmt == "info:ofi/fmt:kev:mtx:dc":
                item["itemType"] = "webpage"
            if "itemType" in item:
                break
    if "itemType" not in item:
        return None
    complex_authors = []
    for part in parts:
        key, _, raw = part.partition("=")
        raw = raw.split("=")[0]  # keyVal = coParts[i].split("="); keyVal[1]
        value = unquote(re.sub(r"\+|%2[bB]", " ", raw))
        if not value:
            continue
        kind = item["itemType"]
        if key == "rft_id":
            if value.lower().startswith("info:doi"):
                item["DOI"] = value[9:]
            elif re.match(r"^https?://", value):
                item["url"] = value
                item["accessDate"] = ""
        elif key == "rft.btitle":
            if kind in ("book", "report"):
                item["title"] = value
            elif kind in ("bookSection", "conferencePaper"):
                item["publicationTitle"] = value
        elif key == "rft.atitle" and kind in ("journalArticle", "bookSection", "conferencePaper"):
            item["title"] = value
        elif key == "rft.title":
            if kind in ("journalArticle", "bookSection", "conferencePaper"):
                item["publicationTitle"] = value
            else:
                item["title"] = value
        elif key == "rft.date":
            item["date"] = value
        elif key in ("rft.aulast", "rft.aufirst"):
            field = "lastName" if key == "rft.aulast" else "firstName"
            last = complex_authors[-1] if complex_authors else None
            if last is not None and field not in last and not last.get("isInstitution"):
                last[field] = value
            else:
                complex_authors.append({field: value, "creatorType": "author"})
        elif key in ("rft.au", "rft.creator", "rft.contributor"):
            role = "contributor" if key == "rft.contributor" else "author"
            item["creators"].append(clean_author(value, role, "," in value))
        elif key == "rft.aucorp":
            complex_authors.append({"lastName": value, "isInstitution": True})
        elif key in ("rft.pub", "rft.publisher"):
            item["publisher"] = value
        elif key == "rft.place":
            item["place"] = value
        elif key == "rft.series":
            item["seriesTitle" if kind == "report" else "series"] = value
        elif kind in ("thesis", "patent"):
            continue  # their own keys (rft.inst, rft.number...): not reached by a report
        elif key == "rft.identifier" and len(value) > 8 and value.startswith(("http://", "https://")):
            item["url"] = value
        elif key == "rft.description":
            item["abstractNote"] = value
        elif key == "rft.rights":
            item["rights"] = value
        elif key == "rft.language":
            item["language"] = value
        elif key == "rft.subject":
            item["tags"].append(value)
        elif key == "rft.source":
            item["publicationTitle"] = value
    # Complex authors (aucorp, aulast/aufirst) are spliced in before the plain ones; their
    # offset is that of the creators list when they were read (none for aucorp: 0).
    item["creators"] = complex_authors + item["creators"]
    return item


def coins_items(doc) -> list[dict]:
    """COinS.js doWeb: every span.Z3988[title] whose context object parses (lines 208-246)."""
    items = [parse_context_object(span.get("title")) for span in doc.xpath('//span[@class="Z3988"][@title]')]
    return [i for i in items if i]


# --- Embedded Metadata.js --------------------------------------------------------------------

HIGHWIRE_MAPPINGS = {  # lines 42-64
    "citation_title": "title", "citation_publication_date": "date", "citation_cover_date": "date",
    "citation_date": "date", "citation_journal_title": "publicationTitle",
    "citation_journal_abbrev": "journalAbbreviation", "citation_inbook_title": "publicationTitle",
    "citation_book_title": "bookTitle", "citation_volume": "volume", "citation_issue": "issue",
    "citation_series_title": "series", "citation_conference_title": "conferenceName",
    "citation_conference": "conferenceName", "citation_dissertation_institution": "university",
    "citation_technical_report_institution": "institution",
    "citation_technical_report_number": "number", "citation_publisher": "publisher",
    "citation_isbn": "ISBN", "citation_abstract": "abstractNote", "citation_doi": "DOI",
    "citation_public_url": "url", "citation_language": "language",
}
HW_TYPES = {"citation_journal_title": "journalArticle",  # lines 296-322
            "citation_technical_report_institution": "report",
            "citation_conference_title": "conferencePaper", "citation_conference": "conferencePaper",
            "citation_book_title": "bookSection", "citation_inbook_title": "bookSection",
            "citation_dissertation_institution": "thesis"}


def _meta(doc, name: str) -> list[str]:
    """getContent/getContentText (lines 171-188): meta tags whose name ENDS with `name`."""
    return [m.get("content") for m in doc.xpath("/html/head/meta[@name][@content]")
            if m.get("name").endswith(name)]


def _trim_internal(text: str) -> str:
    return " ".join(text.split())


def _highwire_creators(values: list[str], role: str, doc) -> list[dict]:
    """processHighwireCreators (lines 572-624)."""
    creators, last_seen = [], None
    for value in values:
        names = re.split(r"\s*;\s*", value)
        if len(names) == 1 and len(values) == 1:
            by_comma = re.split(r"\s*,\s*", names[0])
            lang = (_meta(doc, "citation_language") or [None])[0]
            spanish = len(by_comma) == 2 and lang in ("es", "spa", "Spanish", "español") and (
                len(by_comma[0].split(" ")) == 2
                or len(by_comma[0].split(" ")) > 2 and re.search(r"[À-ú]|\b[Dd]e\b", by_comma[0]))
            if len(by_comma) > 1 and " " in by_comma[0] and " " in by_comma[1] and not spanish:
                names = by_comma
        for name in names:
            name = name.strip()
            if not re.search(r"[^\s,\-.;]", name) or name == last_seen:
                continue
            last_seen = name
            creators.append(clean_author(name, role, "," in name))
    return creators


def embedded_metadata(doc) -> dict:
    """What Embedded Metadata saves: the RDF translator's reading of the DC.* tags first
    (RDF.js), then Highwire over it (addHighwireMetadata, lines 401-421, 494-497, 564-568)."""
    names = [m.get("name") for m in doc.xpath("//meta[@name]")]
    hw_type = next((HW_TYPES[n[n.rfind("citation_"):]] for n in reversed(names)
                    if n[n.rfind("citation_"):] in HW_TYPES), None)
    dc = {}
    for m in doc.xpath("//meta[@name][@content]"):
        if m.get("name").lower().startswith("dc."):
            dc.setdefault(m.get("name")[3:].lower(), []).append(m.get("content"))
    item = {
        # RDF.js 916-955 with 113-140: a literal dc:creator goes through cleanAuthor.
        "creators": [clean_author(c, "author", "," in c) for c in dc.get("creator", [])],
        "archiveLocation": (dc.get("coverage") or [None])[0],  # RDF.js 1226
        "reportType": (dc.get("type") or [None])[0],  # RDF.js 1242-1266
        "title": (dc.get("title") or [None])[0], "language": (dc.get("language") or [None])[0],
    }
    for meta_name, field in HIGHWIRE_MAPPINGS.items():  # processFields, lines 200-210
        values = _meta(doc, meta_name)
        if values and values[0].strip():
            item[field] = _trim_internal(values[0])
    highwire = _highwire_creators(_meta(doc, "citation_author"), "author", doc)
    item["creators"] = highwire or item["creators"]
    if hw_type:
        item["itemType"] = hw_type
    if not item.get("url"):
        item["url"] = (_meta(doc, "citation_abstract_html_url") or [None])[0]
    return item


def zotero_saves(doc) -> tuple[str, dict]:
    """The translator Zotero uses for the page (lowest priority that detects it) and its item."""
    found = {}
    if coins_items(doc):
        found["COinS"] = coins_items(doc)[0]
    if any(n and "citation_" in n for n in doc.xpath("//meta/@name")):
        found["Embedded Metadata"] = embedded_metadata(doc)
    name = min(found, key=PRIORITY.get)
    return name, found[name]


# --- The tests -------------------------------------------------------------------------------

def test_the_rules_reproduce_what_zotero_did_to_an_institution_as_citation_author():
    # The report: saving the page with the institution in citation_author gave this.
    doc = lxml.html.fromstring(
        '<html><head><meta name="citation_title" content="T">'
        '<meta name="citation_author" content="Superintendencia Nacional de Migraciones (MIGRACIONES)">'
        '<meta name="citation_language" content="es"></head><body></body></html>')
    creators = embedded_metadata(doc)["creators"]
    assert [(c["firstName"], c["lastName"]) for c in creators] == [
        ("Superintendencia Nacional de", "Migraciones (MIGRACIONES)")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_zotero_saves_the_page_as_a_report_by_one_organisation(site, lang):
    doc, _, url = page(site, SEED_ID, lang)
    data = practice_data()
    translator, item = zotero_saves(doc)
    assert translator == "COinS"
    assert item["itemType"] == "report"
    # One creator, kept whole as an organisation: no first name to split it into.
    assert item["creators"] == [{"lastName": author(lang), "isInstitution": True}]
    assert item["title"] == " ".join(data["title"][lang].split())
    assert item["date"] == data["published"]
    assert item["language"] == lang
    assert item["url"] == url and item["accessDate"] == ""
    assert item["abstractNote"] == " ".join(data["summary"][lang].split())
    assert item["publisher"] == SITE.name(lang)
    assert "archiveLocation" not in item and "reportType" not in item


@pytest.mark.parametrize("lang", LANGUAGES)
def test_embedded_metadata_also_reads_a_report_with_its_number(site, lang):
    """Zotero's second choice for the page (and what reads it where COinS is not run)."""
    doc, _, url = page(site, SEED_ID, lang)
    data = practice_data()
    item = embedded_metadata(doc)
    assert item["itemType"] == "report"
    assert item["number"] == SEED_ID
    assert item["institution"] == item["publisher"] == SITE.name(lang)
    assert item["title"] == " ".join(data["title"][lang].split())
    assert item["date"] == data["published"].replace("-", "/")
    assert item["language"] == lang and item["url"] == url
    assert item["abstractNote"] == " ".join(data["summary"][lang].split())
    # No "Text" report type from DC.type, no country as archive location from DC.coverage.
    assert item["reportType"] is None and item["archiveLocation"] is None
    # Highwire cannot mark an organisation: here the name is split, which is why the page
    # carries a COinS, which Zotero prefers.
    assert item["creators"][0]["firstName"]


def _ris_records(text: str) -> list[dict]:
    """RIS.js reading of our tags: TY, AU (lines 1407-1414), SN (lines 411-416)."""
    records, current = [], {}
    for line in text.splitlines():
        m = re.match(r"^([A-Z][A-Z0-9])  - ?(.*)$", line)
        if not m:
            continue
        tag, value = m.groups()
        if tag == "ER":
            records.append(current)
            current = {}
        elif tag == "TY":
            current = {"itemType": {"RPRT": "report"}.get(value, value), "creators": []}
        elif tag == "AU":
            last = re.split(r"\s*,\s*", value)[0]
            first = re.sub(r"^\s*,\s*", "", value[len(last):])
            creator = {"lastName": last, "creatorType": "author"}
            if first:
                creator["firstName"] = first
            else:
                creator["fieldMode"] = 1  # corporate
            current["creators"].append(creator)
        elif tag == "SN":
            current["reportNumber" if current["itemType"] == "report" else "ISBN"] = value
    return records


@pytest.mark.parametrize("lang", LANGUAGES)
def test_zotero_imports_the_ris_file_with_a_single_field_author_and_the_report_number(site, lang):
    doc, _, url = page(site, SEED_ID, lang)
    ris = local(site, citation_links(doc, url)["ris"]).read_text(encoding="utf-8")
    (record,) = _ris_records(ris)
    assert record["itemType"] == "report"
    assert record["creators"] == [{"lastName": author(lang), "creatorType": "author", "fieldMode": 1}]
    assert record["reportNumber"] == SEED_ID


def test_the_readme_table_names_the_tags_the_page_carries(site):
    """The README's "What Zotero imports" table lists the tags the page really has."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### What Zotero imports", 1)[1].split("\n## ", 1)[0]
    doc, _, _ = page(site, SEED_ID, "es")
    names = {m.get("name") for m in doc.xpath("//meta[@name]") if m.get("name").startswith(("citation_", "DC."))}
    keys = {part.split("=")[0] for part in doc.xpath('//span[@class="Z3988"]/@title')[0].split("&")}
    for name in names | keys - {"ctx_ver", "rft_val_fmt"}:
        assert f"`{name}`" in section, name
