"""The briefing's content, once, for every output format.

:func:`briefing_sections` turns a :class:`BriefingData` into a list of :class:`Section` (title, bullets, one
chart, one table), formatted the French way. The PPTX and PDF builders only lay these sections out, so the
two files say the same thing and tests can check the numbers in one place.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from maillage.fmt import fmt_co2_t, fmt_date, fmt_eur, fmt_number, fmt_pct, fmt_unit
from maillage.model.results import SCOPE_LABELS_FR, SimulationResult
from maillage.model.scenario import LEVEL_LABELS_FR, Scenario
from maillage.report import tables

METHOD_FR: tuple[str, ...] = (
    "Situation actuelle : pour chaque flux domicile-travail (commune de résidence → commune de travail), "
    "actifs, distance routière et parts modales ; km parcourus × facteur d'émission de chaque mode "
    "(ADEME Base Carbone en cycle de vie, ou à l'échappement comme l'INSEE) donnent le CO₂e, "
    "la distance et la vitesse donnent le temps passé.",
    "Télétravail : seuls les actifs dont l'emploi est télétravaillable sont concernés ; le télétravail déjà "
    "pratiqué est compté dans la situation actuelle ; un effet rebond (déplacements ajoutés, énergie du "
    "logement) est retranché des gains.",
    "Tiers-lieux : les usagers sont des navetteurs en voiture vivant dans la zone de chalandise du site ; "
    "leur trajet jusqu'au tiers-lieu est compté.",
    "Formation : l'effet net est l'écart entre le taux d'emploi après formation et le taux qui aurait été "
    "observé sans elle (contrefactuel) ; les emplois rejoints en voiture ajoutent des trajets.",
    "Fourchettes : les valeurs basse et haute viennent des plages publiées des hypothèses (tableau des "
    "hypothèses et sources).",
)
LIMITS_FR: tuple[str, ...] = (
    "Les emplois ne sont jamais additionnés en un seul chiffre : emplois directs, nets de formation, "
    "présentiels gagnés et perdus sont présentés séparément.",
    "Les déménagements induits par le télétravail et les effets de long terme sur la localisation des "
    "emplois ne sont pas modélisés.",
    "Ce sont des ordres de grandeur pour éclairer une décision, pas des prévisions.",
)
TITLE = "Maillage — note de synthèse"
TABLE_ROWS_PER_SLIDE = 11


@dataclass(frozen=True)
class BriefingData:
    """Everything a briefing shows. ``comparison`` defaults to :func:`tables.baseline_comparison`.

    others: other saved scenarios' results, (name, result), shown side by side with this one.
    assumptions: the assumptions table (columns of model.assumptions.Assumption: key, label_fr, value,
        low, high, unit, source, year, ...); provenance: the provenance mart (file, producer, vintage, licence, ...).
    estimated_notes: which data are estimated rather than published (French sentences).
    """

    territory_label: str
    date: dt.date
    scenario: Scenario
    result: SimulationResult
    assumptions: pd.DataFrame
    provenance: pd.DataFrame
    others: Sequence[tuple[str, SimulationResult]] = ()
    estimated_notes: Sequence[str] = ()
    method: Sequence[str] = METHOD_FR
    limits: Sequence[str] = LIMITS_FR
    scope: str = "lifecycle"
    comparison: pd.DataFrame | None = None

    def comparison_rows(self) -> pd.DataFrame:
        if self.comparison is not None:
            return self.comparison
        return tables.baseline_comparison(self.result, self.scope)


@dataclass(frozen=True)
class Chart:
    """A bar chart: one value per category and series (clustered when several series)."""

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    unit: str
    decimals: int = 0


@dataclass(frozen=True)
class Table:
    """A table of formatted text; ``widths`` are relative column widths; ``numeric`` columns align right."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    numeric: tuple[bool, ...] = ()


@dataclass(frozen=True)
class Section:
    """One slide (PPTX) or one block (PDF). ``kind`` is 'title' for the cover, else 'content'."""

    title: str
    bullets: tuple[str, ...] = ()
    chart: Chart | None = None
    table: Table | None = None
    note: str = ""
    kind: str = "content"


def briefing_filename(territory_label: str, date: dt.date, ext: str) -> str:
    """'maillage_cc-du-pays-de-gex_2026-11-22.pptx': ASCII slug of the label (at most 60 characters)."""
    ascii_text = unicodedata.normalize("NFKD", territory_label).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-") or "territoire"
    suffix = re.sub(r"[^a-z0-9]", "", ext.lower().lstrip(".")) or "bin"
    return f"maillage_{slug}_{date.isoformat()}.{suffix}"


def briefing_sections(data: BriefingData) -> list[Section]:
    """The briefing, section by section (cover, diagnostic, levers, results, comparison, costs, sources, method)."""
    sections = [_cover(data), _diagnostic(data), _levers(data), _results(data)]
    if data.others:
        sections.append(_comparison(data))
    sections += [_costs(data), _assumptions(data), _provenance(data), _method(data)]
    return sections


# --- Sections ------------------------------------------------------------------------------------------


def _cover(data: BriefingData) -> Section:
    s = data.scenario
    lines = [data.territory_label, fmt_date(data.date)]
    lines.append(f"Scénario : {s.name}" if s.name else "Scénario sans nom")
    lines.append(f"Horizon {s.horizon_year} · {LEVEL_LABELS_FR.get(s.territory.level, s.territory.level)} "
                 f"{s.territory.code}")
    if data.result.estimated:
        lines.append("Contient des données estimées (voir « Méthode et limites »).")
    return Section(title=TITLE, bullets=tuple(lines), kind="title")


def _diagnostic(data: BriefingData) -> Section:
    totals = data.result.baseline.totals
    employed = totals.get("employed_residents", math.nan)
    leaving = totals.get("leaving", math.nan)
    shares = tables.modal_shares(data.result)
    bullets = (
        f"{fmt_number(employed)} actifs occupés résidents, dont {fmt_number(leaving)} "
        f"({fmt_pct(leaving / employed if employed else math.nan)}) travaillent hors de leur commune.",
        f"Distance moyenne domicile-travail : {fmt_unit(totals.get('mean_one_way_km'), 'km', 1)} (aller).",
        f"CO₂e des trajets : {fmt_co2_t(totals.get(f'co2_{data.scope}_t'), 0)} ({SCOPE_LABELS_FR[data.scope]}).",
        f"Temps passé dans les trajets : {fmt_unit(totals.get('hours_per_year'), 'h/an')}.",
        "Modes : " + ", ".join(f"{r['label']} {fmt_pct(r['share'])}" for r in shares.to_dict("records")
                               if not math.isnan(r["share"])) + ".",
    )
    top = tables.top_communes_co2(data.result, data.scope)
    chart = Chart(
        title="CO₂e des trajets par commune de résidence (t CO₂e/an)",
        categories=tuple(top["name"]), series=(("Situation actuelle", tuple(top["co2_t"])),), unit="t CO₂e/an",
    )
    return Section(title="Situation actuelle : les trajets domicile-travail", bullets=bullets, chart=chart,
                   note=_source_note(data))


def _levers(data: BriefingData) -> Section:
    s = data.scenario
    tw, tl, tr = s.telework, s.tiers_lieux, s.training
    bullets = [f"Horizon : {s.horizon_year}."]
    bullets.append(
        f"Télétravail : {fmt_pct(tw.adoption_pct / 100)} des actifs télétravaillables, "
        f"{_days(tw.days_per_week)} par semaine"
        + (f", trajets d'au moins {fmt_unit(tw.min_distance_km, 'km')}" if tw.min_distance_km > 0 else "") + "."
        if tw.active else "Télétravail : pas de changement."
    )
    if tl.active:
        seats = sum(site.seats for site in tl.sites)
        bullets.append(
            f"Tiers-lieux : {len(tl.sites)} site(s), {fmt_number(seats)} places, zone de chalandise "
            f"{fmt_unit(tl.catchment_km, 'km', _decimals(tl.catchment_km))}, {_days(tl.days_per_week)} par semaine par usager, "
            f"usagers faisant au moins {fmt_unit(tl.min_commute_km, 'km')} (aller)."
        )
        bullets += [f"  · commune {site.commune_code} : {site.seats} places, ouverture {site.opening_year}"
                    for site in tl.sites[:8]]
        if len(tl.sites) > 8:
            bullets.append(f"  · et {len(tl.sites) - 8} autre(s) site(s)")
    else:
        bullets.append("Tiers-lieux : aucun nouveau site.")
    bullets.append(
        f"Formation numérique : {fmt_number(tr.people_per_year)} personnes par an pendant {tr.years} an(s), "
        f"achèvement {fmt_pct(tr.completion_rate)}, emploi {fmt_pct(tr.employment_rate_trained)} après "
        f"formation contre {fmt_pct(tr.employment_rate_baseline)} sans, {fmt_eur(tr.cost_per_trainee_eur)} "
        "par stagiaire." if tr.active else "Formation numérique : pas de cohorte."
    )
    if s.overrides:
        bullets.append("Hypothèses modifiées : " + ", ".join(
            f"{_assumption_label(data, k)} = {fmt_number(v, 2)}" for k, v in s.overrides) + ".")
    return Section(title="Les leviers du scénario", bullets=tuple(bullets))


def _results(data: BriefingData) -> Section:
    levers = tables.lever_deltas(data.result, data.scope)
    chart = Chart(title=f"Δ CO₂e par levier en {data.scenario.horizon_year} (t CO₂e/an)",
                  categories=tuple(levers["label"]), series=(("Scénario", tuple(levers["delta_co2_t"])),),
                  unit="t CO₂e/an")
    bullets = tuple(
        f"{r.indicator} : {fmt_number(r.baseline)} → {fmt_number(r.scenario)} {r.unit} "
        f"({fmt_number(r.delta, signed=True)}, {fmt_pct(r.delta_share, 1, signed=True)})."
        for r in data.comparison_rows().itertuples()
    )
    return Section(title=f"Résultats à l'horizon {data.scenario.horizon_year}", bullets=bullets, chart=chart,
                   table=_range_table(tables.headline_table(data.result, data.scope), signed=True),
                   note=f"Périmètre des émissions : {SCOPE_LABELS_FR[data.scope]}. Écarts négatifs = baisse.")


def _comparison(data: BriefingData) -> Section:
    runs = [(data.scenario.name or "Ce scénario", data.result), *data.others]
    first = tables.lever_deltas(data.result, data.scope)
    series = tuple((name, tuple(tables.lever_deltas(r, data.scope)["delta_co2_t"])) for name, r in runs)
    chart = Chart(title="Δ CO₂e par levier et par scénario (t CO₂e/an)", categories=tuple(first["label"]),
                  series=series, unit="t CO₂e/an")
    key = tables.co2_key(data.scope)
    rows = tuple(
        (name, fmt_number(r.headline[key].central, signed=True),
         fmt_number(r.headline["delta_hours_per_year"].central, signed=True),
         fmt_eur(r.headline["public_cost_eur"].central), fmt_eur(r.headline["eur_per_tco2"].central))
        for name, r in runs
    )
    table = Table(header=("Scénario", "Δ CO₂e (t/an)", "Δ heures/an", "Coût public", "€ par t CO₂e"),
                  rows=rows, widths=(3, 2, 2, 2, 2), numeric=(False, True, True, True, True))
    return Section(title="Comparaison avec les autres scénarios", chart=chart, table=table)


def _costs(data: BriefingData) -> Section:
    costs = _range_table(tables.cost_table(data.result), signed=False)
    jobs = _range_table(tables.jobs_table(data.result), signed=False)
    table = Table(header=costs.header, rows=costs.rows + jobs.rows, widths=costs.widths, numeric=costs.numeric)
    return Section(
        title="Coûts et emplois", table=table,
        bullets=("Les emplois sont présentés par nature et ne sont pas additionnés.",),
        note="Coût par tonne = coût public ÷ CO₂e évité cumulé ; coût par emploi = coût public ÷ "
             "(emplois directs des tiers-lieux + emplois nets de la formation).",
    )


def _assumptions(data: BriefingData) -> Section:
    frame = data.assumptions
    rows = tuple(
        (str(r.get("label_fr", r.get("key", ""))), _assumption_value(data, r), str(r.get("unit", "")),
         f"{fmt_number(r.get('low'), _decimals(r.get('low')))} – {fmt_number(r.get('high'), _decimals(r.get('high')))}",
         f"{r.get('source', '')} ({r.get('year', '')})")
        for r in (row for _, row in frame.iterrows())
    )
    table = Table(header=("Hypothèse", "Valeur", "Unité", "Plage", "Source"), rows=rows,
                  widths=(4, 1.4, 1.8, 1.8, 5), numeric=(False, True, False, True, False))
    return Section(title="Hypothèses et sources", table=table,
                   note="Valeurs modifiées par le scénario marquées d'un astérisque (*).")


def _provenance(data: BriefingData) -> Section:
    frame = data.provenance
    rows = tuple(
        (str(r.get("file", "")), str(r.get("producer", "")), str(r.get("vintage", "")), str(r.get("licence", "")))
        for r in (row for _, row in frame.iterrows())
    )
    table = Table(header=("Fichier", "Producteur", "Millésime", "Licence"), rows=rows, widths=(4, 3, 1.5, 2.5))
    return Section(title="Données utilisées", table=table)


def _method(data: BriefingData) -> Section:
    bullets = [*data.method, *("Limite : " + x for x in data.limits)]
    notes = list(data.estimated_notes) or (
        ["Certaines données du territoire sont estimées."] if data.result.estimated else [])
    bullets += [f"Donnée estimée : {n}" for n in notes]
    bullets += [f"Note du modèle : {n}" for n in data.result.notes]
    return Section(title="Méthode et limites", bullets=tuple(bullets))


# --- Helpers -------------------------------------------------------------------------------------------


def _range_table(frame: pd.DataFrame, *, signed: bool) -> Table:
    rows = tuple(
        (f"{r['indicator']} ({r['unit']})", *(fmt_number(r[k], int(r["decimals"]), signed=signed and r["unit"] != "€")
                                              for k in ("low", "central", "high")))
        for r in frame.to_dict("records")
    )
    return Table(header=("Indicateur", "Basse", "Centrale", "Haute"), rows=rows, widths=(5, 1.6, 1.6, 1.6),
                 numeric=(False, True, True, True))


def _days(days: float) -> str:
    """'2 jours', '0,5 jour', '1 jour'."""
    return f"{fmt_number(days, _decimals(days))} jour{'s' if days >= 2 else ''}"


def _decimals(x: object) -> int:
    """Enough decimals to show an assumption as written (0 for whole numbers, at most 3)."""
    try:
        value = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0
    if not math.isfinite(value) or value.is_integer():
        return 0
    return min(3, len(repr(value).split(".")[-1].split("e")[0]))


def _assumption_value(data: BriefingData, row: pd.Series) -> str:
    overrides = data.scenario.overrides_dict
    key = str(row.get("key", ""))
    if key in overrides:
        return f"{fmt_number(overrides[key], _decimals(overrides[key]))} *"
    value = row.get("value")
    return fmt_number(value, _decimals(value))


def _assumption_label(data: BriefingData, key: str) -> str:
    frame = data.assumptions
    if "key" in frame and "label_fr" in frame:
        match = frame.loc[frame["key"] == key, "label_fr"]
        if not match.empty:
            return str(match.iloc[0])
    return key


def _source_note(data: BriefingData) -> str:
    note = "Sources : voir « Données utilisées »."
    return note + (" Données en partie estimées." if data.result.estimated else "")
