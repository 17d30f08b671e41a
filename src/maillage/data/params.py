"""Every number the data build uses to estimate what the open data does not give, with unit and source.

The simulation's own assumptions live in maillage.model.assumptions; these are the build's (estimation of
jobs, flows, geometry). Each is written to the database (table ``build_parameter``) and in docs/method.md.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Param:
    """A build parameter: central value, plausible range, unit, source and year of the source."""

    name: str
    value: float
    low: float
    high: float
    unit: str
    source: str
    year: int


_PARAMS: tuple[Param, ...] = (
    # Geometry (browser simplification)
    Param("geometry_decimals", 4, 3, 5, "decimal places of degrees", "choice: 1e-4° ≈ 11 m, below screen resolution at commune zoom", 2026),
    Param("geometry_min_step_deg", 0.0004, 0.0002, 0.001, "degrees", "choice: drop vertices closer than ≈ 40 m to the previous kept one", 2026),
    Param("geometry_min_part_km2", 0.02, 0.0, 0.1, "km²", "choice: islets smaller than 2 ha are not drawn (the largest part is always kept)", 2026),
    Param("boundary_decimals", 3, 2, 4, "decimal places of degrees", "choice: département/région outlines at ≈ 110 m", 2026),
    Param("boundary_min_step_deg", 0.002, 0.001, 0.005, "degrees", "choice", 2026),
    Param("map_width_px", 800, 600, 1500, "pixels", "choice: widest first view of a map in the app (about 600 px "
          "here); a large territory's vertices closer than one such pixel are merged when its map is drawn", 2026),
    Param("fallback_area_km2", 10.0, 5.0, 20.0, "km²", "median commune area in France ≈ 10.8 km² (IGN); only for a commune without any 2018 polygon", 2023),
    Param("km_per_degree_lat", 111.32, 111.0, 111.7, "km/°", "WGS84 meridian degree", 1984),
    Param("min_cos_lat", 0.1, 0.1, 0.1, "", "guard against division by ~0 near the poles", 2026),
    # Distances and speeds
    Param("detour_factor", 1.3, 1.2, 1.45, "road km / great-circle km", "common road circuity in France (evidence.md gravity prototype: 1.3 × crow-fly)", 2024),
    Param("intra_commune_radius_factor", 0.6667, 0.5, 0.75, "× equivalent radius", "mean distance to the centre of a uniform disc = 2r/3, r = sqrt(area/π)", 2026),
    Param("min_intra_commune_km", 0.5, 0.3, 1.0, "km", "choice: shortest home-work trip inside a commune", 2026),
    Param("speed_min_kmh", 25.0, 20.0, 30.0, "km/h", "urban door-to-door car speed incl. parking (order of magnitude, EMP 2019)", 2019),
    Param("speed_max_kmh", 80.0, 70.0, 90.0, "km/h", "interurban car speed on long commutes (order of magnitude)", 2019),
    Param("speed_scale_km", 25.0, 15.0, 40.0, "km", "distance over which speed rises from min to max: v(d) = vmin + (vmax − vmin)(1 − e^(−d/scale))", 2026),
    # Gravity model
    Param("candidate_k_nearest", 250, 150, 400, "communes", "choice: every origin may reach its k nearest communes …", 2026),
    Param("candidate_pole_radius_km", 100.0, 80.0, 120.0, "km great-circle", "… plus every job pole within this radius (evidence.md: 80–100 km)", 2024),
    Param("pole_min_jobs", 5000.0, 2000.0, 10000.0, "jobs", "choice: job poles reachable from far", 2026),
    Param("decay_scale_km", 5.0, 3.0, 10.0, "km", "distance deterrence f(d) = (1 + d/scale)^(−γ) e^(−d/cutoff): scale of the flat head", 2026),
    Param("decay_cutoff_km", 40.0, 25.0, 80.0, "km", "exponential cut-off of the deterrence; set so the Val-d'Oise and Île-de-France fits hold (docs/method.md)", 2026),
    Param("decay_gamma_low", 0.3, 0.3, 0.3, "", "bisection bracket for γ (calibrated to the mean distance)", 2026),
    Param("decay_gamma_high", 6.0, 6.0, 6.0, "", "bisection bracket for γ", 2026),
    Param("calibration_steps", 9, 6, 14, "bisection steps", "choice (each step reruns the gravity model)", 2026),
    Param("ipf_iterations", 12, 8, 30, "iterations", "choice: doubly constrained balancing iterations", 2026),
    Param("min_flow_workers", 0.5, 0.1, 1.0, "workers", "choice: flows below half a worker are dropped, the origin renormalised", 2026),
    Param("target_mean_one_way_km", 14.2, 13.0, 15.5, "km", "SDES Chiffres clés (2019 data), evidence.md", 2019),
    # Mode split by distance (kernels k_m(d) = exp(−d/L_m), pt: 1 − exp(−d/L_pt) + floor)
    Param("walk_scale_km", 1.5, 1.0, 2.5, "km", "INSEE Première 1835: walking is 31 % of trips < 2 km, rare beyond", 2021),
    Param("bike_scale_km", 4.0, 3.0, 6.0, "km", "INSEE Première 1835: cycling concentrated under 5–10 km", 2021),
    Param("two_wheeler_scale_km", 20.0, 10.0, 30.0, "km", "choice", 2026),
    Param("none_scale_km", 0.3, 0.1, 0.5, "km", "'no transport' = working at home: kept on the own-commune row", 2026),
    Param("pt_scale_km", 5.0, 3.0, 8.0, "km", "choice: public transport rarely used for the shortest trips", 2026),
    Param("pt_floor", 0.2, 0.1, 0.4, "", "choice: weight of public transport on very short trips (dense cities)", 2026),
    Param("mode_ipf_iterations", 20, 10, 50, "iterations", "choice: balancing flows × modes per home commune", 2026),
    # Economy
    Param("min_group_communes", 5, 3, 20, "communes", "choice: smallest group of comparable communes to estimate a ratio", 2026),
    Param("national_presential_share", 0.65, 0.6, 0.7, "share of jobs", "INSEE Première n°1538 (2015), evidence.md", 2011),
    Param("pcs_farmers", 0.016, 0.016, 0.016, "share of employed", "Insee Références 2023 (2022, France excl. Mayotte)", 2022),
    Param("pcs_craft", 0.068, 0.068, 0.068, "share of employed", "Insee Références 2023", 2022),
    Param("pcs_managers", 0.217, 0.217, 0.217, "share of employed", "Insee Références 2023", 2022),
    Param("pcs_intermediate", 0.246, 0.246, 0.246, "share of employed", "Insee Références 2023", 2022),
    Param("pcs_employees", 0.260, 0.260, 0.260, "share of employed", "Insee Références 2023", 2022),
    Param("pcs_blue_collar", 0.189, 0.189, 0.189, "share of employed", "Insee Références 2023", 2022),
    Param("max_managers_blue_share", 0.9, 0.8, 0.95, "share of employed", "choice: cap so every PCS keeps a share", 2026),
    Param("telework_farmers", 0.03, 0.03, 0.03, "share", "Insee Analyses AURA n°182 (teleworkable by PCS)", 2024),
    Param("telework_craft", 0.33, 0.33, 0.33, "share", "Insee Analyses AURA n°182", 2024),
    Param("telework_managers", 0.72, 0.72, 0.72, "share", "Insee Analyses AURA n°182", 2024),
    Param("telework_intermediate", 0.48, 0.48, 0.48, "share", "Insee Analyses AURA n°182", 2024),
    Param("telework_employees", 0.36, 0.36, 0.36, "share", "Insee Analyses AURA n°182", 2024),
    Param("telework_blue_collar", 0.02, 0.02, 0.02, "share", "Insee Analyses AURA n°182", 2024),
    Param("percent", 100.0, 100.0, 100.0, "", "percent → share", 2026),
    # Emission-factor blend for public transport (Base Carbone V22 ids)
    Param("pt_weight_bus", 0.5, 0.3, 0.7, "share of PT passenger-km", "choice: bus in agglomerations < 100k (27998)", 2026),
    Param("pt_weight_ter", 0.3, 0.2, 0.5, "share of PT passenger-km", "choice: TER 2019 (28146)", 2026),
    Param("pt_weight_tram", 0.2, 0.1, 0.3, "share of PT passenger-km", "choice: metro/tram/trolleybus outside IDF 100–250k (28150)", 2026),
    # Calibration tolerances (|model − target| ≤ tolerance)
    Param("tol_share_outside", 0.04, 0.04, 0.04, "share", "RP2013 64 % vs RP2022 data 65 %: census vintages differ", 2026),
    Param("tol_mean_km", 1.5, 1.5, 1.5, "km", "choice", 2026),
    Param("tol_corr", 0.4, 0.4, 0.4, "correlation gap to 1", "choice: log-flow correlation ≥ 0.6", 2026),
    Param("tol_capture", 0.5, 0.5, 0.5, "ratio gap to 1", "choice: model/observed total on observed pairs within 0.5–1.5", 2026),
    Param("tol_cpc", 0.55, 0.55, 0.55, "gap to 1", "choice: common part of commuters ≥ 0.45", 2026),
    Param("tol_top_destination", 0.5, 0.5, 0.5, "gap to 1", "choice: model's first external destination among the observed top 3 for ≥ 50 % of communes", 2026),
    Param("min_calibration_pairs", 20, 10, 50, "pairs", "choice: a fit metric needs at least this many observed pairs", 2026),
    Param("top_destinations_observed", 3, 3, 3, "destinations", "choice", 2026),
)

P: dict[str, Param] = {p.name: p for p in _PARAMS}


def table() -> list[dict[str, object]]:
    """The parameters as rows (for the build_parameter table and the docs)."""
    return [p.__dict__.copy() for p in _PARAMS]
