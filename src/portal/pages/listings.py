"""Listing pages, static and crawlable: one per country, GCM objective, theme and population,
each folder with an index, in both languages; and the home page's counts that link to them.

URLs use permanent keys (docs/paises/pe.es.md -> /paises/pe/, /en/paises/pe/), so a label
can be reworded without breaking a partner's link.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass

from portal.model.catalog import Catalog
from portal.model.collation import by_title
from portal.model.countries import country_name
from portal.model.practice import LANGUAGES
from portal.pages import markup
from portal.pages.cards import card
from portal.pages.facets import BY_NAME, Facet, counts, options, value_label
from portal.pages.frontmatter import front_matter


@dataclass(frozen=True)
class Listing:
    folder: str  # folder under docs/ (and URL segment), owned by the generator
    facet: str  # name in portal.pages.facets.FACETS
    prefix: str  # label keys of a term's page: <prefix>_listing_title, _description
    index: str  # label keys of the folder's index page: <index>_title, <index>_description
    every_term: bool  # a page for every vocabulary term, or only for values some practice has


LISTINGS = (
    Listing("paises", "country", "country", "countries", every_term=False),
    Listing("objetivos", "gcm", "gcm", "gcms", every_term=True),
    Listing("temas", "theme", "theme", "themes", every_term=True),
    Listing("poblaciones", "population", "population", "populations", every_term=True),
)
FOLDERS = tuple(listing.folder for listing in LISTINGS)
FACET_NAMES = tuple(listing.facet for listing in LISTINGS)


text = markup.md_text


def slug(facet: str, value: str) -> str:
    return value.lower() if facet == "country" else value


def listing_path(facet: str, value: str) -> str:
    """Path under docs/ (without the language suffix) of a value's listing page."""
    folder = next(listing.folder for listing in LISTINGS if listing.facet == facet)
    return f"{folder}/{slug(facet, value)}"


def _facet(name: str) -> Facet:
    return BY_NAME[name]


def _terms(catalog: Catalog, listing: Listing) -> list[str]:
    facet = _facet(listing.facet)
    if facet.terms is not None:
        return facet.terms(catalog)
    # A country whose practices were all withdrawn keeps its page: its URL was published.
    return sorted(set(counts(catalog, facet)) | {c for p in catalog.withdrawn for c in p.countries})


def _front(title: str, description: str) -> str:
    # The theme writes the title into <title>, the header and <h1> without escaping it: it goes
    # in escaped, and reads as text there. The description is plain text: overrides/main.html
    # escapes it.
    return front_matter({"title": html.escape(title), "description": description}) + "\n"


def in_sentence(label: str) -> str:
    """A theme or population label, capitalised as a heading, inside a sentence: "sobre
    integración socioeconómica", "for migrant workers". A first word with more capitals (an
    acronym: "ODS", "LGBTIQ+") keeps them."""
    first = label.split(" ", 1)[0]
    return label if any(c.isupper() for c in first[1:]) else label[:1].lower() + label[1:]


def _term_page(catalog: Catalog, listing: Listing, value: str, lang: str, t: dict) -> str:
    facet = _facet(listing.facet)
    practices = sorted((p for p in catalog.practices if value in facet.values(p)),
                       key=by_title(lang))
    vocab = catalog.vocabularies
    if listing.facet == "gcm":
        o = vocab.objectives[int(value)]
        names = {"n": o.number, "short": o.short(lang), "title": o.title(lang)}
    elif listing.facet == "country":
        names = {"name": country_name(value, lang)}
    else:
        terms = vocab.themes if listing.facet == "theme" else vocab.populations
        names = {"name": terms[value].label(lang)}
    title = t[f"{listing.prefix}_listing_title"].format(**names)
    in_text = {"name": in_sentence(names["name"])} if listing.facet in ("theme", "population") else {}
    description = t[f"{listing.prefix}_listing_description"].format(**{**names, **in_text})
    heading = t[f"{listing.prefix}_listing_title"].format(
        **{key: text(str(value)) for key, value in names.items()})
    out = [_front(title, description), f"# {heading}\n"]
    if listing.facet == "gcm":
        out.append(f"**{t['gcm_official_title']}:** {text(o.title(lang))}\n")
        out.append(f"{t['gcm_listing_intro']}\n")
        if o.hub_url and o.hub_url(lang).startswith("https://"):
            out.append(f"[{t['gcm_hub_link']}]({markup.md_url(o.hub_url(lang))})\n")
    n = len(practices)
    if n:
        out.append(f"{n} {t['count_one'] if n == 1 else t['count_many']}.\n")
        # Cards hold editors' text: they are put in after MkDocs' Markdown pass (portal.pages.fragments).
        # The digest changes the file when a card does, for `mkdocs serve`'s rebuilds.
        digest = hashlib.sha256(repr([card(p, lang, t) for p in practices]).encode()).hexdigest()
        out.append(f"<!-- portal:cards {listing.facet} {value} -->\n\n<!-- {digest[:20]} -->\n")
    elif any(value in facet.values(p) for p in catalog.withdrawn):
        out.append(f"{t['listing_withdrawn']}\n")
    else:
        out.append(f"{t['listing_none']}\n")
    out.append(f"[{t[f'{listing.index}_title']}](index.md) · [{t['all_practices']}](../practicas/index.md)\n")
    return "\n".join(out)


def _index_page(catalog: Catalog, listing: Listing, lang: str, t: dict) -> str:
    title = t[f"{listing.index}_title"]
    found = counts(catalog, _facet(listing.facet))
    out = [_front(title, t[f"{listing.index}_description"]), f"# {text(title)}\n",
           f"{t[f'{listing.index}_description']}\n"]
    if listing.facet == "country":
        out.append("<!-- portal:map countries -->\n")  # portal.pages.fragments
    items = []
    for option in _ordered(catalog, listing, lang, t):
        if not found[option[0]]:
            continue  # no link to a page with nothing to list (it keeps its URL, though)
        items.append(f"- [{text(option[1])}]({slug(listing.facet, option[0])}.md) "
                     f"({found[option[0]]})")
    out.append("\n".join(items) + "\n")
    out.append(f"[{t['all_practices']}](../practicas/index.md)\n")
    return "\n".join(out)


def _ordered(catalog: Catalog, listing: Listing, lang: str, t: dict) -> list[tuple[str, str]]:
    """(value, label) of every term with a page, in the facet's order."""
    if not listing.every_term:  # only values some practice has: the facet's own order
        return [(o.value, o.label) for o in options(catalog, _facet(listing.facet), lang, t)]
    return [(v, value_label(catalog, listing.facet, v, lang, t)) for v in _terms(catalog, listing)]


def listing_pages(catalog: Catalog, labels: dict,
                  only: set[tuple[str, str]] | None = None) -> dict[str, str]:
    """Every listing page by its path under docs/; with `only` ((facet, value) pairs), the index
    pages and the term pages of those values alone: what one practice can change (the
    preview's saves)."""
    pages = {}
    for lang in LANGUAGES:
        t = labels[lang]
        for listing in LISTINGS:
            pages[f"{listing.folder}/index.{lang}.md"] = _index_page(catalog, listing, lang, t)
            for value in _terms(catalog, listing):
                if only is None or (listing.facet, value) in only:
                    pages[f"{listing_path(listing.facet, value)}.{lang}.md"] = _term_page(
                        catalog, listing, value, lang, t)
    return pages


def home_counts(catalog: Catalog, facet: str, lang: str, labels: dict, *, prefix: str = "") -> str:
    """Markdown list of the values some practice has, with counts, each linking its listing."""
    return "\n".join(
        f"- [{text(o.label)}]({prefix}{listing_path(facet, o.value)}.md) ({o.count})"
        for o in options(catalog, _facet(facet), lang, labels[lang])) + "\n"


def listing_page_paths(catalog: Catalog) -> set[str]:
    """The path under docs/ of every listing page listing_pages() writes, without making one."""
    return {f"{listing_path(listing.facet, value)}.{lang}.md" if value is not None
            else f"{listing.folder}/index.{lang}.md"
            for lang in LANGUAGES for listing in LISTINGS
            for value in (None, *_terms(catalog, listing))}


def facet_values(practice) -> set[tuple[str, str]]:
    """(facet, value) of every listing page a practice is on."""
    return {(name, value) for name in FACET_NAMES for value in _facet(name).values(practice)}
