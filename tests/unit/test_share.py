"""The link codec and scenario files: lossless round trips, and bad input never escapes as an exception."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage.model.assumptions import ASSUMPTIONS
from maillage.model.scenario import (
    LEVELS,
    MAX_SITES,
    Scenario,
    ScenarioError,
    TeleworkLever,
    TerritoryRef,
    TiersLieuSite,
    TiersLieuxLever,
    TrainingLever,
)
from maillage.share import (
    MAX_PARAM_CHARS,
    MAX_SITES_PARAM_CHARS,
    params_to_scenario,
    scenario_file_to_scenario,
    scenario_to_file,
    scenario_to_params,
)

# --- Strategies: valid scenarios within the constructors' ranges --------------------------------------

codes = st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)
territories = st.builds(TerritoryRef, level=st.sampled_from(LEVELS), code=codes)


def floats(low: float, high: float) -> st.SearchStrategy[float]:
    """Any float in range: the codec writes numbers in their shortest exact form, so none is rounded."""
    return st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)


telework = st.builds(TeleworkLever, adoption_pct=floats(0, 100), days_per_week=floats(0, 5),
                     min_distance_km=floats(0, 200))
sites = st.builds(TiersLieuSite, commune_code=codes, seats=st.integers(1, 500), opening_year=st.integers(2025, 2050))
tiers_lieux = st.builds(TiersLieuxLever, sites=st.lists(sites, max_size=8).map(tuple), catchment_km=floats(1, 60),
                        days_per_week=floats(0.5, 5), min_commute_km=floats(0, 200))


@st.composite
def training(draw: st.DrawFn) -> TrainingLever:
    # Shares in whole percent so that local + remote + commuting is exactly 1 once divided.
    local = draw(st.integers(0, 100))
    remote = draw(st.integers(0, 100 - local))
    return TrainingLever(
        people_per_year=draw(st.integers(0, 100_000)), years=draw(st.integers(1, 25)),
        completion_rate=draw(floats(0, 1)), employment_rate_trained=draw(floats(0, 1)),
        employment_rate_baseline=draw(floats(0, 1)), share_local=local / 100, share_remote=remote / 100,
        share_commuting=(100 - local - remote) / 100, cost_per_trainee_eur=draw(floats(0, 50_000)),
        start_year=draw(st.integers(2025, 2050)),
    )


@st.composite
def overrides(draw: st.DrawFn) -> tuple[tuple[str, float], ...]:
    """Known assumption keys, each moved within its published range."""
    keys = draw(st.lists(st.sampled_from(sorted(ASSUMPTIONS)), max_size=6, unique=True))
    return tuple((k, draw(floats(ASSUMPTIONS[k].low, ASSUMPTIONS[k].high))) for k in keys)



names = st.text(alphabet=st.characters(codec="utf-8").filter(str.isprintable), max_size=80)
scenarios = st.builds(
    Scenario, territory=territories, horizon_year=st.integers(2025, 2050), telework=telework,
    tiers_lieux=tiers_lieux, training=training(), overrides=overrides(), name=names,
)


# --- Round trips ---------------------------------------------------------------------------------------


@given(scenarios)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_link_round_trip_is_the_identity(scenario: Scenario) -> None:
    params = scenario_to_params(scenario)
    restored, messages = params_to_scenario(params)
    assert restored == scenario
    assert messages == []


@given(scenarios)
@settings(max_examples=100)
def test_link_survives_url_encoding_and_list_values(scenario: Scenario) -> None:
    query = urlencode(scenario_to_params(scenario))
    as_lists = {k: [v] for k, v in parse_qsl(query, keep_blank_values=True)}
    restored, messages = params_to_scenario(as_lists)
    assert (restored, messages) == (scenario, [])


@given(scenarios)
@settings(max_examples=100)
def test_every_param_value_fits_the_length_limit(scenario: Scenario) -> None:
    limits = {"tl": MAX_SITES_PARAM_CHARS}
    assert all(len(v) <= limits.get(k, MAX_PARAM_CHARS) for k, v in scenario_to_params(scenario).items())


@given(scenarios)
@settings(max_examples=100)
def test_file_round_trip_is_the_identity(scenario: Scenario) -> None:
    assert scenario_file_to_scenario(scenario_to_file(scenario)) == scenario


def test_baseline_link_is_short() -> None:
    params = scenario_to_params(Scenario(territory=TerritoryRef("epci", "200000172")))
    assert params == {"v": "1", "t": "epci:200000172", "h": "2030"}


def test_link_writes_the_documented_compact_form() -> None:
    scenario = Scenario(
        territory=TerritoryRef("epci", "200000172"), horizon_year=2030,
        telework=TeleworkLever(adoption_pct=30, days_per_week=2, min_distance_km=0),
        tiers_lieux=TiersLieuxLever(sites=(TiersLieuSite("01173", 20, 2026), TiersLieuSite("01160", 12, 2027))),
        overrides=(("car_occupancy", 1.2),), name="Plan A",
    )
    assert scenario_to_params(scenario) == {
        "v": "1", "t": "epci:200000172", "h": "2030", "tw": "30,2,0",
        "tl": "10,2,15;01173:20:2026|01160:12:2027", "o": "car_occupancy:1.2", "n": "Plan A",
    }


# --- Bad links: never raise, always say what was dropped -------------------------------------------------

BASE = Scenario(territory=TerritoryRef("epci", "200069052"), telework=TeleworkLever(adoption_pct=10))
GOOD = Scenario(
    territory=TerritoryRef("commune", "90010"), horizon_year=2035, telework=TeleworkLever(50, 2.5, 10),
    tiers_lieux=TiersLieuxLever(sites=(TiersLieuSite("90010", 30, 2027),), catchment_km=12),
    training=TrainingLever(people_per_year=150), overrides=(("car_occupancy", 1.1),), name="Belfort",
)


def test_unknown_version_returns_the_base_with_a_message() -> None:
    params = scenario_to_params(GOOD) | {"v": "7"}
    scenario, messages = params_to_scenario(params, base=BASE)
    assert scenario == BASE
    assert len(messages) == 1 and "version" in messages[0]


def test_a_bad_lever_falls_back_to_the_base_lever_only() -> None:
    params = scenario_to_params(GOOD) | {"tw": "50,nine,10"}
    scenario, messages = params_to_scenario(params, base=BASE)
    assert scenario.telework == BASE.telework
    assert scenario == GOOD.with_changes(telework=BASE.telework)
    assert len(messages) == 1 and "télétravail" in messages[0]


def test_an_out_of_range_value_is_refused_through_the_scenario_rules() -> None:
    params = scenario_to_params(GOOD) | {"tw": "150,2,0"}
    scenario, messages = params_to_scenario(params, base=BASE)
    assert scenario.telework == BASE.telework
    assert "entre 0 et 100" in messages[0]


def test_one_bad_site_is_dropped_and_the_others_kept() -> None:
    params = scenario_to_params(GOOD) | {"tl": "12,2,15;90010:30:2027|90011:0:2027|XX!:1:2030|90012:5:2028"}
    scenario, messages = params_to_scenario(params, base=BASE)
    assert scenario.tiers_lieux.sites == (TiersLieuSite("90010", 30, 2027), TiersLieuSite("90012", 5, 2028))
    assert len(messages) == 2


def test_too_many_sites_are_cut_to_the_limit_with_a_message() -> None:
    sites = "|".join(f"{90000 + i}:1:2030" for i in range(MAX_SITES + 5))
    scenario, messages = params_to_scenario({"v": "1", "t": "epci:200069052", "tl": f"10,2,15;{sites}"})
    assert len(scenario.tiers_lieux.sites) == MAX_SITES
    assert any(str(MAX_SITES) in m for m in messages)


def test_an_overlong_param_is_ignored_with_a_message() -> None:
    scenario, messages = params_to_scenario({"v": "1", "t": "epci:200069052", "n": "x" * (MAX_PARAM_CHARS + 1)})
    assert scenario.name == ""
    assert "trop long" in messages[0]


def test_bad_territory_keeps_the_base_territory_and_drops_the_link_sites() -> None:
    params = scenario_to_params(GOOD) | {"t": "planet:earth"}
    scenario, messages = params_to_scenario(params, base=BASE)
    assert scenario.territory == BASE.territory
    assert scenario.tiers_lieux.sites == ()
    assert len(messages) == 2


def test_presenter_flag_is_not_reported_but_unknown_params_are() -> None:
    _, messages = params_to_scenario(scenario_to_params(GOOD) | {"p": "1"})
    assert messages == []
    _, messages = params_to_scenario(scenario_to_params(GOOD) | {"utm_source": "mail"})
    assert len(messages) == 1 and "utm_source" in messages[0]


def test_markup_in_a_link_never_reaches_a_message() -> None:
    params = {"v": "1", "t": "epci:<script>", "tw": "<b>,2,0", "o": "%3Cimg%3E:1e99", "<i>": "x",
              "tl": "10,2,15;<a href=x>:1:2030"}
    _, messages = params_to_scenario(params, base=BASE)
    assert len(messages) == 5
    assert not any(ch in m for m in messages for ch in "<>")


param_keys = st.sampled_from(["v", "t", "h", "tw", "tl", "tr", "o", "n", "p", "x"])
param_values = st.one_of(
    st.text(max_size=60), st.text(alphabet="0123456789.,:;|-eE", max_size=60),
    st.lists(st.text(max_size=20), max_size=3),
)


@given(st.dictionaries(param_keys, param_values, max_size=8))
@settings(max_examples=400)
def test_random_params_never_raise(params: dict[str, str | list[str]]) -> None:
    scenario, messages = params_to_scenario(params, base=BASE)
    assert isinstance(scenario, Scenario)
    assert all(isinstance(m, str) and m for m in messages)


@st.composite
def tampered(draw: st.DrawFn) -> tuple[dict[str, str], str, str]:
    """A good link with one value truncated or one character changed."""
    params = scenario_to_params(draw(scenarios))
    key = draw(st.sampled_from(sorted(params)))
    value = params[key]
    cut = draw(st.integers(0, max(0, len(value) - 1)))
    if draw(st.booleans()):
        new = value[:cut]
    else:
        new = value[:cut] + draw(st.characters(codec="utf-8")) + value[cut + 1:]
    return params | {key: new}, key, new


@given(tampered())
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_a_tampered_link_either_reads_the_change_or_says_what_was_dropped(case: tuple[dict[str, str], str, str]) -> None:
    params, key, _ = case
    scenario, messages = params_to_scenario(params, base=BASE)
    rewritten = scenario_to_params(scenario)
    if not messages:
        # Nothing dropped: the change was read as a valid value (the scenario writes back to the same link,
        # modulo number spellings such as '2.50' for '2.5').
        restored, again = params_to_scenario(rewritten)
        assert (restored, again) == (scenario, [])
    else:
        assert all(m for m in messages)


# --- Scenario files ------------------------------------------------------------------------------------


def test_file_too_large_is_refused_in_french() -> None:
    with pytest.raises(ScenarioError, match="au plus 100 octets"):
        scenario_file_to_scenario(b" " * 101, max_bytes=100)


def test_file_not_utf8_is_refused_in_french() -> None:
    with pytest.raises(ScenarioError, match="UTF-8"):
        scenario_file_to_scenario(b"\xff\xfe{\x00")


def test_file_with_bom_is_read() -> None:
    assert scenario_file_to_scenario(b"\xef\xbb\xbf" + scenario_to_file(GOOD)) == GOOD


def test_file_not_json_is_refused_in_french() -> None:
    with pytest.raises(ScenarioError, match="JSON"):
        scenario_file_to_scenario(b"{territory: epci}")


def test_deeply_nested_json_is_refused_not_crashing() -> None:
    with pytest.raises(ScenarioError):
        scenario_file_to_scenario(b"[" * 60_000)


def test_file_with_an_unknown_field_names_it() -> None:
    data = GOOD.to_dict() | {"colour": "red"}
    with pytest.raises(ScenarioError, match="colour"):
        scenario_file_to_scenario(json.dumps(data).encode())


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)


@st.composite
def mutated_files(draw: st.DrawFn) -> bytes:
    """A valid scenario file with one field replaced by any JSON value, or cut short, or random bytes."""
    kind = draw(st.sampled_from(["field", "truncate", "bytes"]))
    good = draw(scenarios).to_dict()
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "truncate":
        raw = json.dumps(good).encode()
        return raw[: draw(st.integers(0, len(raw)))]
    section = draw(st.sampled_from(["territory", "telework", "tiers_lieux", "training", "(root)"]))
    target = good if section == "(root)" else good[section]
    target[draw(st.sampled_from(sorted(target) + ["extra"]))] = draw(json_values)
    return json.dumps(good).encode()


@given(mutated_files())
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_mutated_files_give_a_scenario_or_a_french_scenario_error(data: bytes) -> None:
    try:
        scenario = scenario_file_to_scenario(data)
    except ScenarioError as exc:
        assert exc.message.startswith("Champ « ")
    else:
        assert isinstance(scenario, Scenario)


def test_the_largest_sites_list_fits_its_param_limit() -> None:
    site = TiersLieuSite("A" * 12, 500, 2050)
    scenario = Scenario(territory=TerritoryRef("france", "FR"),
                        tiers_lieux=TiersLieuxLever(sites=(site,) * MAX_SITES, catchment_km=12.25))
    params = scenario_to_params(scenario)
    assert len(params["tl"]) <= MAX_SITES_PARAM_CHARS
    assert params_to_scenario(params) == (scenario, [])


def test_unknown_or_out_of_range_overrides_are_dropped_one_by_one() -> None:
    params = scenario_to_params(GOOD) | {"o": "car_occupancy:1.2,no_such_key:1,working_days_per_year:9999"}
    scenario, messages = params_to_scenario(params, base=BASE)
    assert scenario.overrides == (("car_occupancy", 1.2),)
    assert len(messages) == 2
    assert "no_such_key" in messages[0] and "entre 200 et 228" in messages[1]


def test_file_with_an_unknown_override_is_refused() -> None:
    data = GOOD.to_dict() | {"overrides": {"no_such_key": 1}}
    with pytest.raises(ScenarioError, match="no_such_key"):
        scenario_file_to_scenario(json.dumps(data).encode())
