"""One citation record per practice and language, and everything derived from it: the APA
reference on the page, the BibTeX, RIS and CSL-JSON files, and the metadata in <head>.

Who is who, the same in every format: the practice's lead institution(s) are the author (a
corporate author, never split into first and last names), the portal is the publisher, the
year comes from `published` and the permanent URL is the page's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from . import markup
from .catalog import Catalog
from .countries import country_name
from .model import LANGUAGES, Practice
from .site import Site

# File names of the three citation files, beside the practice page (practicas/<id>/<id>.<ext>).
FILE_KINDS = ("bib", "ris", "json")
MEDIA_TYPES = {"bib": "application/x-bibtex", "ris": "application/x-research-info-systems",
               "json": "application/vnd.citationstyles.csl+json"}
REPORT_GENRE = {"es": "Ficha de buena práctica", "en": "Good practice sheet"}
OG_LOCALES = {"es": "es_ES", "en": "en_GB"}


@dataclass(frozen=True)
class Citation:
    id: str
    lang: str
    authors: tuple[str, ...]
    title: str
    date: str  # YYYY-MM-DD, from `published`
    updated: str
    publisher: str  # the portal's name in this language
    url: str
    abstract: str
    keywords: tuple[str, ...]
    countries: tuple[str, ...]  # names in this language
    license_url: str
    translations: dict[str, str]  # other language -> URL of the same practice

    @property
    def year(self) -> str:
        return self.date[:4]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def citation(practice: Practice, catalog: Catalog, site: Site, lang: str) -> Citation:
    vocab = catalog.vocabularies
    return Citation(
        id=practice.id, lang=lang,
        authors=tuple(_flat(i.name(lang)) for i in practice.lead),
        title=_flat(practice.title(lang)),
        date=practice.published, updated=practice.updated,
        publisher=site.name(lang),
        url=site.practice_url(practice.id, lang),
        abstract=markup.plain(practice.summary(lang)),  # plain text: no Markdown, no tags
        keywords=tuple(vocab.themes[k].label(lang) for k in practice.themes),
        countries=tuple(country_name(c, lang) for c in practice.countries),
        license_url=site.license_url,
        translations={other: site.practice_url(practice.id, other)
                      for other in LANGUAGES if other != lang},
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
    """The title, and what follows it: the description in brackets APA gives a report-like
    work ("[Ficha de buena práctica]"), as citeproc's APA style renders the CSL-JSON file."""
    return c.title.rstrip("."), f" [{REPORT_GENRE[c.lang]}]."


def apa_text(c: Citation) -> str:
    """The reference as plain text (what the copy button copies)."""
    title, rest = _apa_title(c)
    return f"{_end(_apa_authors(c.authors))} ({c.year}). {title}{rest} {_end(c.publisher)} {c.url}"


def apa_html(c: Citation) -> Markup:
    """The same reference with the title in italics and the URL as a link."""
    title, rest = _apa_title(c)
    return Markup(f"{escape(_end(_apa_authors(c.authors)))} ({escape(c.year)}). "
                  f"<i>{escape(title)}</i>{escape(rest)} {escape(_end(c.publisher))} "
                  f'<a href="{escape(c.url)}">{escape(c.url)}</a>')


# --- BibTeX --------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
                   "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
                   "^": r"\textasciicircum{}"}
_BIBTEX_RE = re.compile("|".join(map(re.escape, _BIBTEX_SPECIAL)))


def bibtex_escape(text: str) -> str:
    """LaTeX special characters escaped; other characters stay UTF-8 (biber and BibTeX 0.99
    with inputenc read it, and so do Zotero, JabRef and bibtexparser)."""
    return _BIBTEX_RE.sub(lambda m: _BIBTEX_SPECIAL[m.group()], _flat(text))


def bibtex(c: Citation) -> str:
    # Double braces keep a corporate author whole: BibTeX would otherwise take its last word
    # as a surname. "and" separates several authors.
    author = " and ".join("{" + bibtex_escape(a) + "}" for a in c.authors)
    fields = [("author", author), ("title", "{" + bibtex_escape(c.title) + "}"),
              ("institution", bibtex_escape(c.publisher)), ("type", bibtex_escape(REPORT_GENRE[c.lang])),
              ("year", c.year), ("date", c.date), ("url", c.url), ("urldate", c.updated),
              ("language", {"es": "spanish", "en": "english"}[c.lang]),
              ("keywords", bibtex_escape(", ".join(c.keywords))),
              ("abstract", bibtex_escape(c.abstract))]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@techreport{{{c.id}-{c.lang},\n{body}\n}}\n"


# --- RIS -----------------------------------------------------------------------------------

def ris(c: Citation) -> str:
    """RIS: one `TAG  - value` line each; values are single lines by construction."""
    lines = [("TY", "RPRT"), *(("AU", a) for a in c.authors), ("TI", c.title),
             ("PY", c.year), ("DA", c.date.replace("-", "/")), ("PB", c.publisher),
             ("M3", REPORT_GENRE[c.lang]), ("UR", c.url), ("LA", c.lang), ("AB", c.abstract),
             *(("KW", k) for k in c.keywords), *(("CY", n) for n in c.countries), ("ER", "")]
    return "".join(f"{tag}  - {_flat(value)}".rstrip() + "\r\n" for tag, value in lines)


# --- CSL-JSON ------------------------------------------------------------------------------

def csl(c: Citation) -> list[dict]:
    """A CSL-JSON array with one item (what Zotero, Pandoc and citeproc read)."""
    y, m, d = (int(x) for x in c.date.split("-"))
    uy, um, ud = (int(x) for x in c.updated.split("-"))
    return [{"id": f"{c.id}-{c.lang}", "type": "report", "genre": REPORT_GENRE[c.lang],
             "title": c.title, "author": [{"literal": a} for a in c.authors],
             "issued": {"date-parts": [[y, m, d]]}, "accessed": {"date-parts": [[uy, um, ud]]},
             "publisher": c.publisher, "URL": c.url, "language": c.lang,
             "abstract": c.abstract, "keyword": ", ".join(c.keywords)}]


# --- <head> --------------------------------------------------------------------------------

def head(c: Citation, practice: Practice, catalog: Catalog, site: Site) -> dict:
    """Values for overrides/main.html: Highwire citation_* and Dublin Core as (name, content)
    pairs, OpenGraph as (property, content) pairs, and the schema.org JSON-LD object."""
    highwire = [("citation_title", c.title),
                *(("citation_author", a) for a in c.authors),
                ("citation_publication_date", c.date.replace("-", "/")),
                ("citation_date", c.date.replace("-", "/")),
                ("citation_technical_report_institution", c.publisher),
                ("citation_publisher", c.publisher),
                ("citation_language", c.lang),
                ("citation_abstract_html_url", c.url),
                ("citation_keywords", "; ".join(c.keywords))]
    dublin_core = [("DC.title", c.title), *(("DC.creator", a) for a in c.authors),
                   ("DC.publisher", c.publisher), ("DC.date", c.date), ("DC.language", c.lang),
                   ("DC.type", "Text"), ("DC.identifier", c.url),
                   ("DC.description", c.abstract), ("DC.rights", site.license_url),
                   *(("DC.subject", k) for k in c.keywords),
                   *(("DC.coverage", n) for n in c.countries)]
    opengraph = [("og:type", "article"), ("og:title", c.title), ("og:url", c.url),
                 ("og:description", _shorten(c.abstract, 300)), ("og:site_name", c.publisher),
                 ("og:locale", OG_LOCALES[c.lang]),
                 *(("og:locale:alternate", OG_LOCALES[o]) for o in c.translations),
                 ("article:published_time", c.date), ("article:modified_time", c.updated)]
    return {"highwire": highwire, "dublin_core": dublin_core, "opengraph": opengraph,
            "jsonld": jsonld(c, practice, catalog, site)}


def jsonld(c: Citation, practice: Practice, catalog: Catalog, site: Site) -> dict:
    vocab = catalog.vocabularies
    # The Spanish page is the original work; the English one its translation.
    translation_key = "workTranslation" if c.lang == LANGUAGES[0] else "translationOfWork"
    links = [{"@type": "Report", "@id": url, "url": url, "inLanguage": lang}
             for lang, url in c.translations.items()]
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
        "author": [{"@type": "Organization", "name": a} for a in c.authors],
        "publisher": {"@type": "Organization", "name": c.publisher, "url": site.url},
        "license": site.license_url,
        "keywords": list(c.keywords),
        "spatialCoverage": [{"@type": "Country", "name": name, "identifier": code}
                            for code, name in zip(practice.countries, c.countries, strict=True)],
        "about": [{"@type": "DefinedTerm", "termCode": str(n),
                   "name": f"{'Objetivo' if c.lang == 'es' else 'Objective'} {n}: "
                           f"{vocab.objectives[n].title(c.lang)}",
                   "inDefinedTermSet": "https://www.un.org/en/ga/search/view_doc.asp?symbol=A/RES/73/195"}
                  for n in sorted(practice.gcm_objectives)],
        translation_key: links,
        "encoding": [{"@type": "MediaObject", "contentUrl": f"{c.url}{file_name(c.id, kind)}",
                      "encodingFormat": fmt}
                     for kind, fmt in MEDIA_TYPES.items()],
    }
