"""Alphabetical order as readers of the portal's languages expect it: a letter with an accent
beside the same letter without ("Área" among the a's, not after "Zona"), case ignored.

This is the primary strength of Unicode's collation for the Latin script, which is all the
portal's languages write in: letters are compared once their accents are set aside, and the
text itself breaks ties so that the order never depends on input order. (PyICU would give full
CLDR collation, ñ after n included, at the cost of ICU's C++ library built for it.)
"""

from __future__ import annotations

import unicodedata


def folded(text: str) -> str:
    """`text` without case or accents: "Área" -> "area"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def alphabetical(text: str) -> tuple[str, str]:
    """Sort key of a title or name: `sorted(names, key=alphabetical)`."""
    return folded(text), text
