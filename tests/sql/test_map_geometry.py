"""Maps draw a large territory's communes at about one pixel of their first view, never losing a commune."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from maillage.data.geometry import screen_geometry
from maillage.data.params import P


def square(lon: float, lat: float, size: float, points_per_side: int) -> list[list[list[float]]]:
    """A closed square ring with many vertices along each side."""
    t = np.linspace(0.0, 1.0, points_per_side, endpoint=False)
    sides = [np.c_[lon + size * t, np.full_like(t, lat)], np.c_[np.full_like(t, lon + size), lat + size * t],
             np.c_[lon + size * (1 - t), np.full_like(t, lat + size)], np.c_[np.full_like(t, lon), lat + size * (1 - t)]]
    ring = np.round(np.vstack([*sides, [[lon, lat]]]), 4)
    return [ring.tolist()]


def frame(polygons: list[list[list[list[float]]]]) -> pd.DataFrame:
    return pd.DataFrame({"code": [f"{i:05d}" for i in range(len(polygons))], "name": "x", "part": 0,
                         "rings_json": [json.dumps(p) for p in polygons]})


def vertices(geometry: pd.DataFrame) -> int:
    return sum(len(ring) for r in geometry["rings_json"] for ring in json.loads(r))


def test_a_small_territory_is_drawn_as_stored() -> None:
    small = frame([square(6.8, 47.6, 0.05, 50), square(6.85, 47.6, 0.05, 50)])  # 0.1° wide: an EPCI
    assert screen_geometry(small).equals(small)


def test_a_large_territory_loses_vertices_finer_than_a_pixel_but_no_commune() -> None:
    # Communes of 0.05° with a vertex every 0.001°, spread over 4°: a région.
    polygons = [square(3.0 + 0.5 * i, 46.0 + 0.4 * (i % 10), 0.05, 50) for i in range(8)]
    polygons.append(square(5.0, 47.0, 0.001, 4))  # a tiny commune, under one pixel: kept as stored
    big = frame(polygons)
    shown = screen_geometry(big)
    assert list(shown["code"]) == list(big["code"])
    assert vertices(shown) < vertices(big) / 2
    step = 4.0 / P["map_width_px"].value
    for before, after in zip(big["rings_json"], shown["rings_json"], strict=True):
        ring_before, ring_after = np.array(json.loads(before)[0]), np.array(json.loads(after)[0])
        assert len(ring_after) >= 4 and (ring_after[0] == ring_after[-1]).all()  # a closed ring
        # the outline moves by at most one pixel of the first view
        assert np.abs(ring_after.min(axis=0) - ring_before.min(axis=0)).max() <= step
        assert np.abs(ring_after.max(axis=0) - ring_before.max(axis=0)).max() <= step
    assert json.loads(shown["rings_json"].iloc[-1]) == json.loads(big["rings_json"].iloc[-1])
