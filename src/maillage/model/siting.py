"""Where to open tiers-lieux: a greedy siting optimizer over the communes of a territory.

Method (Mastio, Hörl et al. 2023, odyssee-co/tiers-lieux, summarised in docs/evidence.md): the potential
users are car commuters who leave their home commune for a long commute; a tiers-lieu in commune ``s`` is
usable by a home→work group ``g`` if the road trip home→``s`` is within the catchment (15 min) and saves at
least 10 min per trip on the usual commute. Choosing ``N`` sites to maximise the total saving is a
facility-location problem; it is solved greedily with lazy evaluation.

Notation (per user and per year, ``trips = days_per_week × one_way_trips_per_weekly_day``):

    access_km(g, s)   = max(detour_factor × great_circle_km(home(g), s), access_min_km)
    access_min(g, s)  = access_km / access_speed_kmh × 60
    saving_min(g, s)  = car_minutes(g) − access_min(g, s)                       [min per one-way trip]
    km_saved(g, s)    = max(0, road_km(g) − access_km(g, s)) × trips            [km / user / year]
    hours_saved(g, s) = saving_min × trips / 60                                 [h / user / year]
    co2_saved(g, s)   = km_saved × EF_car / car_occupancy / 1000                [t CO2e / user / year]

and ``g`` may use ``s`` iff access within the catchment, ``saving_min ≥ min_saving_min`` and ``s`` is not
the group's own work commune. The uncapacitated objective ``f(S) = Σ_g users_g × max_{s∈S} gain(g, s)`` is
monotone submodular, so the greedy choice reaches at least (1 − 1/e) ≈ 63 % of the optimum (Nemhauser,
Wolsey & Fisher 1978) and lazy evaluation (Minoux 1978) returns exactly the plain greedy choice.

This module is pure: arrays and DataFrames in, results out; no I/O.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.spatial import cKDTree

from maillage.model.results import TerritoryInputs
from maillage.model.scenario import ScenarioError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Unit conversions and a physical constant, not model assumptions.
MIN_PER_HOUR = 60.0
KG_PER_T = 1000.0
EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius
# Amounts of users below this are float residue of partial assignments, not people.
_USERS_EPS = 1e-9

OBJECTIVES: tuple[str, ...] = ("co2", "hours", "users")
OBJECTIVE_LABELS_FR: dict[str, str] = {
    "co2": "CO2 évité (t CO2e par an)",
    "hours": "Heures de trajet gagnées par an",
    "users": "Usagers servis",
}
OBJECTIVE_UNITS: dict[str, str] = {"co2": "t CO2e/an", "hours": "h/an", "users": "usagers"}
SCOPES: tuple[str, ...] = ("lifecycle", "ttw")

SITE_COLUMNS: tuple[str, ...] = (
    "code", "name", "rank", "marginal_gain", "cumulative_gain", "users_captured", "catchment_communes",
    "km_avoided_per_year", "co2_avoided_t", "hours_saved_per_year", "lon", "lat",
)
EXISTING_COLUMNS: tuple[str, ...] = (
    "code", "name", "in_territory", "users_captured", "catchment_communes", "km_avoided_per_year",
    "co2_avoided_t", "hours_saved_per_year",
)
DUPLICATE_COLUMNS: tuple[str, ...] = ("code", "duplicate_of", "duplicate_name", "distance_km", "same_commune")


@dataclass(frozen=True)
class SitingParams:
    """Assumptions of the siting model (defaults from docs/evidence.md; to move to assumptions.py).

    users_per_seat: 2.55 users share one seat (Caisse des Dépôts, 'Externalités des télécentres', 2014, derived).
    catchment_min: 15 min road access to the site (Mastio, Hörl et al. 2023, odyssee-co/tiers-lieux).
    catchment_km: if set, a road-distance catchment in km replaces ``catchment_min`` (scenario lever, km).
    min_saving_min: 10 min saved per one-way trip at least (Mastio, Hörl et al. 2023).
    min_commute_km: only one-way commutes at least this long count (default of the scenario's
        ``TiersLieuxLever.min_commute_km``).
    detour_factor: road km = 1.3 × great-circle km (the ratio used by the gravity prototype, evidence.md;
        assumptions.py ``detour_factor``).
    access_speed_kmh: 40 km/h by car to the site on local roads (estimate, assumptions.py
        ``local_car_speed_kmh``; 34 km/h is the mean commute speed, derived: 14.2 km (SDES 2019) in 25 min,
        half the 50 min round trip, DARES 2015-081). 15 min at 40 km/h = 10 km, the scenario's catchment.
    access_min_km: 2 km at least to reach a site, even in one's own commune (estimate, assumptions.py
        ``tiers_lieu_access_min_km``).
    days_per_week: 2 days a week at the tiers-lieu (teleworkers' median, Lability 2022).
    one_way_trips_per_weekly_day: 92 one-way trips a year per weekly day (46 weeks × 2, impactco2).
    car_occupancy: 1.05 persons per car for commuting (SDES via nosgestesclimat).
    cost_per_site_eur: 150 000 € public cost per site (Fabriques de territoire: 50 k€/yr × 3 yrs, ANCT).
    teleworkable_only: weight commuters by the home commune's teleworkable share (the published method
        keeps PCS 3–5, i.e. mostly teleworkable jobs).
    scope: 'lifecycle' (ADEME Base Carbone) or 'ttw' (tank-to-wheel, INSEE) emission factor of the car.
    """

    users_per_seat: float = 2.55
    catchment_min: float = 15.0
    catchment_km: float | None = None
    min_saving_min: float = 10.0
    min_commute_km: float = 15.0
    detour_factor: float = 1.3
    access_speed_kmh: float = 40.0
    access_min_km: float = 2.0
    days_per_week: float = 2.0
    one_way_trips_per_weekly_day: float = 92.0
    car_occupancy: float = 1.05
    cost_per_site_eur: float = 150_000.0
    teleworkable_only: bool = True
    scope: str = "lifecycle"

    def __post_init__(self) -> None:
        positive = ("users_per_seat", "catchment_min", "detour_factor", "access_speed_kmh", "days_per_week",
                    "one_way_trips_per_weekly_day", "car_occupancy", "cost_per_site_eur")
        for name in positive:
            _check_number(f"siting.{name}", getattr(self, name), positive=True)
        for name in ("min_saving_min", "min_commute_km", "access_min_km"):
            _check_number(f"siting.{name}", getattr(self, name), positive=False)
        if self.catchment_km is not None:
            _check_number("siting.catchment_km", self.catchment_km, positive=True)
        if self.scope not in SCOPES:
            raise ScenarioError("siting.scope", self.scope, ", ".join(SCOPES))

    @property
    def catchment_road_km(self) -> float:
        """Road-distance radius of a site's catchment: ``catchment_km`` or ``catchment_min / 60 × speed``."""
        if self.catchment_km is not None:
            return self.catchment_km
        return self.catchment_min / MIN_PER_HOUR * self.access_speed_kmh

    @property
    def catchment_crow_km(self) -> float:
        """Great-circle radius of the catchment: road radius ÷ detour factor [km]."""
        return self.catchment_road_km / self.detour_factor

    @property
    def trips_per_user_year(self) -> float:
        """One-way commute trips a user moves to the site per year: days/week × trips per weekly day."""
        return self.days_per_week * self.one_way_trips_per_weekly_day


def _check_number(path: str, value: object, *, positive: bool) -> None:
    x = float(value) if isinstance(value, int | float) and not isinstance(value, bool) else math.nan
    if not math.isfinite(x) or x < 0 or (positive and x == 0):
        raise ScenarioError(path, value, "un nombre strictement positif" if positive else "un nombre positif ou nul")


DEFAULT_PARAMS = SitingParams()


def sites_for_budget(budget_eur: float, params: SitingParams = DEFAULT_PARAMS) -> int:
    """Number of sites a budget pays for: ``floor(budget_eur / cost_per_site_eur)`` (never negative)."""
    _check_number("siting.budget_eur", budget_eur, positive=False)
    return int(budget_eur // params.cost_per_site_eur)


def site_capacity_users(seats: float, params: SitingParams = DEFAULT_PARAMS) -> float:
    """Users one site can serve: ``seats × users_per_seat`` (part-time users share seats)."""
    _check_number("siting.seats", seats, positive=True)
    return float(seats) * params.users_per_seat


@dataclass(frozen=True, eq=False)
class SitingProblem:
    """A siting instance as arrays.

    Candidates are the territory's communes, sorted by code (index order breaks ties). A demand group is
    one (home commune, work commune) pair of eligible car commuters. Pairs (group, candidate) where the
    candidate is usable are sorted by candidate: pairs of candidate ``c`` are ``indptr[c]:indptr[c+1]``.
    Per-pair arrays hold the saving of one user over one year (formulas in the module docstring).
    """

    params: SitingParams
    candidate_codes: npt.NDArray[np.object_]
    candidate_names: npt.NDArray[np.object_]
    candidate_lon: FloatArray
    candidate_lat: FloatArray
    group_home: IntArray
    group_work_code: npt.NDArray[np.object_]
    group_users: FloatArray
    group_road_km: FloatArray
    group_car_minutes: FloatArray
    pair_group: IntArray
    pair_candidate: IntArray
    pair_access_km: FloatArray
    pair_km_saved_per_user_year: FloatArray
    pair_hours_saved_per_user_year: FloatArray
    pair_co2_t_per_user_year: FloatArray
    indptr: IntArray
    ef_car_kg_per_km: float
    code_index: dict[str, int] = field(default_factory=dict)

    @property
    def n_candidates(self) -> int:
        return len(self.candidate_codes)

    @property
    def n_groups(self) -> int:
        return len(self.group_users)

    @property
    def reachable_users(self) -> float:
        """Eligible car commuters who could use at least one candidate site."""
        return float(self.group_users[np.unique(self.pair_group)].sum())

    def gain_per_user(self, objective: str) -> FloatArray:
        """Per-pair gain of one user over a year in the objective's unit (t CO2e, h, or 1 user)."""
        if objective == "co2":
            return self.pair_co2_t_per_user_year
        if objective == "hours":
            return self.pair_hours_saved_per_user_year
        if objective == "users":
            return np.ones(len(self.pair_group), dtype=np.float64)
        raise ScenarioError("siting.objective", objective, ", ".join(OBJECTIVES))


# --------------------------------------------------------------------------------------------- building


def _great_circle_km(lon1: FloatArray, lat1: FloatArray, lon2: FloatArray, lat2: FloatArray) -> FloatArray:
    """Haversine distance [km] between points given in degrees."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi, dlmb = p2 - p1, np.radians(lon2 - lon1)
    h = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1))), dtype=np.float64)


def _project_km(lon: FloatArray, lat: FloatArray, lat0: float) -> FloatArray:
    """Equirectangular projection [km] around latitude ``lat0`` (only to prefilter pairs for the KD-tree)."""
    x = np.radians(lon) * EARTH_RADIUS_KM * math.cos(math.radians(lat0))
    y = np.radians(lat) * EARTH_RADIUS_KM
    return np.column_stack([x, y])


def _car_ef(inputs: TerritoryInputs, scope: str) -> float:
    ef = inputs.emission_factors
    row = ef.loc[ef["mode"].astype(str) == "car"]
    if row.empty:
        raise ValueError("Facteur d'émission de la voiture absent (mode 'car').")
    return float(row[f"{scope}_kg_per_km"].iloc[0])


def _candidates(inputs: TerritoryInputs) -> pd.DataFrame:
    """The territory's communes with coordinates, unique by code, sorted by code."""
    cols = ["code", "name", "lon", "lat", "teleworkable_share"]
    c = inputs.communes[cols].copy()
    c["code"] = c["code"].astype(str)
    c = c.dropna(subset=["lon", "lat"]).drop_duplicates("code").sort_values("code", kind="stable")
    return c.reset_index(drop=True)


def _demand_groups(inputs: TerritoryInputs, cand: pd.DataFrame, params: SitingParams) -> pd.DataFrame:
    """Eligible car commuters per (home, work): ``users = workers × share_car [× teleworkable share]``.

    Keeps flows whose home is a candidate, home ≠ work and ``road_km ≥ min_commute_km``; road_km and
    car_minutes are user-weighted means within a group. Sorted by (home index, work code).
    """
    f = inputs.flows[["home_code", "work_code", "workers", "road_km", "car_minutes", "share_car"]].copy()
    f["home_code"], f["work_code"] = f["home_code"].astype(str), f["work_code"].astype(str)
    home_idx = pd.Series(np.arange(len(cand), dtype=np.int64), index=cand["code"].to_numpy())
    f = f[f["home_code"].isin(home_idx.index) & (f["home_code"] != f["work_code"])]
    f = f[f["road_km"] >= params.min_commute_km]
    users = f["workers"].to_numpy(float) * f["share_car"].to_numpy(float)
    if params.teleworkable_only:
        share = pd.Series(cand["teleworkable_share"].to_numpy(float), index=cand["code"].to_numpy())
        users = users * share.reindex(f["home_code"].to_numpy()).fillna(0.0).to_numpy(float)
    f = f.assign(home=home_idx.reindex(f["home_code"].to_numpy()).to_numpy(), users=users)
    f = f[f["users"] > 0]
    f = f.assign(km_w=f["road_km"] * f["users"], min_w=f["car_minutes"] * f["users"])
    g = f.groupby(["home", "work_code"], sort=True, as_index=False)[["users", "km_w", "min_w"]].sum()
    g["road_km"], g["car_minutes"] = g["km_w"] / g["users"], g["min_w"] / g["users"]
    return g[["home", "work_code", "users", "road_km", "car_minutes"]]


def _home_candidate_pairs(cand: pd.DataFrame, homes: IntArray, radius_km: float) -> tuple[IntArray, IntArray, FloatArray]:
    """(home, candidate, great-circle km) for every home within ``radius_km`` of a candidate.

    A KD-tree on projected coordinates prefilters with a 5 % margin (projection error over a région);
    the exact haversine distance then decides.
    """
    lon, lat = cand["lon"].to_numpy(float), cand["lat"].to_numpy(float)
    if len(homes) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float64)
    xy = _project_km(lon, lat, float(np.mean(lat)) if len(lat) else 0.0)
    margin = 1.05  # prefilter only: exact distances are recomputed below
    sdm = cKDTree(xy[homes]).sparse_distance_matrix(cKDTree(xy), radius_km * margin, output_type="ndarray")
    h = homes[np.asarray(sdm["i"], dtype=np.int64)]
    c = np.asarray(sdm["j"], dtype=np.int64)
    # The home itself is always a candidate at distance 0 (the tree may or may not list zero distances).
    h, c = np.concatenate([h, homes]), np.concatenate([c, homes])
    key = np.unique(h * len(cand) + c)
    h, c = key // len(cand), key % len(cand)
    d = _great_circle_km(lon[h], lat[h], lon[c], lat[c])
    keep = d <= radius_km
    return h[keep], c[keep], d[keep]


def _expand_to_groups(home_start: IntArray, home_count: IntArray, h: IntArray) -> tuple[IntArray, IntArray]:
    """For home-level pairs ``h``, the group indices of each home: (pair index repeated, group index)."""
    counts = home_count[h]
    rep = np.repeat(np.arange(len(h), dtype=np.int64), counts)
    offset = np.arange(len(rep), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    return rep, home_start[h][rep] + offset


def build_siting_problem(inputs: TerritoryInputs, params: SitingParams = DEFAULT_PARAMS) -> SitingProblem:
    """Build the siting instance of a territory (vectorised; see the module docstring for the formulas)."""
    cand = _candidates(inputs)
    groups = _demand_groups(inputs, cand, params)
    n_cand = len(cand)
    g_home = groups["home"].to_numpy(np.int64)
    home_count = np.bincount(g_home, minlength=n_cand).astype(np.int64)
    home_start = (np.cumsum(home_count) - home_count).astype(np.int64)
    homes = np.flatnonzero(home_count).astype(np.int64)
    h, c, crow = _home_candidate_pairs(cand, homes, params.catchment_crow_km)
    rep, grp = _expand_to_groups(home_start, home_count, h)
    cand_of_pair = c[rep]
    access_km = np.maximum(params.detour_factor * crow[rep], params.access_min_km)
    road_km = groups["road_km"].to_numpy(float)[grp]
    saving_min = groups["car_minutes"].to_numpy(float)[grp] - access_km / params.access_speed_kmh * MIN_PER_HOUR
    codes = cand["code"].to_numpy(object)
    usable = (access_km <= params.catchment_road_km) & (saving_min >= params.min_saving_min)
    usable &= codes[cand_of_pair] != groups["work_code"].to_numpy(object)[grp]
    order = np.lexsort((grp[usable], cand_of_pair[usable]))
    grp, cand_of_pair = grp[usable][order], cand_of_pair[usable][order]
    access_km, saving_min, road_km = access_km[usable][order], saving_min[usable][order], road_km[usable][order]
    trips = params.trips_per_user_year
    km_saved = np.maximum(road_km - access_km, 0.0) * trips
    ef = _car_ef(inputs, params.scope)
    return SitingProblem(
        params=params, candidate_codes=codes, candidate_names=cand["name"].astype(str).to_numpy(object),
        candidate_lon=cand["lon"].to_numpy(float), candidate_lat=cand["lat"].to_numpy(float),
        group_home=g_home, group_work_code=groups["work_code"].to_numpy(object),
        group_users=groups["users"].to_numpy(float), group_road_km=groups["road_km"].to_numpy(float),
        group_car_minutes=groups["car_minutes"].to_numpy(float),
        pair_group=grp.astype(np.int64), pair_candidate=cand_of_pair.astype(np.int64), pair_access_km=access_km,
        pair_km_saved_per_user_year=km_saved, pair_hours_saved_per_user_year=saving_min * trips / MIN_PER_HOUR,
        pair_co2_t_per_user_year=km_saved * ef / params.car_occupancy / KG_PER_T,
        indptr=np.searchsorted(cand_of_pair, np.arange(n_cand + 1)).astype(np.int64),
        ef_car_kg_per_km=ef, code_index={str(k): i for i, k in enumerate(codes)},
    )


# ------------------------------------------------------------------------------------------- assignment


class _Assignment:
    """Users assigned to open sites; users only ever move to a strictly better site.

    ``act_*`` arrays list (group, pair, users, level) tranches of assigned users, ``level`` being their
    per-user gain; ``unassigned[g]`` are users of group ``g`` served by no site; ``best[g]`` is the best
    level of group ``g`` (exact per group when there is no capacity, since a group then moves as a whole).
    """

    def __init__(self, problem: SitingProblem, gain: FloatArray) -> None:
        self.p, self.gain = problem, gain
        self.unassigned = problem.group_users.copy()
        self.best = np.zeros(problem.n_groups, dtype=np.float64)
        self.act_pair = np.zeros(0, dtype=np.int64)
        self.act_users = np.zeros(0, dtype=np.float64)
        self._pos = np.full(problem.n_groups, -1, dtype=np.int64)

    @property
    def act_group(self) -> IntArray:
        return self.p.pair_group[self.act_pair]

    def gain_uncapacitated(self, c: int) -> float:
        """Marginal gain of opening ``c``: ``Σ_g users_g × max(0, gain(g, c) − best_g)``."""
        lo, hi = self.p.indptr[c], self.p.indptr[c + 1]
        groups = self.p.pair_group[lo:hi]
        improvement = np.maximum(self.gain[lo:hi] - self.best[groups], 0.0)
        return float(np.sum(self.p.group_users[groups] * improvement))

    def tranches(self, c: int, capacity: float) -> tuple[float, IntArray, IntArray, FloatArray]:
        """Users ``c`` would capture, best improvement first, up to ``capacity`` users.

        Returns (gain, source tranche (−1 = unassigned, else index in act arrays), pair of c, users taken).
        """
        lo, hi = int(self.p.indptr[c]), int(self.p.indptr[c + 1])
        pairs = np.arange(lo, hi, dtype=np.int64)
        groups, w = self.p.pair_group[lo:hi], self.gain[lo:hi]
        self._pos[groups] = np.arange(hi - lo)
        at = self._pos[self.act_group]
        self._pos[groups] = -1
        sel = np.flatnonzero(at >= 0)
        src = np.concatenate([np.full(hi - lo, -1, dtype=np.int64), sel])
        pair = np.concatenate([pairs, pairs[at[sel]]])
        users = np.concatenate([self.unassigned[groups], self.act_users[sel]])
        imp = np.concatenate([w, w[at[sel]] - self.gain[self.act_pair[sel]]])
        keep = (imp > 0) & (users > _USERS_EPS)
        src, pair, users, imp = src[keep], pair[keep], users[keep], imp[keep]
        order = np.lexsort((src, pair, -imp))
        src, pair, users, imp = src[order], pair[order], users[order], imp[order]
        before = np.cumsum(users) - users
        taken = np.clip(capacity - before, 0.0, users)
        return float(np.sum(taken * imp)), src, pair, taken

    def open(self, c: int, capacity: float) -> None:
        """Open ``c``: move the users it captures (see :meth:`tranches`)."""
        _, src, pair, taken = self.tranches(c, capacity)
        nz = taken > 0
        src, pair, taken = src[nz], pair[nz], taken[nz]
        free = src < 0
        groups = self.p.pair_group[pair]
        self.unassigned[groups[free]] = np.maximum(self.unassigned[groups[free]] - taken[free], 0.0)
        np.subtract.at(self.act_users, src[~free], taken[~free])
        self.best[groups] = np.maximum(self.best[groups], self.gain[pair])
        self.act_pair = np.concatenate([self.act_pair, pair])
        self.act_users = np.concatenate([self.act_users, taken])
        alive = self.act_users > _USERS_EPS
        self.act_pair, self.act_users = self.act_pair[alive], self.act_users[alive]

    def per_site(self) -> pd.DataFrame:
        """Per open site: users, home communes served, km, CO2 and hours saved per year (final assignment)."""
        p, n = self.p, self.p.n_candidates
        site = p.pair_candidate[self.act_pair]
        u = self.act_users
        homes = np.unique(site * n + p.group_home[self.act_group])
        return pd.DataFrame({
            "users_captured": np.bincount(site, u, minlength=n),
            "catchment_communes": np.bincount(homes // n, minlength=n).astype(np.int64),
            "km_avoided_per_year": np.bincount(site, u * p.pair_km_saved_per_user_year[self.act_pair], minlength=n),
            "co2_avoided_t": np.bincount(site, u * p.pair_co2_t_per_user_year[self.act_pair], minlength=n),
            "hours_saved_per_year": np.bincount(site, u * p.pair_hours_saved_per_user_year[self.act_pair], minlength=n),
        })

    def totals(self) -> dict[str, float]:
        ps = self.per_site()
        return {k: float(ps[k].sum()) for k in ("users_captured", "km_avoided_per_year", "co2_avoided_t",
                                                 "hours_saved_per_year")}


# -------------------------------------------------------------------------------------------- selection


@dataclass(frozen=True)
class SitingResult:
    """Sites proposed in order of choice.

    sites columns: SITE_COLUMNS. ``marginal_gain``/``cumulative_gain`` are in the objective's unit
    (``objective_unit``) at the moment the site was chosen; users, km, CO2 and hours are those of the final
    assignment (each user at the best open site, within capacity), gross per site.
    totals: objective_value (sum of marginal gains), n_sites, and the net change brought by the proposed
    sites (on top of ``already_open`` ones) in users_captured, km_avoided_per_year, co2_avoided_t,
    hours_saved_per_year; reachable_users (eligible commuters within reach of any candidate).
    """

    objective: str
    objective_unit: str
    capacity_per_site: float | None
    sites: pd.DataFrame
    totals: dict[str, float]
    assignment: pd.DataFrame
    notes: tuple[str, ...] = ()


def _check_objective(objective: str) -> None:
    if objective not in OBJECTIVES:
        raise ScenarioError("siting.objective", objective, ", ".join(OBJECTIVES))


def _indices(problem: SitingProblem, codes: Iterable[str]) -> list[int]:
    """Candidate indices of the codes that are candidates (others are ignored), sorted, unique."""
    return sorted({problem.code_index[str(c)] for c in codes if str(c) in problem.code_index})


class _Greedy:
    """Greedy selection state: one evaluation function shared by plain and lazy greedy."""

    def __init__(self, problem: SitingProblem, objective: str, capacity: float | None) -> None:
        self.state = _Assignment(problem, problem.gain_per_user(objective))
        self.capacity = capacity

    def evaluate(self, c: int) -> float:
        if self.capacity is None:
            return self.state.gain_uncapacitated(c)
        return self.state.tranches(c, self.capacity)[0]

    def open(self, c: int) -> None:
        self.state.open(c, math.inf if self.capacity is None else self.capacity)

    def plain(self, allowed: Sequence[int], n_sites: int) -> list[tuple[int, float]]:
        """Plain greedy: every step evaluates every remaining candidate; ties go to the smallest code."""
        chosen: list[tuple[int, float]] = []
        remaining = list(allowed)
        while remaining and len(chosen) < n_sites:
            gains = np.array([self.evaluate(c) for c in remaining])
            k = int(np.argmax(gains))
            if gains[k] <= 0:
                break
            chosen.append((remaining.pop(k), float(gains[k])))
            self.open(chosen[-1][0])
        return chosen

    def lazy(self, allowed: Sequence[int], n_sites: int) -> list[tuple[int, float]]:
        """Lazy greedy (Minoux): stale gains are upper bounds because marginal gains never increase.

        Heap entries are (−bound, index, step evaluated); a top entry evaluated at this step is the best.
        Same choices as :meth:`plain`, ties included (index order = code order).
        """
        heap: list[tuple[float, int, int]] = [(-math.inf, c, -1) for c in allowed]
        chosen: list[tuple[int, float]] = []
        while heap and len(chosen) < n_sites:
            neg, c, step = heapq.heappop(heap)
            if step == len(chosen):
                if -neg <= 0:
                    break
                chosen.append((c, -neg))
                self.open(c)
            else:
                heapq.heappush(heap, (-self.evaluate(c), c, len(chosen)))
        return chosen


def propose_sites(
    problem: SitingProblem,
    n_sites: int,
    *,
    objective: str = "co2",
    capacity_per_site: float | None = None,
    exclude: Iterable[str] = (),
    already_open: Iterable[str] = (),
    lazy: bool = True,
) -> SitingResult:
    """Choose up to ``n_sites`` communes greedily to maximise the objective.

    objective: 'co2' (t CO2e avoided per year), 'hours' (hours saved per year) or 'users' (users served).
    capacity_per_site: users one site can take (``site_capacity_users(seats)``); None = unlimited.
    exclude: codes never proposed; already_open: codes of sites open before the choice (their users count
    as served; they are not proposed again). Codes outside the territory are ignored (noted).
    Stops early when no candidate adds anything. Deterministic: ties go to the smallest code.

    Guarantee: without capacity, the objective is monotone submodular and the greedy value is at least
    (1 − 1/e) of the optimum. With capacity, users are taken best improvement first up to the cap and the
    marginal gains still never increase (so lazy = plain greedy), but that guarantee does not hold.
    """
    _check_objective(objective)
    if isinstance(n_sites, bool) or not isinstance(n_sites, int) or n_sites < 0:
        raise ScenarioError("siting.n_sites", n_sites, "un entier positif ou nul")
    if capacity_per_site is not None:
        _check_number("siting.capacity_per_site", capacity_per_site, positive=True)
    exclude, already_open = [str(x) for x in exclude], [str(x) for x in already_open]
    greedy = _Greedy(problem, objective, capacity_per_site)
    opened = _indices(problem, already_open)
    for c in opened:
        greedy.open(c)
    before = greedy.state.totals()
    banned = set(opened) | set(_indices(problem, exclude))
    allowed = [c for c in range(problem.n_candidates) if c not in banned]
    chosen = (greedy.lazy if lazy else greedy.plain)(allowed, n_sites)
    return _result(problem, greedy.state, chosen, objective, capacity_per_site, before,
                   _notes(problem, n_sites, chosen, already_open))


def _notes(problem: SitingProblem, n_sites: int, chosen: Sequence[tuple[int, float]],
           already_open: Sequence[str]) -> tuple[str, ...]:
    notes: list[str] = []
    if len(chosen) < n_sites:
        notes.append(f"Seuls {len(chosen)} site(s) sur {n_sites} apportent un gain : les autres communes "
                     "ne captent aucun trajet supplémentaire.")
    outside = sorted({c for c in already_open if c not in problem.code_index})
    if outside:
        notes.append(f"{len(outside)} site(s) existant(s) hors du territoire ne sont pas pris en compte.")
    return tuple(notes)


def _result(problem: SitingProblem, state: _Assignment, chosen: Sequence[tuple[int, float]], objective: str,
            capacity: float | None, before: dict[str, float], notes: tuple[str, ...]) -> SitingResult:
    idx = np.array([c for c, _ in chosen], dtype=np.int64)
    gains = np.array([g for _, g in chosen], dtype=np.float64)
    per_site = state.per_site().iloc[idx].reset_index(drop=True)
    sites = pd.DataFrame({
        "code": pd.Series(problem.candidate_codes[idx], dtype=object).astype(str),
        "name": pd.Series(problem.candidate_names[idx], dtype=object).astype(str),
        "rank": np.arange(1, len(idx) + 1, dtype=np.int64),
        "marginal_gain": gains,
        "cumulative_gain": np.cumsum(gains),
    })
    sites = pd.concat([sites, per_site], axis=1)
    sites["lon"], sites["lat"] = problem.candidate_lon[idx], problem.candidate_lat[idx]
    after = state.totals()
    totals = {k: after[k] - before[k] for k in after}
    totals.update(objective_value=float(gains.sum()), n_sites=float(len(idx)),
                  reachable_users=problem.reachable_users)
    return SitingResult(objective, OBJECTIVE_UNITS[objective], capacity, sites[list(SITE_COLUMNS)], totals,
                        _assignment_frame(problem, state), notes)


def _assignment_frame(problem: SitingProblem, state: _Assignment) -> pd.DataFrame:
    """One row per (home, work, site) with users: home_code, work_code, site_code, users."""
    g, c = state.act_group, problem.pair_candidate[state.act_pair]
    df = pd.DataFrame({
        "home_code": pd.Series(problem.candidate_codes[problem.group_home[g]], dtype=object).astype(str),
        "work_code": pd.Series(problem.group_work_code[g], dtype=object).astype(str),
        "site_code": pd.Series(problem.candidate_codes[c], dtype=object).astype(str),
        "users": state.act_users,
    })
    out: pd.DataFrame = df.groupby(["home_code", "work_code", "site_code"], as_index=False, sort=True).agg(
        users=("users", "sum"))
    return out


# ------------------------------------------------------------------------------- existing sites, checks


def evaluate_existing(problem: SitingProblem, site_codes: Iterable[str], *,
                      capacity_per_site: float | None = None, objective: str = "co2") -> pd.DataFrame:
    """What known sites capture today, each user at the best of them (columns EXISTING_COLUMNS).

    Sites open in code order; with a capacity, users go best improvement first (``objective`` decides
    "best"). One row per distinct commune; communes outside the territory have ``in_territory`` False and
    zero figures (their users are not modelled).
    """
    _check_objective(objective)
    codes = sorted({str(c) for c in site_codes})
    greedy = _Greedy(problem, objective, capacity_per_site)
    for c in _indices(problem, codes):
        greedy.open(c)
    per_site = greedy.state.per_site()
    rows: list[dict[str, object]] = []
    for code in codes:
        i = problem.code_index.get(code)
        figures = {str(k): (per_site.iloc[i][k] if i is not None else 0) for k in per_site.columns}
        name = str(problem.candidate_names[i]) if i is not None else ""
        rows.append({"code": code, "name": name, "in_territory": i is not None, **figures})
    df = pd.DataFrame(rows, columns=list(EXISTING_COLUMNS))
    return df.astype({"in_territory": bool, "catchment_communes": np.int64})


def flag_duplicates(proposed: pd.DataFrame, known: pd.DataFrame, radius_km: float) -> pd.DataFrame:
    """Flag proposed sites that duplicate a known one: same commune or within ``radius_km`` great-circle.

    proposed: ``code, lon, lat`` (e.g. ``SitingResult.sites``); known: ``commune_code, name, lon, lat``
    (rows of the ``tiers_lieu`` mart). Returns one row per proposed site (DUPLICATE_COLUMNS): the nearest
    duplicate, or empty ``duplicate_of`` and NaN distance when there is none. A natural radius is
    ``SitingParams.catchment_crow_km``: two sites that close share most of their catchment.
    """
    _check_number("siting.radius_km", radius_km, positive=False)
    rows = []
    k_code = known["commune_code"].astype(str).to_numpy(object)
    k_lon, k_lat = known["lon"].to_numpy(float), known["lat"].to_numpy(float)
    k_name = known["name"].astype(str).to_numpy(object)
    for code, lon, lat in zip(proposed["code"].astype(str), proposed["lon"], proposed["lat"], strict=True):
        n = len(k_code)
        d = _great_circle_km(np.full(n, float(lon)), np.full(n, float(lat)), k_lon, k_lat)
        same = k_code == code
        d = np.where(same, 0.0, d)
        hit = np.flatnonzero(same | (d <= radius_km))
        j = int(hit[np.argmin(d[hit])]) if len(hit) else -1
        rows.append({"code": code, "duplicate_of": str(k_code[j]) if j >= 0 else "",
                     "duplicate_name": str(k_name[j]) if j >= 0 else "",
                     "distance_km": float(d[j]) if j >= 0 else math.nan, "same_commune": bool(j >= 0 and same[j])})
    return pd.DataFrame(rows, columns=list(DUPLICATE_COLUMNS))


# ------------------------------------------------------------------------------------------ brute force


def objective_value(problem: SitingProblem, site_codes: Iterable[str], objective: str = "co2") -> float:
    """Uncapacitated objective ``f(S) = Σ_g users_g × max_{s∈S} gain(g, s)`` (0 for groups with no site)."""
    _check_objective(objective)
    idx = _indices(problem, site_codes)
    mask = np.isin(problem.pair_candidate, np.array(idx, dtype=np.int64))
    best = np.zeros(problem.n_groups, dtype=np.float64)
    np.maximum.at(best, problem.pair_group[mask], problem.gain_per_user(objective)[mask])
    return float(np.sum(problem.group_users * best))


def brute_force_best(problem: SitingProblem, n_sites: int, objective: str = "co2") -> tuple[tuple[str, ...], float]:
    """Exact uncapacitated optimum by enumerating every set of ``n_sites`` candidates (small instances only).

    Returns (codes in code order, objective value); the first optimal set in lexicographic order wins.
    """
    _check_objective(objective)
    k = min(n_sites, problem.n_candidates)
    dense = np.zeros((problem.n_groups, problem.n_candidates), dtype=np.float64)
    dense[problem.pair_group, problem.pair_candidate] = problem.gain_per_user(objective)
    best_set: tuple[int, ...] = ()
    best_value = -math.inf
    for combo in itertools.combinations(range(problem.n_candidates), k):
        value = float(np.sum(problem.group_users * dense[:, list(combo)].max(axis=1, initial=0.0)))
        if value > best_value:
            best_set, best_value = combo, value
    return tuple(str(problem.candidate_codes[i]) for i in best_set), max(best_value, 0.0)
