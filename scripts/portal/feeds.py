"""An Atom feed per language of new and updated practices (feed.xml, en/feed.xml)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from . import citation as cite
from .catalog import Catalog
from .model import LANGUAGES
from .output import write_files
from .site import Site

ATOM = "http://www.w3.org/2005/Atom"
FEED_FILE = "feed.xml"
MAX_ENTRIES = 50  # readers poll often: the newest changes are enough
_SUBTITLE = {"es": "Prácticas nuevas y actualizadas", "en": "New and updated practices"}


def feed_path(lang: str) -> str:
    return ("" if lang == LANGUAGES[0] else f"{lang}/") + FEED_FILE


def _stamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def _add(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def atom(catalog: Catalog, site: Site, lang: str) -> bytes:
    ET.register_namespace("", ATOM)
    newest = sorted(catalog.practices, key=lambda p: (p.updated, p.published, p.id),
                    reverse=True)[:MAX_ENTRIES]
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    _add(feed, "id", site.absolute(feed_path(lang)))
    _add(feed, "title", site.name(lang))
    _add(feed, "subtitle", _SUBTITLE[lang])
    _add(feed, "link", rel="self", type="application/atom+xml", href=site.absolute(feed_path(lang)))
    _add(feed, "link", rel="alternate", type="text/html", href=site.absolute(site.prefix(lang)))
    # A feed without entries still needs an <updated>: the epoch says "nothing yet".
    _add(feed, "updated", _stamp(newest[0].updated if newest else "1970-01-01"))
    _add(feed, "rights", f"{site.license_name} {site.license_url}")
    _add(_add(feed, "author"), "name", site.name(lang))
    for p in newest:
        c = cite.citation(p, catalog, site, lang)
        entry = _add(feed, "entry")
        _add(entry, "id", c.url)
        _add(entry, "title", c.title)
        # One alternate link only: readers take the last one as the entry's link.
        _add(entry, "link", rel="alternate", type="text/html", href=c.url, hreflang=lang)
        _add(entry, "published", _stamp(p.published))
        _add(entry, "updated", _stamp(p.updated))
        for name in c.authors:
            _add(_add(entry, "author"), "name", name)
        for term, label in zip(p.themes, c.keywords, strict=True):
            _add(entry, "category", term=term, label=label)
        _add(entry, "summary", c.abstract, type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def write(lang_folder: Path, catalog: Catalog, site: Site, lang: str) -> Path:
    """The language's feed, at the root of the language's part of the built site."""
    return write_files(lang_folder, "", {FEED_FILE: atom(catalog, site, lang)})[0]
