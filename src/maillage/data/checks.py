"""Invariants checked right after the build; a failure stops it, naming the table, the rule and a row.

Each check is a fixed SELECT returning the offending rows (none when the rule holds). Decisions:
- a commune may have no EPCI: the COG 2026 leaves a few island communes out of any EPCI (Île-de-Bréhat,
  Île-de-Sein, Ouessant, L'Île-d'Yeu); at most ``MAX_COMMUNES_WITHOUT_EPCI`` are accepted, each in one
  département and one région;
- population: the sum over ``territory`` must be within 0.5 % of the COG file's total for the same communes.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

POPULATION_TOLERANCE = 0.005
MAX_COMMUNES_WITHOUT_EPCI = 10
# Written into the SQL texts below (no formatting): 10 communes without EPCI; 1e-6 for sums and shares.


class CheckError(RuntimeError):
    """A build invariant failed (French message: table, rule, example row)."""

    def __init__(self, table: str, rule: str, example: dict[str, object]) -> None:
        self.table, self.rule, self.example = table, rule, example
        super().__init__(f"Contrôle échoué — table « {table} », règle : {rule}. Exemple : {example}")


@dataclass(frozen=True)
class Check:
    name: str
    table: str
    rule: str
    sql: str


CHECKS: tuple[Check, ...] = (
    Check("territory_unique", "territory", "un code par commune",
          "select code, count(*) as n from territory group by code having count(*) > 1"),
    Check("territory_level_unique", "territory_level", "un code par niveau",
          "select level, code, count(*) as n from territory_level group by all having count(*) > 1"),
    Check("economy_unique", "commune_economy", "une ligne par commune",
          "select code, count(*) as n from commune_economy group by code having count(*) > 1"),
    Check("flow_unique", "commute_flow", "un flux par couple domicile → travail",
          "select home_code, work_code, count(*) as n from commute_flow group by all having count(*) > 1"),
    Check("member_one_parent", "territory_member", "chaque commune dans exactement un EPCI, un département, une région",
          "select level, commune_code, count(*) as n from territory_member "
          "where level in ('epci', 'departement', 'region', 'territoire_industrie', 'france') "
          "group by all having count(*) > 1"),
    Check("member_dep_region", "territory", "chaque commune a un département et une région",
          "select code, dep_code, reg_code, dep_name, reg_name from territory "
          "where dep_code is null or reg_code is null or dep_name is null or reg_name is null"),
    Check("few_without_epci", "territory", f"au plus {MAX_COMMUNES_WITHOUT_EPCI} communes hors EPCI (îles)",
          "select * from (select code, name, count(*) over () as n from territory where epci_code is null) "
          "where n > 10"),
    Check("economy_every_commune", "commune_economy", "chaque commune a sa ligne économique",
          "select t.code from territory t anti join commune_economy e using (code)"),
    Check("geometry_every_commune", "commune_geometry", "chaque commune a au moins un polygone",
          "select t.code from territory t anti join commune_geometry g using (code)"),
    Check("flow_endpoints", "commute_flow", "chaque extrémité de flux est une commune de territory",
          "select home_code, work_code from commute_flow f "
          "where home_code not in (select code from territory) or work_code not in (select code from territory)"),
    Check("leaving_le_employed", "commute_flow", "actifs sortants ≤ actifs occupés résidents",
          "select f.home_code, sum(f.workers) as leaving, e.employed_residents from commute_flow f "
          "join commune_economy e on e.code = f.home_code where f.home_code <> f.work_code "
          "group by all having sum(f.workers) > e.employed_residents * (1 + 1e-6) + 1e-6"),
    Check("flow_shares_sum", "commute_flow", "les parts modales d'un flux font 1",
          "select * from commute_flow where abs(share_car + share_pt + share_bike + share_walk "
          "+ share_two_wheeler + share_none - 1) > 1e-6"),
    Check("flow_no_nan", "commute_flow", "aucune valeur manquante, NaN ou négative",
          "select * from commute_flow where not (workers > 0 and road_km >= 0 and car_minutes >= 0 "
          "and share_car >= 0 and share_pt >= 0 and share_bike >= 0 and share_walk >= 0 "
          "and share_two_wheeler >= 0 and share_none >= 0) or workers is null or road_km is null "
          "or car_minutes is null or isnan(workers) or isnan(road_km) or source is null"),
    Check("economy_no_nan", "commune_economy", "aucune valeur manquante, NaN ou négative",
          "select * from commune_economy where not (employed_residents >= 0 and jobs >= 0 and job_seekers >= 0 "
          "and workers_in_commune >= 0 and teleworkable_share between 0 and 1 and presential_share between 0 and 1 "
          "and mode_car >= 0 and mode_pt >= 0 and mode_bike >= 0 and mode_walk >= 0 and mode_two_wheeler >= 0 "
          "and mode_none >= 0 and pcs_farmers >= 0 and pcs_craft >= 0 and pcs_managers >= 0 "
          "and pcs_intermediate >= 0 and pcs_employees >= 0 and pcs_blue_collar >= 0) "
          "or isnan(employed_residents) or isnan(jobs) or isnan(job_seekers) or employed_residents is null "
          "or jobs is null or job_seekers is null or teleworkable_share is null or source is null"),
    Check("workers_in_commune_le_employed", "commune_economy", "actifs travaillant sur place ≤ actifs occupés",
          "select code, workers_in_commune, employed_residents from commune_economy "
          "where workers_in_commune > employed_residents + 1e-6"),
    Check("territory_no_nan", "territory", "population ≥ 0, position WGS84 en France, surface > 0",
          "select code, population, lon, lat, area_km2 from territory where population is null or population < 0 "
          "or lon is null or lat is null or isnan(lon) or isnan(lat) or lon not between -180 and 180 "
          "or lat not between -90 and 90 or area_km2 is null or area_km2 <= 0"),
    Check("emission_factor_modes", "emission_factor", "six modes, facteurs ≥ 0, échappement ≤ cycle de vie",
          "select * from emission_factor where lifecycle_kg_per_km is null or ttw_kg_per_km is null "
          "or lifecycle_kg_per_km < 0 or ttw_kg_per_km < 0 or ttw_kg_per_km > lifecycle_kg_per_km "
          "union all select 'missing', null, null, null, null, null, null from emission_factor "
          "having count(*) <> 6"),
    Check("calibration_ok", "calibration", "chaque écart de calage contrôlé dans sa tolérance",
          "select * from calibration where enforced and (not ok or model_value is null or isnan(model_value))"),
)


def first_violation(con: duckdb.DuckDBPyConnection, check: Check) -> dict[str, object] | None:
    """The first offending row of a check, or None when the rule holds."""
    cur = con.execute(check.sql)
    rows = cur.fetchall()
    if not rows:
        return None
    return dict(zip([d[0] for d in cur.description], rows[0], strict=True))


def check_population(con: duckdb.DuckDBPyConnection, source_population: float) -> None:
    """Σ territory.population within POPULATION_TOLERANCE of the source total."""
    total = float(con.execute("select coalesce(sum(population), 0) from territory").fetchall()[0][0])
    if source_population <= 0 or abs(total - source_population) > POPULATION_TOLERANCE * source_population:
        raise CheckError("territory", f"population totale à ±{POPULATION_TOLERANCE:.1%} de la source (COG)",
                         {"territory": total, "source": source_population})


def run_checks(con: duckdb.DuckDBPyConnection, *, source_population: float | None = None,
               only: tuple[str, ...] | None = None) -> None:
    """Run every check (or those named in ``only``); raise CheckError on the first failure."""
    for check in CHECKS:
        if only is not None and check.name not in only:
            continue
        row = first_violation(con, check)
        if row is not None:
            raise CheckError(check.table, check.rule, row)
    if source_population is not None and (only is None or "population_total" in only):
        check_population(con, source_population)
