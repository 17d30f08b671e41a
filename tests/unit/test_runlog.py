"""The load test's server-side run log: one line per run, nested fragment runs not counted twice, off by default."""

from __future__ import annotations

from pathlib import Path

import pytest

from maillage.ui.runlog import answer_events, answer_times, name_run, timed_run


def test_off_without_the_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MAILLAGE_RUN_LOG", raising=False)
    monkeypatch.chdir(tmp_path)
    with timed_run():
        pass
    assert list(tmp_path.iterdir()) == []


def test_one_line_per_run_and_fragment_inside_page_counted_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "runs.log"
    monkeypatch.setenv("MAILLAGE_RUN_LOG", str(log))
    with timed_run():
        name_run("page:simulateur")  # the router names the page once it knows it
        with timed_run("simulator"):  # the fragment drawn during a whole-page run
            pass
    with timed_run("simulator"):  # a lever move: the fragment alone
        pass
    name_run("ignored")  # outside a run: no effect
    kinds = [line.split()[2] for line in log.read_text().splitlines()]
    assert kinds == ["page:simulateur", "simulator"]
    assert all(float(line.split()[1]) >= 0 for line in log.read_text().splitlines())


def test_a_run_that_raises_is_still_logged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """st.rerun() and st.stop() end a run with an exception: the run still counts."""
    log = tmp_path / "runs.log"
    monkeypatch.setenv("MAILLAGE_RUN_LOG", str(log))
    with pytest.raises(RuntimeError), timed_run():
        raise RuntimeError("rerun")
    with timed_run():
        pass
    assert [line.split()[2] for line in log.read_text().splitlines()] == ["page", "page"]


def test_answer_times_pair_requests_with_their_last_run_end() -> None:
    lines = [
        "10.0 a req", "10.2 a end",  # one run
        "10.1 b req", "10.3 b end", "10.9 b end",  # a page switch: two runs, the answer ends with the second
        "20.0 a req", "20.1 a req", "20.5 a end",  # the first request's run was interrupted by the second
        "30.0 b req",  # never answered
        "99.0 a req", "99.1 a end",  # outside the measured window
    ]
    answers = answer_times(lines, [(5.0, 50.0)])
    assert sorted(round(a, 3) for a in answers) == [0.2, 0.4, 0.8]


def test_answer_events_group_each_session_in_time_order() -> None:
    lines = ["10.2 a end", "10.1 b req", "10.0 a req", "10.3 b end"]  # two threads may append out of order
    assert answer_events(lines) == {"a": [(10.0, "req"), (10.2, "end")], "b": [(10.1, "req"), (10.3, "end")]}
