"""Unit conversions and physical constants (not assumptions: they have no range and no author).

Everything a council could argue about lives in :mod:`maillage.model.assumptions`; this module only holds
the numbers that convert units, so that formulas carry no bare number but 0 and 1.
"""

from __future__ import annotations

KG_PER_TONNE = 1000.0
MIN_PER_HOUR = 60.0
PERCENT = 100.0
# Mean Earth radius (IUGG), used by the great-circle distance.
EARTH_RADIUS_KM = 6371.0088
TONNES_PER_MEGATONNE = 1e6
