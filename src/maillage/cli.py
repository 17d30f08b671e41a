"""`maillage` command line: build | fetch-insee | baseline | simulate | validate | site | briefing.

Used by people and by scripts: results go to stdout (json, csv or a readable table), messages to stderr in
French. Bad input (unknown territory, malformed scenario file, bad option) exits with code 2 and says what
was wrong and what is allowed; a missing or corrupt database exits with code 3 and the command to rebuild it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from maillage.model.scenario import Scenario, ScenarioError, TerritoryRef

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = Path(os.environ.get("MAILLAGE_DB", str(ROOT / "data" / "maillage.duckdb")))
DEFAULT_RAW = ROOT / "data" / "raw"
MAX_SCENARIO_BYTES = 64_000


class CliError(Exception):
    """A user error: message in French, exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise CliError(f"Option invalide : {message}. Voir « maillage {self.prog.split()[-1]} --help ».")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="maillage", description="Maillage : télétravail, tiers-lieux et formation — effets sur les "
                "trajets domicile-travail, le CO₂ et l'emploi local.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    b = sub.add_parser("build", help="construire la base DuckDB depuis data/raw/")
    b.add_argument("--db", type=Path, default=DEFAULT_DB)
    b.add_argument("--raw", type=Path, default=DEFAULT_RAW)
    b.add_argument("--deps", help="départements à garder, séparés par des virgules (base d'essai)")
    b.add_argument("--quiet", action="store_true")
    f = sub.add_parser("fetch-insee", help="télécharger les fichiers officiels INSEE (nécessite internet)")
    f.add_argument("--raw", type=Path, default=DEFAULT_RAW)
    for name, helptext in (("baseline", "la situation actuelle d'un territoire"),
                           ("simulate", "simuler un scénario"), ("site", "proposer des sites de tiers-lieux"),
                           ("briefing", "exporter une note (pptx, pdf, csv, xlsx)")):
        s = sub.add_parser(name, help=helptext)
        s.add_argument("--territory", required=True, help="niveau:code, ex. epci:200069052, ti:ti-0101, france:FR")
        s.add_argument("--db", type=Path, default=DEFAULT_DB)
        if name == "baseline":
            s.add_argument("--by", choices=["territory", "commune"], default="territory")
        if name in ("simulate", "briefing"):
            s.add_argument("--scenario", type=Path, help="fichier JSON de scénario (sinon : aucun levier)")
        if name == "site":
            s.add_argument("--sites", type=int, default=5)
            s.add_argument("--seats", type=int, default=20)
            s.add_argument("--objective", choices=["co2", "hours", "users"], default="co2")
        if name == "briefing":
            s.add_argument("--out", type=Path, required=True, help="fichier de sortie .pptx, .pdf, .csv ou .xlsx")
        else:
            s.add_argument("--format", choices=["json", "csv", "table"], default="table")
    v = sub.add_parser("validate", help="comparer la situation actuelle de la France aux chiffres publiés")
    v.add_argument("--db", type=Path, default=DEFAULT_DB)
    v.add_argument("--format", choices=["json", "csv", "table"], default="table")
    return p


# --- helpers --------------------------------------------------------------------------------------------


def _territory(text: str) -> TerritoryRef:
    try:
        return TerritoryRef.parse(text)
    except ScenarioError as exc:
        raise CliError(f"Territoire invalide : {exc}") from exc


def _scenario(path: Path | None, ref: TerritoryRef) -> Scenario:
    from maillage.share import scenario_file_to_scenario

    if path is None:
        return Scenario(territory=ref)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CliError(f"Fichier de scénario illisible : {path} ({exc.strerror}).") from exc
    try:
        scenario = scenario_file_to_scenario(raw, max_bytes=MAX_SCENARIO_BYTES, default_territory=ref)
    except ScenarioError as exc:
        raise CliError(f"Fichier de scénario refusé ({path}) : {exc}") from exc
    return scenario.with_changes(territory=ref)


def _inputs(db_path: Path, ref: TerritoryRef) -> Any:
    from maillage.data.db import connect
    from maillage.data.inputs import UnknownTerritory, load_territory_inputs

    con = connect(db_path, read_only=True)
    try:
        return load_territory_inputs(con, ref.level, ref.code)
    except UnknownTerritory as exc:
        raise CliError(str(exc)) from exc
    finally:
        con.close()


def _emit(frame: pd.DataFrame, fmt: str) -> None:
    if fmt == "json":
        print(frame.to_json(orient="records", force_ascii=False, double_precision=6))
    elif fmt == "csv":
        print(frame.to_csv(index=False), end="")
    else:
        with pd.option_context("display.max_rows", 500, "display.max_columns", 50, "display.width", 200):
            print(frame.to_string(index=False))


def _json_default(obj: object) -> object:
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return str(obj)


# --- commands -----------------------------------------------------------------------------------------


def cmd_build(args: argparse.Namespace) -> int:
    from maillage.data.build import build
    from maillage.data.checks import CheckError

    deps = [d.strip() for d in args.deps.split(",") if d.strip()] if args.deps else None
    try:
        build(args.db, args.raw, deps=deps, verbose=not args.quiet)
    except CheckError as exc:
        raise CliError(f"Construction arrêtée, la base précédente est conservée : {exc}", code=3) from exc
    except FileNotFoundError as exc:
        raise CliError(f"Fichier de données introuvable : {exc.filename or exc}. "
                       "Les fichiers attendus sont listés dans data/raw/sources.toml.", code=3) from exc
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    from maillage.data.fetch import FetchError, fetch_insee

    try:
        for line in fetch_insee(args.raw):
            print(line)
    except FetchError as exc:
        raise CliError(f"Téléchargement INSEE impossible : {exc}", code=3) from exc
    return 0




def cmd_baseline(args: argparse.Namespace) -> int:
    from maillage.model.assumptions import resolve
    from maillage.model.baseline import compute_baseline

    ref = _territory(args.territory)
    base = compute_baseline(_inputs(args.db, ref), resolve({}))
    if args.by == "commune":
        _emit(base.per_commune, args.format)
    else:
        frame = pd.DataFrame([{"territory": str(ref), **base.totals}])
        _emit(frame, args.format)
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    from maillage.model.simulate import simulate

    ref = _territory(args.territory)
    scenario = _scenario(args.scenario, ref)
    result = simulate(scenario, _inputs(args.db, ref))
    if args.format == "json":
        out = {
            "territory": str(ref),
            "scenario": scenario.to_dict(),
            "headline": {k: vars(r) for k, r in result.headline.items()},
            "jobs": {k: vars(v) for k, v in vars(result.jobs).items()},
            "by_lever": result.by_lever.to_dict("records"),
            "worker_days": result.worker_days,
            "estimated": result.estimated,
        }
        print(json.dumps(out, ensure_ascii=False, default=_json_default, indent=1))
    else:
        rows = [{"indicateur": k, "basse": r.low, "centrale": r.central, "haute": r.high}
                for k, r in result.headline.items()]
        rows += [{"indicateur": f"emplois_{k}", "basse": v.low, "centrale": v.central, "haute": v.high}
                 for k, v in vars(result.jobs).items()]
        _emit(pd.DataFrame(rows), "csv" if args.format == "csv" else "table")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from maillage.model.assumptions import resolve
    from maillage.model.baseline import compute_baseline
    from maillage.model.validate import validate_national

    params = resolve({})
    base = compute_baseline(_inputs(args.db, TerritoryRef("france", "FR")), params)
    _emit(validate_national(base, params), args.format)
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    from maillage.model.siting import SitingParams, build_siting_problem, propose_sites

    ref = _territory(args.territory)
    if not 1 <= args.sites <= 100:
        raise CliError(f"--sites {args.sites} refusé : un nombre de sites entre 1 et 100.")
    if not 1 <= args.seats <= 500:
        raise CliError(f"--seats {args.seats} refusé : un nombre de places entre 1 et 500.")
    params = SitingParams()
    problem = build_siting_problem(_inputs(args.db, ref), params)
    result = propose_sites(problem, args.sites, objective=args.objective,
                           capacity_per_site=args.seats * params.users_per_seat)
    _emit(result.sites, args.format)
    return 0


def cmd_briefing(args: argparse.Namespace) -> int:
    from maillage.data.db import connect, run
    from maillage.model.simulate import simulate
    from maillage.report.assemble import FORMATS, assemble, render

    ref = _territory(args.territory)
    scenario = _scenario(args.scenario, ref)
    fmt = args.out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise CliError(f"--out {args.out} refusé : extension .pptx, .pdf, .csv ou .xlsx.")
    inputs = _inputs(args.db, ref)
    con = connect(args.db, read_only=True)
    try:
        provenance = run(con, "provenance")
    finally:
        con.close()
    data = assemble(scenario, simulate(scenario, inputs), territory_label=inputs.territory_label,
                    today=date.today(), provenance=provenance)
    try:
        args.out.write_bytes(render(data, fmt))
    except OSError as exc:
        raise CliError(f"Impossible d'écrire {args.out} : {exc.strerror}.") from exc
    print(f"Note écrite : {args.out}", file=sys.stderr)
    return 0


COMMANDS = {
    "build": cmd_build, "fetch-insee": cmd_fetch, "baseline": cmd_baseline, "simulate": cmd_simulate,
    "validate": cmd_validate, "site": cmd_site, "briefing": cmd_briefing,
}


def main(argv: Sequence[str] | None = None) -> int:
    from maillage.data.db import DatabaseError

    try:
        args = _parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except CliError as exc:
        print(f"maillage : {exc}", file=sys.stderr)
        return exc.code
    except DatabaseError as exc:
        print(f"maillage : {exc}", file=sys.stderr)
        return 3
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
