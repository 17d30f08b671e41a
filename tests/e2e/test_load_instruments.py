"""The load test's server-side instruments work on a live server: the answer log pairs each rerun request with
the end of its run, as the real Streamlit runtime handles them."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from maillage.ui.runlog import answer_times
from tests.e2e.conftest import free_port, start_server
from tests.e2e.helpers import open_app, set_slider, wait_idle


def test_answer_log_pairs_each_lever_move_with_its_run(fixture_db: Path, browser: Browser, tmp_path: Path) -> None:
    log = tmp_path / "answers.log"
    proc = start_server(fixture_db, free_port(), MAILLAGE_ANSWER_LOG=str(log))
    try:
        port = proc.args[proc.args.index("--server.port") + 1]  # type: ignore[union-attr]
        page = browser.new_page()
        open_app(page, f"http://127.0.0.1:{port}/simulateur?t=epci:200069052")
        before = log.read_text(encoding="ascii").splitlines()
        for _ in range(2):  # two moves, each answered before the next (a quicker one would interrupt the run)
            set_slider(page, "Adoption parmi les actifs télétravaillables (%)", 1)
            wait_idle(page)
        page.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    lines = log.read_text(encoding="ascii").splitlines()
    moves = lines[len(before):]
    sessions = {line.split()[1] for line in lines}
    assert len(sessions) == 1, lines  # one tab, one session id on every line
    assert [line.split()[2] for line in moves].count("req") >= 2, moves  # two moves, each a rerun request
    assert moves[-1].split()[2] == "end", moves
    answers = answer_times(lines, [(0.0, float("inf"))])
    # The two moves (the process's very first request, which runs app.py and installs the hooks, is not seen).
    assert len(answers) >= 2 and all(0 < a < 60 for a in answers), answers
