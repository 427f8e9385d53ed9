"""The map of the practices: an inline SVG of the Americas, each country with practices a link
to its country page, shaded by how many it has. No GIS stack, no tiles, no request: country
outlines come from Natural Earth (public domain) through the npm package world-atlas 2.0.2
(ISC licence), reduced once to the Americas in data/americas-110m.json (see data/README.md;
`python -m portal.pages.americas_map path/to/countries-110m.json` writes it again), and are projected
here with Lambert's azimuthal equal-area projection, so that areas compare truly.
"""

from __future__ import annotations

import json
import math
import sys
from functools import cache
from pathlib import Path

DATA = Path(__file__).parents[1] / "geo" / "americas-110m.json"
# world-atlas ids (ISO 3166-1 numeric) of the countries drawn, and their alpha-2 codes.
NUMERIC = {
    "032": "AR", "044": "BS", "068": "BO", "076": "BR", "084": "BZ", "124": "CA", "152": "CL",
    "170": "CO", "188": "CR", "192": "CU", "214": "DO", "218": "EC", "222": "SV", "238": "FK",
    "304": "GL", "320": "GT", "328": "GY", "332": "HT", "340": "HN", "388": "JM", "484": "MX",
    "558": "NI", "591": "PA", "600": "PY", "604": "PE", "630": "PR", "740": "SR", "780": "TT",
    "840": "US", "858": "UY", "862": "VE",
}
FRANCE = "250"  # its polygon in South America is French Guiana
CENTRE = (-80.0, 8.0)  # longitude, latitude: the projection's centre
WIDTH = 600  # viewBox width; the height follows the shapes


# --- Derivation, run once by hand from the npm package ---------------------------------------

def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # delta-encoded, quantized
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _ring(indexes: list[int], arcs) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points[1:] if ring else points)
    return ring


def derive(topology: dict) -> dict[str, list]:
    """Alpha-2 code -> polygons (lists of rings of [lon, lat], 0.1° is enough at this size)."""
    arcs = _arcs(topology)
    shapes: dict[str, list] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = NUMERIC.get(geometry.get("id")) or ("GF" if geometry.get("id") == FRANCE else None)
        if code is None:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        kept = []
        for polygon in polygons:
            rings = [[[round(lon, 1), round(lat, 1)] for lon, lat in _ring(r, arcs)] for r in polygon]
            if code == "GF" and not -60 < rings[0][0][0] < -50:
                continue  # France's other polygons
            if code == "US" and rings[0][0][0] > 0:
                continue  # the Aleutians across the antimeridian
            kept.append(rings)
        shapes[code] = kept
    return shapes


# --- Projection and drawing -------------------------------------------------------------------

def _project(lon: float, lat: float) -> tuple[float, float]:
    """Lambert azimuthal equal-area, around CENTRE, on the unit sphere."""
    l0, p0 = (math.radians(v) for v in CENTRE)
    lam, phi = math.radians(lon), math.radians(lat)
    k = math.sqrt(2 / (1 + math.sin(p0) * math.sin(phi)
                       + math.cos(p0) * math.cos(phi) * math.cos(lam - l0)))
    x = k * math.cos(phi) * math.sin(lam - l0)
    y = k * (math.cos(p0) * math.sin(phi) - math.sin(p0) * math.cos(phi) * math.cos(lam - l0))
    return x, -y


@cache
def shapes() -> dict[str, list]:
    return json.loads(DATA.read_text(encoding="utf-8"))


@cache
def paths() -> tuple[dict[str, str], tuple[int, int]]:
    """Each country's SVG path in the viewBox, and the viewBox's width and height."""
    projected = {code: [[[_project(lon, lat) for lon, lat in ring] for ring in polygon]
                        for polygon in polygons] for code, polygons in shapes().items()}
    points = [p for polygons in projected.values() for polygon in polygons for ring in polygon
              for p in ring]
    x0, x1 = min(p[0] for p in points), max(p[0] for p in points)
    y0, y1 = min(p[1] for p in points), max(p[1] for p in points)
    scale = WIDTH / (x1 - x0)
    out = {}
    for code, polygons in projected.items():
        d = []
        for polygon in polygons:
            for ring in polygon:
                xy = [(round((x - x0) * scale), round((y - y0) * scale)) for x, y in ring]
                # Points that round to the one before add bytes, not detail.
                xy = [p for i, p in enumerate(xy) if i == 0 or p != xy[i - 1]]
                if len(xy) > 2:
                    d.append("M" + "L".join(f"{x} {y}" for x, y in xy) + "Z")
        out[code] = "".join(d)
    return out, (WIDTH, round((y1 - y0) * scale))


def shade(count: int, most: int) -> int:
    """1..4: the class of a country's colour, by its share of the most practices a country has."""
    return max(1, math.ceil(4 * count / most)) if most else 1


if __name__ == "__main__":  # python -m portal.pages.americas_map node_modules/world-atlas/countries-110m.json
    topology = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    DATA.write_text(json.dumps(derive(topology), separators=(",", ":"), sort_keys=True) + "\n",
                    encoding="utf-8")
