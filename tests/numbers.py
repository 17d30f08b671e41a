"""Reading numbers back from the screen, written the French way."""

from __future__ import annotations

import re


def parse_fr(text: str) -> float:
    """'−1 234,5 t CO₂e/an' → -1234.5 (French separators, real minus sign, narrow no-break spaces)."""
    cleaned = text.replace("\u2212", "-").replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    match = re.search(r"[-+]?\d+(?:,\d+)?", cleaned)
    if not match:
        raise ValueError(f"no number in {text!r}")
    return float(match.group(0).replace(",", "."))
