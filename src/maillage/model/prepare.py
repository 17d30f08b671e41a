"""Turn a territory's DataFrames into numpy arrays once, and aggregate flows per home commune.

Every lever and every assumption variant works on per-home-commune sums (``ModeSums``) computed here in one
pass over the flows. Because the model is linear in most assumptions, a variant (for the ranges, the tornado
and the trajectory) re-evaluates formulas on arrays of one row per commune, never on the ~1 M flows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from maillage.model.results import MODES, TerritoryInputs
from maillage.model.units import MIN_PER_HOUR

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

MODE_INDEX: dict[str, int] = {mode: i for i, mode in enumerate(MODES)}
CAR = MODE_INDEX["car"]
NONE = MODE_INDEX["none"]
# Modes whose trip time comes from the road network (car_minutes); the others use a speed assumption.
ROAD_TIMED: tuple[int, ...] = (CAR, MODE_INDEX["two_wheeler"])
SPEED_KEYS: dict[int, str] = {
    MODE_INDEX["pt"]: "pt_speed_kmh",
    MODE_INDEX["bike"]: "bike_speed_kmh",
    MODE_INDEX["walk"]: "walk_speed_kmh",
}
MOVING: FloatArray = np.array([0.0 if m == "none" else 1.0 for m in MODES])


@dataclass(frozen=True)
class ModeSums:
    """Per home commune (rows) and mode (columns, order of MODES), over a subset of flows.

    people = Σ workers × share_mode; km = Σ workers × share_mode × road_km (one way);
    car_min = Σ workers × share_mode × car_minutes (one way).
    """

    people: FloatArray
    km: FloatArray
    car_min: FloatArray


@dataclass(frozen=True)
class Prepared:
    """Arrays of one territory. Commune arrays have one row per commune of ``codes``; flow arrays one per flow.

    Flows whose home commune is not among the communes are dropped (counted in ``dropped_flows``).
    """

    codes: npt.NDArray[np.object_]
    names: npt.NDArray[np.object_]
    employed: FloatArray
    jobs: FloatArray
    job_seekers: FloatArray
    population: FloatArray
    teleworkable: FloatArray
    presential: FloatArray
    lon: FloatArray
    lat: FloatArray
    home_idx: IntArray
    work_idx: IntArray  # row of the work commune among the communes, −1 when outside the territory
    kept: BoolArray  # per input flow row: True when its home commune is in the territory
    stay: BoolArray
    workers: FloatArray
    road_km: FloatArray
    car_min: FloatArray
    shares: FloatArray
    dropped_flows: int

    @property
    def n_communes(self) -> int:
        return int(self.codes.shape[0])


def _col(frame: pd.DataFrame, name: str, fill: float) -> FloatArray:
    if name not in frame.columns:
        return np.full(len(frame), fill, dtype=np.float64)
    values = pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    return np.where(np.isfinite(values), values, fill)


def _codes(series: pd.Series) -> npt.NDArray[np.object_]:
    return np.asarray(series.astype(str).to_numpy(), dtype=object)


def _lookup(index: pd.Index, series: pd.Series) -> IntArray:
    """Row in ``index`` of each value of ``series`` (−1 if absent); factorises first (fast on 1 M rows)."""
    if len(series) == 0:
        return np.zeros(0, dtype=np.int64)
    codes, uniques = pd.factorize(series.astype(str))
    rows = index.get_indexer(pd.Index(np.asarray(uniques, dtype=object)))
    return np.asarray(rows[codes], dtype=np.int64)


def prepare(inputs: TerritoryInputs, params: Mapping[str, float]) -> Prepared:
    """Read the input frames into arrays (missing numbers: 0, or the national fallbacks of ``params``).

    Car minutes missing or 0 on a flow with a road distance are filled with road_km / local_car_speed_kmh.
    """
    communes, flows = inputs.communes, inputs.flows
    codes = _codes(communes["code"])
    index = pd.Index(codes)
    home = _lookup(index, flows["home_code"])
    keep = home >= 0
    flows = flows.loc[keep]
    road = np.maximum(_col(flows, "road_km", 0.0), 0.0)
    minutes = _col(flows, "car_minutes", 0.0)
    fallback = road / params["local_car_speed_kmh"] * MIN_PER_HOUR
    shares = np.column_stack([_col(flows, f"share_{m}", 0.0) for m in MODES]) if len(flows) else np.zeros((0, len(MODES)))
    home_idx = home[keep].astype(np.int64)
    work_idx = _lookup(index, flows["work_code"])
    return Prepared(
        codes=codes,
        names=_codes(communes["name"]) if "name" in communes.columns else codes.copy(),
        employed=_col(communes, "employed_residents", 0.0),
        jobs=_col(communes, "jobs", 0.0),
        job_seekers=_col(communes, "job_seekers", 0.0),
        population=_col(communes, "population", 0.0),
        teleworkable=np.clip(_col(communes, "teleworkable_share", params["national_teleworkable_share"]), 0.0, 1.0),
        presential=np.clip(_col(communes, "presential_share", params["national_presential_share"]), 0.0, 1.0),
        lon=_col(communes, "lon", np.nan),
        lat=_col(communes, "lat", np.nan),
        home_idx=home_idx,
        work_idx=work_idx.astype(np.int64),
        kept=np.asarray(keep, dtype=bool),
        stay=work_idx == home_idx,
        workers=np.maximum(_col(flows, "workers", 0.0), 0.0),
        road_km=road,
        car_min=np.where(minutes > 0, minutes, fallback),
        shares=np.clip(shares, 0.0, 1.0),
        dropped_flows=int((~keep).sum()),
    )


def mode_sums(prep: Prepared, mask: BoolArray | None = None) -> ModeSums:
    """Σ per home commune of workers×share, ×road_km and ×car_minutes, over the flows in ``mask`` (all if None)."""
    weights = prep.workers if mask is None else prep.workers * mask
    n, k = prep.n_communes, len(MODES)
    people, km, car_min = np.zeros((n, k)), np.zeros((n, k)), np.zeros((n, k))
    for m in range(k):
        w = prep.shares[:, m] * weights
        people[:, m] = sum_by(prep.home_idx, w, n)
        km[:, m] = sum_by(prep.home_idx, w * prep.road_km, n)
        if m in ROAD_TIMED:
            car_min[:, m] = sum_by(prep.home_idx, w * prep.car_min, n)
    return ModeSums(people=people, km=km, car_min=car_min)


def sum_by(index: IntArray, weights: FloatArray, n: int) -> FloatArray:
    """Σ ``weights`` grouped by ``index`` into ``n`` bins."""
    if index.size == 0:
        return np.zeros(n)
    return np.bincount(index, weights=weights, minlength=n).astype(np.float64)


def trip_minutes(sums: ModeSums, params: Mapping[str, float]) -> FloatArray:
    """Σ workers × share × one-way minutes per commune and mode: road time for car and two-wheeler,
    km ÷ speed × 60 for public transport, bike and walk, 0 for 'none'."""
    minutes = np.zeros_like(sums.km)
    for m in ROAD_TIMED:
        minutes[:, m] = sums.car_min[:, m]
    for m, key in SPEED_KEYS.items():
        minutes[:, m] = sums.km[:, m] / params[key] * MIN_PER_HOUR
    return minutes


def raw_emission_factors(factors: pd.DataFrame) -> tuple[FloatArray, FloatArray]:
    """kgCO2e per km by mode (order of MODES) as given: life-cycle, tank-to-wheel; missing modes are 0."""
    lifecycle, ttw = np.zeros(len(MODES)), np.zeros(len(MODES))
    rows = zip(factors["mode"].astype(str), factors["lifecycle_kg_per_km"], factors["ttw_kg_per_km"], strict=True)
    for mode, lc, tw in rows:
        if mode in MODE_INDEX:
            lifecycle[MODE_INDEX[mode]], ttw[MODE_INDEX[mode]] = float(lc), float(tw)
    return lifecycle, ttw


def per_person_km(raw: tuple[FloatArray, FloatArray], occupancy: float) -> tuple[FloatArray, FloatArray]:
    """kgCO2e per person-km by mode: car factors (per vehicle-km) ÷ car_occupancy, others unchanged."""
    divisor = np.ones(len(MODES))
    divisor[CAR] = occupancy
    return raw[0] / divisor, raw[1] / divisor


def emission_vectors(factors: pd.DataFrame, occupancy: float) -> tuple[FloatArray, FloatArray]:
    """kgCO2e per person-km by mode (order of MODES), life-cycle and tank-to-wheel; cars ÷ occupancy."""
    return per_person_km(raw_emission_factors(factors), occupancy)
