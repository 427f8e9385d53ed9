"""Which generated pages a save of some practice files changes: their own sheets (or draft
pages), the listing pages each was on before the save or is on after it, and the sheets whose
related practices change or show one of them. The catalog, home and the other hand-written
pages with a marker are re-rendered by the worker on every save (a handful of pages)."""

from __future__ import annotations

from dataclasses import dataclass

from portal.model.practice import Practice
from portal.pages.listings import facet_values
from portal.read.practices import Draft


@dataclass(frozen=True)
class Affected:
    sheets: set[str]  # ids of valid practices whose sheets are made again
    drafts: set[str]  # stems of files with errors whose draft pages are made again
    values: set[tuple[str, str]]  # (facet, value) of the listing pages made again


def practices_of(draft: Draft) -> dict[str, Practice]:
    return {p.id: p for p in (*draft.catalog.practices, *draft.catalog.withdrawn)}


def listing_values(before: Draft, after: Draft, stems: set[str]) -> set[tuple[str, str]]:
    """(facet, value) of every listing page one of `stems` was on before or is on after."""
    old, new = practices_of(before), practices_of(after)
    values = set()
    for stem in stems:
        for version in (old.get(stem), new.get(stem)):
            if version is not None:
                values |= facet_values(version)
    return values


def related_sheets(stems: set[str], related_before: dict, related_after: dict) -> set[str]:
    """Ids of the sheets whose related practices changed, or show one of `stems` (its card may
    have changed)."""
    sheets = set()
    for practice_id, related in related_after.items():
        ids = [r.id for r in related]
        if ids != [r.id for r in related_before.get(practice_id, [])] or stems & set(ids):
            sheets.add(practice_id)
    return sheets - stems
