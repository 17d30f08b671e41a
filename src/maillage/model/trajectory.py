"""Yearly trajectory from BASE_YEAR to the horizon year.

* Telework adoption ramps up linearly: ramp(y) = (y − BASE_YEAR + 1) / (horizon − BASE_YEAR + 1), so the
  first year already has 1/n of the effect and the horizon year all of it. (Linear rather than logistic:
  one less parameter to argue about, and the horizon figure does not depend on the shape.)
* Tiers-lieux count from their opening year; set-up cost falls in that year, running support every year open.
* Training cohorts accumulate: each year's net jobs are the earlier cohorts' jobs × retention^age.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from maillage.model.prepare import FloatArray
from maillage.model.scenario import BASE_YEAR

TRAJECTORY_COLUMNS: tuple[str, ...] = (
    "year", "delta_co2_lifecycle_t", "delta_co2_ttw_t", "delta_hours_per_year", "jobs_net_training",
    "jobs_direct_tiers_lieux", "public_cost_eur", "sites_open", "trainees_cumulative",
)


def adoption_ramp(year: int, horizon_year: int) -> float:
    """(year − BASE_YEAR + 1) / (horizon_year − BASE_YEAR + 1), clipped to [0, 1]."""
    span = horizon_year - BASE_YEAR + 1
    if span <= 0:
        return 1.0
    return float(min(1.0, max(0.0, (year - BASE_YEAR + 1) / span)))


def trajectory_frame(yearly: dict[str, FloatArray]) -> pd.DataFrame:
    """The yearly series as a table (TRAJECTORY_COLUMNS, plus jobs_training_residents and
    public_cost_cumulative_eur); year and counts as integers."""
    frame = pd.DataFrame({name: yearly[name] for name in TRAJECTORY_COLUMNS})
    frame["jobs_training_residents"] = yearly["jobs_training_residents"]
    frame["public_cost_cumulative_eur"] = np.cumsum(yearly["public_cost_eur"])
    frame["year"] = frame["year"].astype("int64")
    frame["sites_open"] = frame["sites_open"].astype("int64")
    return frame
