"""The territory diagnostic: baseline indicators of a territory beside its département, région and France."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import pydeck as pdk
import streamlit as st

from maillage.fmt import fmt_number, fmt_pct
from maillage.model.results import MODES
from maillage.ui import data, figures


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    decimals: int
    estimated: bool
    source: str


SRC_RP = "INSEE, recensement 2022 (base-cc caract_emp), via projetperso-spec/bilan-mobilites-communal"
SRC_JOBS = "Estimation Maillage : emplois des EPCI (INSEE RP2022, observatoire ptod) répartis entre communes — voir la méthode"
SRC_FLOWS = "Estimation Maillage : modèle gravitaire calibré (les flux commune→commune nationaux de l'INSEE ne sont pas inclus)"
SRC_CO2 = "Calcul Maillage : flux × distance routière × facteur d'émission ADEME Base Carbone V22"

INDICATORS: tuple[Indicator, ...] = (
    Indicator("population", "Population", "hab.", 0, False, "INSEE, populations légales (COG 2026)"),
    Indicator("employed_residents", "Actifs occupés résidents", "actifs", 0, False, SRC_RP),
    Indicator("jobs", "Emplois au lieu de travail", "emplois", 0, True, SRC_JOBS),
    Indicator("jobs_per_100", "Emplois pour 100 actifs occupés résidents", "", 0, True, SRC_JOBS),
    Indicator("job_seekers", "Demandeurs d'emploi (chômeurs au sens du recensement)", "personnes", 0, True,
              "INSEE RP2022 taux de chômage (commune ≥ 5 000 hab., sinon département) × actifs — estimation"),
    Indicator("leaving", "Actifs travaillant hors de leur commune", "actifs", 0, False, SRC_RP),
    Indicator("staying", "Actifs travaillant dans leur commune", "actifs", 0, False, SRC_RP),
    Indicator("arriving", "Actifs venant d'ailleurs travailler dans le territoire", "actifs", 0, True, SRC_FLOWS),
    Indicator("mean_one_way_km", "Distance moyenne domicile-travail (aller)", "km", 1, True, SRC_FLOWS),
    Indicator("median_one_way_km", "Distance médiane domicile-travail (aller)", "km", 1, True, SRC_FLOWS),
    Indicator("co2_lifecycle_t", "CO₂ des trajets domicile-travail (cycle de vie)", "t CO₂e/an", 0, True, SRC_CO2),
    Indicator("co2_ttw_t", "CO₂ des trajets domicile-travail (à l'échappement)", "t CO₂e/an", 0, True, SRC_CO2),
    Indicator("co2_per_commuter_t", "CO₂ par actif qui se déplace (cycle de vie)", "t CO₂e/an", 2, True, SRC_CO2),
    Indicator("hours_per_year", "Temps passé dans les trajets", "heures/an", 0, True, SRC_FLOWS),
)


def totals_for(level: str, code: str) -> dict[str, float]:
    """Baseline totals of one territory plus derived ratios (jobs per 100, CO2 per commuter, arriving)."""
    totals = dict(data.baseline_totals(level, code))
    employed = totals.get("employed_residents", 0.0)
    totals["jobs_per_100"] = 100 * totals.get("jobs", 0.0) / employed if employed else math.nan
    commuters = totals.get("commuters", 0.0)
    totals["co2_per_commuter_t"] = totals.get("co2_lifecycle_t", 0.0) / commuters if commuters else math.nan
    return totals


def comparison_refs(level: str, code: str) -> list[tuple[str, str, str]]:
    """(label, level, code) of the territory, its département, its région and France (no duplicates)."""
    info = data.query("territory_info", level=level, code=code)
    row = info.iloc[0] if not info.empty else None
    refs = [(str(row["name"]) if row is not None else code, level, code)]
    if row is not None:
        for lv, col in (("departement", "dep_code"), ("region", "reg_code")):
            parent = row.get(col)
            if isinstance(parent, str) and parent and (lv, parent) != (level, code):
                pinfo = data.query("territory_info", level=lv, code=parent)
                if not pinfo.empty:
                    refs.append((str(pinfo.iloc[0]["name"]), lv, parent))
    if level != "france":
        refs.append(("France", "france", "FR"))
    return refs


def indicator_table(refs: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Formatted table: one row per indicator, one column per territory of ``refs``."""
    totals = [totals_for(lv, c) for _, lv, c in refs]
    rows = []
    for ind in INDICATORS:
        row = {"Indicateur": ind.label + (" (estimation)" if ind.estimated else ""), "Unité": ind.unit}
        for (label, _, _), tot in zip(refs, totals, strict=True):
            row[label] = fmt_number(tot.get(ind.key, math.nan), ind.decimals)
        rows.append(row)
    return pd.DataFrame(rows)


def modal_shares(refs: list[tuple[str, str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame([{f"share_{m}": totals_for(lv, c).get(f"share_{m}", 0.0) for m in MODES}
                          for _, lv, c in refs], index=[label for label, _, _ in refs])
    return frame


def shares_text(totals: dict[str, float]) -> str:
    return ", ".join(f"{m} {fmt_pct(totals.get(f'share_{m}', 0.0))}" for m in MODES)


# The two maps of a territory are the same for every visitor: built and serialised once per process (shared,
# never mutated), keyed by the database as the data caches are. See figures.serialized.

@st.cache_resource(max_entries=64, ttl=data.CACHE_TTL_S, show_spinner=False)
def _choropleth_map(db_file: str, level: str, code: str, column: str, label: str, unit: str,
                    basemap: bool) -> pdk.Deck:
    geometry = data.map_geometry(level, code)
    boundaries = data.query("boundaries_near", level=level, code=code)
    per_commune = data.baseline(level, code).per_commune
    return figures.serialized(figures.choropleth(geometry, per_commune, column, label, unit, boundaries,
                                                 basemap=basemap))


def choropleth_map(level: str, code: str, column: str, label: str, unit: str, *, basemap: bool) -> pdk.Deck:
    """Communes of the territory coloured by a baseline indicator, with the nearby boundaries."""
    return _choropleth_map(str(data.db_path()), level, code, column, label, unit, basemap)


@st.cache_resource(max_entries=64, ttl=data.CACHE_TTL_S, show_spinner=False)
def _flow_map(db_file: str, level: str, code: str, top: int, basemap: bool) -> pdk.Deck:
    flows = data.territory_inputs(level, code).flows
    communes = data.query("territory_work_communes", level=level, code=code)
    boundaries = data.query("boundaries_near", level=level, code=code)
    return figures.serialized(figures.flow_arcs(flows, communes, boundaries, top=top, basemap=basemap))


def flow_map(level: str, code: str, top: int, *, basemap: bool) -> pdk.Deck:
    """The territory's ``top`` home→work flows between communes."""
    return _flow_map(str(data.db_path()), level, code, top, basemap)
