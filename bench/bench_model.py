"""Benchmark of the simulation core on synthetic territories (prints figures; never asserts on time).

    .venv/bin/python bench/bench_model.py [--quick]

Sizes mimic an EPCI (30 communes, 1.8 k flows), a département (400, 24 k), a région (3 000, 120 k) and
France (35 000 communes, ~1 M flows). Each line: median wall time of compute_baseline, of simulate without
ranges, and of the full simulate (ranges + tornado + trajectory), for a scenario using all three levers.
The real-database timings (and the ratio to a bare DuckDB scan) are wired by bench/run.py.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "unit"))

from model_factories import synthetic_inputs  # noqa: E402

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

SIZES: tuple[tuple[str, int, int, int], ...] = (
    # label, communes, flows per commune, repetitions
    ("EPCI", 30, 60, 30),
    ("département", 400, 60, 10),
    ("région", 3000, 40, 5),
    ("France", 35000, 30, 3),
)


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def scenario_for(n_communes: int) -> Scenario:
    sites = tuple(TiersLieuSite(f"{10000 + (i * 7) % n_communes:05d}", 20, 2025 + i % 3) for i in range(5))
    return Scenario(
        TerritoryRef("epci", "200000172"), horizon_year=2030, telework=TeleworkLever(30, 2, 5),
        tiers_lieux=TiersLieuxLever(sites=sites, catchment_km=15), training=TrainingLever(people_per_year=100),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="EPCI and département only")
    args = parser.parse_args()
    params = resolve({})
    print(f"{'territoire':<12} {'communes':>8} {'flux':>9} {'baseline ms':>12} {'simulate ms':>12} {'+ fourchettes ms':>17}")
    for label, n, per, repeat in SIZES[:2] if args.quick else SIZES:
        inputs, sc = synthetic_inputs(n, per), scenario_for(n)
        base = _median_ms(partial(compute_baseline, inputs, params), repeat)
        bare = _median_ms(partial(simulate, sc, inputs, with_ranges=False), repeat)
        full = _median_ms(partial(simulate, sc, inputs), repeat)
        print(f"{label:<12} {n:>8} {len(inputs.flows):>9} {base:>12.1f} {bare:>12.1f} {full:>17.1f}")


if __name__ == "__main__":
    main()
