"""Related practices: the ones sharing most with a practice, for "see also" on its page.

A shared GCM objective weighs most (it is what practices are compared by in the Compact's
reviews), then a shared theme, then the same country. Ties go to the smaller id, so the same
catalog always gives the same list, whatever order files are read in.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable

from portal.model.practice import Practice

WEIGHTS = {"gcm": 3, "theme": 2, "country": 1}


def score(a: Practice, b: Practice) -> int:
    return (WEIGHTS["gcm"] * len(set(a.gcm_objectives) & set(b.gcm_objectives))
            + WEIGHTS["theme"] * len(set(a.themes) & set(b.themes))
            + WEIGHTS["country"] * len(set(a.countries) & set(b.countries)))


def related(practice: Practice, practices: Iterable[Practice], limit: int = 5) -> list[Practice]:
    """Up to `limit` other practices with something in common, best first."""
    scored = [(score(practice, other), other.id, other) for other in practices
              if other.id != practice.id]
    scored = [s for s in scored if s[0] > 0]
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [other for _, _, other in scored[:limit]]


def related_all(practices: tuple[Practice, ...], limit: int = 5) -> dict[str, list[Practice]]:
    """Related practices of every practice, ranked as `related` ranks them. Scores are summed
    through an inverted index (objective, theme or country -> practices), so 5,000 practices
    cost a few million additions instead of 25 million pairwise comparisons."""
    by_key: dict[tuple[str, str], list[str]] = {}
    for p in practices:
        for key in _keys(p):
            by_key.setdefault(key, []).append(p.id)
    by_id = {p.id: p for p in practices}
    result = {}
    for p in practices:
        scores: dict[str, int] = {}
        for key in _keys(p):
            weight = WEIGHTS[key[0]]
            for other in by_key[key]:
                scores[other] = scores.get(other, 0) + weight
        scores.pop(p.id, None)
        best = heapq.nsmallest(limit, scores.items(), key=lambda s: (-s[1], s[0]))
        result[p.id] = [by_id[other] for other, _ in best]
    return result


def _keys(p: Practice) -> set[tuple[str, str]]:
    return ({("gcm", str(n)) for n in p.gcm_objectives} | {("theme", t) for t in p.themes}
            | {("country", c) for c in p.countries})
