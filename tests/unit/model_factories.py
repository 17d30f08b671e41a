"""Tiny hand-built territories for the model tests (no database)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from maillage.model.results import COMMUNE_COLUMNS, FLOW_COLUMNS, MODES, TerritoryInputs

# Round emission factors so the arithmetic in tests can be written out (kgCO2e per km).
EF_LIFECYCLE = {"car": 0.2, "pt": 0.03, "bike": 0.0, "walk": 0.0, "two_wheeler": 0.1, "none": 0.0}
EF_TTW = {"car": 0.15, "pt": 0.02, "bike": 0.0, "walk": 0.0, "two_wheeler": 0.08, "none": 0.0}


def commune(code: str, **fields: Any) -> dict[str, Any]:
    """A commune row with neutral defaults (lon/lat on a line 0.1° apart by code order)."""
    row: dict[str, Any] = {
        "code": code, "name": f"Commune {code}", "population": 1000, "employed_residents": 400, "jobs": 300,
        "job_seekers": 50, "teleworkable_share": 0.5, "presential_share": 0.6, "lon": 5.0, "lat": 45.0,
        "source": "test",
    }
    row.update(fields)
    return row


def flow(home: str, work: str, workers: float, road_km: float, car_minutes: float | None = None,
         **shares: float) -> dict[str, Any]:
    """A flow; mode shares default to 100 % car. car_minutes defaults to road_km (60 km/h)."""
    row: dict[str, Any] = {"home_code": home, "work_code": work, "workers": workers, "road_km": road_km,
                           "car_minutes": road_km if car_minutes is None else car_minutes, "source": "test"}
    given = {f"share_{m}": float(shares.get(m, 0.0)) for m in MODES}
    if not shares:
        given["share_car"] = 1.0
    row.update(given)
    return row


def emission_factors(lifecycle: Mapping[str, float] = EF_LIFECYCLE, ttw: Mapping[str, float] = EF_TTW) -> pd.DataFrame:
    return pd.DataFrame({
        "mode": list(MODES), "lifecycle_kg_per_km": [lifecycle[m] for m in MODES],
        "ttw_kg_per_km": [ttw[m] for m in MODES], "unit": ["kgCO2e/km"] * len(MODES),
    })


def make_inputs(communes: Sequence[Mapping[str, Any]], flows: Sequence[Mapping[str, Any]],
                work_communes: Sequence[Mapping[str, Any]] = (), estimated: bool = False) -> TerritoryInputs:
    """TerritoryInputs from rows; work communes default to the territory communes plus any work code seen."""
    c = pd.DataFrame(list(communes), columns=list(COMMUNE_COLUMNS))
    f = pd.DataFrame(list(flows), columns=list(FLOW_COLUMNS))
    w = pd.DataFrame(list(work_communes)) if work_communes else c[["code", "name", "jobs", "presential_share", "lon", "lat"]]
    return TerritoryInputs("Test", c, f, emission_factors(), w, estimated=estimated)


def synthetic_inputs(n_communes: int, flows_per_commune: int, seed: int = 7) -> TerritoryInputs:
    """A random but plausible territory of the given size (benchmarks and property tests)."""
    rng = np.random.default_rng(seed)
    codes = [f"{10000 + i:05d}" for i in range(n_communes)]
    lon = 5.0 + rng.uniform(0, 1.0, n_communes) * np.sqrt(n_communes) / 5
    lat = 45.0 + rng.uniform(0, 1.0, n_communes) * np.sqrt(n_communes) / 5
    communes = pd.DataFrame({
        "code": codes, "name": [f"C{c}" for c in codes], "population": rng.integers(50, 20000, n_communes),
        "employed_residents": rng.integers(20, 8000, n_communes).astype(float),
        "jobs": rng.integers(0, 8000, n_communes).astype(float), "job_seekers": rng.integers(0, 800, n_communes).astype(float),
        "teleworkable_share": rng.uniform(0.1, 0.6, n_communes), "presential_share": rng.uniform(0.4, 0.8, n_communes),
        "lon": lon, "lat": lat, "source": "synthetic",
    })
    n_flows = n_communes * flows_per_commune
    home = np.repeat(np.arange(n_communes), flows_per_commune)
    work = rng.integers(0, n_communes, n_flows)
    work[::flows_per_commune] = home[::flows_per_commune]
    road = np.where(work == home, rng.uniform(0.5, 3, n_flows), rng.gamma(2.0, 8.0, n_flows))
    raw = rng.dirichlet([8, 1.5, 0.4, 0.6, 0.3, 0.3], n_flows)
    flows = pd.DataFrame({
        "home_code": np.array(codes)[home], "work_code": np.array(codes)[work],
        "workers": rng.gamma(1.2, 20, n_flows), "road_km": road, "car_minutes": road / 50 * 60,
        **{f"share_{m}": raw[:, i] for i, m in enumerate(MODES)}, "source": "synthetic",
    })
    work_communes = communes[["code", "name", "jobs", "presential_share", "lon", "lat"]]
    return TerritoryInputs("Synthetic", communes, flows, emission_factors(), work_communes, estimated=True)


def small_territory() -> TerritoryInputs:
    """Two home communes A and B, a work town W outside the territory (~31 km east of A).

    A (5.0 E, 45.0 N) → A: 50 workers, 2 km, half walk, half car; A → W: 100 workers, 35 km, 40 min, 80 % car
    20 % public transport; B (5.1 E) → W: 80 workers, 30 km, 100 % car; B → A: 20 workers, 10 km, car.
    """
    communes = [
        commune("A", lon=5.0, lat=45.0, teleworkable_share=0.5, job_seekers=60, employed_residents=150),
        commune("B", lon=5.1, lat=45.0, teleworkable_share=0.4, job_seekers=40, employed_residents=100),
    ]
    flows = [
        flow("A", "A", 50, 2.0, 4.0, walk=0.5, car=0.5),
        flow("A", "W", 100, 35.0, 40.0, car=0.8, pt=0.2),
        flow("B", "W", 80, 30.0, 35.0),
        flow("B", "A", 20, 10.0, 12.0),
    ]
    work = [*communes, commune("W", lon=5.4, lat=45.0, jobs=5000)]
    return make_inputs(communes, flows, work_communes=work)
