"""Pages generated from the catalog: one sheet per practice and language, the catalog, listings.

Editors' Markdown is rendered exactly once, field by field, by portal.pages.markup (then cleaned by
nh3). That HTML must never meet a Markdown parser again: MkDocs' own pass, with attr_list, once
turned escaped text of a cleaned summary into `<img onerror>`. So a practice sheet is written as
two parts: a Markdown file under docs/ holding only front matter and the marker `BODY_MARKER`,
which MkDocs reads, and the sheet's body as HTML (`Sheet.body`), which the hooks put in place of
the marker after MkDocs' Markdown pass. The front matter carries a digest of the body, so the
file changes whenever the body does (`mkdocs serve` rebuilds only pages whose file changed).
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from mkdocs.utils.meta import get_data

from portal.build.parallel import parallel_map
from portal.cite import citation as cite
from portal.i18n import Words, words
from portal.model.catalog import Catalog
from portal.model.countries import country_name
from portal.model.practice import LANGUAGES, Institution, Practice
from portal.model.site import Site
from portal.pages import cards, catalog_data, facets, listings, markup, sheet_pdf
from portal.pages.frontmatter import front_matter
from portal.pages.livemarkup import live_markup
from portal.pages.related import related_all

TEMPLATES = Path(__file__).parent / "templates"
# British English writes "26 November 2026", as the portal's English pages do.


def labels() -> dict[str, Words]:
    """Every language's interface text (portal.i18n), by language."""
    return {lang: words(lang) for lang in LANGUAGES}


@cache
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True,
                      trim_blocks=False, lstrip_blocks=False)
    env.globals.update(block=markup.block, inline=markup.inline)
    return env


def readable_date(iso: str, lang: str) -> str:
    return format_date(date.fromisoformat(iso), format="long", locale=words(lang)["locale"]["babel"])


# The one line of a generated page's Markdown body; an HTML comment, which Python-Markdown passes
# through untouched.
BODY_MARKER = "<!-- portal:body -->"
_HEADING = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>')


@dataclass(frozen=True)
class Page:
    """A generated page in one language: the Markdown file MkDocs reads, the HTML body the
    hooks put in place of its marker, and what in that body could run (portal.pages.livemarkup,
    the last check of every page: looked for here, where the sheets are made on both cores,
    rather than one page after another in the hooks). A sheet's `head` is its citation metadata
    (portal.cite.citation.head), which the hooks hand the theme as `page.meta.portal_head`:
    most of a sheet's fields, it is kept out of the front matter, which would write it as YAML
    and MkDocs read it back, for each page. `with_head()` is the file with it in."""

    markdown: str
    body: str
    live: tuple[str, ...]
    head: dict | None = None

    def with_head(self) -> str:
        """The Markdown file with the head in its front matter: what MkDocs alone would need to
        make the same page (the golden files show it; the bench's bare build reads it)."""
        if self.head is None:
            return self.markdown
        meta = get_data(self.markdown)[1]
        return f"{front_matter({**meta, 'portal_head': self.head})}\n{BODY_MARKER}\n"

    def toc(self) -> list[dict]:
        """The page's contents, as MkDocs' toc tokens, from the body's own <h2> headings (only
        the templates write headings: nh3 keeps none in editors' text)."""
        return [{"level": 2, "id": anchor, "name": label, "children": []}
                for anchor, label in _HEADING.findall(self.body)]


def page_title(text: str) -> str:
    """A title as the theme prints it (raw, in <title>, the header and <h1>): HTML text."""
    return html.escape(markup.title_text(text))


def _description(practice: Practice, lang: str) -> str:
    text = markup.plain(practice.summary(lang))  # editors' Markdown and HTML never reach <head>
    return text if len(text) <= 160 else text[:157].rsplit(" ", 1)[0] + "…"


def _link(facet: str, value: str, label: str) -> dict:
    # Raw HTML in the page, so the URL is the built one: /practicas/<id>/ -> /paises/pe/.
    return {"href": f"../../{listings.listing_path(facet, value)}/", "label": label}


def practice_page(practice: Practice, catalog: Catalog, lang: str, site: Site,
                  related: list[Practice] | None = None, *, render_pdf: bool = True) -> Page:
    vocab = catalog.vocabularies
    citation = cite.citation(practice, catalog, site, lang)

    def institution(i: Institution):
        return i.name(lang)

    text_lang = practice.text_language(lang)
    body = _env().get_template("sheet.html.j2").render(
        p=practice, lang=lang, t=labels()[lang],
        pending=practice.translation_pending and lang == "en",
        # Not translated into this language: its text in the default language, marked as such,
        # under a notice linking the pages it is written for.
        text_lang=text_lang,
        fallback=[{"href": site.practice_link(practice.id, lang, other), "lang": other,
                   "name": labels()[other]["language_name"]} for other in practice.languages]
        if text_lang != lang else None,
        withdrawn=({"date": readable_date(practice.withdrawn.date, lang),
                    "reason": practice.withdrawn.reason(lang)} if practice.withdrawn else None),
        institution=institution,
        countries=[country_name(c, lang) for c in practice.countries],
        themes=[vocab.themes[k].label(lang) for k in practice.themes],
        populations=[vocab.populations[k].label(lang) for k in practice.populations],
        objectives=[vocab.objectives[n] for n in sorted(practice.gcm_objectives)],
        principles=[vocab.principles[k].label(lang) for k in practice.gcm_principles],
        updated=readable_date(practice.updated, lang),
        sheet=sheet_pdf.page_link(practice, catalog, site, lang, render=render_pdf),
        cite_html=cite.apa_html(citation),
        cite_files=[(kind, cite.file_name(practice.id, kind), cite.MEDIA_TYPES[kind])
                    for kind in cite.FILE_KINDS],
        country_links=[_link("country", c, country_name(c, lang)) for c in practice.countries],
        theme_links=[_link("theme", k, vocab.themes[k].label(lang)) for k in practice.themes],
        population_links=[_link("population", k, vocab.populations[k].label(lang))
                          for k in practice.populations],
        objective_links={n: _link("gcm", str(n), "")["href"] for n in practice.gcm_objectives},
        related=[(cards.card(r, lang, labels()[lang]), f"../{r.id}/") for r in (related or [])],
    )
    fields = {
        "title": page_title(practice.title(lang)),
        # Plain text; overrides/main.html escapes it into the description meta tag.
        "description": _description(practice, lang),
        "portal_source": practice.source_path,
        "portal_id": practice.id,
        # The languages it is written in: its hreflang alternates (overrides/main.html).
        "portal_languages": list(practice.languages),
    }
    if text_lang != lang:
        # It shows the default language's sheet, which is the page to index and cite.
        fields["portal_canonical"] = site.practice_url(practice.id, text_lang)
    if practice.withdrawn:
        # The hooks index for search only the pages that name their practice: not this one.
        del fields["portal_id"]
    return make_page(fields, body, cite.head(citation, practice, catalog, site))


def _pager(n: int, pages: int, href) -> dict:
    """Links between the numbered catalog pages: previous, next, and the page numbers near n
    (with the first and last), None standing for a gap."""
    near = sorted({1, pages, *range(max(1, n - 2), min(pages, n + 2) + 1)})
    numbers: list = []
    for m in near:
        if numbers and m - numbers[-1]["n"] > 1:
            numbers.append(None)
        numbers.append({"n": m, "href": href(m), "current": m == n})
    return {"n": n, "pages": pages, "numbers": numbers,
            "previous": href(n - 1) if n > 1 else None, "next": href(n + 1) if n < pages else None}


# The modules the catalog runs (overrides/assets), preloaded by its page (overrides/main.html).
CATALOG_MODULES = ("assets/portal-catalog.js", "assets/portal-pagefind.js")


def catalog_pages(catalog: Catalog, lang: str, site: Site) -> dict[str, Page]:
    """The catalog (/practicas/: the form, filters and its first practices) and the numbered
    pages that list the rest, alphabetically, for readers without JavaScript."""
    t = labels()[lang]
    size = site.catalog_page_size
    items = catalog_data.order(catalog, lang)
    pages = catalog_data.chunks(items, size)
    out = {}
    for n, chunk in enumerate(pages, start=1):
        here = "" if n == 1 else "../"  # from this page to the catalog's folder, /practicas/

        def href(m: int, here=here) -> str:
            return here + ("" if m == 1 else f"{catalog_data.page_name(m)}/") or "./"

        listed = [{"id": p.id, "href": f"{here}{p.id}/", "card": cards.card(p, lang, t)}
                  for p in chunk]
        context = dict(t=t, lang=lang, practices=listed, total=len(items),
                       first=(n - 1) * size + 1 if chunk else 0, last=(n - 1) * size + len(chunk),
                       pager=_pager(n, len(pages), href) if len(pages) > 1 else None)
        if n == 1:
            body = _env().get_template("catalog.html.j2").render(
                **context,
                filters_file=catalog_data.FILTERS_FILE, cards_file=catalog_data.CARDS_FILE.format("#"),
                facets=[{"name": f.name, "label": t[f.label_key],
                         "options": facets.options(catalog, f, lang, t)} for f in facets.FACETS])
            # Results beside the filters need the width of the page's contents column (empty here).
            fields = {"title": html.escape(t["catalog_title"]), "description": t["catalog_description"],
                      "hide": ["toc"], "portal_preload": list(CATALOG_MODULES)}
        else:
            body = _env().get_template("catalog_page.html.j2").render(**context)
            title = t["catalog_page_title"].format(n=n, pages=len(pages))
            fields = {"title": html.escape(title),
                      "description": t["catalog_page_description"].format(n=n, pages=len(pages)),
                      "hide": ["toc"]}
        out[catalog_data.page_path(n, lang)] = make_page(fields, body)
    return out


def make_page(fields: dict, body: str, head: dict | None = None) -> Page:
    """A generated page from its front matter fields, its HTML body and, for a sheet, its head."""
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:20]
    return Page(f"{front_matter({**fields, 'portal_body': digest})}\n{BODY_MARKER}\n", body,
                tuple(live_markup(body)), head)


# Folders of docs/ that the generator owns entirely (git-ignored, orphans deleted).
OWNED = ("practicas", *listings.FOLDERS)


@dataclass(frozen=True)
class Generated:
    """Every generated page: the files to write under docs/ ("folder/file" -> text), and the
    pages whose body is HTML (sheets, catalog) by the same path, for the hooks."""

    files: dict[str, str]
    bodies: dict[str, Page]


def all_pages(catalog: Catalog, site: Site, *, render_pdf: bool = True) -> Generated:
    """Every generated page, by its path under docs/. `render_pdf=False` (the preview): no PDF
    is rendered for the sheets' links (see sheet_pdf.page_link)."""
    related = related_all(catalog.practices)
    # Withdrawn practices keep their sheets (with a notice), related to nothing.
    sheets = [(practice, lang) for lang in LANGUAGES for practice in (*catalog.practices, *catalog.withdrawn)]

    def sheet_page(sheet: tuple[Practice, str]) -> str:
        practice, lang = sheet
        return practice_page(practice, catalog, lang, site, related.get(practice.id, []),
                             render_pdf=render_pdf)

    rendered = parallel_map(sheet_page, sheets)  # each sheet on its own: half on another core
    by_path = {f"practicas/{practice.id}.{lang}.md": sheet
               for (practice, lang), sheet in zip(sheets, rendered, strict=True)}
    for lang in LANGUAGES:
        by_path.update(catalog_pages(catalog, lang, site))
    files = {path: page.markdown for path, page in by_path.items()}
    files.update(listings.listing_pages(catalog, labels()))
    return Generated(files, by_path)


def sheet_path(practice_id: str, lang: str) -> str:
    return f"practicas/{practice_id}.{lang}.md"


def pages_of(catalog: Catalog, site: Site, ids: set[str], related: dict[str, list[Practice]],
             values: set[tuple[str, str]], *, with_catalog: bool = True,
             render_pdf: bool = True) -> Generated:
    """What all_pages() makes for the sheets of `ids`, the catalog (unless not `with_catalog`)
    and the listing pages of `values` ((facet, value) pairs) only: what one saved practice can
    change (the preview). The sheets are made on both cores when that is safe."""
    sheets = [(practice, lang) for lang in LANGUAGES for practice in (*catalog.practices, *catalog.withdrawn)
              if practice.id in ids]
    rendered = parallel_map(lambda sheet: practice_page(sheet[0], catalog, sheet[1], site,
                                                        related.get(sheet[0].id, []),
                                                        render_pdf=render_pdf), sheets)
    by_path = {sheet_path(practice.id, lang): page
               for (practice, lang), page in zip(sheets, rendered, strict=True)}
    for lang in LANGUAGES if with_catalog else ():
        by_path.update(catalog_pages(catalog, lang, site))
    files = {path: page.markdown for path, page in by_path.items()}
    if values:
        files.update(listings.listing_pages(catalog, labels(), only=values))
    return Generated(files, by_path)
