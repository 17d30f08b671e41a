"""French number formatting shared by the UI, the briefing exports and the CLI.

French typography (Imprimerie nationale, as INSEE publishes): thousands grouped by a narrow no-break space
(U+202F), decimal comma, a no-break space before units and '%', a real minus sign (U+2212) for negatives.
Missing values (None, NaN, ±inf) show as an en dash '–' rather than a misleading number.

Rounding is half away from zero on the number as written (2,675 → 2,68), like a person rounding by hand,
not half-even on the binary value.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Protocol

NNBSP = "\u202f"  # narrow no-break space: thousands separator, before '%' and units
NBSP = "\u00a0"  # no-break space: between a number and a word unit
MINUS = "\u2212"  # real minus sign
MISSING = "–"  # en dash for a value that does not exist
UNIT_CO2_YEAR = "t CO₂e/an"
MAX_DECIMALS = 12
_PRECISION = 330

MONTHS_FR: tuple[str, ...] = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)


class RangeLike(Protocol):
    """Anything with low/central/high (maillage.model.results.Range)."""

    low: float
    central: float
    high: float


def _finite(x: object) -> float | None:
    """x as a finite float, or None when missing (None, NaN, inf, not a number)."""
    if x is None or isinstance(x, bool):
        return None
    try:
        value = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _rounded(value: float, decimals: int) -> Decimal:
    """value rounded half away from zero at ``decimals`` places, from its shortest decimal form."""
    quantum = Decimal(1).scaleb(-decimals)
    # A float has at most 309 integer digits: this precision holds any of them plus the decimals asked.
    return Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP, context=Context(prec=_PRECISION))


def fmt_number(x: object, decimals: int = 0, *, signed: bool = False) -> str:
    """'12 345,6': grouped by U+202F, decimal comma, '−' for negatives; '–' when missing.

    ``signed`` adds '+' to positive values (for deltas); zero never carries a sign, and a value that
    rounds to zero shows as '0' (never '−0').
    """
    value = _finite(x)
    if value is None:
        return MISSING
    decimals = min(MAX_DECIMALS, max(0, int(decimals)))
    rounded = _rounded(value, decimals)
    body = f"{abs(rounded):,.{decimals}f}".replace(",", NNBSP).replace(".", ",")
    if rounded == 0:
        return body
    if rounded < 0:
        return MINUS + body
    return "+" + body if signed else body


def fmt_unit(x: object, unit: str, decimals: int = 0, *, signed: bool = False) -> str:
    """A number and its unit joined by a no-break space: '1 234 km'; '–' alone when missing."""
    shown = fmt_number(x, decimals, signed=signed)
    return shown if shown == MISSING or not unit else f"{shown}{NBSP}{unit}"


def fmt_co2_t(x: object, decimals: int = 1, *, signed: bool = False) -> str:
    """Tonnes of CO2-equivalent per year: '12 345,6 t CO₂e/an'."""
    return fmt_unit(x, UNIT_CO2_YEAR, decimals, signed=signed)


def fmt_pct(share: object, decimals: int = 0, *, signed: bool = False) -> str:
    """A share given in 0–1 shown as a percentage: 0.256 → '26 %' (U+202F before '%')."""
    value = _finite(share)
    if value is None:
        return MISSING
    return fmt_number(value * 100, decimals, signed=signed) + NNBSP + "%"


def fmt_eur(x: object, decimals: int = 0, *, signed: bool = False, compact: bool = False) -> str:
    """Euros: '12 345 €'; ``compact`` gives '1,2 M€' / '345 k€' for large sums (one decimal)."""
    value = _finite(x)
    if value is None:
        return MISSING
    if compact:
        for factor, unit in ((1e9, "Md€"), (1e6, "M€"), (1e3, "k€")):
            if abs(value) >= factor:
                return fmt_unit(value / factor, unit, 1, signed=signed)
    return fmt_unit(value, "€", decimals, signed=signed)


def fmt_range(r: RangeLike, unit: str = "", decimals: int = 0, *, signed: bool = False) -> str:
    """'−1 234 t CO₂e/an (de −1 500 à −900)': central value, unit, then the low–high range.

    When low and high round to the central value the range is left out.
    """
    central = fmt_unit(r.central, unit, decimals, signed=signed)
    low = fmt_number(r.low, decimals, signed=signed)
    high = fmt_number(r.high, decimals, signed=signed)
    if central == MISSING or low == high == fmt_number(r.central, decimals, signed=signed):
        return central
    return f"{central} (de {low} à {high})"


def fmt_date(day: dt.date) -> str:
    """'22 novembre 2026' ('1er' for the first of the month)."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS_FR[day.month - 1]} {day.year}"


def plain(text: str) -> str:
    """Text without U+202F/U+2212/subscripts, for outputs whose font lacks them (Latin-1 fallbacks)."""
    table = {NNBSP: " ", NBSP: " ", MINUS: "-", "₂": "2", "–": "-", "—": "-", "’": "'", "€": "EUR",
             "«": '"', "»": '"', "…": "...", "≥": ">=", "≤": "<=", "×": "x", "Δ": "Delta "}
    out = "".join(table.get(ch, ch) for ch in text)
    return out.encode("latin-1", "replace").decode("latin-1")
