"""The one list of pages that every quality gate visits (accessibility, privacy, CSP, print...).

Each entry is a kind of page and its path in each language, relative to the site root. Adding a
page kind to the portal means adding one line here; every gate then checks it in every language.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.model.practice import LANGUAGES, language_prefix

SEED_ID = "peru-unidad-integracion-migratoria"
# A practice of the project's practices/ with no Portuguese: its /pt/ page shows the Spanish
# text under the Portuguese interface, with a notice.
UNTRANSLATED_ID = "argentina-migraciudades"


@dataclass(frozen=True)
class PageKind:
    """A kind of page and its path below a language's home: the same in every language (a
    page's URL differs only by the language's folder, /practicas/, /en/practicas/...)."""

    kind: str
    below_home: str

    def path(self, lang: str) -> str:
        return language_prefix(lang) + self.below_home


PAGE_KINDS = (
    PageKind("home", ""),
    PageKind("catalog", "practicas/"),
    # The catalog as its script shows a query: active-filter chips, values leading nowhere hidden,
    # and an empty result that names each filter (paths with a query: the same built page).
    PageKind("catalog-filtered", "practicas/?country=PE&theme=integration"),
    PageKind("catalog-empty", "practicas/?q=zzyzx&country=PE"),
    # A numbered page of the catalog, for readers without JavaScript (the test site's catalog
    # pages hold 10 practices: conftest.CATALOG_PAGE_SIZE).
    PageKind("catalog-page", "practicas/pagina-2/"),
    PageKind("practice", f"practicas/{SEED_ID}/"),
    # A practice not translated into Portuguese (its /pt/ page: the notice, lang="es" text).
    PageKind("practice-untranslated", f"practicas/{UNTRANSLATED_ID}/"),
    PageKind("about", "acerca/"),
    PageKind("methodology", "metodologia/"),
    PageKind("open-data", "datos/"),
    PageKind("contribute", "contribuir/"),
    PageKind("pending-translations", "traducciones/"),
    # Listing pages (an index and one page of each kind), static and crawlable.
    PageKind("countries", "paises/"),
    PageKind("country", "paises/pe/"),
    PageKind("objectives", "objetivos/"),
    PageKind("objective", "objetivos/16/"),
    PageKind("themes", "temas/"),
    PageKind("theme", "temas/integration/"),
    PageKind("populations", "poblaciones/"),
    PageKind("population", "poblaciones/migrants/"),
    # The 404 of each language, reached by a missing URL below its home: the root one says it
    # in English too (its English half marked lang="en"), en/404.html is English throughout.
    PageKind("404", "no-existe/"),
)

# Widths a visitor really uses: a phone and a desktop.
WIDTHS = (390, 1280)


def pages() -> list[tuple[str, str, str]]:
    """(kind, lang, path) for every page kind in every language."""
    return [(k.kind, lang, k.path(lang)) for k in PAGE_KINDS for lang in LANGUAGES]


def page_ids() -> list[str]:
    return [f"{kind}-{lang}" for kind, lang, _ in pages()]
