"""An Atom feed per language of new and updated practices (feed.xml, en/feed.xml), and the
robots.txt that points crawlers at the sitemap.

Entry ids are tag: URIs (RFC 4151) built from the configured tagging entity and the id the
practice was first published under, so neither a move to another domain nor a rename makes a
reader show a practice as new again."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

from portal.build.output import write_files
from portal.cite import citation as cite
from portal.i18n import words
from portal.model.catalog import Catalog
from portal.model.practice import language_prefix
from portal.model.site import Site

ATOM = "http://www.w3.org/2005/Atom"
FEED_FILE = "feed.xml"
MAX_ENTRIES = 50  # readers poll often: the newest changes are enough


def feed_path(lang: str) -> str:
    return language_prefix(lang) + FEED_FILE


def tag_entity(site: Site) -> str:
    """The configured "authority,date"; without one, the site's host and a fixed date."""
    return site.tag_entity or f"{urlparse(site.url).hostname or 'localhost'},2026"


def first_id(practice_id: str, aliases: dict[str, str]) -> str:
    """The id a practice was first published under. `aliases` (old id -> current id) keeps the
    order of redirects.yaml, where renames are appended: the first old id is the oldest."""
    return next((old for old, new in aliases.items() if new == practice_id), practice_id)


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def entry_id(practice_id: str, site: Site, aliases: dict[str, str] | None = None) -> str:
    return f"tag:{tag_entity(site)}:practica/{first_id(practice_id, aliases or {})}"


def feed_id(site: Site, lang: str) -> str:
    return f"tag:{tag_entity(site)}:feed/{lang}"


def _stamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def _add(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def atom(catalog: Catalog, site: Site, lang: str, aliases: dict[str, str] | None = None) -> bytes:
    ET.register_namespace("", ATOM)
    newest = sorted(catalog.practices, key=lambda p: (p.updated, p.published, p.id),
                    reverse=True)[:MAX_ENTRIES]
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})
    _add(feed, "id", feed_id(site, lang))
    _add(feed, "title", site.name(lang))
    _add(feed, "subtitle", words(lang)["feed_subtitle"])
    _add(feed, "link", rel="self", type="application/atom+xml", href=site.absolute(feed_path(lang)))
    _add(feed, "link", rel="alternate", type="text/html", href=site.absolute(site.prefix(lang)))
    # A feed without entries still needs an <updated>: the epoch says "nothing yet".
    _add(feed, "updated", _stamp(newest[0].updated if newest else "1970-01-01"))
    _add(feed, "rights", f"{site.license_name} {site.license_url}")
    _add(_add(feed, "author"), "name", site.publisher(lang))
    for p in newest:
        # A practice not translated into this language: the entry is its default-language
        # text (c.lang), said so by xml:lang, and still links this language's page last.
        c = cite.citation(p, catalog, site, lang)
        entry = _add(feed, "entry", **({XML_LANG: c.lang} if c.lang != lang else {}))
        _add(entry, "id", entry_id(p.id, site, aliases))
        _add(entry, "title", c.title)
        # The same practice in the other languages first: feed readers take the last
        # alternate link as the entry's link, which must be this language's page.
        for other, url in c.translations.items():
            _add(entry, "link", rel="alternate", type="text/html", href=url, hreflang=other)
        _add(entry, "link", rel="alternate", type="text/html", href=c.url, hreflang=c.lang)
        if c.lang != lang:
            _add(entry, "link", rel="alternate", type="text/html", href=site.practice_url(p.id, lang))
        _add(entry, "published", _stamp(p.published))
        _add(entry, "updated", _stamp(p.updated))
        for name in c.authors:
            _add(_add(entry, "author"), "name", name)
        for term, label in zip(p.themes, c.keywords, strict=True):
            _add(entry, "category", term=term, label=label)
        _add(entry, "summary", c.abstract, type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def write(lang_folder: Path, catalog: Catalog, site: Site, lang: str,
          aliases: dict[str, str] | None = None) -> Path:
    """The language's feed, at the root of the language's part of the built site."""
    return write_files(lang_folder, "", {FEED_FILE: atom(catalog, site, lang, aliases)})[0]


def robots_txt(site: Site) -> str:
    """Everything may be crawled; the sitemap (both languages, with hreflang) is announced.
    Sitemap: takes an absolute URL (sitemaps.org)."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.absolute('sitemap.xml')}\n"


def write_robots(site_root: Path, site: Site) -> Path:
    """robots.txt at the root of the built site (crawlers read it only there: a site
    published below a path should serve it from its host's root)."""
    return write_files(site_root, "", {"robots.txt": robots_txt(site).encode("utf-8")})[0]
