"""Which generated pages a save of some practice files changes: their own sheets (or draft
pages), the sheets whose related practices change or show one of them, the catalog, and the
listing pages each was on before the save or is on after it. Home and the other hand-written
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


def _by_id(draft: Draft) -> dict[str, Practice]:
    return {p.id: p for p in (*draft.catalog.practices, *draft.catalog.withdrawn)}


def affected(before: Draft, after: Draft, stems: set[str], related_before: dict, related_after: dict) -> Affected:
    old, new = _by_id(before), _by_id(after)
    sheets = {stem for stem in stems if stem in new}
    for practice_id, related in related_after.items():
        ids = [r.id for r in related]
        if ids != [r.id for r in related_before.get(practice_id, [])] or stems & set(ids):
            sheets.add(practice_id)
    values = set()
    for stem in stems:
        for version in (old.get(stem), new.get(stem)):
            if version is not None:
                values |= facet_values(version)
    drafts = {b.stem for b in after.broken if b.stem in stems}
    return Affected(sheets & set(new), drafts, values)
