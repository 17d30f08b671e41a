"""The flow model's pieces on small hand-made cases, against arithmetic written out here."""

from __future__ import annotations

import numpy as np
import pytest

from maillage.data import flow_model as fm
from maillage.data.params import P


def line_of_communes(n: int = 5) -> fm.FlowInputs:
    """n communes 0.1° of longitude apart on the 45th parallel (≈ 7.9 km), each 10 km²."""
    lon = 1 + 0.1 * np.arange(n)
    employed = np.full(n, 1000.0)
    internal = np.full(n, 300.0)
    jobs = np.array([3000.0] + [500.0] * (n - 1))
    modes = np.column_stack([employed * 0.8, employed * 0.1, employed * 0.03, employed * 0.04,
                             employed * 0.01, employed * 0.02])
    return fm.FlowInputs(codes=np.array([f"0100{i}" for i in range(n)], dtype=object), lon=lon,
                         lat=np.full(n, 45.0), area_km2=np.full(n, 10.0), employed=employed, internal=internal,
                         internal_source=np.full(n, "insee", dtype=object), jobs=jobs, modes=modes)


def test_great_circle_distance_of_one_degree_of_latitude() -> None:
    xyz = fm.unit_vectors(np.array([2.0, 2.0]), np.array([45.0, 46.0]))
    km = fm.chord_to_km(np.linalg.norm(xyz[0] - xyz[1], keepdims=True))
    assert km[0] == pytest.approx(2 * np.pi * fm.EARTH_RADIUS_KM / 360, rel=1e-9)


def test_intra_commune_distance_is_two_thirds_of_the_radius_times_detour() -> None:
    r = np.sqrt(100 / np.pi)
    assert fm.intra_commune_km(np.array([100.0]))[0] == pytest.approx(1.3 * (2 / 3) * r, rel=1e-3)
    assert fm.intra_commune_km(np.array([0.0]))[0] == pytest.approx(1.3 * 0.5)


def test_car_minutes_follow_the_speed_rule() -> None:
    d = 10.0
    v = 25 + (80 - 25) * (1 - np.exp(-d / 25))
    assert fm.car_minutes(np.array([d]))[0] == pytest.approx(60 * d / v)


def test_deterrence_falls_with_distance() -> None:
    f = fm.deterrence(np.array([0.0, 5.0, 50.0]), 2.0)
    assert f[0] == 1 and f[1] == pytest.approx(2.0**-2 * np.exp(-5 / 40)) and f[2] < f[1]


def test_candidates_exclude_self_and_duplicates() -> None:
    rng = np.random.default_rng(0)
    n = 1000  # within ≈ 80 × 55 km: every pole is within the 100 km pole radius of every origin
    lon, lat = rng.uniform(2, 3, n), rng.uniform(45, 45.5, n)
    attraction = np.where(np.arange(n) < 5, 1e5, 10.0)
    pairs = fm.candidate_pairs(fm.unit_vectors(lon, lat), attraction)
    key = pairs.i * n + pairs.j
    assert len(np.unique(key)) == len(key) and not (pairs.i == pairs.j).any()
    for origin in (5, 500, 999):
        assert set(range(5)) <= set(pairs.j[pairs.i == origin]) - {origin}
    assert np.bincount(pairs.i, minlength=n).min() >= 250  # the k nearest at least
    assert (np.diff(pairs.i) >= 0).all()  # sorted by origin, as gravity's sparse matrix wants them


def _gravity_by_sums(origins: np.ndarray, attraction: np.ndarray, pairs: fm.Pairs, f: np.ndarray) -> np.ndarray:
    """The balancing written as plain sums over the pairs (the textbook form gravity must reproduce)."""
    n = len(origins)
    dest = attraction * origins.sum() / attraction.sum()
    a, b = np.ones(n), np.ones(n)
    for _ in range(int(fm.P["ipf_iterations"].value)):
        a = 1 / np.bincount(pairs.i, weights=b[pairs.j] * dest[pairs.j] * f, minlength=n)
        b = 1 / np.bincount(pairs.j, weights=a[pairs.i] * origins[pairs.i] * f, minlength=n)
    t = a[pairs.i] * origins[pairs.i] * b[pairs.j] * dest[pairs.j] * f
    return t * (origins / np.bincount(pairs.i, weights=t, minlength=n))[pairs.i]


def test_gravity_equals_the_balancing_sums_in_any_pair_order() -> None:
    rng = np.random.default_rng(3)
    n = 400
    lon, lat = rng.uniform(2, 3, n), rng.uniform(45, 45.5, n)
    origins, attraction = rng.uniform(10, 500, n), rng.uniform(10, 800, n)
    pairs = fm.candidate_pairs(fm.unit_vectors(lon, lat), attraction)
    f = fm.deterrence(pairs.road_km, 1.8)
    expected = _gravity_by_sums(origins, attraction, pairs, f)
    assert fm.gravity(origins, attraction, pairs, f) == pytest.approx(expected, rel=1e-12)
    shuffled = rng.permutation(len(f))
    other = fm.Pairs(pairs.i[shuffled], pairs.j[shuffled], pairs.road_km[shuffled])
    assert fm.gravity(origins, attraction, other, f[shuffled]) == pytest.approx(expected[shuffled], rel=1e-12)


def test_gravity_rows_sum_to_origins_and_columns_near_destinations() -> None:
    inp = line_of_communes()
    origins = inp.employed - inp.internal
    attraction = inp.jobs - inp.internal
    pairs = fm.candidate_pairs(fm.unit_vectors(inp.lon, inp.lat), attraction)
    t = fm.gravity(origins, attraction, pairs, fm.deterrence(pairs.road_km, 1.0))
    assert np.bincount(pairs.i, weights=t, minlength=5) == pytest.approx(origins)
    cols = np.bincount(pairs.j, weights=t, minlength=5)
    dest = attraction * origins.sum() / attraction.sum()
    assert cols == pytest.approx(dest, rel=0.05)


def test_estimated_flows_keep_employed_residents_and_mode_counts() -> None:
    inp = line_of_communes()
    flows, info = fm.estimate_flows(inp)
    home_total = flows.groupby("home_code")["workers"].sum().to_numpy()
    assert home_total == pytest.approx(inp.employed)
    internal = flows[flows["home_code"] == flows["work_code"]]
    assert internal["workers"].to_numpy() == pytest.approx(inp.internal)
    assert (internal["source"] == "insee").all()
    assert (flows.loc[flows["home_code"] != flows["work_code"], "source"] == "estimated").all()
    walk = (flows["workers"] * flows["share_walk"]).groupby(flows["home_code"]).sum().to_numpy()
    assert walk == pytest.approx(inp.modes[:, 3], rel=0.02)
    shares = flows[[f"share_{m}" for m in fm.MODES]].sum(axis=1).to_numpy()
    assert shares == pytest.approx(1.0)
    assert info["decay_gamma_fitted"] > 0


def test_walking_goes_mostly_to_the_short_trips() -> None:
    inp = line_of_communes()
    flows, _ = fm.estimate_flows(inp)
    own = flows[flows["home_code"] == flows["work_code"]]
    far = flows[flows["home_code"] != flows["work_code"]]
    assert own["share_walk"].mean() > 3 * far["share_walk"].mean()
    assert own["share_none"].mean() > far["share_none"].mean()


def test_pruning_keeps_each_origins_largest_flow() -> None:
    i = np.array([0, 0, 1, 1])
    t = np.array([0.2, 0.1, 5.0, 0.3])
    keep = fm.prune(i, t, np.array([0.3, 5.3]), 2)
    assert keep.tolist() == [True, False, True, False]
    assert P["min_flow_workers"].value == 0.5


def test_flow_frame_rows_are_in_code_order_whatever_the_order_of_codes_and_flows() -> None:
    import dataclasses

    inp = dataclasses.replace(line_of_communes(6), codes=np.array(["01010", "01002", "2A004", "01001", "01100",
                                                                   "2B001"], dtype=object))
    rng = np.random.default_rng(5)
    home, work = np.repeat(np.arange(6), 6), np.tile(np.arange(6), 6)
    shuffled = rng.permutation(len(home))
    home, work = home[shuffled], work[shuffled]
    workers, road = rng.uniform(1, 50, len(home)), rng.uniform(1, 30, len(home))
    source = np.where(home == work, "insee", "estimated").astype(object)
    frame = fm.flow_frame(inp, home, work, workers, road, source)
    keys = list(zip(frame["home_code"], frame["work_code"], strict=True))
    assert keys == sorted(keys) and len(keys) == len(home)
    shares = fm.split_modes(home, workers, road, inp.modes)  # the same flows, in the input order
    expected = {(inp.codes[h], inp.codes[w]): (n, d, s, sh[0]) for h, w, n, d, s, sh
                in zip(home, work, workers, road, source, shares, strict=True)}
    for row in frame.itertuples():
        n, d, s, car = expected[(row.home_code, row.work_code)]
        assert (row.workers, row.road_km, row.source) == (n, d, s) and row.share_car == pytest.approx(car, rel=1e-12)
    assert frame["car_minutes"].to_numpy() == pytest.approx(fm.car_minutes(frame["road_km"].to_numpy()))
