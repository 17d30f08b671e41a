"""Economy estimates on small hand-made frames, against arithmetic written out here."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from maillage.data import economy


def frame(**cols: object) -> pd.DataFrame:
    return pd.DataFrame(cols)


def test_job_seekers_from_the_unemployment_rate() -> None:
    c = frame(employed_residents=[900.0, 900.0], unemployment_commune=[10.0, np.nan], unemployment_dep=[5.0, 20.0],
              unemployment_fr=[7.0, 7.0], employed_residents_source=["insee", "insee"])
    out = economy.estimate_job_seekers(c)
    # u = 10 %: 900 × 10 / 90 = 100; u = 20 % (département): 900 × 20 / 80 = 225
    assert out["job_seekers"].tolist() == pytest.approx([100.0, 225.0])
    assert out["job_seekers_source"].tolist() == ["insee", "estimated"]


def test_pcs_shares_sum_to_one_and_scale_with_local_managers() -> None:
    c = frame(managers_pct=[20.0, 10.0], blue_pct=[10.0, 10.0])
    out = economy.estimate_pcs(c, fr_managers_pct=10.0, fr_blue_pct=10.0)
    pcs = out[[f"pcs_{p}" for p in economy.PCS]].sum(axis=1)
    assert pcs.to_numpy() == pytest.approx(1.0)
    assert out.loc[0, "pcs_managers"] == pytest.approx(2 * 0.217) and out.loc[1, "pcs_managers"] == pytest.approx(0.217)
    rest = 1 - 0.217 - 0.189  # the four other groups share the rest in national proportions
    others = (0.016 * 0.03 + 0.068 * 0.33 + 0.246 * 0.48 + 0.26 * 0.36) / (0.016 + 0.068 + 0.246 + 0.26)
    national = 0.217 * 0.72 + 0.189 * 0.02 + rest * others
    assert out.loc[1, "teleworkable_share"] == pytest.approx(national)
    assert out.loc[0, "teleworkable_share"] > out.loc[1, "teleworkable_share"]


def test_group_ratio_uses_comparable_known_communes() -> None:
    c = frame(dep=["a"] * 6 + ["b"], num=[10.0, 20.0, 30.0, 40.0, 50.0, np.nan, np.nan],
              den=[100.0] * 7)
    known = c["num"].notna()
    r = economy.group_ratio(c, "num", "den", [["dep"]], known)
    # dep a: 150 / 500 = 0.3 (5 known communes); dep b has none known: the overall ratio, also 0.3
    assert r.tolist() == pytest.approx([0.3] * 7)


def test_jobs_share_the_epci_total_and_keep_real_ratios() -> None:
    c = frame(code=["1", "2", "3"], epci_code=["E", "E", "E"], employed_residents=[1000.0, 500.0, 500.0],
              workers_in_commune=[100.0, 50.0, 10.0], ratio_commune=[150.0, np.nan, np.nan],
              ratio_epci=[100.0, 100.0, 100.0], centrality_level=["c", "c", "c"],
              employed_residents_source=["insee"] * 3)
    out = economy.estimate_jobs(c)
    # EPCI jobs = 100 % × 2000 = 2000; commune 1 real: 150 % × 1000 = 1500; 500 left, equal weights → 250 each
    assert out["jobs"].tolist() == pytest.approx([1500.0, 250.0, 250.0])
    assert out["jobs_source"].tolist() == ["insee", "estimated", "estimated"]
