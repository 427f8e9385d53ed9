"""The card of a practice: what every list of practices shows (the catalog, the home page, the
listing pages, related practices and search results). One definition of its fields, rendered by
the one template `card.html.j2` and, for search results, sent to the browser as Pagefind meta
(portal.search.index), so a card reads the same wherever it appears.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from portal.model.countries import country_name
from portal.model.practice import Practice
from portal.pages import markup

# A sentence ends at . ! ? (or …) followed by a space and a capital or an opening sign, so that
# "(ACNUR)." ends one and "art. 5" or "3.5 millones" do not.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[¿¡\"“(]?[A-ZÁÉÍÓÚÑÜ])")
LONGEST = 240  # characters: a first sentence longer than this is cut at a word


def first_sentence(text: str) -> str:
    """The first sentence of an editor's Markdown field, as plain text."""
    plain = markup.plain(text)
    sentence = _SENTENCE_END.split(plain, maxsplit=1)[0]
    if len(sentence) > LONGEST:
        sentence = sentence[:LONGEST - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence


@dataclass(frozen=True)
class Card:
    id: str
    title: str  # plain text: templates escape it
    countries: str
    institution: str
    period: str
    status: str
    summary: str
    objectives: tuple[int, ...]
    lang: str  # the language of its title, institution and summary (portal.model.practice)


def period(practice: Practice, t: dict) -> str:
    if practice.end_year:
        return f"{practice.start_year}–{practice.end_year}"
    return f"{t['since']} {practice.start_year}"


def card(practice: Practice, lang: str, t: dict) -> Card:
    return Card(
        id=practice.id,
        title=markup.title_text(practice.title(lang)),
        countries=", ".join(country_name(c, lang) for c in practice.countries),
        institution="; ".join(markup.title_text(i.name(lang)) for i in practice.lead),
        period=period(practice, t),
        status=t["status"][practice.status],
        summary=first_sentence(practice.summary(lang)),
        objectives=tuple(sorted(practice.gcm_objectives)),
        lang=practice.text_language(lang),
    )


def card_meta(practice: Practice, lang: str, t: dict) -> dict[str, str]:
    """A card as the browser receives it (Pagefind meta of a sheet, the catalog's card files):
    the fields portal-pagefind.js's resultItem renders as the same card, as text."""
    c = card(practice, lang, t)
    return {"title": c.title, "place": c.countries, "institution": c.institution,
            "when": f"{c.period} · {c.status}", "summary": c.summary,
            "gcm": " ".join(map(str, c.objectives)),
            # Set when the practice's text is in another language than the page (a practice
            # not translated into Portuguese): the browser marks its title and summary with it.
            "lang": c.lang if c.lang != lang else ""}
