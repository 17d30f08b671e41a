"""The load test's server-side instruments work on a live server: the answer log pairs each rerun request with
the end of its run, as the real Streamlit runtime handles them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from maillage.ui.runlog import answer_times
from tests.e2e.conftest import ROOT, free_port, start_server
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


def test_browsers_cpu_counts_the_test_browsers_only_and_keeps_ended_tabs(browser: Browser, server: str) -> None:
    """The load test's figure for its own browsers: Chromium's processes, not the server nor Playwright's
    driver, and a tab's renderer still counts once its session has closed and the process has ended."""
    from bench.loadtest import BrowsersCpu, cpu_seconds, descendants

    server_pid = next(pid for pid in descendants(os.getpid())
                      if "streamlit" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace"))
    used = BrowsersCpu()
    used.mark()
    before = set(used.last)
    context = browser.new_context()  # type: ignore[attr-defined]
    open_app(context.new_page(), server)
    used.sample()
    tabs = set(used.last) - before  # the new tab's renderer
    counted = {Path(f"/proc/{pid}/comm").read_text().strip() for pid in used.last}
    assert server_pid not in used.last and counted <= {"chromium", "chrome"}, counted  # not node, the driver
    assert tabs, "le processus de rendu du nouvel onglet n'est pas compté"
    while_open = used.used()
    context.close()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in tabs) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(Path(f"/proc/{pid}").exists() for pid in tabs)
    used.sample()
    assert set(used.last) >= tabs  # ended, still counted
    assert used.used() >= while_open > 0
    assert while_open >= sum(used.last[pid] for pid in tabs) > 0.2  # the app's page load costs the tab CPU
    assert cpu_seconds(server_pid) > 0  # the excluded server was working too


def test_server_cpus_pins_every_server_thread_and_leaves_the_rest_to_the_browsers(
        fixture_db: Path, browser: Browser) -> None:
    """--server-cpus: the server's threads, those it starts for a visitor included, run on the given cores."""
    from bench.loadtest import pin, split_cpus

    available = os.sched_getaffinity(0)
    server_cpus = {min(available)}
    assert split_cpus(server_cpus, available) == available - server_cpus
    port = free_port()
    proc = start_server(fixture_db, port)
    try:
        pin(proc.pid, server_cpus)
        page = browser.new_page()
        open_app(page, f"http://127.0.0.1:{port}/")  # the visit starts the session's script thread
        threads = list(Path(f"/proc/{proc.pid}/task").iterdir())
        allowed = {os.sched_getaffinity(int(t.name)) == server_cpus for t in threads}
        page.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert len(threads) > 3 and allowed == {True}, threads


@pytest.mark.parametrize(("value", "message"), [
    ("all", "aucun cœur ne resterait aux navigateurs de test"),
    ("9999", "cœur(s) [9999] absent(s)"),
    ("0-", "liste de cœurs illisible"),
])
def test_server_cpus_refuses_what_it_cannot_do_with_a_message(value: str, message: str) -> None:
    available = os.sched_getaffinity(0)
    arg = ",".join(map(str, sorted(available))) if value == "all" else value
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "loadtest.py"), "--server-cpus", arg],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
