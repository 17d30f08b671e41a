"""Home→work flows between communes: a doubly constrained gravity model with a heavy-tailed deterrence.

Method (docs/method.md §3), all distances one way:
- own-commune row: the real (or estimated) workers_in_commune I_i, at the intra-commune distance
  d_ii = detour × max(min_km, (2/3) · sqrt(area_i / π));
- leaving workers O_i = E_i − I_i; jobs filled from outside D_j = max(J_j − I_j, 0), rescaled so Σ D = Σ O;
- candidates: the k nearest communes of each origin plus every job pole (D_j ≥ pole_min_jobs) within
  pole radius (scipy cKDTree on unit vectors, sparse pairs);
- road km d_ij = detour × great-circle km; deterrence f(d) = (1 + d / scale)^(−γ) · e^(−d / cutoff);
- T_ij = A_i O_i B_j D_j f(d_ij), A and B balanced by iterative proportional fitting, then rows set exactly
  to O_i; flows < min_flow_workers are dropped (an origin's largest flow is always kept) and rows
  renormalised; γ is fitted by bisection so that the mean one-way distance of all workers equals the target;
- modes: each flow's mode mix is balanced so that flows keep their workers and the home commune keeps its
  real mode counts, starting from kernels k_walk = e^(−d/L_walk), k_bike = e^(−d/L_bike),
  k_2rm = e^(−d/L_2rm), k_none = e^(−d/L_none), k_pt = floor + 1 − e^(−d/L_pt), k_car = 1;
- car_minutes = 60 · d / v(d), v(d) = v_min + (v_max − v_min)(1 − e^(−d/scale_v)).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.spatial import cKDTree

from maillage.data.params import P

MODES: tuple[str, ...] = ("car", "pt", "bike", "walk", "two_wheeler", "none")
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class FlowInputs:
    """Per-commune arrays, aligned: codes, lon/lat (°), area (km²), employed residents, own-commune
    workers, jobs, and mode counts (n × 6, MODES order)."""

    codes: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    area_km2: np.ndarray
    employed: np.ndarray
    internal: np.ndarray
    internal_source: np.ndarray
    jobs: np.ndarray
    modes: np.ndarray


@dataclass(frozen=True)
class Pairs:
    """Sparse candidate pairs (origin index, destination index, road km), each pair once.

    :func:`candidate_pairs` gives them sorted by origin (and a boolean selection keeps that order), which
    lets :func:`gravity` use them as a sparse matrix without sorting 10 million pairs at each call."""

    i: np.ndarray
    j: np.ndarray
    road_km: np.ndarray


def unit_vectors(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """(n, 3) points on the unit sphere."""
    lo, la = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


def chord_to_km(chord: np.ndarray) -> np.ndarray:
    """Great-circle km from the chord length on the unit sphere: 2 R asin(c / 2)."""
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.clip(chord / 2, 0, 1))


def km_to_chord(km: float) -> float:
    return float(2 * np.sin(km / (2 * EARTH_RADIUS_KM)))


def intra_commune_km(area_km2: np.ndarray) -> np.ndarray:
    """Road km of a trip inside a commune: detour × max(min_km, (2/3) sqrt(area / π))."""
    r = np.sqrt(np.maximum(area_km2, 0) / np.pi) * P["intra_commune_radius_factor"].value
    return P["detour_factor"].value * np.maximum(r, P["min_intra_commune_km"].value)


def candidate_pairs(xyz: np.ndarray, attraction: np.ndarray) -> Pairs:
    """k nearest communes of each origin plus job poles within the pole radius (self excluded, no duplicates),
    sorted by origin.

    A pole pair duplicates a nearest-neighbour pair exactly when it is no farther than the origin's k-th
    neighbour, so only pole pairs strictly beyond that distance are added (no sort/unique over millions).
    """
    n = len(xyz)
    tree = cKDTree(xyz)
    k = int(min(P["candidate_k_nearest"].value + 1, n))
    dist, nn = tree.query(xyz, k=k, workers=-1)
    dist, nn = dist.reshape(n, -1), nn.reshape(n, -1)
    i_near, j_near, c_near = np.repeat(np.arange(n), nn.shape[1]), nn.ravel(), dist.ravel()
    poles = np.flatnonzero(attraction >= P["pole_min_jobs"].value)
    i_pole, j_pole, c_pole = (np.array([], dtype=np.int64),) * 2 + (np.array([], dtype=float),)
    if len(poles):
        m = cKDTree(xyz[poles]).sparse_distance_matrix(tree, km_to_chord(P["candidate_pole_radius_km"].value),
                                                       output_type="coo_matrix")
        far = m.data > dist[m.col, -1]
        i_pole, j_pole, c_pole = m.col[far].astype(np.int64), poles[m.row[far]], m.data[far]
    i = np.concatenate([i_near, i_pole])
    j = np.concatenate([j_near, j_pole])
    chord = np.concatenate([c_near, c_pole])
    keep = np.flatnonzero(i != j)
    keep = keep[np.argsort(i[keep], kind="stable")]  # by origin: nearest neighbours, then poles
    return Pairs(i[keep], j[keep], P["detour_factor"].value * chord_to_km(chord[keep]))


def deterrence(road_km: np.ndarray, gamma: float) -> np.ndarray:
    """f(d) = (1 + d / scale)^(−γ) · e^(−d / cutoff): a power-law head with an exponential cut-off."""
    return np.power(1 + road_km / P["decay_scale_km"].value, -gamma) * np.exp(-road_km / P["decay_cutoff_km"].value)


def _safe_inverse(x: np.ndarray) -> np.ndarray:
    return np.divide(1.0, x, out=np.zeros_like(x), where=x > 0)


def pair_matrix(pairs: Pairs, values: np.ndarray, n: int) -> sp.csr_matrix:
    """The n × n sparse matrix holding ``values`` at (origin, destination); pairs sorted by origin (as
    :func:`candidate_pairs` gives them) are used as they are, others are sorted first."""
    if pairs.i.size and np.any(pairs.i[1:] < pairs.i[:-1]):
        return sp.csr_matrix((values, (pairs.i, pairs.j)), shape=(n, n))
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(pairs.i, minlength=n), out=indptr[1:])
    return sp.csr_matrix((values, pairs.j, indptr), shape=(n, n))


def gravity(origins: np.ndarray, attraction: np.ndarray, pairs: Pairs, f: np.ndarray) -> np.ndarray:
    """Doubly constrained flows per pair; each row sums exactly to its origin total (if it has candidates).

    The balancing sums A_i = 1 / Σ_j B_j D_j f_ij and B_j = 1 / Σ_i A_i O_i f_ij are sparse matrix–vector
    products (F · (B ∘ D), Fᵀ · (A ∘ O)): one pass over the pairs each, 4 to 5 times faster on France's
    10 million pairs than gathering and binning them."""
    n = len(origins)
    dest = attraction * origins.sum() / max(attraction.sum(), 1e-12)
    deterrence_matrix = pair_matrix(pairs, f, n)
    b = np.ones(n)
    a = np.ones(n)
    for _ in range(int(P["ipf_iterations"].value)):
        a = _safe_inverse(deterrence_matrix @ (b * dest))
        b = _safe_inverse(deterrence_matrix.T @ (a * origins))
    t = b[pairs.j] * dest[pairs.j] * f * origins[pairs.i]
    row = np.bincount(pairs.i, weights=t, minlength=n)
    return t * (origins * _safe_inverse(row))[pairs.i]


def mean_distance_km(inp: FlowInputs, pairs: Pairs, t: np.ndarray) -> float:
    """Mean one-way distance over all employed residents (own-commune rows included)."""
    internal = np.sum(inp.internal * intra_commune_km(inp.area_km2))
    return float((np.dot(t, pairs.road_km) + internal) / max(inp.employed.sum(), 1e-12))


def pruned(pairs: Pairs, t: np.ndarray, origins: np.ndarray) -> tuple[Pairs, np.ndarray]:
    """Drop flows below min_flow_workers (keeping each origin's largest) and renormalise rows to O_i."""
    n = len(origins)
    keep = prune(pairs.i, t, origins, n)
    kept = Pairs(pairs.i[keep], pairs.j[keep], pairs.road_km[keep])
    return kept, renormalise(kept.i, t[keep], origins, n)


def calibrate(inp: FlowInputs, pairs: Pairs, origins: np.ndarray, attraction: np.ndarray) -> tuple[float, Pairs, np.ndarray]:
    """Bisection on γ so the mean one-way distance of the final (pruned) flows meets the target.

    Larger γ → shorter trips. Returns the γ whose pruned flows came closest to the target, and those flows.
    """
    lo, hi = P["decay_gamma_low"].value, P["decay_gamma_high"].value
    target = P["target_mean_one_way_km"].value
    best: tuple[float, Pairs, np.ndarray] | None = None
    for _ in range(int(P["calibration_steps"].value)):
        gamma = float(np.sqrt(lo * hi))
        kept, t = pruned(pairs, gravity(origins, attraction, pairs, deterrence(pairs.road_km, gamma)), origins)
        mean_km = mean_distance_km(inp, kept, t)
        if best is None or abs(mean_km - target) < best[3]:
            best = (gamma, kept, t, abs(mean_km - target))  # type: ignore[assignment]
        if mean_km > target:
            lo = gamma
        else:
            hi = gamma
    assert best is not None
    return best[0], best[1], best[2]


def prune(i: np.ndarray, t: np.ndarray, origins: np.ndarray, n: int) -> np.ndarray:
    """Mask of flows kept: ≥ min_flow_workers, or the origin's largest flow; rows renormalised later."""
    largest = np.zeros(n)
    np.maximum.at(largest, i, t)
    return (t >= P["min_flow_workers"].value) | ((t == largest[i]) & (t > 0))


def renormalise(i: np.ndarray, t: np.ndarray, totals: np.ndarray, n: int) -> np.ndarray:
    """Scale flows so each origin's rows sum to its total."""
    row = np.bincount(i, weights=t, minlength=n)
    return t * (totals * _safe_inverse(row))[i]


def mode_kernels(road_km: np.ndarray) -> np.ndarray:
    """(m, 6) seed weights per flow and mode (MODES order), before balancing."""
    d = road_km[:, None]
    car = np.ones_like(d)
    pt = P["pt_floor"].value + 1 - np.exp(-d / P["pt_scale_km"].value)
    bike = np.exp(-d / P["bike_scale_km"].value)
    walk = np.exp(-d / P["walk_scale_km"].value)
    two = np.exp(-d / P["two_wheeler_scale_km"].value)
    none = np.exp(-d / P["none_scale_km"].value)
    return np.hstack([car, pt, bike, walk, two, none])


def split_modes(home: np.ndarray, workers: np.ndarray, road_km: np.ndarray, mode_counts: np.ndarray) -> np.ndarray:
    """Mode shares per flow (rows sum to 1): balance seed kernels to flow workers × home mode counts."""
    n = mode_counts.shape[0]
    s = workers[:, None] * mode_kernels(road_km)
    by_home = sp.csr_matrix((np.ones(len(home)), (home, np.arange(len(home)))), shape=(n, len(home)))
    for _ in range(int(P["mode_ipf_iterations"].value)):
        col = by_home @ s  # Σ per home commune, every mode in one pass
        s = s * np.divide(mode_counts, col, out=np.zeros_like(col), where=col > 0)[home]
        row = s.sum(axis=1)
        s = s * np.divide(workers, row, out=np.zeros_like(row), where=row > 0)[:, None]
    row = s.sum(axis=1, keepdims=True)
    shares = np.divide(s, row, out=np.zeros_like(s), where=row > 0)
    shares[row[:, 0] <= 0, 0] = 1.0  # a flow without any mode mass defaults to car
    return shares


def car_minutes(road_km: np.ndarray) -> np.ndarray:
    """60 · d / v(d), v(d) = v_min + (v_max − v_min)(1 − e^(−d/scale)) km/h."""
    vmin, vmax = P["speed_min_kmh"].value, P["speed_max_kmh"].value
    v = vmin + (vmax - vmin) * (1 - np.exp(-road_km / P["speed_scale_km"].value))
    return 60 * road_km / v


def flow_frame(inp: FlowInputs, home: np.ndarray, work: np.ndarray, workers: np.ndarray, road_km: np.ndarray,
               source: np.ndarray) -> pd.DataFrame:
    """Assemble the commute_flow columns (mode shares from split_modes, car minutes from the speed rule), in
    (home_code, work_code) order: sorted on the communes' ranks (integers), not on 2 million pairs of strings."""
    shares = split_modes(home, workers, road_km, inp.modes)
    rank = np.empty(len(inp.codes), dtype=np.int64)
    rank[np.argsort(inp.codes.astype(str), kind="stable")] = np.arange(len(inp.codes))
    order = np.lexsort((rank[work], rank[home]))  # stable, like a sort on the two code columns
    home, work, workers, road_km = home[order], work[order], workers[order], road_km[order]
    df = pd.DataFrame({
        "home_code": inp.codes[home], "work_code": inp.codes[work], "workers": workers,
        "road_km": road_km, "car_minutes": car_minutes(road_km),
    })
    for k, m in enumerate(MODES):
        df[f"share_{m}"] = shares[order, k]
    df["source"] = np.asarray(source)[order]
    return df


def estimate_flows(inp: FlowInputs) -> tuple[pd.DataFrame, dict[str, float]]:
    """Model flows (own-commune rows 'insee' or 'estimated' as given, model rows 'estimated') and fit info."""
    origins = np.maximum(inp.employed - inp.internal, 0)
    attraction = np.maximum(inp.jobs - inp.internal, 0)
    pairs = candidate_pairs(unit_vectors(inp.lon, inp.lat), attraction)
    gamma, kept, t = calibrate(inp, pairs, origins, attraction)
    i, j, d = kept.i, kept.j, kept.road_km
    own = np.flatnonzero(inp.internal > 0)
    home = np.concatenate([own, i])
    work = np.concatenate([own, j])
    workers = np.concatenate([inp.internal[own], t])
    road = np.concatenate([intra_commune_km(inp.area_km2[own]), d])
    source = np.concatenate([inp.internal_source[own].astype(object), np.full(len(t), "estimated", dtype=object)])
    info = {"decay_gamma_fitted": gamma, "candidate_pairs": float(len(pairs.i)), "flows_kept": float(len(t)),
            "mean_one_way_km": mean_distance_km(inp, Pairs(i, j, d), t)}
    return flow_frame(inp, home, work, workers, road, source), info


def observed_flows(inp: FlowInputs, home: np.ndarray, work: np.ndarray, workers: np.ndarray) -> pd.DataFrame:
    """Official INSEE flows (indices into inp): road km from the same distance rule, source 'insee'."""
    xyz = unit_vectors(inp.lon, inp.lat)
    d = P["detour_factor"].value * chord_to_km(np.linalg.norm(xyz[home] - xyz[work], axis=1))
    same = home == work
    d[same] = intra_commune_km(inp.area_km2[home[same]])
    return flow_frame(inp, home, work, workers, d, np.array(["insee"] * len(home), dtype=object))
