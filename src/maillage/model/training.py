"""Training lever: digital-skills cohorts for job-seekers, their net jobs, cost and the commutes they add.

Cohorts of N people start each year from start_year for ``years`` years. Net jobs in year y:

    jobs(y) = Σ_{cohort k ≤ y} N × completion × g × retention^(y − k)
    g       = max(0, employment_rate_trained − e0),
    e0      = clip(employment_rate_baseline + (counterfactual_employment_rate − its central value), 0, 1)

(the assumption shifts the scenario's counterfactual within its published range). The gross insertion rate
overstates the effect; only g counts. Of these jobs, share_local are held in the home commune, share_remote
from home (no commute) and share_commuting reached by commuting: the new commutes add CO2 and time,
at the home commune's mean per worker for staying (local) and leaving (commuting) workers. Trainees are
spread over communes in proportion to their job-seekers.

Cost in year y = N × cost_per_trainee_eur × training_cost_scale for each cohort starting that year.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from maillage.model.assumptions import ASSUMPTIONS
from maillage.model.baseline import CommuteTotals
from maillage.model.effects import LeverEffect
from maillage.model.prepare import FloatArray
from maillage.model.scenario import TrainingLever


def net_gain(lever: TrainingLever, params: Mapping[str, float]) -> float:
    """g = max(0, employment_rate_trained − e0) (module docstring), in jobs per completing trainee."""
    shift = params["counterfactual_employment_rate"] - ASSUMPTIONS["counterfactual_employment_rate"].value
    counterfactual = min(1.0, max(0.0, lever.employment_rate_baseline + shift))
    return max(0.0, lever.employment_rate_trained - counterfactual)


def cohort_years(lever: TrainingLever) -> range:
    """Years in which a cohort starts (none when the lever is off)."""
    if not lever.active:
        return range(0)
    return range(lever.start_year, lever.start_year + lever.years)


def net_jobs(lever: TrainingLever, params: Mapping[str, float], year: int) -> float:
    """jobs(y) = Σ_{k ≤ y} N × completion × g × retention^(y − k) (net jobs held in year y)."""
    per_cohort = lever.people_per_year * lever.completion_rate * net_gain(lever, params)
    retention = params["training_job_retention_per_year"]
    return float(sum(per_cohort * retention ** (year - k) for k in cohort_years(lever) if k <= year))


def trainees_cumulative(lever: TrainingLever, year: int) -> float:
    """People who started a course up to ``year`` included."""
    return float(lever.people_per_year * sum(1 for k in cohort_years(lever) if k <= year))


def training_cost(lever: TrainingLever, params: Mapping[str, float], year: int) -> float:
    """€ spent in ``year``: N × cost_per_trainee_eur × training_cost_scale when a cohort starts."""
    if year not in cohort_years(lever):
        return 0.0
    return lever.people_per_year * lever.cost_per_trainee_eur * params["training_cost_scale"]


def local_jobs(jobs: float, lever: TrainingLever) -> float:
    """Net jobs held from the territory (in the home commune or remotely from home)."""
    return jobs * (lever.share_local + lever.share_remote)


def _spread(job_seekers: FloatArray, employed: FloatArray) -> FloatArray:
    for weights in (job_seekers, employed, np.ones_like(employed)):
        if weights.sum() > 0:
            return np.asarray(weights / weights.sum(), dtype=np.float64)
    return np.zeros_like(employed)


def _per_worker(values: FloatArray, workers: FloatArray) -> FloatArray:
    """values / workers per commune; the territory mean where a commune has no such workers."""
    mean = values.sum() / workers.sum() if workers.sum() > 0 else 0.0
    return np.divide(values, workers, out=np.full_like(values, mean), where=workers > 0)


def effect_per_job(
    lever: TrainingLever,
    job_seekers: FloatArray,
    employed: FloatArray,
    staying: tuple[CommuteTotals, FloatArray],
    leaving: tuple[CommuteTotals, FloatArray],
) -> LeverEffect:
    """Commutes added by one net job, spread over communes; multiply by jobs(y) (effects are linear)."""
    weights = _spread(job_seekers, employed)
    (stay, n_stay), (leave, n_leave) = staying, leaving

    def added(field: str) -> FloatArray:
        local = _per_worker(getattr(stay, field), n_stay) * lever.share_local
        away = _per_worker(getattr(leave, field), n_leave) * lever.share_commuting
        return np.asarray(weights * (local + away), dtype=np.float64)

    zero = np.zeros_like(weights)
    return LeverEffect(
        co2_lifecycle_t=added("co2_lifecycle_t"), co2_ttw_t=added("co2_ttw_t"), hours=added("hours"),
        car_vehicle_km=zero, days=zero, moved_days=zero,
    )
