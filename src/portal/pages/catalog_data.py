"""The catalog's order and its data files, so that its first load weighs the same at any N.

The catalog page (/practicas/) holds in its HTML only the first `Site.catalog_page_size`
practices, in alphabetical order; numbered pages (/practicas/pagina-2/, …) hold the next ones
for readers without JavaScript. Filters and sort reach every practice through two kinds of
static file beside the page, fetched only when a visitor first filters or sorts:

- `filtros.json`: every practice's facet values (as indexes into each facet's list of values)
  and publication date, in the catalog's order: what portal-catalog.js counts and filters;
- `tarjetas-K.json`: the cards of the practices of page K + 1, in the same order, as the text
  fields `resultItem` renders (portal-pagefind.js): practice i is card i % size of file i // size.
"""

from __future__ import annotations

import json

from portal.model.catalog import Catalog
from portal.model.collation import by_title
from portal.model.practice import LANGUAGES, Practice
from portal.pages.cards import card_meta
from portal.pages.facets import FACETS

FILTERS_FILE = "filtros.json"
CARDS_FILE = "tarjetas-{}.json"  # K from 0; the page's data attribute holds "#" for K


def order(catalog: Catalog, lang: str) -> list[Practice]:
    """The catalog's practices in the order every catalog page and data file lists them."""
    return sorted(catalog.practices, key=by_title(lang))


def chunks(items: list, size: int) -> list[list]:
    """`items` in pages of `size`; an empty catalog still has its first page."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def page_name(n: int) -> str:
    """The file (under docs/practicas/, without the language suffix) of page n, from 1."""
    return "index" if n == 1 else f"pagina-{n}"


def page_path(n: int, lang: str) -> str:
    """The path under docs/ of page n of one language's catalog."""
    return f"practicas/{page_name(n)}.{lang}.md"


def page_paths(catalog: Catalog, size: int) -> set[str]:
    """The path under docs/ of every catalog page, in every language."""
    pages = len(chunks(catalog.practices, size))
    return {page_path(n, lang) for n in range(1, pages + 1) for lang in LANGUAGES}


def _compact(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def files(catalog: Catalog, lang: str, size: int, t: dict) -> dict[str, bytes]:
    """The data files of one language's catalog, by file name (they go beside its page)."""
    practices = order(catalog, lang)
    values = {f.name: sorted({v for p in practices for v in f.values(p)}) for f in FACETS}
    index = {name: {v: i for i, v in enumerate(vs)} for name, vs in values.items()}
    rows = [[p.published, *([index[f.name][v] for v in f.values(p)] for f in FACETS)]
            for p in practices]
    out = {FILTERS_FILE: _compact({"size": size, "facets": values, "practices": rows})}
    for k, page in enumerate(chunks(practices, size)):
        out[CARDS_FILE.format(k)] = _compact(
            [{"url": f"{p.id}/", "meta": card_meta(p, lang, t)} for p in page])
    return out
