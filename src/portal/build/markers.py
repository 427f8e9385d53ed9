"""The generated parts of pages. A page writes `<!-- portal:name -->` (or `<!-- portal:name arg
... -->`) where a part goes; one regex finds them all and one table says what each name produces
(the model: Material's overrides/hooks/shortcodes.py). A name not in the table, or a part given
the wrong arguments, stops the build with the page and line: a typo must not stay silently as a
comment.

Parts come in two stages:
- MARKDOWN parts are replaced before MkDocs' Markdown pass (their links name the pages' .md
  files, which MkDocs turns into URLs); every text and URL in them from practices, vocabularies
  or mkdocs.yml goes through portal.pages.markup.md_text or md_url, so none is read as Markdown;
- HTML parts are replaced after it (on_page_content): they hold editors' text as cleaned HTML,
  which must never meet a Markdown parser (cards, the map, the home page's figures).
`body` is the generated sheets' and catalog's own marker, which the hooks replace.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from portal.contribute import editors, fieldref
from portal.data import opendata
from portal.i18n import message
from portal.model.catalog import Catalog
from portal.model.site import Site
from portal.pages import fragments, listings
from portal.pages.generated import labels

MARKER = re.compile(r"<!-- portal:([^\s>]*)((?: [^\s>]+)*) -->")
MARKDOWN, HTML = "markdown", "html"


@dataclass(frozen=True)
class Context:
    """What a part may show: one language of one build."""

    catalog: Catalog
    schema: dict
    site: Site
    lang: str
    repo_url: str


@dataclass(frozen=True)
class Part:
    stage: str  # MARKDOWN or HTML
    make: Callable[..., str]  # (context, *arguments) -> the part
    arguments: tuple[tuple[str, ...] | None, ...] = ()  # per argument: its allowed values, or None: any word


def _listing_cards(c: Context, facet: str, value: str) -> str:
    return fragments.listing_cards(c.catalog, facet, value, c.lang)


PARTS: dict[str, Part] = {
    # Hand-written pages (Markdown).
    "by-gcm": Part(MARKDOWN, lambda c: listings.home_counts(c.catalog, "gcm", c.lang, labels())),
    "fields": Part(MARKDOWN, lambda c: opendata.fields_markdown(c.schema, c.lang)),
    "license": Part(MARKDOWN, lambda c: opendata.license_markdown(c.site, c.lang)),
    "field-reference": Part(MARKDOWN, lambda c: fieldref.reference_markdown(c.schema, c.lang)),
    "pending-translations": Part(MARKDOWN, lambda c: editors.pending_translations(c.catalog, c.lang)),
    "propose-form": Part(MARKDOWN, lambda c: editors.propose_form(c.repo_url, c.lang)),
    "propose-email": Part(MARKDOWN, lambda c: editors.propose_email(c.site.email, c.site.license_name, c.lang)),
    # Hand-written and listing pages (HTML).
    "home-search": Part(HTML, lambda c: fragments.search_box(c.lang)),
    "totals": Part(HTML, lambda c: fragments.totals(c.catalog, c.lang)),
    "themes": Part(HTML, lambda c: fragments.themes(c.catalog, c.lang)),
    "latest": Part(HTML, lambda c: fragments.latest(c.catalog, c.lang)),
    "publisher": Part(HTML, lambda c: fragments.publisher(c.site, c.lang)),
    # The map on the home page or the countries page (their links differ).
    "map": Part(HTML, lambda c, where: fragments.practice_map(c.catalog, c.lang, where), (("home", "countries"),)),
    # A listing page's practices: <!-- portal:cards country PE -->, written by portal.pages.listings.
    "cards": Part(HTML, _listing_cards, (tuple(listings.FACET_NAMES), None)),
}
BODY = "body"  # see the module's docstring


class MarkerError(ValueError):
    pass


def _problem(match: re.Match, source: str, source_text: str | None) -> str | None:
    name, arguments = match[1], match[2].split()
    if name == BODY:
        return None if not arguments else message("build.marker.no_argument", name=name)
    part = PARTS.get(name)
    if part is None:
        return message("build.marker.unknown", name=name)
    if len(arguments) != len(part.arguments):
        return message("build.marker.arguments", name=name, expected=len(part.arguments), given=len(arguments))
    for value, allowed in zip(arguments, part.arguments, strict=True):
        if allowed is not None and value not in allowed:
            return message("build.marker.value", name=name, value=value, allowed=", ".join(allowed))
    return None


def replace(text: str, stage: str, context: Context, *, source: str, source_text: str | None = None,
            generated: bool = False) -> str:
    """`text` with every marker of `stage` replaced by its part. At the Markdown stage every
    marker of the page is checked first: `source` names the page in an error (docs/index.es.md)
    and `source_text` is its file, front matter included, for the line."""
    if "<!-- portal:" not in text:
        return text
    if stage == MARKDOWN:
        for match in MARKER.finditer(text):
            problem = _problem(match, source, source_text)
            if problem is None and match[1] == BODY and not generated:
                problem = message("build.marker.body")
            if problem:
                at = (source_text or text).find(match[0])
                line = (source_text or text).count("\n", 0, at) + 1 if at >= 0 else 1
                raise MarkerError(f"{source}:{line}: {problem}")

    def part(match: re.Match) -> str:
        found = PARTS.get(match[1])
        if found is None or found.stage != stage:
            return match[0]
        return found.make(context, *match[2].split())

    return MARKER.sub(part, text)
