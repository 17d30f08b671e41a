"""Numbers for the briefing, as small DataFrames, and the per-commune CSV/XLSX exports.

Everything here reads a :class:`SimulationResult` and returns numbers (no formatting), so the PPTX and PDF
builders show the same figures and tests can compare them with the model's output directly.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping

import pandas as pd

from maillage.model.results import MODE_LABELS_FR, MODES, Range, SimulationResult

UNIT_CO2 = "t CO₂e/an"
LEVER_LABELS_FR: dict[str, str] = {
    "telework": "Télétravail",
    "tiers_lieux": "Tiers-lieux",
    "training": "Formation numérique",
}
JOB_LABELS_FR: dict[str, str] = {
    "direct_tiers_lieux": "Emplois directs des tiers-lieux",
    "net_training": "Emplois nets grâce à la formation",
    "presential_gained": "Emplois présentiels gagnés (commerces, services)",
    "presential_lost": "Emplois présentiels perdus ailleurs",
    "induced": "Emplois induits",
}
RANGE_COLUMNS: tuple[str, ...] = ("key", "indicator", "unit", "decimals", "low", "central", "high")


def co2_key(scope: str) -> str:
    """Headline key of the CO2 delta in ``scope`` ('lifecycle' or 'ttw')."""
    return f"delta_co2_{scope}_t"


def _range_rows(rows: list[tuple[str, str, str, int, Range]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"key": k, "indicator": label, "unit": unit, "decimals": d, "low": r.low, "central": r.central,
          "high": r.high} for k, label, unit, d, r in rows],
        columns=list(RANGE_COLUMNS),
    )


def headline_table(result: SimulationResult, scope: str = "lifecycle") -> pd.DataFrame:
    """Effects at the horizon with low/central/high (columns RANGE_COLUMNS); deltas < 0 when they fall."""
    h = result.headline
    return _range_rows([
        (co2_key(scope), "Δ CO₂ des trajets domicile-travail", UNIT_CO2, 0, h[co2_key(scope)]),
        ("delta_hours_per_year", "Δ temps passé dans les trajets", "h/an", 0, h["delta_hours_per_year"]),
        ("delta_min_per_commuter_day", "Δ par actif qui se déplace", "min/jour", 1, h["delta_min_per_commuter_day"]),
    ])


def cost_table(result: SimulationResult) -> pd.DataFrame:
    """Costs and savings (columns RANGE_COLUMNS): public cost, household savings, € per tCO2e, € per job."""
    h = result.headline
    return _range_rows([
        ("public_cost_eur", "Coût public total jusqu'à l'horizon", "€", 0, h["public_cost_eur"]),
        ("household_savings_eur", "Économies des ménages (carburant)", "€/an", 0, h["household_savings_eur"]),
        ("eur_per_tco2", "Coût public par tonne de CO₂e évitée", "€/t CO₂e", 0, h["eur_per_tco2"]),
        ("eur_per_job", "Coût public par emploi (direct + net formation)", "€/emploi", 0, h["eur_per_job"]),
    ])


def jobs_table(result: SimulationResult) -> pd.DataFrame:
    """Local jobs by kind (columns RANGE_COLUMNS), one row each: never summed into a single figure."""
    jobs = result.jobs
    return _range_rows([(k, label, "emplois", 1, getattr(jobs, k)) for k, label in JOB_LABELS_FR.items()])


def lever_deltas(result: SimulationResult, scope: str = "lifecycle") -> pd.DataFrame:
    """Δ CO2 (t CO2e/yr, ``scope``) and Δ hours by lever: columns lever, label, delta_co2_t, delta_hours."""
    frame = result.by_lever
    rows = []
    for lever, label in LEVER_LABELS_FR.items():
        match = frame[frame["lever"] == lever]
        rows.append({
            "lever": lever, "label": label,
            "delta_co2_t": float(match[co2_key(scope)].sum()) if not match.empty else 0.0,
            "delta_hours": float(match["delta_hours_per_year"].sum()) if not match.empty else 0.0,
        })
    return pd.DataFrame(rows, columns=["lever", "label", "delta_co2_t", "delta_hours"])


def baseline_comparison(result: SimulationResult, scope: str = "lifecycle") -> pd.DataFrame:
    """Baseline vs scenario (central): columns indicator, unit, baseline, scenario, delta, delta_share.

    scenario = baseline + central delta; delta_share = delta / baseline (NaN when the baseline is 0).
    """
    totals = result.baseline.totals
    rows = []
    for indicator, unit, total_key, delta_key in (
        ("CO₂ des trajets domicile-travail", UNIT_CO2, f"co2_{scope}_t", co2_key(scope)),
        ("Temps passé dans les trajets", "h/an", "hours_per_year", "delta_hours_per_year"),
    ):
        base = float(totals.get(total_key, math.nan))
        delta = float(result.headline[delta_key].central)
        share = delta / base if base else math.nan
        rows.append({"indicator": indicator, "unit": unit, "baseline": base, "scenario": base + delta,
                     "delta": delta, "delta_share": share})
    return pd.DataFrame(rows, columns=["indicator", "unit", "baseline", "scenario", "delta", "delta_share"])


def top_communes_co2(result: SimulationResult, scope: str = "lifecycle", n: int = 12) -> pd.DataFrame:
    """The ``n`` home communes with the most commute CO2 today: columns code, name, co2_t (largest first)."""
    frame = result.baseline.per_commune
    column = f"co2_{scope}_t"
    top = frame.sort_values(column, ascending=False, kind="stable").head(n)
    return pd.DataFrame({"code": top["code"].astype(str), "name": top["name"].astype(str),
                         "co2_t": top[column].astype(float)}).reset_index(drop=True)


def modal_shares(result: SimulationResult) -> pd.DataFrame:
    """Baseline modal shares of the territory's workers (0–1): columns mode, label, share."""
    totals = result.baseline.totals
    return pd.DataFrame([{"mode": m, "label": MODE_LABELS_FR[m], "share": float(totals.get(f"share_{m}", math.nan))}
                         for m in MODES])


PER_COMMUNE_HEADERS_FR: dict[str, str] = {
    "code": "Code commune",
    "name": "Commune",
    "employed_residents": "Actifs occupés résidents",
    "commuters": "Actifs qui se déplacent",
    "leaving": "Travaillent hors de la commune",
    "km_per_year": "Km parcourus par an (situation actuelle)",
    "co2_lifecycle_t": "CO2e cycle de vie, situation actuelle (t/an)",
    "co2_ttw_t": "CO2e à l'échappement, situation actuelle (t/an)",
    "hours_per_year": "Heures de trajet par an (situation actuelle)",
    "delta_co2_lifecycle_t": "Écart CO2e cycle de vie (t/an)",
    "delta_co2_ttw_t": "Écart CO2e à l'échappement (t/an)",
    "delta_hours_per_year": "Écart heures de trajet par an",
    "telework_days_per_year": "Jours de télétravail ajoutés par an",
    "tiers_lieu_days_per_year": "Jours en tiers-lieu par an",
    "jobs_presential_gained": "Emplois présentiels gagnés",
    "jobs_presential_lost": "Emplois présentiels perdus",
}


def per_commune_table(result: SimulationResult) -> pd.DataFrame:
    """Baseline and scenario effects per home commune, French headers (PER_COMMUNE_HEADERS_FR), codes as text.

    Left join on the baseline's communes: a commune with no effect gets 0 in the delta columns.
    """
    base_cols = [c for c in ("code", "name", "employed_residents", "commuters", "leaving", "km_per_year",
                             "co2_lifecycle_t", "co2_ttw_t", "hours_per_year") if c in result.baseline.per_commune]
    base = result.baseline.per_commune[base_cols].copy()
    base["code"] = base["code"].astype(str)
    effect_cols = [c for c in PER_COMMUNE_HEADERS_FR if c in result.per_commune and c not in ("name",)]
    effects = result.per_commune[effect_cols].copy()
    effects["code"] = effects["code"].astype(str)
    merged = base.merge(effects, on="code", how="left")
    delta_cols = [c for c in effect_cols if c != "code"]
    merged[delta_cols] = merged[delta_cols].astype(float).fillna(0.0)
    return merged.rename(columns=PER_COMMUNE_HEADERS_FR)


def build_csv(per_commune: pd.DataFrame) -> bytes:
    """CSV for French Excel: UTF-8 with BOM, ';' separator, decimal comma, CRLF line ends."""
    # Two decimals: readable in a spreadsheet; column sums stay within a hundredth per commune of the totals.
    text = per_commune.to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n", float_format="%.2f")
    return text.encode("utf-8-sig")


def build_xlsx(per_commune: pd.DataFrame, *, sheets: Mapping[str, pd.DataFrame] | None = None) -> bytes:
    """XLSX workbook (openpyxl): sheet « Communes » then any extra ``sheets`` (name → DataFrame).

    Headers bold and frozen, codes kept as text, columns sized to their header.
    """
    buffer = io.BytesIO()
    all_sheets = {"Communes": per_commune, **dict(sheets or {})}
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in all_sheets.items():
            title = _sheet_title(name)
            frame.to_excel(writer, sheet_name=title, index=False)
            _style_sheet(writer.sheets[title], frame)
    return buffer.getvalue()


def _sheet_title(name: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\ ."""
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in name)
    return cleaned[:31] or "Feuille"


def _style_sheet(sheet: object, frame: pd.DataFrame) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(sheet, Worksheet)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(frame.columns, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = min(50, max(10, len(str(column)) + 2))
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            for row in range(2, len(frame) + 2):
                sheet.cell(row=row, column=index).number_format = "@"
