"""Commune and boundary polygons for the browser: map 2018 shapes to current communes, simplify, measure.

Python step of the build (SQL cannot parse GeoJSON rings without the spatial extension). Formulas:
- ring area on the sphere, small-polygon approximation: A = R² · |Σ (λ₂ − λ₁)(sin φ₁ + sin φ₂)| / 2
  (R = 6371.0088 km, angles in radians) → km²;
- centroid: area-weighted mean of ring centroids computed in a local equirectangular plane
  (x = λ cos φ₀, y = φ), exact enough for communes (< 1 km error).
Simplification for the browser: coordinates rounded to ``COORD_DECIMALS`` (1e-4° ≈ 11 m), repeated points
dropped, then points closer than ``MIN_STEP_DEG`` to the last kept point dropped; polygons smaller than
``MIN_PART_KM2`` are dropped unless they are the commune's largest part.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import pandas as pd

from maillage.data.params import P

Ring = list[list[float]]
Polygon = list[Ring]
EARTH_RADIUS_KM = 6371.0088


def ring_area_km2(ring: Sequence[Sequence[float]] | np.ndarray) -> float:
    """Unsigned spherical area of a closed ring of [lon, lat] degrees, in km²."""
    a = np.radians(np.asarray(ring, dtype=float))
    if len(a) < 4:
        return 0.0
    lon, lat = a[:, 0], a[:, 1]
    s = np.sum((lon[1:] - lon[:-1]) * (np.sin(lat[:-1]) + np.sin(lat[1:])))
    return float(abs(s) * EARTH_RADIUS_KM**2 / 2)


def ring_centroid(ring: Sequence[Sequence[float]] | np.ndarray) -> tuple[float, float]:
    """Planar centroid (lon, lat) of a closed ring in a local equirectangular projection; vertex mean if degenerate."""
    a = np.asarray(ring, dtype=float)
    k = math.cos(math.radians(float(a[:, 1].mean())))
    x, y = a[:, 0] * k, a[:, 1]
    cross = x[:-1] * y[1:] - x[1:] * y[:-1]
    area2 = cross.sum()
    if abs(area2) < 1e-15:
        return float(a[:, 0].mean()), float(a[:, 1].mean())
    cx = ((x[:-1] + x[1:]) * cross).sum() / (3 * area2)
    cy = ((y[:-1] + y[1:]) * cross).sum() / (3 * area2)
    return float(cx / k), float(cy)


def simplify_ring(ring: Sequence[Sequence[float]] | np.ndarray, decimals: int, min_step: float) -> Ring:
    """Snap to a grid of ``min_step`` degrees, round, drop repeated points, keep the ring closed.

    Returns [] when fewer than 4 points (a closed triangle) remain.
    """
    a = np.asarray(ring, dtype=float)
    if len(a) < 4:
        return []
    q = np.round(np.round(a / min_step) * min_step, decimals)
    keep = np.concatenate([[True], np.any(q[1:] != q[:-1], axis=1)])
    q = q[keep]
    if len(q) and not np.array_equal(q[0], q[-1]):
        q = np.vstack([q, q[:1]])
    return q.tolist() if len(q) >= 4 else []


def simplify_polygon(poly: Sequence[Sequence[Sequence[float]] | np.ndarray], decimals: int, min_step: float) -> Polygon:
    """Simplify the outer ring and holes; [] when the outer ring vanishes."""
    rings = [simplify_ring(r, decimals, min_step) for r in poly]
    if not rings or not rings[0]:
        return []
    return [rings[0]] + [r for r in rings[1:] if r]


def commune_shapes(
    features: Sequence[tuple[str, str, list[Polygon]]], code_map: dict[str, str], keep: set[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Map 2018 features to current codes and simplify.

    Returns (geometry, shape): geometry rows (code, part, rings_json); shape rows (code, centroid_lon,
    centroid_lat, area_km2) computed on the unsimplified rings.
    """
    parts: dict[str, list[Polygon]] = defaultdict(list)
    for code_2018, _name, polys in features:
        code = code_map.get(code_2018)
        if code is not None and code in keep:
            parts[code].extend(polys)
    geo_rows, shape_rows = [], []
    for code in sorted(parts):
        polys = [[np.asarray(r, dtype=float) for r in poly] for poly in parts[code]]
        areas = [ring_area_km2(p[0]) - sum(ring_area_km2(h) for h in p[1:]) for p in polys]
        cents = [ring_centroid(p[0]) for p in polys]
        total = sum(areas)
        w = np.asarray(areas) / total if total > 0 else np.full(len(areas), 1 / len(areas))
        shape_rows.append({"code": code, "centroid_lon": float(np.dot(w, [c[0] for c in cents])),
                           "centroid_lat": float(np.dot(w, [c[1] for c in cents])), "area_km2": total})
        biggest = int(np.argmax(areas))
        part = 0
        for i, poly in enumerate(polys):
            if i != biggest and areas[i] < P["geometry_min_part_km2"].value:
                continue
            simple = simplify_polygon(poly, int(P["geometry_decimals"].value), P["geometry_min_step_deg"].value)
            if simple:
                geo_rows.append({"code": code, "part": part, "rings_json": json.dumps(simple, separators=(",", ":"))})
                part += 1
    return pd.DataFrame(geo_rows), pd.DataFrame(shape_rows)


def fallback_shapes(points: pd.DataFrame) -> pd.DataFrame:
    """A small hexagon around the point of each commune that has no 2018 polygon (code, part, rings_json).

    Radius r = sqrt(A / π) with A = ``fallback_area_km2`` (km), converted to degrees (1° lat = 111.32 km).
    """
    r_km = math.sqrt(P["fallback_area_km2"].value / math.pi)
    rows = []
    for code, lon, lat in points[["code", "lon", "lat"]].itertuples(index=False):
        dlat = r_km / P["km_per_degree_lat"].value
        dlon = dlat / max(math.cos(math.radians(lat)), P["min_cos_lat"].value)
        ring = [[round(lon + dlon * math.cos(a), 4), round(lat + dlat * math.sin(a), 4)]
                for a in np.linspace(0, 2 * math.pi, 7)]
        ring[-1] = list(ring[0])
        rows.append({"code": code, "part": 0, "rings_json": json.dumps([ring], separators=(",", ":"))})
    return pd.DataFrame(rows, columns=["code", "part", "rings_json"])


def boundary_rows(
    level: str, features: Sequence[tuple[str, str, list[Polygon]]], decimals: int, min_step: float
) -> list[dict[str, object]]:
    """One row per (level, code): name and all simplified polygons as one JSON list of polygons."""
    rows = []
    for code, name, polys in features:
        simple = [s for s in (simplify_polygon(p, decimals, min_step) for p in polys) if s]
        rows.append({"level": level, "code": code, "name": name,
                     "rings_json": json.dumps(simple, separators=(",", ":"))})
    return rows


def screen_geometry(geometry: pd.DataFrame) -> pd.DataFrame:
    """``territory_geometry`` rows with their rings snapped to a grid of about one pixel of the map's first view
    (the territory's extent / ``map_width_px``, never finer than the stored geometry).

    A région's 3 700 communes otherwise make a 4.6 MB map (3.4 MB snapped, for région 27) sent to every
    visitor of the page, and the browser cuts every polygon into triangles before drawing it. A commune that
    would vanish at that step keeps its stored outline.
    """
    if geometry.empty:
        return geometry
    rings = [json.loads(r) for r in geometry["rings_json"]]
    points = np.concatenate([np.asarray(ring, dtype=float) for poly in rings for ring in poly])
    extent = float(max(np.ptp(points[:, 0]), np.ptp(points[:, 1])))
    step = extent / P["map_width_px"].value
    if step <= P["geometry_min_step_deg"].value:
        return geometry
    decimals = int(P["geometry_decimals"].value)
    simple = [simplify_polygon(poly, decimals, step) or poly for poly in rings]
    return geometry.assign(rings_json=[json.dumps(poly, separators=(",", ":")) for poly in simple])
