"""Typed inputs and results of the simulation: the contract between the model and the shell.

Pages, the CLI and the briefing builders read these objects; the model fills them. DataFrame column names
are part of the contract and are listed in each docstring (units in the names: *_t = tonnes CO2e per year,
*_km, *_min, *_eur).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from maillage.model.scenario import Scenario

MODES: tuple[str, ...] = ("car", "pt", "bike", "walk", "two_wheeler", "none")
MODE_LABELS_FR: dict[str, str] = {
    "car": "Voiture",
    "pt": "Transports en commun",
    "bike": "Vélo",
    "walk": "Marche",
    "two_wheeler": "Deux-roues motorisé",
    "none": "Pas de déplacement",
}
SCOPES: tuple[str, ...] = ("lifecycle", "ttw")
SCOPE_LABELS_FR: dict[str, str] = {
    "lifecycle": "cycle de vie (ADEME Base Carbone)",
    "ttw": "à l'échappement (périmètre INSEE)",
}

COMMUNE_COLUMNS: tuple[str, ...] = (
    "code", "name", "population", "employed_residents", "jobs", "job_seekers",
    "teleworkable_share", "presential_share", "lon", "lat", "source",
)
FLOW_COLUMNS: tuple[str, ...] = (
    "home_code", "work_code", "workers", "road_km", "car_minutes",
    "share_car", "share_pt", "share_bike", "share_walk", "share_two_wheeler", "share_none", "source",
)


@dataclass(frozen=True)
class TerritoryInputs:
    """Everything the model needs for one territory, already read from the database.

    communes: one row per commune of the territory, columns COMMUNE_COLUMNS (shares in 0–1; ``source`` is
        'insee' or 'estimated').
    flows: every home→work flow whose home commune is in the territory (work commune anywhere, including
        the home commune itself), columns FLOW_COLUMNS; ``road_km`` is one way; shares sum to 1 per row.
    emission_factors: one row per mode in MODES with ``mode, lifecycle_kg_per_km, ttw_kg_per_km, unit``
        (cars per vehicle-km, other modes per passenger-km).
    work_communes: communes that are work ends of the flows (may lie outside the territory), with
        ``code, name, jobs, presential_share, lon, lat``: used for the présentiel transfer (jobs lost there).
    """

    territory_label: str
    communes: pd.DataFrame
    flows: pd.DataFrame
    emission_factors: pd.DataFrame
    work_communes: pd.DataFrame
    estimated: bool = True


@dataclass(frozen=True)
class Range:
    """A low–central–high figure. Invariant: low <= central <= high."""

    low: float
    central: float
    high: float

    def __post_init__(self) -> None:
        lo, hi = min(self.low, self.high), max(self.low, self.high)
        object.__setattr__(self, "low", min(lo, self.central))
        object.__setattr__(self, "high", max(hi, self.central))


@dataclass(frozen=True)
class Baseline:
    """Commuting as it is today.

    per_commune columns: code, name, employed_residents, commuters (those who travel: employed residents
        less 'none'), km_per_year, co2_lifecycle_t, co2_ttw_t, hours_per_year, leaving (workers working
        outside their home commune), staying, mean_one_way_km, median_one_way_km, plus one column
        ``share_<mode>`` per mode.
    per_flow columns: FLOW_COLUMNS + trips_per_year, km_per_year, co2_lifecycle_t, co2_ttw_t, hours_per_year.
    totals keys: the same quantities summed (means/medians weighted by workers), plus 'arriving' (workers
        coming from outside the territory, when known), 'jobs', 'job_seekers', 'population'.
    """

    per_commune: pd.DataFrame
    per_flow: pd.DataFrame
    totals: dict[str, float]


@dataclass(frozen=True)
class JobsBreakdown:
    """Local jobs, never summed into one flattering number."""

    direct_tiers_lieux: Range
    net_training: Range
    presential_gained: Range
    presential_lost: Range
    induced: Range


HEADLINE_KEYS: tuple[str, ...] = (
    "delta_co2_lifecycle_t", "delta_co2_ttw_t", "delta_hours_per_year", "delta_min_per_commuter_day",
    "household_savings_eur", "public_cost_eur", "eur_per_tco2", "eur_per_job",
)


@dataclass(frozen=True)
class SimulationResult:
    """The effect of a scenario at its horizon year, against the baseline.

    headline: HEADLINE_KEYS → Range (deltas are negative when CO2 or time fall).
    by_lever columns: lever ('telework' | 'tiers_lieux' | 'training'), delta_co2_lifecycle_t,
        delta_co2_ttw_t, delta_hours_per_year.
    per_commune columns: code, name, delta_co2_lifecycle_t, delta_co2_ttw_t, delta_hours_per_year,
        telework_days_per_year, tiers_lieu_days_per_year, jobs_presential_gained, jobs_presential_lost.
    trajectory columns: year, delta_co2_lifecycle_t, delta_co2_ttw_t, delta_hours_per_year,
        jobs_net_training, jobs_direct_tiers_lieux, public_cost_eur (that year's spending), sites_open,
        trainees_cumulative.
    tornado columns: key, label, metric, value_low, value_high, swing (abs difference), sorted by swing desc.
    worker_days: conservation check — on_site, telework, tiers_lieu, total working days per year (sum);
        also telework_baseline (the part of telework already practised, included in telework).
    metrics: every figure computed, as a Range: HEADLINE_KEYS, the jobs (jobs_direct_tiers_lieux,
        jobs_net_training, jobs_training_residents, jobs_presential_gained, jobs_presential_lost,
        jobs_induced), and the denominators of the cost ratios (co2_avoided_cumulative_t: life-cycle tCO2e
        avoided from BASE_YEAR to the horizon; jobs_for_cost: direct tiers-lieu jobs + all net training
        jobs at the horizon). Added after the first contract (additive).
    """

    scenario: Scenario
    baseline: Baseline
    headline: dict[str, Range]
    by_lever: pd.DataFrame
    jobs: JobsBreakdown
    per_commune: pd.DataFrame
    trajectory: pd.DataFrame
    tornado: pd.DataFrame
    worker_days: dict[str, float] = field(default_factory=dict)
    estimated: bool = True
    notes: tuple[str, ...] = ()
    metrics: dict[str, Range] = field(default_factory=dict)
