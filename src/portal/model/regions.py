"""World regions of the Americas, for the catalog's region filter and the map: from the data
file data/regions.yaml (a country in no region is in "other")."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).parents[1] / "geo" / "regions.yaml"
OTHER = "other"


@cache
def regions() -> dict[str, dict]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def region_of(country: str) -> str:
    return next((key for key, r in regions().items() if country in r["countries"]), OTHER)


def in_americas(country: str) -> bool:
    return region_of(country) != OTHER


def label(key: str, lang: str) -> str:
    return regions()[key]["label"][lang]
