"""Everything written into the built site besides the pages, for citing and reusing the
catalogue: citation files, redirects of renamed practices, the Atom feed, the open data, and the
catalog's filter and card files.
They need the checked catalog only, not the built pages: the MkDocs hook writes them while
the pages are built (see portal.build.parallel)."""

from __future__ import annotations

from pathlib import Path

from portal.build.output import write_files
from portal.i18n import words
from portal.cite import files as citation_files
from portal.data import feeds, opendata, permalinks
from portal.model.catalog import Catalog, Project
from portal.model.practice import LANGUAGES, language_prefix
from portal.model.site import Site
from portal.pages import catalog_data


def write_all(site_root: Path, catalog: Catalog, project: Project, site: Site) -> int:
    """Every language's outputs under `site_root`; returns how many files were written."""
    return sum(len(write_outputs(site_root / site.prefix(lang), lang, catalog, project, site))
               for lang in LANGUAGES)


def write_outputs(lang_folder: Path, lang: str, catalog: Catalog, project: Project,
                  site: Site) -> list[Path]:
    """`lang_folder` is the language's part of the built site (the root for Spanish)."""
    ids = {p.id for p in (*catalog.practices, *catalog.withdrawn)}
    moved = permalinks.aliases(project.root, ids)
    written = citation_files.write(lang_folder, catalog, site, lang, aliases=moved)
    written += permalinks.write_redirects(lang_folder, moved, lang,
                                          lambda new: site.practice_url(new, lang))
    written.append(feeds.write(lang_folder, catalog, site, lang, moved))
    # The catalog's filter and card files, beside its page (portal.pages.catalog_data).
    written += write_files(lang_folder, "practicas",
                           catalog_data.files(catalog, lang, site.catalog_page_size, words(lang)))
    if lang == LANGUAGES[0]:
        # One copy of the open data, at the site root: it holds both languages; robots.txt
        # too, which points at the sitemap of both.
        written += opendata.write(lang_folder, catalog, project, site)
        written.append(feeds.write_robots(lang_folder, site))
        written += write_files(lang_folder, "", {"_redirects": not_found_rules()})
    return written


def not_found_rules() -> bytes:
    """Netlify's `_redirects`: a missing address under /en/ gets the English 404 page (Netlify
    serves only the root 404.html by itself; Cloudflare Pages looks for the nearest one). A rule
    without `!` never hides a file that exists."""
    return "".join(f"/{language_prefix(lang)}*  /{language_prefix(lang)}404.html  404\n"
                   for lang in LANGUAGES[1:]).encode("utf-8")


SITEMAP = "sitemap.xml"
SITEMAP_URLS = "sitemap-paginas.xml"


def sitemap_index(site_root: Path, site: Site) -> None:
    """Turn the theme's sitemap (every page of every language, with its alternates) into
    `sitemap-paginas.xml`, and put at `sitemap.xml`, where robots.txt points, a sitemap index
    that names it. Material's script fetches `sitemap.xml` beside every `<link rel=alternate>`
    of a page, the feed's among them (its language-switch lookup, which the portal's own
    language menu does not need): on every first visit that was the whole sitemap, about 250 KB
    gzip at 5,000 practices on a slow link; the index is a few hundred bytes at any N."""
    pages = (site_root / SITEMAP).read_bytes()
    index = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
             f"<sitemap><loc>{site.absolute(SITEMAP_URLS)}</loc></sitemap>\n"
             "</sitemapindex>\n")
    write_files(site_root, "", {SITEMAP_URLS: pages, SITEMAP: index.encode("utf-8")})
    (site_root / f"{SITEMAP}.gz").unlink(missing_ok=True)  # MkDocs' gzip of the page list
