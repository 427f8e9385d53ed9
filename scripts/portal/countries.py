"""Country names from CLDR (through Babel), in the page's language. No hand-kept list."""

from __future__ import annotations

from functools import cache

from babel import Locale

# CLDR also names regions and groupings that are not countries (EU, UN, "Unknown Region").
_NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"}


@cache
def _names(lang: str) -> dict[str, str]:
    return {code: name for code, name in Locale.parse(lang).territories.items()
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES}


def codes() -> list[str]:
    """Every country code CLDR names, sorted (the open data's countries table)."""
    return sorted(_names("en"))


def is_country(code: str) -> bool:
    return code in _names("en")


def country_name(code: str, lang: str) -> str:
    return _names(lang)[code]
