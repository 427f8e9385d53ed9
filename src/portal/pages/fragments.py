"""HTML parts of hand-written and listing pages that show the catalog: the home page's search
box, totals, themes and latest practices, and the cards of a listing page.

Each is the part of a marker (portal.build.markers, HTML stage): put in after MkDocs' Markdown
pass, like the generated sheets' bodies, as cards hold editors' text, which must never meet a
Markdown parser.
"""

from __future__ import annotations

from urllib.parse import urlencode

from markupsafe import escape

from portal.model import regions
from portal.model.catalog import Catalog
from portal.model.collation import alphabetical, by_title
from portal.model.countries import country_name
from portal.pages import americas_map, cards
from portal.pages.facets import BY_NAME, counts, options
from portal.pages.generated import _env, labels
from portal.pages.listings import listing_path


def _macros(lang: str):
    return _env().get_template("home.html.j2").make_module({"t": labels()[lang]})


def _facet(name: str):
    return BY_NAME[name]


def search_box(lang: str) -> str:
    """The home page's search box: it submits to the catalog (the list itself without JavaScript)."""
    return str(_macros(lang).search())


def latest(catalog: Catalog, lang: str, count: int = 4) -> str:
    t = labels()[lang]
    newest = sorted(catalog.practices, key=lambda p: (p.published, p.id), reverse=True)[:count]
    return str(_macros(lang).cards([(cards.card(p, lang, t), f"practicas/{p.id}/")
                                     for p in newest], 3))


def totals(catalog: Catalog, lang: str) -> str:
    t = labels()[lang]
    n = len(catalog.practices)
    figures = [
        {"n": n, "label": t["count_one"] if n == 1 else t["count_many"], "href": "practicas/"},
        {"n": len(counts(catalog, _facet("country"))), "label": t["total_countries"],
         "href": "paises/"},
        {"n": len(counts(catalog, _facet("gcm"))), "label": t["total_objectives"],
         "href": "objetivos/"},
    ]
    return str(_macros(lang).totals(figures))


def themes(catalog: Catalog, lang: str) -> str:
    """The themes some practice has, with how many practices each (no empty theme)."""
    t = labels()[lang]
    items = [{"href": f"{listing_path('theme', o.value)}/", "label": o.label, "count": o.count,
              "noun": t["count_one"] if o.count == 1 else t["count_many"]}
             for o in options(catalog, _facet("theme"), lang, t)]
    return str(_macros(lang).themes(items))


def listing_cards(catalog: Catalog, facet: str, value: str, lang: str) -> str:
    t = labels()[lang]
    found = _facet(facet)
    practices = sorted((p for p in catalog.practices if value in found.values(p)),
                       key=by_title(lang))
    return str(_macros(lang).cards([(cards.card(p, lang, t), f"../../practicas/{p.id}/")
                                     for p in practices], 2))


def practice_map(catalog: Catalog, lang: str, where: str) -> str:
    t = labels()[lang]
    found = counts(catalog, _facet("country"))
    most = max(found.values(), default=0)
    prefix = "paises/" if where == "home" else ""
    shapes, (width, height) = americas_map.paths()

    def country(code: str) -> dict:
        n = found[code]
        return {"code": code, "name": country_name(code, lang), "count": n,
                "noun": t["count_one"] if n == 1 else t["count_many"],
                "href": f"{prefix}{listing_path('country', code).split('/', 1)[1]}/",
                "shade": americas_map.shade(n, most), "d": shapes.get(code, "")}

    with_practices = sorted((country(c) for c in found), key=lambda c: alphabetical(c["name"], lang))
    return _env().get_template("map.html.j2").render(
        t=t, width=width, height=height,
        background=[{"d": d} for code, d in sorted(shapes.items()) if code not in found],
        linked=[c for c in with_practices if c["d"]],
        listed=[c for c in with_practices if regions.in_americas(c["code"])],
        outside=[c for c in with_practices if not regions.in_americas(c["code"])])


def publisher(site, lang: str) -> str:
    """Who publishes the portal and its contact, both from mkdocs.yml (`extra.publisher`), as
    the citations name it."""
    t = labels()[lang]
    out = f'<p class="bp-publisher">{escape(t["published_by"])} <strong>{escape(site.publisher(lang))}</strong>.'
    if site.email:
        out += (f' {escape(t["contact"])} <a href="mailto:{escape(site.email)}">'
                f'{escape(site.email)}</a>.')
    return out + "</p>"


def correction_link(repo_url: str, practice, sheet_url: str | None, lang: str) -> str:
    """A sheet's "Suggest a correction" link: a new issue in the repository, naming the sheet."""
    if not repo_url:
        return ""
    t = labels()[lang]
    query = urlencode({"title": t["correction_title"].format(id=practice.id),
                       "body": t["correction_body"].format(url=sheet_url or practice.id)})
    href = f"{repo_url.rstrip('/')}/issues/new?{query}"
    return (f'\n<p class="bp-correction"><a href="{escape(href)}">'
            f'{escape(t["correction_link"])}</a></p>\n')
