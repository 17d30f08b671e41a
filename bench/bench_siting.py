"""Benchmark: tiers-lieux siting time on synthetic territories the size of a département and a région.

Prints figures; asserts nothing about time. Run: ``.venv/bin/python bench/bench_siting.py``.
Synthetic communes are spread uniformly (France: ~12 km² per commune); each home sends flows to its own
commune, its 3 nearest employment poles (5 % of communes) and 6 random communes within 40 km, with road km
= 1.3 × crow-fly and car time at 50 km/h plus 5 min. Real-database timings are wired separately.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from maillage.model.results import COMMUNE_COLUMNS, FLOW_COLUMNS, MODES, TerritoryInputs
from maillage.model.siting import (
    SitingParams,
    build_siting_problem,
    evaluate_existing,
    propose_sites,
    site_capacity_users,
)

KM2_PER_COMMUNE = 12.0
KM_PER_DEG = 111.2
T = TypeVar("T")


def synthetic_inputs(n_communes: int, seed: int = 0) -> TerritoryInputs:
    """A random territory of ``n_communes`` communes with plausible commuting flows."""
    rng = np.random.default_rng(seed)
    side_km = math.sqrt(n_communes * KM2_PER_COMMUNE)
    xy = rng.uniform(0, side_km, size=(n_communes, 2))
    lat = 46.0 + xy[:, 1] / KM_PER_DEG
    lon = 2.0 + xy[:, 0] / (KM_PER_DEG * math.cos(math.radians(46.0)))
    codes = np.array([f"{10000 + i:05d}" for i in range(n_communes)], dtype=object)
    population = rng.lognormal(6.5, 1.1, n_communes).round()
    communes = pd.DataFrame({
        "code": codes, "name": [f"Commune {c}" for c in codes], "population": population,
        "employed_residents": (population * 0.42).round(), "jobs": (population * 0.35).round(),
        "job_seekers": (population * 0.05).round(), "teleworkable_share": rng.uniform(0.2, 0.5, n_communes),
        "presential_share": 0.65, "lon": lon, "lat": lat, "source": "estimated",
    })[list(COMMUNE_COLUMNS)]
    flows = _synthetic_flows(rng, xy, codes, communes["employed_residents"].to_numpy(float))
    ef = pd.DataFrame({"mode": list(MODES), "lifecycle_kg_per_km": [0.218, 0.03, 0, 0, 0.1, 0],
                       "ttw_kg_per_km": [0.16, 0.01, 0, 0, 0.08, 0], "unit": "kgCO2e/km"})
    work = pd.DataFrame(columns=["code", "name", "jobs", "presential_share", "lon", "lat"])
    return TerritoryInputs(f"synthétique {n_communes}", communes, flows, ef, work)


def _synthetic_flows(rng: np.random.Generator, xy: np.ndarray, codes: np.ndarray,
                     employed: np.ndarray) -> pd.DataFrame:
    n = len(codes)
    poles = rng.choice(n, size=max(1, n // 20), replace=False)
    _, near_poles = cKDTree(xy[poles]).query(xy, k=min(3, len(poles)))
    near_poles = poles[np.asarray(near_poles).reshape(n, -1)]
    random_dest = np.clip(rng.normal(0, 15, size=(n, 6, 2)) + xy[:, None, :], 0, xy.max())
    _, rand_idx = cKDTree(xy).query(random_dest.reshape(-1, 2))
    dest = np.concatenate([np.arange(n)[:, None], near_poles, rand_idx.reshape(n, 6)], axis=1)
    home = np.repeat(np.arange(n), dest.shape[1])
    work = dest.ravel()
    weights = rng.dirichlet(np.ones(dest.shape[1]), size=n).ravel()
    road_km = 1.3 * np.hypot(*(xy[home] - xy[work]).T)
    share_car = np.where(home == work, 0.5, 0.85)
    df = pd.DataFrame({
        "home_code": codes[home], "work_code": codes[work], "workers": (employed[home] * weights).round(),
        "road_km": road_km, "car_minutes": road_km / 50 * 60 + 5, "share_car": share_car,
        "share_pt": 1 - share_car, "share_bike": 0.0, "share_walk": 0.0, "share_two_wheeler": 0.0,
        "share_none": 0.0, "source": "estimated",
    })
    return df.groupby(["home_code", "work_code"], as_index=False).agg(
        {c: "first" for c in FLOW_COLUMNS if c not in ("home_code", "work_code", "workers")} | {"workers": "sum"}
    )[list(FLOW_COLUMNS)]


def timed(fn: Callable[[], T], repeat: int = 3) -> tuple[T, float]:
    """Best wall time of ``repeat`` runs [s] and the last result."""
    best, out = math.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    assert out is not None
    return out, best


def bench(label: str, n_communes: int, n_sites: int) -> None:
    inputs = synthetic_inputs(n_communes)
    params = SitingParams()
    problem, t_build = timed(lambda: build_siting_problem(inputs, params))
    print(f"{label}: {n_communes} communes, {len(inputs.flows)} flux, {problem.n_groups} groupes de demande, "
          f"{len(problem.pair_group)} paires (groupe, site)")
    print(f"  construction du problème        {t_build * 1000:8.1f} ms")
    times: dict[str, float] = {}
    for objective in ("co2", "hours", "users"):
        res, t = timed(lambda o=objective: propose_sites(problem, n_sites, objective=o))
        times[objective] = t
        print(f"  glouton paresseux N={n_sites:<3} {objective:<5} {t * 1000:8.1f} ms  "
              f"(gain {res.totals['objective_value']:.1f} {res.objective_unit})")
    _, t_plain = timed(lambda: propose_sites(problem, n_sites, objective="co2", lazy=False), repeat=1)
    print(f"  glouton simple   N={n_sites:<3} co2   {t_plain * 1000:8.1f} ms")
    cap = site_capacity_users(20, params)
    res, t_cap = timed(lambda: propose_sites(problem, n_sites, objective="co2", capacity_per_site=cap))
    print(f"  glouton paresseux N={n_sites:<3} co2, 20 places ({cap:.0f} usagers) {t_cap * 1000:8.1f} ms  "
          f"({res.totals['users_captured']:.0f} usagers)")
    _, t_existing = timed(lambda: evaluate_existing(problem, problem.candidate_codes[::50]))
    print(f"  sites existants (1 sur 50)      {t_existing * 1000:8.1f} ms")
    print(f"  total construction + choix co2  {(t_build + times['co2']) * 1000:8.1f} ms")


def main() -> None:
    bench("Département", 500, 10)
    bench("Région", 4000, 30)


if __name__ == "__main__":
    main()
