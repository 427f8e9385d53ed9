"""Did-you-mean for editors: a country's name to its ISO code, a near miss to a known key.

Country names come from CLDR through Babel, in Spanish and English (as written or
without accents: "Perú", "peru", "Estados Unidos", "United States"), compared without case or
accents, so `country: Chile` or `country: Perú` get the code to write.
"""

from __future__ import annotations

import difflib
from functools import cache

from babel import Locale

from portal.model.collation import folded
from portal.model.countries import codes
from portal.model.practice import LANGUAGES


def _fold(text: str) -> str:
    return folded(text).strip()


@cache
def _country_names() -> dict[str, str]:
    """Folded name -> code, every name CLDR gives in the portal's languages (long and short)."""
    known = set(codes())
    names: dict[str, str] = {}
    for lang in LANGUAGES:
        locale = Locale.parse(lang)
        for code, name in locale.territories.items():
            if code in known:
                names.setdefault(_fold(name), code)
    return names


def country_code(text: str) -> str | None:
    """The ISO code an editor meant by a country's name or a lowercase code, or None."""
    if not isinstance(text, str) or not text.strip():
        return None
    if text.strip().upper() in set(codes()):
        return text.strip().upper()
    folded = _fold(text)
    names = _country_names()
    if folded in names:
        return names[folded]
    close = difflib.get_close_matches(folded, list(names), n=1, cutoff=0.85)
    return names[close[0]] if close else None


def close_key(text, known: list) -> str | None:
    """The known key nearest to what was written (a typo, another case, spaces for hyphens)."""
    if not isinstance(text, str):
        return None
    known = [str(k) for k in known]
    tried = text.strip().lower().replace(" ", "-").replace("_", "-")
    if tried in known:
        return tried
    close = difflib.get_close_matches(tried, known, n=1, cutoff=0.6)
    return close[0] if close else None
