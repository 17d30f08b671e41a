"""`make bench`: performance figures, printed (never asserted).

Sections (all on the real database given by $MAILLAGE_DB):
1. model  — baseline + one scenario for an EPCI, a département, a région and France, against a bare DuckDB
             scan of the same flows (ratio);
2. siting — greedy siting for a département (N = 10) and a région (N = 30);
3. build  — full `maillage build` into a temporary file (skip with --no-build);
4. browser — slider change → updated KPIs in Chromium, p50/p95 over 20 changes for an EPCI and a région, and
             bytes received per rerun, and whether map data was re-sent (skip with --no-browser).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from maillage.data.db import connect, run  # noqa: E402
from maillage.data.inputs import load_territory_inputs  # noqa: E402
from maillage.model.assumptions import resolve  # noqa: E402
from maillage.model.baseline import compute_baseline  # noqa: E402
from maillage.model.scenario import (  # noqa: E402
    Scenario,
    TeleworkLever,
    TerritoryRef,
    TiersLieuSite,
    TiersLieuxLever,
    TrainingLever,
)
from maillage.model.simulate import simulate  # noqa: E402

DB = Path(os.environ.get("MAILLAGE_DB", ROOT / "data" / "maillage.duckdb"))
TERRITORIES = [("EPCI", "epci", "200069052"), ("département", "departement", "25"), ("région", "region", "27"),
               ("France", "france", "FR")]
REPEATS = 5


def _best(fn, repeats: int = REPEATS) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def scenario_for(level: str, code: str, communes: list[str]) -> Scenario:
    sites = tuple(TiersLieuSite(c, 20, 2026) for c in communes[:3])
    return Scenario(territory=TerritoryRef(level, code), telework=TeleworkLever(30, 2),
                    tiers_lieux=TiersLieuxLever(sites=sites), training=TrainingLever(people_per_year=200))


def bench_model() -> None:
    print("\n== Modèle : situation + un scénario (meilleur de 5) ==")
    print(f"{'territoire':<12} {'communes':>8} {'flux':>9} {'chargement':>11} {'situation':>10} {'scénario':>10} "
          f"{'scan DuckDB':>12} {'ratio':>6}")
    con = connect(DB, read_only=True)
    params = resolve({})
    for label, level, code in TERRITORIES:
        t0 = time.perf_counter()
        inputs = load_territory_inputs(con.cursor(), level, code)
        load_s = time.perf_counter() - t0
        scen = scenario_for(level, code, list(inputs.communes["code"]))
        base_s = _best(lambda inputs=inputs: compute_baseline(inputs, params))
        sim_s = _best(lambda inputs=inputs, scen=scen: simulate(scen, inputs), 3)
        scan_s = _best(lambda level=level, code=code: run(con.cursor(), "bench_flow_scan", level=level, code=code))
        ratio = (base_s + sim_s) / scan_s if scan_s else float("nan")
        print(f"{label:<12} {len(inputs.communes):>8} {len(inputs.flows):>9} {load_s * 1000:>9.0f}ms "
              f"{base_s * 1000:>8.1f}ms {sim_s * 1000:>8.1f}ms {scan_s * 1000:>10.1f}ms {ratio:>6.1f}")
    print("Objectif : < 50 ms pour une EPCI (situation + scénario). Le ratio compare au simple scan SQL des mêmes "
          "flux (repère de coût, pas un objectif : le modèle calcule en plus fourchettes, tornade et trajectoire).")


def bench_siting() -> None:
    from maillage.model.siting import SitingParams, build_siting_problem, propose_sites

    print("\n== Optimiseur de sites (meilleur de 3) ==")
    con = connect(DB, read_only=True)
    for label, level, code, n in (("département 25", "departement", "25", 10), ("région 27", "region", "27", 30)):
        inputs = load_territory_inputs(con.cursor(), level, code)
        params = SitingParams()

        def go(inputs=inputs, n=n, params=params) -> None:  # type: ignore[no-untyped-def]
            problem = build_siting_problem(inputs, params)
            propose_sites(problem, n, objective="co2", capacity_per_site=20 * params.users_per_seat)

        print(f"{label:<16} N={n:<3} {len(inputs.communes):>5} communes : {_best(go, 3):.3f} s (objectif < 2 s "
              "pour un département)")


def bench_build() -> None:
    print("\n== Construction de la base (maillage build, France entière) ==")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "maillage.cli", "build", "--db", str(Path(tmp) / "b.duckdb"),
                        "--quiet"], check=True, cwd=ROOT)
        print(f"durée : {time.perf_counter() - t0:.1f} s (objectif < 60 s sur 2 cœurs)")


def bench_browser() -> None:
    from bench.browser import slider_latency
    from maillage.fmt import fmt_number

    print("\n== Navigateur : curseur → indicateurs à jour (20 changements) ==")
    for label, territory in (("EPCI", "epci:200069052"), ("région", "region:27")):
        lat, sizes, map_resent = slider_latency(DB, territory, changes=20)
        q = statistics.quantiles(lat, n=20)
        print(f"{label:<8} p50 {statistics.median(lat) * 1000:.0f} ms, p95 {q[18] * 1000:.0f} ms ; "
              f"octets reçus par relance : médiane {fmt_number(statistics.median(sizes), 0)} ; carte renvoyée : "
              f"{'oui' if map_resent else 'non'}")
    print("Objectif : p95 < 300 ms (EPCI), < 1 s (région) ; la carte n'est pas renvoyée quand un levier bouge.")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    print(f"Base : {DB}  ({os.cpu_count()} cœurs)")
    bench_model()
    bench_siting()
    if not args.no_build:
        bench_build()
    if not args.no_browser:
        bench_browser()
    return 0


if __name__ == "__main__":
    sys.exit(main())
