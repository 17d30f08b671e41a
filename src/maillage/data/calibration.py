"""Fit of the commute flows against published figures and real extracts (the ``calibration`` mart).

Each metric: model_value, target, gap = model − target, tolerance, ok = |gap| ≤ tolerance, enforced (the
build fails on a row that is enforced and not ok). A metric on real extracts needs
``min_calibration_pairs`` observed pairs inside the built départements, else it is left out (fixture builds).
- share_working_outside: Σ workers(home ≠ work) / Σ workers; target 0.64 (Insee Focus, June 2016, RP2013);
- mean_one_way_km: workers-weighted mean road km; target 14.2 (SDES Chiffres clés, 2019);
- dep_to_dep_log_corr: Pearson r of ln(model + 1) and ln(observed) over the observed département pairs
  (RP2016, flows ≥ 200); target 1;
- dep_to_dep_capture: Σ model / Σ observed on those pairs; target 1;
- idf_log_corr, idf_common_part: r of log flows and the common part of commuters
  CPC = 2 Σ min(m, o) / (Σ m + Σ o) over Île-de-France commune pairs (observed ≥ 100, or model ≥ 100);
- val_doise_top_destination: share of Val-d'Oise communes whose largest modelled external destination
  (Paris excepted) is among the observed top 3 (RP2022 fichier détail, DDT95).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from maillage.data.params import P

COLUMNS = ("metric", "model_value", "target", "gap", "tolerance", "unit", "ok", "enforced", "n_obs", "source")
IDF_MIN_FLOW = 100.0
PARIS = "75056"


def _row(metric: str, model: float, target: float, tol: str, unit: str, n: int, source: str,
         enforced: bool = True) -> dict[str, object]:
    tolerance = P[tol].value
    gap = model - target
    return {"metric": metric, "model_value": float(model), "target": float(target), "gap": float(gap),
            "tolerance": tolerance, "unit": unit, "ok": bool(abs(gap) <= tolerance), "enforced": enforced,
            "n_obs": int(n), "source": source}


def _log_corr(model: np.ndarray, observed: np.ndarray) -> float:
    if len(model) < 2 or np.std(model) == 0 or np.std(observed) == 0:
        return 0.0
    return float(np.corrcoef(np.log1p(model), np.log1p(observed))[0, 1])


def national_metrics(flows: pd.DataFrame, whole_country: bool) -> list[dict[str, object]]:
    """Share working outside their commune and mean one-way distance.

    The targets are national: for a build restricted to a few départements the rows are reported but not
    enforced (``enforced`` = false), since a small area cannot reach a national mean.
    """
    w = flows["workers"].to_numpy()
    outside = float(w[(flows["home_code"] != flows["work_code"]).to_numpy()].sum() / w.sum())
    mean_km = float(np.dot(w, flows["road_km"]) / w.sum())
    return [
        _row("share_working_outside", outside, 0.64, "tol_share_outside", "part", len(flows),
             "Insee Focus (juin 2016, RP2013) ; evidence.md", whole_country),
        _row("mean_one_way_km", mean_km, P["target_mean_one_way_km"].value, "tol_mean_km", "km", len(flows),
             "SDES Chiffres clés (données 2019) ; evidence.md", whole_country),
    ]


def dep_metrics(flows: pd.DataFrame, dep_of: pd.Series, observed: pd.DataFrame) -> list[dict[str, object]]:
    """Département→département fit on the observed pairs whose two ends are built."""
    f = flows.assign(h=flows["home_code"].map(dep_of), w=flows["work_code"].map(dep_of))
    model = f[f["h"] != f["w"]].groupby(["h", "w"])["workers"].sum()
    built = set(dep_of.unique())
    obs = observed[observed["home_dep"].isin(built) & observed["work_dep"].isin(built)]
    if len(obs) < P["min_calibration_pairs"].value:
        return []
    m = model.reindex(pd.MultiIndex.from_frame(obs[["home_dep", "work_dep"]]), fill_value=0).to_numpy()
    o = obs["workers"].to_numpy()
    src = "RP 2016 flux département→département ≥ 200 (LynhHOANG56/FluxTravail)"
    return [_row("dep_to_dep_log_corr", _log_corr(m, o), 1.0, "tol_corr", "corrélation", len(obs), src),
            _row("dep_to_dep_capture", m.sum() / o.sum(), 1.0, "tol_capture", "ratio", len(obs), src)]


def idf_metrics(flows: pd.DataFrame, observed: pd.DataFrame, code_map: pd.Series) -> list[dict[str, object]]:
    """Île-de-France commune→commune fit (Paris arrondissements mapped to Paris)."""
    obs = observed.assign(h=observed["home_code"].map(code_map), w=observed["work_code"].map(code_map))
    obs = obs.dropna(subset=["h", "w"])
    obs = obs[obs["h"] != obs["w"]].groupby(["h", "w"])["workers"].sum()
    built = set(flows["home_code"])
    obs = obs[[h in built and w in built for h, w in obs.index]]
    if len(obs) < P["min_calibration_pairs"].value:
        return []
    idf = set(code for pair in obs.index for code in pair)
    mod = flows[flows["home_code"].isin(idf) & flows["work_code"].isin(idf) & (flows["home_code"] != flows["work_code"])]
    mod = mod.groupby(["home_code", "work_code"])["workers"].sum()
    pairs = obs.index.union(mod[mod >= IDF_MIN_FLOW].index)
    m = mod.reindex(pairs, fill_value=0).to_numpy()
    o = obs.reindex(pairs, fill_value=0).to_numpy()
    cpc = 2 * np.minimum(m, o).sum() / (m.sum() + o.sum())
    m_obs = mod.reindex(obs.index, fill_value=0).to_numpy()
    src = "INSEE base flux RP2014, Île-de-France ≥ 100 (cartograflow)"
    return [_row("idf_log_corr", _log_corr(m_obs, obs.to_numpy()), 1.0, "tol_corr", "corrélation", len(obs), src),
            _row("idf_common_part", cpc, 1.0, "tol_cpc", "part commune", len(pairs), src)]


def val_doise_metrics(flows: pd.DataFrame, observed: pd.DataFrame, code_map: pd.Series) -> list[dict[str, object]]:
    """Share of Val-d'Oise communes whose first modelled external destination is in the observed top 3.

    Paris is left out on both sides: the profiles list its arrondissements separately and only the top 8
    destinations, so Paris' real total cannot be rebuilt from them.
    """
    obs = observed.assign(h=observed["home_code"].map(code_map), w=observed["dest_code"].map(code_map))
    obs = obs[(obs["h"] != obs["w"]) & (obs["w"] != PARIS)].dropna(subset=["h", "w"]).groupby(["h", "w"], as_index=False)["workers"].sum()
    top_n = int(P["top_destinations_observed"].value)
    top = obs.sort_values(["h", "workers"], ascending=[True, False]).groupby("h")["w"].apply(lambda s: set(s[:top_n]))
    ext = flows[(flows["home_code"] != flows["work_code"]) & (flows["work_code"] != PARIS)
                & flows["home_code"].isin(top.index)]
    if ext["home_code"].nunique() < P["min_calibration_pairs"].value:
        return []
    first = ext.sort_values(["home_code", "workers"], ascending=[True, False]).groupby("home_code")["work_code"].first()
    hits = np.mean([first[c] in top[c] for c in first.index])
    return [_row("val_doise_top_destination", hits, 1.0, "tol_top_destination", "part des communes", len(first),
                 "RP2022 fichier détail MOBPRO, profils DDT95")]


def calibration_table(flows: pd.DataFrame, dep_of: pd.Series, code_map: pd.Series, dep_flows: pd.DataFrame,
                      idf_flows: pd.DataFrame, val_doise: pd.DataFrame, whole_country: bool = True) -> pd.DataFrame:
    """Every computable metric as rows with COLUMNS."""
    rows = national_metrics(flows, whole_country) + dep_metrics(flows, dep_of, dep_flows)
    rows += idf_metrics(flows, idf_flows, code_map) + val_doise_metrics(flows, val_doise, code_map)
    return pd.DataFrame(rows, columns=list(COLUMNS))
