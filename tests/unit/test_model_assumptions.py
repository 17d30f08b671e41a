"""The assumptions table: complete, sourced, and overrides checked against the ranges."""

from __future__ import annotations

import pytest

from maillage.model.assumptions import ASSUMPTIONS, Assumption, assumptions_frame, central_values, resolve
from maillage.model.scenario import ScenarioError


def test_every_assumption_has_a_range_around_its_value_a_unit_a_source_and_a_year() -> None:
    for key, a in ASSUMPTIONS.items():
        assert a.key == key
        assert a.low <= a.value <= a.high, key
        assert a.source and a.label_fr and a.label_en, key
        assert 1990 <= a.year <= 2030, key


def test_evidence_figures_are_seeded_as_published() -> None:
    assert ASSUMPTIONS["car_occupancy"].value == 1.05
    assert (ASSUMPTIONS["car_occupancy"].low, ASSUMPTIONS["car_occupancy"].high) == (1.0, 1.4)
    assert ASSUMPTIONS["telework_rebound_share"].value == 0.31
    assert ASSUMPTIONS["users_per_seat"].value == 2.55
    assert ASSUMPTIONS["jobs_multiplier"].value == 1.6
    assert ASSUMPTIONS["fuel_cost_eur_per_km"].high == 0.64
    assert ASSUMPTIONS["teleworkable_pcs_managers"].value == 0.72


def test_an_assumption_outside_its_own_range_cannot_be_built() -> None:
    with pytest.raises(ValueError):
        Assumption("x", "x", "x", 2.0, 0.0, 1.0, "", "s", 2024)


def test_resolve_without_overrides_gives_the_central_values() -> None:
    assert resolve({}) == central_values()


def test_resolve_applies_an_override_within_range() -> None:
    assert resolve({"car_occupancy": 1.2})["car_occupancy"] == 1.2


def test_unknown_override_is_refused_in_french() -> None:
    with pytest.raises(ScenarioError, match="overrides.nope") as err:
        resolve({"nope": 1.0})
    assert "clé d'hypothèse" in str(err.value)


def test_override_out_of_range_names_the_allowed_range() -> None:
    with pytest.raises(ScenarioError) as err:
        resolve({"car_occupancy": 2.0})
    assert err.value.field == "overrides.car_occupancy"
    assert "entre 1 et 1,4 personnes/voiture" in str(err.value)


def test_assumptions_frame_lists_every_assumption_with_its_source() -> None:
    frame = assumptions_frame()
    assert len(frame) == len(ASSUMPTIONS)
    assert {"key", "label_fr", "value", "low", "high", "unit", "source", "year"} <= set(frame.columns)
