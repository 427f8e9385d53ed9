"""Alphabetical order as readers of the portal's languages expect it: a letter with an accent
beside the same letter without ("Área" among the a's, not after "Zona"), case ignored, and in
Spanish ñ as a letter of its own, after n ("Ñandú" after "Nuevo", before "Oficina").

This is the primary strength of Unicode's collation for the Latin script, which is all the
portal's languages write in, with CLDR's one tailoring for these languages (Spanish: &N<ñ;
English and Portuguese have none): letters are compared once their accents are set aside, and
the text itself breaks ties so that the order never depends on input order. (PyICU would give
full CLDR collation at the cost of ICU's C++ library built for it; no other rule of CLDR
changes the order of the portal's titles and country names.)
"""

from __future__ import annotations

import unicodedata

# CLDR's tailorings of the root order that change which letter comes first, by language:
# each letter sorts after every word of the letter it would fold to. U+10FFFD, the last code
# point, after that letter puts "ñ" after "nz…" and before "o".
_AFTER_ITS_BASE = {"es": {"ñ": "n\U0010fffd"}}


def folded(text: str) -> str:
    """`text` without case or accents: "Área" -> "area". Search matching uses it as it is."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def sort_key(text: str, lang: str) -> str:
    """The string whose code point order is the alphabetical order of `text` in `lang`
    (Pagefind sorts its sort values that way, so the catalog's title sort uses it too)."""
    # NFC first, so that an "ñ" typed as n + combining tilde is the letter too.
    text = unicodedata.normalize("NFC", text.casefold())
    for letter, key in _AFTER_ITS_BASE.get(lang, {}).items():
        text = text.replace(letter, key)
    return folded(text)


def alphabetical(text: str, lang: str) -> tuple[str, str]:
    """Sort key of a title or name in `lang`: `sorted(names, key=lambda n: alphabetical(n, lang))`."""
    return sort_key(text, lang), text


def by_title(lang: str):
    """Sort key of practices in the alphabetical order of their titles in `lang`, the id
    breaking ties: the one order of every list of practices (catalog, listings, editors' pages)."""
    return lambda practice: (alphabetical(practice.title(lang), lang), practice.id)
