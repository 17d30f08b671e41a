"""Low–central–high ranges and the tornado, from the assumption ranges (deterministic, no sampling).

One-at-a-time: each assumption i that varies is set to its low and then its high value, all others kept,
and every metric m is recomputed: m_i^low, m_i^high. The tornado ranks assumptions by
swing = |m_i^high − m_i^low|. The range of a metric combines the one-at-a-time deviations in quadrature,
as if the assumptions were independent:

    low  = central − sqrt(Σ_i min(0, m_i^low − c, m_i^high − c)²)
    high = central + sqrt(Σ_i max(0, m_i^low − c, m_i^high − c)²)

so low ≤ central ≤ high by construction, and the same inputs always give the same range.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping

import pandas as pd

from maillage.model.assumptions import ASSUMPTIONS
from maillage.model.results import Range

Metrics = dict[str, float]
Variants = dict[str, tuple[Metrics, Metrics]]

# Swings below this share of the central value are floating-point noise, not sensitivity.
RELATIVE_NOISE = 1e-9
TORNADO_COLUMNS: tuple[str, ...] = ("key", "label", "metric", "value_low", "value_high", "swing")


def one_at_a_time(
    evaluate: Callable[[Mapping[str, float]], Metrics], params: Mapping[str, float], keys: Iterable[str]
) -> Variants:
    """For each key: (metrics with the key at its low value, metrics at its high value)."""
    out: Variants = {}
    for key in keys:
        a = ASSUMPTIONS[key]
        out[key] = (evaluate({**params, key: float(a.low)}), evaluate({**params, key: float(a.high)}))
    return out


def ranges(central: Metrics, variants: Variants) -> dict[str, Range]:
    """Quadrature combination of the one-at-a-time deviations (module docstring); NaN stays NaN."""
    out: dict[str, Range] = {}
    for metric, c in central.items():
        if not math.isfinite(c):
            out[metric] = Range(c, c, c)
            continue
        down = up = 0.0
        for low, high in variants.values():
            devs = [v[metric] - c for v in (low, high) if math.isfinite(v[metric])]
            down += min([0.0, *devs]) ** 2
            up += max([0.0, *devs]) ** 2
        out[metric] = Range(c - math.sqrt(down), c, c + math.sqrt(up))
    return out


def tornado(central: Metrics, variants: Variants, metrics: Iterable[str], top: int = 10) -> pd.DataFrame:
    """Rows (key, label, metric, value_low, value_high, swing) for the ``top`` assumptions of each metric
    with a non-zero swing; sorted by swing, largest first."""
    rows: list[dict[str, object]] = []
    for metric in metrics:
        ranked: list[dict[str, object]] = []
        for key, (low, high) in variants.items():
            lo, hi = low[metric], high[metric]
            swing = abs(hi - lo) if math.isfinite(lo) and math.isfinite(hi) else 0.0
            if swing > RELATIVE_NOISE * max(1.0, abs(central[metric])):
                label = ASSUMPTIONS[key].label_fr
                ranked.append({"key": key, "label": label, "metric": metric, "value_low": lo, "value_high": hi, "swing": swing})
        ranked.sort(key=lambda r: -float(r["swing"]))  # type: ignore[arg-type]
        rows.extend(ranked[:top])
    frame = pd.DataFrame(rows, columns=list(TORNADO_COLUMNS))
    return frame.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
