"""French number formatting: grouping, decimal comma, real minus, missing values."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.fmt import (
    MINUS,
    MISSING,
    NBSP,
    NNBSP,
    fmt_co2_t,
    fmt_date,
    fmt_eur,
    fmt_number,
    fmt_pct,
    fmt_range,
    fmt_unit,
    plain,
)
from maillage.model.results import Range


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (12345.6, 1, f"12{NNBSP}345,6"),
        (12345.6, 0, f"12{NNBSP}346"),
        (-1234, 0, f"{MINUS}1{NNBSP}234"),
        (0, 0, "0"),
        (0.0, 2, "0,00"),
        (999, 0, "999"),
        (1000, 0, f"1{NNBSP}000"),
        (1234567.891, 2, f"1{NNBSP}234{NNBSP}567,89"),
        (2.675, 2, "2,68"),  # half away from zero on the written number, not the binary one
        (0.5, 0, "1"),
        (-0.5, 0, f"{MINUS}1"),
        (1e15, 0, f"1{NNBSP}000{NNBSP}000{NNBSP}000{NNBSP}000{NNBSP}000"),
    ],
)
def test_fmt_number_french_style(value: float, decimals: int, expected: str) -> None:
    assert fmt_number(value, decimals) == expected


@pytest.mark.parametrize("missing", [None, math.nan, math.inf, -math.inf, "abc"])
def test_missing_values_show_a_dash(missing: object) -> None:
    assert fmt_number(missing) == MISSING
    assert fmt_co2_t(missing) == MISSING
    assert fmt_pct(missing) == MISSING
    assert fmt_eur(missing) == MISSING


def test_a_value_rounding_to_zero_has_no_sign() -> None:
    assert fmt_number(-0.04, 1) == "0,0"
    assert fmt_number(-0.04, 1, signed=True) == "0,0"
    assert fmt_number(-0.0) == "0"


def test_signed_deltas_use_plus_and_real_minus() -> None:
    assert fmt_number(1234, signed=True) == f"+1{NNBSP}234"
    assert fmt_number(-1234, signed=True) == f"{MINUS}1{NNBSP}234"
    assert "-" not in fmt_number(-1234)


def test_units() -> None:
    assert fmt_co2_t(12345.64) == f"12{NNBSP}345,6{NBSP}t CO₂e/an"
    assert fmt_co2_t(-12.0, 0, signed=True) == f"{MINUS}12{NBSP}t CO₂e/an"
    assert fmt_pct(0.256) == f"26{NNBSP}%"
    assert fmt_pct(0.256, 1) == f"25,6{NNBSP}%"
    assert fmt_eur(12345) == f"12{NNBSP}345{NBSP}€"
    assert fmt_eur(1_234_567, compact=True) == f"1,2{NBSP}M€"
    assert fmt_eur(-45_000, compact=True) == f"{MINUS}45,0{NBSP}k€"
    assert fmt_unit(3, "km") == f"3{NBSP}km"


def test_range_shows_central_then_low_and_high() -> None:
    r = Range(low=-1500, central=-1234, high=-900)
    assert fmt_range(r, "t CO₂e/an") == f"{MINUS}1{NNBSP}234{NBSP}t CO₂e/an (de {MINUS}1{NNBSP}500 à {MINUS}900)"
    assert fmt_range(Range(5, 5, 5), "h") == f"5{NBSP}h"
    assert fmt_range(Range(math.nan, math.nan, math.nan), "h") == MISSING


def test_date_in_french() -> None:
    assert fmt_date(dt.date(2026, 11, 22)) == "22 novembre 2026"
    assert fmt_date(dt.date(2026, 8, 1)) == "1er août 2026"


def test_plain_is_latin1_safe() -> None:
    text = plain(fmt_co2_t(-1234.5) + " " + fmt_eur(10))
    assert text == "-1 234,5 t CO2e/an 10 EUR"
    text.encode("latin-1")


@given(st.floats(allow_nan=False, allow_infinity=False), st.integers(0, 4))
def test_formatted_number_reads_back_to_the_rounded_value(value: float, decimals: int) -> None:
    shown = fmt_number(value, decimals)
    back = float(shown.replace(NNBSP, "").replace(",", ".").replace(MINUS, "-"))
    assert abs(back - value) <= 0.5 * 10 ** (-decimals) * (1 + 1e-9) + abs(value) * 1e-15
