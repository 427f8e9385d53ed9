"""The facets a practice is found by: region (data/regions.yaml), country, GCM objective,
guiding principle, theme, population, status and start year. One definition feeds the search index attributes, the
catalog's filter form, the listing pages and the home page counts, so they always agree.

Facet values are permanent keys (ISO codes, objective numbers, vocabulary keys), never labels:
they go into shareable URLs (?country=PE), so renaming a label never breaks a link.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from portal.model.catalog import Catalog
from portal.model.countries import country_name
from portal.model.practice import Practice
from portal.model.regions import region_of, regions


@dataclass(frozen=True)
class Facet:
    name: str  # URL parameter and Pagefind filter name
    label_key: str  # key of its heading in labels.yaml
    values: Callable[[Practice], tuple[str, ...]]


FACETS = (
    Facet("region", "region", lambda p: tuple(sorted({region_of(c) for c in p.countries}))),
    Facet("country", "countries", lambda p: tuple(p.countries)),
    Facet("gcm", "gcm_objectives", lambda p: tuple(str(n) for n in sorted(p.gcm_objectives))),
    Facet("principle", "principles", lambda p: tuple(p.gcm_principles)),
    Facet("theme", "themes", lambda p: tuple(p.themes)),
    Facet("population", "populations", lambda p: tuple(p.populations)),
    Facet("status", "status_label", lambda p: (p.status,)),
    Facet("year", "start_year", lambda p: (str(p.start_year),)),
)


def value_label(catalog: Catalog, facet: str, value: str, lang: str, labels: dict) -> str:
    vocab = catalog.vocabularies
    if facet == "country":
        return country_name(value, lang)
    if facet == "region":
        return regions()[value]["label"][lang]
    if facet == "gcm":
        objective = vocab.objectives[int(value)]
        return f"{objective.number}. {objective.short(lang)}"
    if facet == "principle":
        return vocab.principles[value].label(lang)
    if facet == "theme":
        return vocab.themes[value].label(lang)
    if facet == "population":
        return vocab.populations[value].label(lang)
    if facet == "status":
        return labels["status"][value]
    return value  # a year is its own label


def _order(facet: str, catalog: Catalog, lang: str, labels: dict):
    """How a facet's values are listed: vocabulary order where there is one (editors chose
    it), objective number, newest year first, country name in the page's language."""
    vocab = catalog.vocabularies
    if facet == "gcm":
        return lambda v: int(v)
    if facet == "year":
        return lambda v: -int(v)
    if facet in ("principle", "theme", "population"):
        keys = list({"principle": vocab.principles, "theme": vocab.themes,
                     "population": vocab.populations}[facet])
        return keys.index
    if facet == "status":
        return list(labels["status"]).index
    if facet == "region":
        return list(regions()).index
    return lambda v: value_label(catalog, facet, v, lang, labels).casefold()


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int


def counts(catalog: Catalog, facet: Facet) -> Counter:
    return Counter(v for p in catalog.practices for v in facet.values(p))


def options(catalog: Catalog, facet: Facet, lang: str, labels: dict) -> list[Option]:
    """The values of a facet that some practice has, with how many practices have each."""
    found = counts(catalog, facet)
    return [Option(v, value_label(catalog, facet.name, v, lang, labels), found[v])
            for v in sorted(found, key=_order(facet.name, catalog, lang, labels))]


def practice_filters(practice: Practice) -> dict[str, tuple[str, ...]]:
    return {f.name: f.values(practice) for f in FACETS}
