"""The common shape of a lever's effect: signed arrays per home commune, for one year."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from maillage.model.prepare import FloatArray


@dataclass(frozen=True)
class LeverEffect:
    """One lever, one year, one row per home commune; deltas are negative when a quantity falls.

    co2_lifecycle_t / co2_ttw_t: Δ tCO2e/yr in each scope; hours: Δ hours travelled/yr;
    car_vehicle_km: Δ car vehicle-km/yr (for household savings); days: worker-days/yr worked at home or in a
    tiers-lieu instead of on site; moved_days: those of them taken away from a work commune other than home
    (they move presence-based spending, see jobs.py).
    """

    co2_lifecycle_t: FloatArray
    co2_ttw_t: FloatArray
    hours: FloatArray
    car_vehicle_km: FloatArray
    days: FloatArray
    moved_days: FloatArray

    @classmethod
    def zero(cls, n: int) -> LeverEffect:
        z = np.zeros(n)
        return cls(z, z, z, z, z, z)

    def scaled(self, factor: float) -> LeverEffect:
        """The same effect × ``factor`` (effects are linear in adoption ramp and in job counts)."""
        return LeverEffect(
            self.co2_lifecycle_t * factor, self.co2_ttw_t * factor, self.hours * factor,
            self.car_vehicle_km * factor, self.days * factor, self.moved_days * factor,
        )

    def totals(self) -> dict[str, float]:
        return {
            "co2_lifecycle_t": float(self.co2_lifecycle_t.sum()),
            "co2_ttw_t": float(self.co2_ttw_t.sum()),
            "hours": float(self.hours.sum()),
            "car_vehicle_km": float(self.car_vehicle_km.sum()),
            "days": float(self.days.sum()),
            "moved_days": float(self.moved_days.sum()),
        }
