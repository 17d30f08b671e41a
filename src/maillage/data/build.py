"""Build data/maillage.duckdb from data/raw/: raw files → staging → intermediate → marts, then checks.

The plan below runs queries/build/*.sql (stg_* → int_* → mart_*, one statement per file) with Python steps
where SQL cannot do the work (decoding xz/GeoJSON, simplifying polygons, the economy estimate, the flow
model). Staging and intermediate tables are TEMP tables; only marts are persisted. The database is written
to a temporary file beside the target and renamed at the end, so a failed build never leaves a broken file.

Usage: ``python -m maillage.data.build [--db PATH] [--raw DIR] [--deps 90,25] [--quiet]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from maillage.data import calibration, economy, flow_model, geometry, insee, raw
from maillage.data.checks import run_checks
from maillage.data.params import P
from maillage.data.params import table as param_table

ROOT = Path(__file__).resolve().parents[3]
BUILD_SQL = ROOT / "queries" / "build"
DEFAULT_DB = ROOT / "data" / "maillage.duckdb"
DEFAULT_RAW = ROOT / "data" / "raw"
MARTS: tuple[str, ...] = (
    "territory", "territory_level", "territory_member", "commune_geometry", "boundary_geometry",
    "commune_economy", "commute_flow", "tiers_lieu", "emission_factor", "provenance", "calibration",
    "build_parameter", "reference_totals",
)


@dataclass
class BuildReport:
    """What a build produced: row counts per mart, calibration rows, fitted values, timings (s)."""

    db_path: Path
    rows: dict[str, int] = field(default_factory=dict)
    calibration: pd.DataFrame = field(default_factory=pd.DataFrame)
    fitted: dict[str, float] = field(default_factory=dict)
    official_files: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class Context:
    con: duckdb.DuckDBPyConnection
    raw_dir: Path
    deps: Sequence[str] | None
    report: BuildReport
    log: Callable[[str], None]
    keep: dict[str, pd.DataFrame] = field(default_factory=dict)

    def register(self, name: str, df: pd.DataFrame) -> None:
        """Expose a DataFrame to SQL under ``name`` (kept alive for the build)."""
        self.keep[name] = df
        self.con.register(name, df)

    def df(self, sql: str) -> pd.DataFrame:
        return self.con.execute(sql).df()


def run_sql(ctx: Context, name: str) -> None:
    """Run queries/build/<name>.sql (one statement)."""
    ctx.con.execute((BUILD_SQL / f"{name}.sql").read_text(encoding="utf-8"))


# ---- Python steps -----------------------------------------------------------------------------------------

def step_load_raw(ctx: Context) -> None:
    """Decode every raw file and the optional official INSEE files; register the built départements."""
    for name, df in raw.load_tables(ctx.raw_dir).items():
        ctx.register(name, df)
    official, years = insee.official_tables(ctx.raw_dir)
    for name, df in official.items():
        ctx.register(name, df)
    ctx.report.official_files = years
    deps = ctx.keep["raw_cog_departements"]["code"].astype(str)
    if ctx.deps is not None:
        unknown = sorted(set(ctx.deps) - set(deps))
        if unknown:
            raise ValueError(f"Départements inconnus : {', '.join(unknown)}")
        deps = deps[deps.isin(list(ctx.deps))]
    ctx.register("param_deps", pd.DataFrame({"dep_code": deps.to_numpy()}))
    ctx.register("py_build_parameter", pd.DataFrame(param_table()))
    sources = tomllib.loads((ctx.raw_dir / "sources.toml").read_text(encoding="utf-8"))["file"]
    ctx.register("py_sources", pd.DataFrame([{**s, "file": s["path"]} for s in sources]))


def step_geometry(ctx: Context) -> None:
    """Commune polygons mapped to current codes and simplified; département/région outlines."""
    cmap = ctx.df("select from_code, code from int_commune_code_map")
    base = ctx.df("select code, point_lon as lon, point_lat as lat from int_commune_base")
    feats = raw.polygons(ctx.raw_dir / raw.FILES["commune_polygons"])
    geo, shape = geometry.commune_shapes(feats, dict(zip(cmap["from_code"], cmap["code"], strict=True)),
                                         set(base["code"]))
    geo["geometry_source"] = "ign_2018"
    missing = base[~base["code"].isin(shape["code"])]
    if len(missing):
        ctx.log(f"  {len(missing)} communes sans polygone 2018 : hexagone autour du chef-lieu")
        fb = geometry.fallback_shapes(missing.dropna(subset=["lon", "lat"]))
        fb["geometry_source"] = "fallback"
        geo = pd.concat([geo, fb], ignore_index=True)
    ctx.register("py_commune_geometry", geo)
    ctx.register("py_commune_shape", shape)
    dec, step = int(P["boundary_decimals"].value), P["boundary_min_step_deg"].value
    rows = geometry.boundary_rows("departement", raw.polygons(ctx.raw_dir / raw.FILES["departement_polygons"]), dec, step)
    regs = raw.polygons(ctx.raw_dir / raw.FILES["region_polygons"])
    dom = ctx.df("select dep_code, reg_code, reg_name from stg_cog__departements d "
                 "join stg_cog__regions using (reg_code) where d.zone = 'drom'")
    dep_feats = {r["code"]: r for r in rows}
    rows += geometry.boundary_rows("region", regs, dec, step)
    for d, r, n in dom.itertuples(index=False):  # DOM régions = their single département
        if d in dep_feats:
            rows.append({**dep_feats[d], "level": "region", "code": r, "name": n})
    ctx.register("py_boundary_geometry", pd.DataFrame(rows))


def step_economy(ctx: Context) -> None:
    ctx.register("py_commune_economy", economy.commune_economy(ctx.df("select * from int_commune_inputs")))


def flow_inputs(ctx: Context) -> flow_model.FlowInputs:
    c = ctx.df("select c.code, c.lon, c.lat, c.area_km2, e.* exclude (code) from int_commune c "
               "join py_commune_economy e using (code) order by c.code")
    modes = np.column_stack([c[f"mode_{m}"].to_numpy(float) for m in flow_model.MODES])
    return flow_model.FlowInputs(
        codes=c["code"].to_numpy(object), lon=c["lon"].to_numpy(float), lat=c["lat"].to_numpy(float),
        area_km2=c["area_km2"].to_numpy(float), employed=c["employed_residents"].to_numpy(float),
        internal=c["workers_in_commune"].to_numpy(float),
        internal_source=c["workers_in_commune_source"].to_numpy(object), jobs=c["jobs"].to_numpy(float),
        modes=modes)


def official_flow_indices(ctx: Context, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Official flows mapped to current communes (both ends built), as index arrays and workers."""
    f = ctx.df("select m1.code as home, m2.code as work, sum(workers) as workers from stg_insee__flux_mobilite f "
               "join int_commune_code_map m1 on m1.from_code = f.home_code_raw "
               "join int_commune_code_map m2 on m2.from_code = f.work_code_raw group by all order by all")
    pos = pd.Series(np.arange(len(codes)), index=codes)
    f = f[f["home"].isin(pos.index) & f["work"].isin(pos.index)]
    return pos[f["home"]].to_numpy(), pos[f["work"]].to_numpy(), f["workers"].to_numpy(float)


def step_flows(ctx: Context) -> None:
    """Commute flows (official when present, else the gravity model) and the calibration table."""
    inp = flow_inputs(ctx)
    home, work, workers = official_flow_indices(ctx, inp.codes)
    if len(home):
        flows = flow_model.observed_flows(inp, home, work, workers)
        info = {"official_flows": float(len(flows))}
    else:
        flows, info = flow_model.estimate_flows(inp)
    ctx.report.fitted = info
    ctx.register("py_commute_flow", flows)
    params = ctx.keep["py_build_parameter"]
    fitted = pd.DataFrame([{"name": k, "value": v, "low": v, "high": v, "unit": "", "source": "fitted by the build",
                            "year": 2026} for k, v in info.items()])
    ctx.register("py_build_parameter", pd.concat([params, fitted], ignore_index=True))
    dep_of = ctx.df("select code, dep_code from int_commune").set_index("code")["dep_code"]
    cmap = ctx.df("select from_code, code from int_commune_code_map").set_index("from_code")["code"]
    table = calibration.calibration_table(
        flows, dep_of, cmap, ctx.df("select * from stg_calib__dep_flows"),
        ctx.df("select * from stg_calib__idf_flows"), ctx.df("select * from stg_calib__ddt95_destinations"),
        whole_country=ctx.deps is None)
    ctx.register("py_calibration", table)


def step_reference_totals(ctx: Context) -> None:
    """Baseline totals (default assumptions) of France and of every département and région, computed once here
    rather than by the app.

    Every territory page compares with its département, its région and France. Computing them at run time
    means reading a région's hundreds of thousands of flows (up to about 1 s and 150 MB of the web server for
    one région, and tens of visitors opening cold territories at once queue behind it) or France's 2.3 million
    (seconds and over 1.5 GB). France's inputs are read once and cut into départements and régions
    (``split_inputs``). The app reads this table and recomputes only when the assumption fingerprint differs
    (the model changed since the build).
    """
    from maillage.data.inputs import load_territory_inputs, split_inputs
    from maillage.model.assumptions import assumptions_fingerprint, resolve
    from maillage.model.baseline import baseline_totals

    params, fingerprint = resolve({}), assumptions_fingerprint()
    france = load_territory_inputs(ctx.con, "france", "FR")
    found = [("france", "FR", {**baseline_totals(france, params), "arriving": 0.0})]  # nobody lives outside
    members = ctx.df("select level, code, commune_code from territory_member where level in ('departement', 'region')")
    home, work, workers = (france.flows[c] for c in ("home_code", "work_code", "workers"))
    for level, group in members.groupby("level", sort=True):
        territory_of = group.set_index("commune_code")["code"]
        home_t, work_t = home.map(territory_of), work.map(territory_of)
        # Workers living outside the territory and working in it (the app's territory_inflow, summed).
        arriving = workers[work_t.notna() & (home_t != work_t)].groupby(work_t).sum()
        for code, inputs in split_inputs(france, territory_of):
            found.append((str(level), code, {**baseline_totals(inputs, params), "arriving": float(arriving.get(code, 0.0))}))
    ctx.register("py_reference_totals", pd.DataFrame(
        [{"level": level, "code": code, "key": k, "value": float(v), "assumptions": fingerprint}
         for level, code, totals in found for k, v in totals.items()]))
    ctx.con.execute("create or replace table reference_totals as select * from py_reference_totals")


def source_population(ctx: Context) -> float:
    """Population of the built communes straight from the COG file (for the population check)."""
    c = ctx.keep["raw_cog_communes"]
    deps = set(ctx.keep["param_deps"]["dep_code"])
    sel = (c["type"] == "commune-actuelle") & c["zone"].isin(["metro", "drom"]) & c["departement"].isin(deps)
    return float(c.loc[sel, "population"].fillna(0).sum())


Step = tuple[str, str | Callable[[Context], None]]


def plan() -> list[Step]:
    """The build in order: every queries/build/*.sql appears exactly once."""
    stg = sorted(p.stem for p in BUILD_SQL.glob("stg_*.sql"))
    return (
        [("load raw files", step_load_raw)]
        + [(s, s) for s in stg]
        + [("int_commune_code_map", "int_commune_code_map"), ("int_commune_base", "int_commune_base"),
           ("geometry", step_geometry), ("int_commune", "int_commune"),
           ("int_commune_inputs", "int_commune_inputs"), ("economy", step_economy), ("flows", step_flows)]
        + [(f"mart_{m}", f"mart_{m}") for m in MARTS if m != "reference_totals"]
        + [("reference totals", step_reference_totals)]
    )


def _print_summary(report: BuildReport, log: Callable[[str], None]) -> None:
    log("Lignes par table :")
    for name, n in report.rows.items():
        log(f"  {name:<20} {n:>12,}".replace(",", " "))
    log("Calage (modèle / cible / écart / tolérance) :")
    for r in report.calibration.itertuples(index=False):
        flag = "ok" if r.ok else "HORS TOLÉRANCE"
        log(f"  {r.metric:<28} {r.model_value:>9.3f} {r.target:>9.3f} {r.gap:>+9.3f} ±{r.tolerance:<6} {r.unit} [{flag}]")
    for k, v in report.fitted.items():
        log(f"  {k} = {v:.4g}")
    log(f"Base construite en {report.seconds:.1f} s : {report.db_path}")


def build(db_path: Path, raw_dir: Path, *, deps: Sequence[str] | None = None, verbose: bool = True,
          check: bool = True) -> BuildReport:
    """Build the database at ``db_path`` from ``raw_dir`` (optionally only some départements); run checks.

    Raises checks.CheckError (table, rule, example row) when an invariant fails; the target is untouched.
    ``check=False`` skips the checks (to inspect a failing build; never used by ``make data``).
    """
    log: Callable[[str], None] = print if verbose else (lambda _msg: None)
    db_path, raw_dir = Path(db_path), Path(raw_dir)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(db_path.name + f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    report = BuildReport(db_path=db_path)
    start = time.perf_counter()
    con = duckdb.connect(str(tmp))
    try:
        ctx = Context(con, raw_dir, list(deps) if deps is not None else None, report, log)
        for label, step in plan():
            t0 = time.perf_counter()
            if callable(step):
                step(ctx)
            else:
                run_sql(ctx, step)
            report.timings[label] = time.perf_counter() - t0
            if callable(step) or label.startswith("mart_"):
                log(f"  {label:<28} {report.timings[label]:6.1f} s")
        if check:
            run_checks(con, source_population=source_population(ctx))
        report.rows = {m: int(con.table(m).aggregate("count(*)").fetchall()[0][0]) for m in MARTS}
        report.calibration = con.execute("select * from calibration").df()
        con.execute("checkpoint")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, db_path)
    report.seconds = time.perf_counter() - start
    _print_summary(report, log)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m maillage.data.build", description="Construit la base DuckDB.")
    ap.add_argument("--db", type=Path, default=DEFAULT_DB, help="base à écrire (défaut : data/maillage.duckdb)")
    ap.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="dossier des données brutes")
    ap.add_argument("--deps", default=None, help="départements à construire, ex. 90,25 (défaut : tous)")
    ap.add_argument("--quiet", action="store_true", help="n'afficher que les erreurs")
    args = ap.parse_args(argv)
    deps = [d.strip() for d in args.deps.split(",") if d.strip()] if args.deps else None
    build(args.db, args.raw, deps=deps, verbose=not args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
