"""The national baseline against published figures: each line gives the model's figure, the target, the gap.

Targets are published references, not assumptions: they are never used inside the model, only compared.

* commute CO2, tank-to-wheel, trips < 100 km: 17.4 MtCO2e/yr and 0.70 tCO2e per commuter (INSEE Première
  n°1975, 2019 data);
* mean one-way distance 14.2 km (SDES, 2019);
* main-mode shares of those who travel: car 74 %, public transport 16 %, walk 6 %, bike 2 % (INSEE Première
  n°1835, RP2017);
* share of worked days teleworked: 15 % in 2021 (Insee Focus 2022; 2021 was a Covid year, the model's
  baseline is calibrated on 2023, so a gap below is expected);
* one weekly telework day: ADEME's 271 kgCO2e/yr gross saving. The model's figure uses its own mean commute:
  (working_days_per_year / working_days_per_week) weeks × life-cycle CO2 per on-site commuter-day, where
  CO2 per commuter-day = baseline life-cycle CO2 ÷ on-site commuter-days (all modes, the model's mean trip).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from maillage.model.results import Baseline
from maillage.model.units import KG_PER_TONNE, PERCENT, TONNES_PER_MEGATONNE

VALIDATION_COLUMNS: tuple[str, ...] = ("metric", "label", "model_value", "target", "gap_pct", "unit", "source")

_INSEE_1975 = "INSEE Première n°1975 (déc. 2023), données 2019"
_INSEE_1835 = "INSEE Première n°1835 (janv. 2021), RP2017"
# (metric, French label, target, unit, source)
TARGETS: tuple[tuple[str, str, float, str, str], ...] = (
    ("co2_ttw_mt", "CO2 domicile-travail, à l'échappement", 17.4, "MtCO2e/an", _INSEE_1975),
    ("co2_ttw_per_commuter_t", "CO2 par navetteur, à l'échappement", 0.70, "tCO2e/an", _INSEE_1975),
    ("mean_one_way_km", "Distance moyenne domicile-travail (aller)", 14.2, "km", "SDES, Chiffres clés (2019)"),
    ("share_car_pct", "Part modale voiture", 74.0, "%", _INSEE_1835),
    ("share_pt_pct", "Part modale transports en commun", 16.0, "%", _INSEE_1835),
    ("share_walk_pct", "Part modale marche", 6.0, "%", _INSEE_1835),
    ("share_bike_pct", "Part modale vélo", 2.0, "%", _INSEE_1835),
    ("telework_day_share_pct", "Part des jours travaillés en télétravail", 15.0, "%", "Insee Focus 2022 (2021)"),
    ("one_weekly_telework_day_kg", "Un jour de télétravail par semaine (gain brut)", 271.0, "kgCO2e/an",
     "ADEME 2015, cité par ADEME 2020"),
)


def _ratio(num: float, den: float) -> float:
    return num / den if den > 0 else math.nan


def model_figures(baseline: Baseline, params: Mapping[str, float]) -> dict[str, float]:
    """The model's value of each target metric, from a (national) baseline."""
    t = baseline.totals
    travelling = 1 - t["share_none"]
    commuter_days = t["commuters"] * params["working_days_per_year"]
    kg_per_day = _ratio(t["co2_lifecycle_t"] * KG_PER_TONNE, t["onsite_commuter_days"])
    figures = {
        "co2_ttw_mt": t["co2_ttw_t"] / TONNES_PER_MEGATONNE,
        "co2_ttw_per_commuter_t": _ratio(t["co2_ttw_t"], t["commuters"]),
        "mean_one_way_km": t["mean_one_way_km"],
        "telework_day_share_pct": PERCENT * (1 - _ratio(t["onsite_commuter_days"], commuter_days)),
        "one_weekly_telework_day_kg": params["working_days_per_year"] / params["working_days_per_week"] * kg_per_day,
    }
    for mode in ("car", "pt", "walk", "bike"):
        figures[f"share_{mode}_pct"] = PERCENT * _ratio(t[f"share_{mode}"], travelling)
    return figures


def validate_national(baseline: Baseline, params: Mapping[str, float]) -> pd.DataFrame:
    """Rows (metric, label, model_value, target, gap_pct, unit, source); gap_pct = (model − target) / target × 100."""
    figures = model_figures(baseline, params)
    rows = [
        {"metric": m, "label": label, "model_value": figures[m], "target": target,
         "gap_pct": PERCENT * (figures[m] - target) / target, "unit": unit, "source": source}
        for m, label, target, unit, source in TARGETS
    ]
    return pd.DataFrame(rows, columns=list(VALIDATION_COLUMNS))
