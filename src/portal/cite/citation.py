"""One citation record per practice and language, and everything derived from it: the APA
reference on the page (with its COinS), the BibTeX, RIS and CSL-JSON files, and the metadata
in <head> (Highwire, Dublin Core, OpenGraph, schema.org JSON-LD).

Who is who, the same in every format:
- author: the organisation that publishes the portal (`extra.publisher.name` in mkdocs.yml,
  per language), an APA 7 group author, never split into first and last names. The sheet is
  the portal's text, written from a systematization: the implementing institutions did not
  write it, so they are its subjects (`about`), and the systematization is what it is based on
  (`isBasedOn`).
- publisher: the portal (its site name), as APA 7 names the site a web work appears on.
- report number: the practice's permanent id; issued: `published`; version date: `updated`.
- no access date anywhere: the reader's tool records when the reader looked.
Every text is plain text (editors' Markdown rendered and stripped by `markup.plain`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup, escape

from portal.i18n import words
from portal.model.catalog import Catalog
from portal.model.countries import country_name
from portal.model.practice import LANGUAGES, Practice
from portal.model.site import Site
from portal.pages import markup, sheet_pdf

# File names of the three citation files, beside the practice page (practicas/<id>/<id>.<ext>).
FILE_KINDS = ("bib", "ris", "json")
MEDIA_TYPES = {"bib": "application/x-bibtex", "ris": "application/x-research-info-systems",
               "json": "application/vnd.citationstyles.csl+json"}
# English in title case: the APA style title-cases a report's genre in English (citeproc-js does;
# citeproc-py does not), so the reference reads the same in every tool.
# es_419 is Spanish of Latin America and the Caribbean (UN M.49 region 419), the region CLDR
# and browsers use for Latin American Spanish: the portal's readers, not Spain's (es_ES).
# biblatex/babel language names for `langid` (hyphenation and localised strings).


@dataclass(frozen=True)
class SourceWork:
    """What a sheet is based on: a systematization or report, as its sources list it."""

    title: str
    publisher: str
    year: int | None
    url: str | None
    language: str | None


@dataclass(frozen=True)
class Citation:
    id: str
    lang: str
    authors: tuple[str, ...]  # one: the publishing organisation
    title: str
    date: str  # YYYY-MM-DD, from `published`
    updated: str  # the version date
    publisher: str  # the portal's name in this language
    url: str
    abstract: str
    keywords: tuple[str, ...]
    countries: tuple[str, ...]  # names in this language
    license_url: str
    translations: dict[str, str]  # other language -> URL of the same practice
    number: str = ""  # the report number: the permanent id
    institutions: tuple[str, ...] = ()  # implementing institutions (lead first): subjects
    based_on: tuple[SourceWork, ...] = ()

    @property
    def year(self) -> str:
        return self.date[:4]

    @property
    def genre(self) -> str:
        return words(self.lang)["report_genre"]


def _flat(text: str) -> str:
    return " ".join(text.split())


def plain(text: str) -> str:
    """Editors' Markdown as one line of plain text, for every metadata value."""
    return markup.plain(text)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def citation(practice: Practice, catalog: Catalog, site: Site, lang: str) -> Citation:
    """The citation of its sheet in `lang`; on the page of a language it is not translated
    into, the work shown is the default language's sheet, and that is what is cited (its URL,
    title and language), so a reference manager never files Spanish text as Portuguese."""
    lang = practice.text_language(lang)
    vocab = catalog.vocabularies
    return Citation(
        id=practice.id, lang=lang,
        authors=(plain(site.publisher(lang)),),
        title=plain(practice.title(lang)),
        date=practice.published, updated=practice.updated,
        publisher=plain(site.name(lang)),
        url=site.practice_url(practice.id, lang),
        abstract=plain(practice.summary(lang)),
        keywords=tuple(vocab.themes[k].label(lang) for k in practice.themes),
        countries=tuple(country_name(c, lang) for c in practice.countries),
        license_url=site.license_url,
        translations={other: site.practice_url(practice.id, other)
                      for other in practice.languages if other != lang},
        number=practice.id,
        institutions=tuple(plain(i.name(lang)) for i in (*practice.lead, *practice.partners)),
        based_on=tuple(SourceWork(plain(s.title), plain(s.publisher), s.year, s.url, s.language)
                       for s in practice.sources),
    )


def file_name(practice_id: str, kind: str) -> str:
    return f"{practice_id}.{kind}"


# --- APA 7 ---------------------------------------------------------------------------------

def _apa_authors(authors: tuple[str, ...]) -> str:
    if len(authors) == 1:
        return authors[0]
    return ", ".join(authors[:-1]) + ", & " + authors[-1]


def _end(text: str) -> str:
    """APA closes each element with a period, unless it already ends with punctuation."""
    return text if text.endswith((".", "?", "!")) else text + "."


def _apa_title(c: Citation) -> tuple[str, str]:
    """The title, and what follows it: APA's description and number of a report in
    parentheses, "(Ficha de buena práctica <id>)", as the APA CSL style renders the CSL-JSON
    file's genre and number."""
    after = f" ({c.genre} {c.number})." if c.number else f" [{c.genre}]."
    return c.title.rstrip("."), after


def apa_text(c: Citation) -> str:
    """The reference as plain text (the PDF sheet prints it)."""
    title, rest = _apa_title(c)
    return f"{_end(_apa_authors(c.authors))} ({c.year}). {title}{rest} {_end(c.publisher)} {c.url}"


def apa_html(c: Citation) -> Markup:
    """The same reference with the title in italics and the URL as a link, followed by its
    COinS (an empty span: Zotero's COinS translator reads it, see `coins`)."""
    title, rest = _apa_title(c)
    return Markup(f"{escape(_end(_apa_authors(c.authors)))} ({escape(c.year)}). "
                  f"<i>{escape(title)}</i>{escape(rest)} {escape(_end(c.publisher))} "
                  f'<a href="{escape(c.url)}">{escape(c.url)}</a>') + coins_html(c)


# --- COinS (OpenURL 1.0 KEV in a span) -----------------------------------------------------

def coins(c: Citation) -> str:
    """The OpenURL ContextObject of the sheet. Zotero's COinS translator (priority 310) is
    chosen before Embedded Metadata (320), and it keeps `rft.aucorp` whole as an
    organisation, which no Highwire or Dublin Core tag can say; so the COinS carries all that
    Zotero should import (see the README table). Zotero's parser turns "+" into a space, and
    quote() writes spaces as %20 and "+" as %2B: a "+" in a value reads back as a space."""
    pairs = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"),
             ("rft.genre", "report"), ("rft.btitle", c.title),
             *(("rft.aucorp", a) for a in c.authors), ("rft.date", c.date),
             ("rft.pub", c.publisher), ("rft.language", c.lang), ("rft.description", c.abstract),
             ("rft_id", c.url), *(("rft.subject", k) for k in c.keywords)]
    return "&".join(f"{key}={quote(value, safe='')}" for key, value in pairs if value)


def coins_html(c: Citation) -> Markup:
    return Markup(f'<span class="Z3988" title="{escape(coins(c))}"></span>')


# --- BibTeX / biblatex ---------------------------------------------------------------------

_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
                   "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
                   "^": r"\textasciicircum{}"}
_BIBTEX_RE = re.compile("|".join(map(re.escape, _BIBTEX_SPECIAL)))


def bibtex_escape(text: str) -> str:
    """LaTeX special characters escaped; other characters stay UTF-8 (biber and BibTeX 0.99
    with inputenc read it, and so do Zotero, JabRef and bibtexparser)."""
    return _BIBTEX_RE.sub(lambda m: _BIBTEX_SPECIAL[m.group()], _flat(text))


def bibtex(c: Citation) -> str:
    """@techreport, which BibTeX knows and biblatex reads as @report with our `type`. biblatex
    fields: `date` (ISO), `langid` (hyphenation, localised strings), `number`; `year` too
    for BibTeX styles. No `urldate`: the access date is the reader's."""
    # Double braces keep a corporate author whole: BibTeX would otherwise take its last word
    # as a surname. "and" separates several authors.
    author = " and ".join("{" + bibtex_escape(a) + "}" for a in c.authors)
    fields = [("author", author), ("title", "{" + bibtex_escape(c.title) + "}"),
              ("type", bibtex_escape(c.genre)), ("institution", bibtex_escape(c.publisher)),
              ("number", bibtex_escape(c.number)), ("year", c.year), ("date", c.date),
              ("url", c.url), ("langid", words(c.lang)["locale"]["langid"]),
              ("keywords", bibtex_escape(", ".join(c.keywords))),
              ("abstract", bibtex_escape(c.abstract))]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@techreport{{{c.id}-{c.lang},\n{body}\n}}\n"


# --- RIS -----------------------------------------------------------------------------------

def ris(c: Citation) -> str:
    """RIS: one `TAG  - value` line each; values are single lines by construction. An AU
    without a comma is a corporate author for Zotero's RIS translator (single field). No CY:
    it is the place of publication, not the country the practice is about."""
    lines = [("TY", "RPRT"), *(("AU", a) for a in c.authors), ("TI", c.title),
             ("PY", c.year), ("DA", c.date.replace("-", "/")), ("PB", c.publisher),
             ("M3", c.genre), ("SN", c.number), ("UR", c.url), ("LA", c.lang),
             ("AB", c.abstract), *(("KW", k) for k in c.keywords), ("ER", "")]
    return "".join(f"{tag}  - {_flat(value)}".rstrip() + "\r\n" for tag, value in lines)


# --- CSL-JSON ------------------------------------------------------------------------------

def _parts(day: str) -> dict:
    return {"date-parts": [[int(x) for x in day.split("-")]]}


def csl(c: Citation) -> list[dict]:
    """A CSL-JSON array with one item (what Zotero, Pandoc and citeproc read). No `accessed`;
    no `version` (APA would print the date as a version number)."""
    item = {"id": f"{c.id}-{c.lang}", "type": "report", "genre": c.genre,
            "title": c.title, "author": [{"literal": a} for a in c.authors],
            "issued": _parts(c.date), "publisher": c.publisher, "number": c.number,
            "URL": c.url, "language": c.lang, "abstract": c.abstract,
            "keyword": ", ".join(c.keywords)}
    return [{k: v for k, v in item.items() if v}]


# --- <head> --------------------------------------------------------------------------------

def head(c: Citation, practice: Practice, catalog: Catalog, site: Site) -> dict:
    """Values for overrides/main.html: Highwire citation_* and Dublin Core as (name, content)
    pairs, OpenGraph as (property, content) pairs, the schema.org JSON-LD object, and the
    version date (the sitemap's lastmod)."""
    slash = c.date.replace("-", "/")
    highwire = [("citation_title", c.title),
                # Google Scholar reads it; Zotero's Embedded Metadata would split it, but its
                # COinS translator comes first and keeps the organisation whole.
                *(("citation_author", a) for a in c.authors),
                ("citation_publication_date", slash),
                ("citation_technical_report_institution", c.publisher),
                ("citation_technical_report_number", c.number),
                ("citation_publisher", c.publisher),
                ("citation_language", c.lang),
                ("citation_abstract", c.abstract),
                ("citation_public_url", c.url),
                ("citation_abstract_html_url", c.url),
                # The one-page PDF sheet (Zotero's Embedded Metadata attaches it).
                ("citation_pdf_url", sheet_pdf.pdf_url(site, practice.id, c.lang)),
                ("citation_keywords", "; ".join(c.keywords))]
    # No DC.type (Zotero makes it the report type: "Text") and no DC.coverage (Zotero makes it
    # the archive location): the countries are in the JSON-LD's spatialCoverage.
    dublin_core = [("DC.title", c.title), *(("DC.creator", a) for a in c.authors),
                   ("DC.publisher", c.publisher), ("DC.date", c.date), ("DC.language", c.lang),
                   ("DC.identifier", c.url), ("DC.description", c.abstract),
                   ("DC.rights", site.license_url),
                   *(("DC.subject", k) for k in (*c.keywords, *c.institutions)),
                   ("DCTERMS.modified", c.updated)]
    opengraph = [("og:type", "article"), ("og:title", c.title), ("og:url", c.url),
                 ("og:description", _shorten(c.abstract, 300)), ("og:site_name", c.publisher),
                 ("og:locale", words(c.lang)["locale"]["og"]),
                 *(("og:locale:alternate", words(o)["locale"]["og"]) for o in c.translations),
                 *((("og:image", site.image_url), ("og:image:alt", c.publisher))
                   if site.image_url else ()),
                 ("article:published_time", c.date), ("article:modified_time", c.updated)]
    return {"highwire": highwire, "dublin_core": dublin_core, "opengraph": opengraph,
            "jsonld": jsonld(c, practice, catalog, site), "updated": c.updated}


def jsonld(c: Citation, practice: Practice, catalog: Catalog, site: Site) -> dict:
    vocab = catalog.vocabularies
    # The Spanish page is the original work, every other language's page a translation of it:
    # the original names each translation that exists, a translation names the original.
    translation_key = "workTranslation" if c.lang == LANGUAGES[0] else "translationOfWork"
    links = [{"@type": "Report", "@id": url, "url": url, "inLanguage": lang}
             for lang, url in c.translations.items()
             if c.lang == LANGUAGES[0] or lang == LANGUAGES[0]]
    objectives = [{"@type": "DefinedTerm", "termCode": str(n),
                   "name": f"{words(c.lang)['gcm_objective']} {n}: "
                           f"{plain(vocab.objectives[n].title(c.lang))}",
                   "inDefinedTermSet": "https://www.un.org/en/ga/search/view_doc.asp?symbol=A/RES/73/195"}
                  for n in sorted(practice.gcm_objectives)]
    return {
        "@context": "https://schema.org",
        "@type": "Report",
        "@id": c.url,
        "url": c.url,
        "name": c.title,
        "headline": c.title,
        "description": c.abstract,
        "inLanguage": c.lang,
        "datePublished": c.date,
        "dateModified": c.updated,
        "reportNumber": c.number,
        "author": [{"@type": "Organization", "name": a} for a in c.authors],
        "publisher": {"@type": "Organization", "name": c.publisher, "url": site.url},
        "license": site.license_url,
        "keywords": list(c.keywords),
        **({"image": site.image_url} if site.image_url else {}),
        "spatialCoverage": [{"@type": "Country", "name": name, "identifier": code}
                            for code, name in zip(practice.countries, c.countries, strict=True)],
        # The implementing institutions are what the sheet is about, with the GCM objectives.
        "about": [*({"@type": "Organization", "name": name} for name in c.institutions),
                  *objectives],
        "isBasedOn": [{"@type": "CreativeWork", "name": s.title,
                       "publisher": {"@type": "Organization", "name": s.publisher},
                       **({"datePublished": str(s.year)} if s.year else {}),
                       **({"inLanguage": s.language} if s.language else {}),
                       **({"url": s.url} if s.url else {})}
                      for s in c.based_on],
        translation_key: links,
        "encoding": [{"@type": "MediaObject", "contentUrl": f"{c.url}{file_name(c.id, kind)}",
                      "encodingFormat": fmt}
                     for kind, fmt in MEDIA_TYPES.items()],
    }
