"""Local jobs, kept apart: direct tiers-lieu jobs, net training jobs, présentiel transfer, induced jobs.

* Direct: open sites × direct_jobs_per_site.
* Présentiel transfer. A worker-day spent at home or in a tiers-lieu instead of a distant workplace takes
  the day's spending away from the work commune and moves part of it to the home (or site) commune:

      jobs lost (work commune)   = days × workplace_spending_eur_per_day / turnover_per_presential_job_eur
      jobs gained (home / site)  = jobs lost × spending_moved_share

  The gap is spending that disappears (meals taken at home); both sides are shown, never only the gain.
* Induced (economic-base theory, multiplier k = total jobs ÷ basic jobs): only net *basic* jobs count, i.e.
  training jobs held remotely or by commuting (income earned outside, spent here) plus the basic part of the
  local ones (1 − territory présentiel share). Induced = (k − 1) × basic. Tiers-lieu direct jobs serve local
  users (présentiel) and the transfer moves jobs, so neither induces more.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from maillage.model.prepare import FloatArray
from maillage.model.scenario import TrainingLever


def direct_jobs(open_sites: FloatArray, params: Mapping[str, float]) -> FloatArray:
    """FTE jobs run by the open tiers-lieux (per year): open_sites × direct_jobs_per_site."""
    return np.asarray(open_sites * params["direct_jobs_per_site"], dtype=np.float64)


def presential_lost(days: float, params: Mapping[str, float]) -> float:
    """Jobs lost in work communes: days × spending per day / turnover per job."""
    return days * params["workplace_spending_eur_per_day"] / params["turnover_per_presential_job_eur"]


def presential_gained(days: float, params: Mapping[str, float]) -> float:
    """Jobs gained in home or site communes: presential_lost × spending_moved_share."""
    return presential_lost(days, params) * params["spending_moved_share"]


def induced_jobs(
    training_jobs: float, lever: TrainingLever, presential_share: float, params: Mapping[str, float]
) -> float:
    """(k − 1) × basic jobs; basic = jobs × (share_remote + share_commuting + share_local × (1 − présentiel))."""
    basic_share = lever.share_remote + lever.share_commuting + lever.share_local * (1 - presential_share)
    return (params["jobs_multiplier"] - 1) * training_jobs * basic_share
