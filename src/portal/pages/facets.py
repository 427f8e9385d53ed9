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
from portal.model.collation import alphabetical
from portal.model.countries import country_name
from portal.model.practice import Practice
from portal.model.regions import region_of, regions


def _by_label(facet: str):
    """Values listed by their label in the page's language (countries)."""
    return lambda catalog, lang, words: lambda v: alphabetical(
        value_label(catalog, facet, v, lang, words), lang)


def _in_file_order(terms: str):
    """Values listed as the vocabulary file lists them (editors chose that order)."""
    return lambda catalog, lang, words: list(getattr(catalog.vocabularies, terms)).index


def _term(terms: str):
    return lambda catalog, v, lang, words: getattr(catalog.vocabularies, terms)[v].label(lang)


def _every_term(terms: str):
    return lambda catalog: list(getattr(catalog.vocabularies, terms))


def _objective(catalog: Catalog, value: str, lang: str, words: dict) -> str:
    objective = catalog.vocabularies.objectives[int(value)]
    return f"{objective.number}. {objective.short(lang)}"


@dataclass(frozen=True)
class Facet:
    """One way of finding practices: everything about it in one place."""

    name: str  # URL parameter and Pagefind filter name
    label_key: str  # key of its heading in the interface text (portal.i18n)
    values: Callable[[Practice], tuple[str, ...]]  # a practice's values, as permanent keys
    label: Callable[[Catalog, str, str, dict], str]  # (catalog, value, lang, words) -> label
    # (catalog, lang, words) -> the sort key of its values: vocabulary order where there is
    # one, objective number, newest year first, country name in the page's language.
    order: Callable[[Catalog, str, dict], Callable[[str], object]]
    # Every term of its vocabulary, in order (for listing pages of terms no practice has yet).
    terms: Callable[[Catalog], list[str]] | None = None


FACETS = (
    Facet("region", "region", lambda p: tuple(sorted({region_of(c) for c in p.countries})),
          lambda catalog, v, lang, words: regions()[v]["label"][lang],
          lambda catalog, lang, words: list(regions()).index),
    Facet("country", "countries", lambda p: tuple(p.countries),
          lambda catalog, v, lang, words: country_name(v, lang), _by_label("country")),
    Facet("gcm", "gcm_objectives", lambda p: tuple(str(n) for n in sorted(p.gcm_objectives)),
          _objective, lambda catalog, lang, words: int,
          lambda catalog: [str(n) for n in sorted(catalog.vocabularies.objectives)]),
    Facet("principle", "principles", lambda p: tuple(p.gcm_principles),
          _term("principles"), _in_file_order("principles"), _every_term("principles")),
    Facet("theme", "themes", lambda p: tuple(p.themes),
          _term("themes"), _in_file_order("themes"), _every_term("themes")),
    Facet("population", "populations", lambda p: tuple(p.populations),
          _term("populations"), _in_file_order("populations"), _every_term("populations")),
    Facet("status", "status_label", lambda p: (p.status,),
          lambda catalog, v, lang, words: words["status"][v],
          lambda catalog, lang, words: list(words["status"]).index),
    Facet("year", "start_year", lambda p: (str(p.start_year),),
          lambda catalog, v, lang, words: v,  # a year is its own label
          lambda catalog, lang, words: lambda v: -int(v)),
)
BY_NAME = {facet.name: facet for facet in FACETS}


def value_label(catalog: Catalog, facet: str, value: str, lang: str, labels: dict) -> str:
    return BY_NAME[facet].label(catalog, value, lang, labels)


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
            for v in sorted(found, key=facet.order(catalog, lang, labels))]


def practice_filters(practice: Practice) -> dict[str, tuple[str, ...]]:
    return {f.name: f.values(practice) for f in FACETS}
