"""Country names from CLDR (through Babel), in the page's language. No hand-kept list."""

from __future__ import annotations

import re
from functools import cache

from babel import Locale

from portal.i18n import Localized, message

# CLDR also names two-letter territories that ISO 3166-1 does not assign as countries: its
# "exceptionally reserved" codes (islands and groupings that belong to a country, with the
# country to use instead, or a grouping) and its user-assigned codes (AA, QM-QZ, XA-XZ, ZZ),
# which CLDR uses for Kosovo, pseudo-locales and "Unknown Region". What is left is the 249
# countries of ISO 3166-1, named in every language by CLDR.
_PART_OF = {"AC": "SH", "CP": "FR", "CQ": "GG", "DG": "IO", "EA": "ES", "IC": "ES", "TA": "SH"}
_GROUPINGS = {"EU", "EZ", "UN"}
_USER_ASSIGNED = re.compile(r"AA|Q[M-Z]|X[A-Z]|ZZ")


def _is_assigned(code: str) -> bool:
    return (len(code) == 2 and code.isalpha() and code not in _PART_OF and code not in _GROUPINGS
            and not _USER_ASSIGNED.fullmatch(code))


@cache
def _names(lang: str) -> dict[str, str]:
    return {code: name for code, name in Locale.parse(lang).territories.items() if _is_assigned(code)}


def codes() -> list[str]:
    """Every country code CLDR names, sorted (the open data's countries table)."""
    return sorted(_names("en"))


def is_country(code: str) -> bool:
    return code in _names("en")


def country_problem(code: str) -> str | None:
    """None for a country; else what to write instead, in every language (CLDR names the
    territory in each)."""
    if is_country(code):
        return None
    name = Localized(lambda lang: Locale.parse(lang).territories.get(code))
    if code in _PART_OF:
        return message("check.country_part_of", code=code, name=name, country=_PART_OF[code])
    if Locale.parse("en").territories.get(code):
        return message("check.country_grouping", code=code, name=name)
    return message("check.country_unknown", code=code)


def country_name(code: str, lang: str) -> str:
    return _names(lang)[code]
