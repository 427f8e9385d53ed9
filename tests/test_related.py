"""Related practices: ranking by shared GCM objectives, themes and country, ties by id."""

from __future__ import annotations

import random
from dataclasses import replace

from portal import synthetic
from portal.model.practice import Practice
from portal.pages.related import related, related_all


def _practice(pid: str, gcm=(), themes=(), countries=("PE",)) -> Practice:
    base = Practice.from_data(synthetic.practice(1, random.Random(1)), "practices/x.yaml")
    return replace(base, id=pid, gcm_objectives=tuple(gcm), themes=tuple(themes),
                   countries=tuple(countries))


def test_shared_objectives_rank_before_themes_and_country():
    me = _practice("me", gcm=[16, 17], themes=["integration"], countries=["PE"])
    others = [
        _practice("a-country-only", gcm=[1], themes=["protection"], countries=["PE"]),
        _practice("b-one-theme", gcm=[2], themes=["integration"], countries=["CL"]),
        _practice("c-two-objectives", gcm=[16, 17], themes=["protection"], countries=["CL"]),
        _practice("d-one-objective", gcm=[16], themes=["protection"], countries=["CL"]),
        _practice("e-nothing", gcm=[1], themes=["protection"], countries=["CL"]),
    ]
    assert [p.id for p in related(me, [me, *others])] == [
        "c-two-objectives", "d-one-objective", "b-one-theme", "a-country-only"]


def test_ties_go_to_the_smaller_id_and_at_most_five():
    me = _practice("me", gcm=[3])
    others = [_practice(f"p{i}", gcm=[3]) for i in (9, 2, 7, 1, 5, 3, 8)]
    assert [p.id for p in related(me, others)] == ["p1", "p2", "p3", "p5", "p7"]
    assert [p.id for p in related(me, list(reversed(others)))] == ["p1", "p2", "p3", "p5", "p7"]


def test_never_itself():
    me = _practice("me", gcm=[3])
    assert related(me, [me]) == []


def test_the_index_gives_the_same_ranking_as_pairwise_scoring():
    rng = random.Random(7)
    practices = tuple(sorted(
        (Practice.from_data(synthetic.practice(i, rng), f"practices/{i}.yaml") for i in range(1, 120)),
        key=lambda p: p.id))
    fast = related_all(practices)
    for p in practices:
        assert [o.id for o in fast[p.id]] == [o.id for o in related(p, practices)]
