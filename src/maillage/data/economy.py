"""Per-commune economy: employed residents, own-commune workers, modes, jobs, job-seekers, PCS mix.

Real values first (RP2022 counts, ptod ratios for communes ≥ 5,000 inhabitants, official INSEE files when
present); documented estimates otherwise. Each field carries ``<field>_source`` ∈ {'insee', 'estimated'}.
Formulas (docs/method.md §2):
- employed_residents (est.) = population × Σ employed / Σ population over comparable communes with real counts
  (same département and density level, else same density level nationally);
- workers_in_commune (est.) = employed × group own-commune share (same AAV class × density level);
- modes (est.) = employed × group mode shares (same département × density level, else density level);
- EPCI jobs = ratio_EPCI / 100 × Σ employed (EPCI); communes ≥ 5,000: jobs = ratio_c / 100 × employed_c;
  other communes share the remainder with weights employed × f(centrality), f = mean ratio / 100 of the
  ≥ 5,000 communes of that centrality level; jobs ≥ workers_in_commune always;
- job_seekers = employed × u / (100 − u), u = unemployment rate % (commune ≥ 5,000, else département, else FR);
- PCS: managers = national share × local cadres % / French cadres %, blue-collar likewise with ouvriers %;
  the four others share the rest in national proportions; teleworkable = Σ pcs share × teleworkable rate.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from maillage.data.params import P

MODE_COLS: tuple[str, ...] = ("mode_car", "mode_pt", "mode_bike", "mode_walk", "mode_two_wheeler", "mode_none")
PCS: tuple[str, ...] = ("farmers", "craft", "managers", "intermediate", "employees", "blue_collar")
COUNT_FIELDS: tuple[str, ...] = ("employed_residents", "workers_in_commune", "modes", "jobs", "job_seekers")


def group_ratio(df: pd.DataFrame, num: str, den: str, keys: Sequence[Sequence[str]], known: pd.Series) -> pd.Series:
    """Σ num / Σ den over known rows of the same group, trying each key list in turn (finest first)."""
    out = pd.Series(np.nan, index=df.index)
    min_n = int(P["min_group_communes"].value)
    for key in keys:
        k = list(key)
        g = df[known].groupby(k, dropna=False).agg(n=(num, "size"), a=(num, "sum"), b=(den, "sum"))
        g = g[(g["n"] >= min_n) & (g["b"] > 0)]
        ratio = (g["a"] / g["b"]).rename("r")
        r = df[k].merge(ratio, left_on=k, right_index=True, how="left")["r"].to_numpy() if k else None
        if r is not None:
            out = out.fillna(pd.Series(r, index=df.index))
    if out.isna().any():
        out = out.fillna(df.loc[known, num].sum() / df.loc[known, den].sum())
    return out


def estimate_residents(c: pd.DataFrame) -> pd.DataFrame:
    """Employed residents, own-commune workers and modes: real where known, group estimates elsewhere."""
    known = c["employed_residents"].notna()
    c["employed_residents_source"] = np.where(known, "insee", "estimated")
    ratio = group_ratio(c, "employed_residents", "population", [["dep_code", "density_level"], ["density_level"]], known)
    c["employed_residents"] = c["employed_residents"].fillna(c["population"] * ratio)
    k_local = c["workers_in_commune"].notna() & known
    share = group_ratio(c, "workers_in_commune", "employed_residents", [["aav_class", "density_level"], ["aav_class"]], k_local)
    c["workers_in_commune_source"] = np.where(k_local, "insee", "estimated")
    c["workers_in_commune"] = c["workers_in_commune"].where(k_local, c["employed_residents"] * share)
    k_modes = c[list(MODE_COLS)].notna().all(axis=1) & known
    c["modes_source"] = np.where(k_modes, "insee", "estimated")
    for m in MODE_COLS:
        s = group_ratio(c, m, "employed_residents", [["dep_code", "density_level"], ["density_level"]], k_modes)
        c[m] = c[m].where(k_modes, c["employed_residents"] * s)
    total = c[list(MODE_COLS)].sum(axis=1)
    scale = np.where(total > 0, c["employed_residents"] / total.where(total > 0, 1), 0)
    for m in MODE_COLS:  # modes add up to employed residents exactly (rounding in the source)
        c[m] = c[m] * scale
    c["workers_in_commune"] = np.minimum(c["workers_in_commune"], c["employed_residents"])
    return c


def centrality_factor(c: pd.DataFrame) -> pd.Series:
    """f(centrality) = Σ jobs / Σ employed over communes with a real ratio, by centrality level (else all)."""
    real = c["ratio_commune"].notna()
    jobs = c["ratio_commune"] / P["percent"].value * c["employed_residents"]
    tmp = c.assign(_jobs=jobs)
    return group_ratio(tmp, "_jobs", "employed_residents", [["centrality_level"]], real)


def estimate_jobs(c: pd.DataFrame) -> pd.DataFrame:
    """Jobs at place of work: EPCI totals shared among communes (docstring of the module)."""
    pct = P["percent"].value
    f = centrality_factor(c)
    real = c["ratio_commune"].notna()
    c["jobs"] = np.where(real, c["ratio_commune"] / pct * c["employed_residents"], np.nan)
    weight = c["employed_residents"] * f
    has_epci = c["ratio_epci"].notna() & c["epci_code"].notna()
    grp = c[has_epci].groupby("epci_code")
    epci_jobs = grp["ratio_epci"].first() / pct * grp["employed_residents"].sum()
    real_jobs = c[has_epci & real].groupby("epci_code")["jobs"].sum()
    small_w = c[has_epci & ~real].groupby("epci_code").apply(lambda g: weight[g.index].sum(), include_groups=False)
    remainder = (epci_jobs - real_jobs.reindex(epci_jobs.index, fill_value=0)).clip(lower=0)
    per_w = (remainder / small_w.reindex(epci_jobs.index)).replace([np.inf], np.nan)
    share = c["epci_code"].map(per_w) * weight
    fallback = weight  # no EPCI ratio: employed × f(centrality)
    c["jobs"] = c["jobs"].fillna(share.where(has_epci, np.nan)).fillna(fallback)
    c["jobs_source"] = np.where(real & (c["employed_residents_source"] == "insee"), "insee", "estimated")
    c["jobs"] = np.maximum(c["jobs"], c["workers_in_commune"])
    return c


def estimate_job_seekers(c: pd.DataFrame) -> pd.DataFrame:
    """job_seekers = employed × u / (100 − u), u in % (commune ≥ 5,000, else département, else France)."""
    u = c["unemployment_commune"].fillna(c["unemployment_dep"]).fillna(c["unemployment_fr"])
    c["job_seekers"] = c["employed_residents"] * u / (P["percent"].value - u)
    real = c["unemployment_commune"].notna() & (c["employed_residents_source"] == "insee")
    c["job_seekers_source"] = np.where(real, "insee", "estimated")
    return c


def estimate_pcs(c: pd.DataFrame, fr_managers_pct: float, fr_blue_pct: float) -> pd.DataFrame:
    """PCS shares of employed residents (0–1) and the teleworkable share (module docstring)."""
    nat = {p: P[f"pcs_{p}"].value for p in PCS}
    m = nat["managers"] * c["managers_pct"].fillna(fr_managers_pct) / fr_managers_pct
    b = nat["blue_collar"] * c["blue_pct"].fillna(fr_blue_pct) / fr_blue_pct
    cap = P["max_managers_blue_share"].value
    over = (m + b) / cap
    m, b = m / np.maximum(over, 1), b / np.maximum(over, 1)
    others = ("farmers", "craft", "intermediate", "employees")
    rest = sum(nat[p] for p in others)
    shares = {"managers": m, "blue_collar": b}
    for p in others:
        shares[p] = (1 - m - b) * nat[p] / rest
    tele = sum(shares[p] * P[f"telework_{p}"].value for p in PCS)
    for p in PCS:
        c[f"pcs_{p}"] = shares[p]
    c["teleworkable_share"] = tele
    c["pcs_source"] = "estimated"
    return c


def overall_source(c: pd.DataFrame) -> pd.Series:
    """'insee' when every count field is real, else 'estimated'."""
    real = np.logical_and.reduce([c[f"{f}_source"] == "insee" for f in COUNT_FIELDS])
    return pd.Series(np.where(real, "insee", "estimated"), index=c.index)


def apply_official(c: pd.DataFrame) -> pd.DataFrame:
    """Official INSEE jobs, job-seekers and PCS mix (jobs by GS1–GS6) replace the estimates where present."""
    jobs = c["jobs_official"].notna()
    c["jobs"] = np.where(jobs, c["jobs_official"], c["jobs"])
    c["jobs_source"] = np.where(jobs, "insee", c["jobs_source"])
    seekers = c["job_seekers_official"].notna()
    c["job_seekers"] = np.where(seekers, c["job_seekers_official"], c["job_seekers"])
    c["job_seekers_source"] = np.where(seekers, "insee", c["job_seekers_source"])
    gs = c[[f"gs{i}" for i in range(1, 7)]]
    total = gs.sum(axis=1, min_count=6)
    has = total > 0
    if has.any():
        for i, p in enumerate(PCS, start=1):
            c.loc[has, f"pcs_{p}"] = c.loc[has, f"gs{i}"] / total[has]
        c.loc[has, "teleworkable_share"] = sum(c.loc[has, f"pcs_{p}"] * P[f"telework_{p}"].value for p in PCS)
        c.loc[has, "pcs_source"] = "insee"
    return c


ECONOMY_COLUMNS: tuple[str, ...] = (
    "code", "employed_residents", "jobs", "job_seekers", "workers_in_commune",
    *(f"pcs_{p}" for p in PCS), "teleworkable_share", "presential_share", *MODE_COLS, "source",
    *(f"{f}_source" for f in COUNT_FIELDS), "pcs_source", "presential_share_source",
)


def commune_economy(inputs: pd.DataFrame) -> pd.DataFrame:
    """From int_commune_inputs to the commune_economy mart columns (ECONOMY_COLUMNS)."""
    c = inputs.copy()
    for col in ("population", "employed_residents", "workers_in_commune", *MODE_COLS):
        c[col] = c[col].astype("float64")
    c = estimate_residents(c)
    c = estimate_jobs(c)
    c = estimate_job_seekers(c)
    c = estimate_pcs(c, float(c["managers_fr"].iloc[0]), float(c["blue_fr"].iloc[0]))
    c = apply_official(c)
    c["presential_share"] = (c["presential_pct"] / P["percent"].value).fillna(P["national_presential_share"].value)
    c["presential_share_source"] = np.where(c["presential_origin"] == "national", "estimated", "insee")
    c["source"] = overall_source(c)
    return c[list(ECONOMY_COLUMNS)].reset_index(drop=True)
