"""Markdown pages generated from the catalog, one per practice and language, plus the list.

Pages are plain Markdown files with YAML front matter (portable to any MkDocs-compatible
engine); the HTML inside them comes only from portal.markup or from escaped text.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

import yaml
from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import citation as cite
from . import facets, listings, markup, sheet_pdf
from .background import parallel_map
from .catalog import Catalog
from .countries import country_name
from .model import LANGUAGES, Institution, Practice
from .related import related_all
from .site import Site

TEMPLATES = Path(__file__).parent / "templates"
# British English writes "26 November 2026", as the portal's English pages do.
DATE_LOCALES = {"es": "es", "en": "en_GB"}


@cache
def labels() -> dict[str, dict]:
    return yaml.safe_load((TEMPLATES / "labels.yaml").read_text(encoding="utf-8"))


@cache
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True,
                      trim_blocks=False, lstrip_blocks=False)
    env.globals.update(block=markup.block, inline=markup.inline)
    return env


def readable_date(iso: str, lang: str) -> str:
    return format_date(date.fromisoformat(iso), format="long", locale=DATE_LOCALES[lang])


def _front_matter(**fields) -> str:
    # JSON is YAML: every value is quoted, so no date or Norway surprises in front matter.
    return Markup("\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}"
                             for key, value in fields.items()))


def _description(practice: Practice, lang: str) -> str:
    text = markup.plain(practice.summary(lang))  # editors' Markdown and HTML never reach <head>
    return text if len(text) <= 160 else text[:157].rsplit(" ", 1)[0] + "…"


def _link(facet: str, value: str, label: str) -> dict:
    # Raw HTML in the page, so the URL is the built one: /practicas/<id>/ -> /paises/pe/.
    return {"href": f"../../{listings.listing_path(facet, value)}/", "label": label}


def practice_page(practice: Practice, catalog: Catalog, lang: str, site: Site,
                  related: list[Practice] | None = None) -> str:
    vocab = catalog.vocabularies
    citation = cite.citation(practice, catalog, site, lang)

    def institution(i: Institution):
        return i.name(lang)

    return _env().get_template("practice.md.j2").render(
        front_matter=_front_matter(title=practice.title(lang),
                                   description=_description(practice, lang),
                                   portal_source=practice.source_path,
                                   portal_id=practice.id,
                                   portal_head=cite.head(citation, practice, catalog, site)),
        p=practice, lang=lang, t=labels()[lang],
        pending=practice.translation_pending and lang == "en",
        institution=institution,
        countries=[country_name(c, lang) for c in practice.countries],
        themes=[vocab.themes[k].label(lang) for k in practice.themes],
        populations=[vocab.populations[k].label(lang) for k in practice.populations],
        objectives=[vocab.objectives[n] for n in sorted(practice.gcm_objectives)],
        principles=[vocab.principles[k].label(lang) for k in practice.gcm_principles],
        updated=readable_date(practice.updated, lang),
        sheet=sheet_pdf.page_link(practice, catalog, site, lang),
        cite_html=cite.apa_html(citation),
        cite_files=[(kind, cite.file_name(practice.id, kind), cite.MEDIA_TYPES[kind])
                    for kind in cite.FILE_KINDS],
        country_links=[_link("country", c, country_name(c, lang)) for c in practice.countries],
        theme_links=[_link("theme", k, vocab.themes[k].label(lang)) for k in practice.themes],
        population_links=[_link("population", k, vocab.populations[k].label(lang))
                          for k in practice.populations],
        objective_links={n: _link("gcm", str(n), "")["href"] for n in practice.gcm_objectives},
        related=[{"href": f"../{r.id}/", "title": r.title(lang),
                  "where": ", ".join(country_name(c, lang) for c in r.countries),
                  "start_year": r.start_year} for r in (related or [])],
    )


def catalog_page(catalog: Catalog, lang: str) -> str:
    t = labels()[lang]
    items = sorted(catalog.practices, key=lambda p: p.title(lang).casefold())
    return _env().get_template("catalog.md.j2").render(
        front_matter=_front_matter(title=t["catalog_title"], description=t["catalog_description"]),
        t=t, lang=lang,
        facets=[{"name": f.name, "label": t[f.label_key],
                 "options": facets.options(catalog, f, lang, t)} for f in facets.FACETS],
        practices=[{"id": p.id, "title": p.title(lang),
                    "countries": ", ".join(country_name(c, lang) for c in p.countries),
                    "start_year": p.start_year, "published": p.published,
                    "facets": facets.practice_filters(p)} for p in items],
    )


def latest_list(catalog: Catalog, lang: str, *, prefix: str = "practicas/", count: int = 5) -> str:
    """Markdown list of the most recently published practices, for the home page."""
    latest = sorted(catalog.practices, key=lambda p: (p.published, p.id), reverse=True)[:count]
    return "\n".join(f"- [{markup.md_escape(p.title(lang))}]({prefix}{p.id}.md) — "
                     f"{', '.join(country_name(c, lang) for c in p.countries)}, "
                     f"{readable_date(p.published, lang)}" for p in latest) + "\n"


# Folders of docs/ that the generator owns entirely (git-ignored, orphans deleted).
OWNED = ("practicas", *listings.FOLDERS)


def all_pages(catalog: Catalog, site: Site) -> dict[str, str]:
    """Every generated page, by its path under docs/."""
    related = related_all(catalog.practices)
    sheets = [(practice, lang) for lang in LANGUAGES for practice in catalog.practices]

    def sheet_page(sheet: tuple[Practice, str]) -> str:
        practice, lang = sheet
        return practice_page(practice, catalog, lang, site, related[practice.id])

    texts = parallel_map(sheet_page, sheets)  # each sheet on its own: half on another core
    pages = {f"practicas/{practice.id}.{lang}.md": text
             for (practice, lang), text in zip(sheets, texts, strict=True)}
    for lang in LANGUAGES:
        pages[f"practicas/index.{lang}.md"] = catalog_page(catalog, lang)
    pages.update(listings.listing_pages(catalog, labels()))
    return pages
