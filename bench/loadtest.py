"""`make loadtest`: N concurrent real browser sessions against one local server, for a bounded time.

The sessions first open a few at a time (a Streamlit page load costs the test browser seconds of CPU for its
JavaScript; thirty at once on two cores measure the browsers, not the server). Once all are open, each repeats
a workshop flow — pick a territory, move levers, open the comparison, export a briefing — with a think time
between actions (--think, mean 3 s), for the given duration. Only 127.0.0.1 is contacted.

Prints sessions, actions, errors, the machine's and the server's CPU, the test browsers' own CPU (per action,
and the cores they would need at the pace the latency target implies: on a small machine, more than it has),
p50/p95 latency of the flow's actions as the test browsers see it (page opens reported apart, then per action
kind), split for the actions that rerun the script into the test browser's time before its request leaves, the
server's answer on the network and the browser's drawing after it (stamped by the browser's network stack, see
Wire); the server's answer measured inside the server, socket to socket (MAILLAGE_ANSWER_LOG, see
maillage.ui.runlog.watch_answers); the server's own script-run durations (MAILLAGE_RUN_LOG, by page and for the
simulator fragment); and the server's memory: at start, ready (after one page view), run in (after one session's
whole workflow), at peak, and after the sessions close (5 s, then past Streamlit's 120 s reconnection window,
although it frees an expired session only at another visitor's disconnection: see docs/deploy.md), with what
the caches hold at run-in and then — Streamlit's, and DuckDB's blocks (published by the app in /_stcore/metrics)
— and what remains unexplained.
The test browsers run at lower priority, their autogroup included (they stand for visitors' own machines), and
do not draw WebGL maps unless --draw-maps is given.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import math
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from google.protobuf.message import DecodeError  # noqa: E402
from playwright.async_api import Page, async_playwright  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_server  # noqa: E402
from tests.e2e.helpers import IDLE_JS  # noqa: E402

from maillage.ui.runlog import answer_events, answer_times, is_script_finished  # noqa: E402

DB = Path(os.environ.get("MAILLAGE_DB", ROOT / "data" / "maillage.duckdb"))
SEARCHES = ["belfort", "montbel", "besancon", "vesoul", "dole", "gueret", "pontarlier", "lons"]
ACTION_TIMEOUT_MS = 60_000
SESSIONS_PER_BROWSER = 5
OPEN_AT_ONCE = 3  # page loads in flight at once while the sessions open
BROWSERS_NICE = 10  # the test browsers stand for visitors' own machines: they yield the CPU to the server
SETTLE_S = 135.0  # closed sessions are dropped after Streamlit's disconnectedSessionTTL (120 s)
CLOCKS_OFFSET = time.time() - time.perf_counter()  # epoch seconds − CLOCK_MONOTONIC, for matching the two logs
THINK_S = 3.0  # mean pause between a session's actions: a participant reads the result before the next move


def cpu_seconds(pid: int) -> float:
    """User + system CPU time used so far by the server process (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU jiffies of the whole machine so far, all cores (Linux /proc/stat)."""
    values = [float(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (Linux /proc)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*/children") if Path(f"/proc/{p}").exists() else []:
            try:
                kids = [int(c) for c in task.read_text().split()]
            except OSError:
                continue
            out += kids
            todo += kids
    return out


class BrowsersCpu:
    """CPU seconds used by the test browsers: Chromium's processes below this driver — renderers, GPU and network
    processes — not the server nor Playwright's own driver (node) (Linux /proc). A tab's renderer ends when its
    session closes, taking its counter with it: each process's last reading is kept, sampled every 0.5 s by the
    load test's sampler."""

    def __init__(self) -> None:
        self.last: dict[int, float] = {}
        self.start: dict[int, float] = {}

    def sample(self) -> None:
        for pid in descendants(os.getpid()):
            try:
                if Path(f"/proc/{pid}/comm").read_text().startswith("chrom"):  # chromium, or Google's chrome
                    self.last[pid] = cpu_seconds(pid)
            except OSError:  # the process has just ended
                continue

    def mark(self) -> None:
        """The measured phase starts now."""
        self.sample()
        self.start = dict(self.last)

    def used(self) -> float:
        """Seconds used since ``mark``, by the processes alive then and those started since."""
        readings = list(self.last.items())  # a copy: the sampler thread may add a process meanwhile
        return sum(v - self.start.get(pid, 0.0) for pid, v in readings)


def cores_needed(cpu_per_action: float, sessions: int, think_s: float, latency_s: float = 2.0) -> float:
    """Cores the test browsers would need for every session to act once every ``think_s + latency_s`` seconds:
    with a mean latency under ``latency_s`` (as the target asks of p95), they would act at least that often."""
    return sessions * cpu_per_action / (think_s + latency_s)


def cpu_list(text: str) -> set[int]:
    """Cores in Linux's list form: "0-1,4" → {0, 1, 4}."""
    cpus: set[int] = set()
    parts = [re.fullmatch(r"(\d+)(?:-(\d+))?", part.strip()) for part in text.split(",")]
    for found in parts:
        if found:
            cpus |= set(range(int(found[1]), int(found[2] or found[1]) + 1))
    if not cpus or not all(parts):
        raise argparse.ArgumentTypeError(f"liste de cœurs illisible : {text!r} (attendu : numéros de cœurs, "
                                         "séparés par des virgules, ou des plages, ex. 0-1 ou 0,1)")
    return cpus


def split_cpus(server: set[int], available: set[int]) -> set[int]:
    """The cores left to the test browsers once ``server`` is given to the server; ValueError (French) when
    ``server`` names a core this process cannot use or leaves none."""
    if not server <= available:
        raise ValueError(f"--server-cpus : cœur(s) {sorted(server - available)} absent(s) ; cœurs utilisables ici : "
                         f"{sorted(available)}")
    if not available - server:
        raise ValueError(f"--server-cpus : aucun cœur ne resterait aux navigateurs de test (cœurs utilisables ici : "
                         f"{sorted(available)}) ; il faut une machine qui en a plus que le serveur n'en reçoit")
    return available - server


def pin(pid: int, cpus: set[int]) -> None:
    """Every thread of ``pid``, and those it starts later, on ``cpus`` only (Linux /proc, sched_setaffinity):
    a thread inherits its creator's cores, so once all are pinned, new ones are too. Repeated until a pass finds
    none left, for a thread started by one not yet pinned."""
    for _ in range(10):
        loose = [int(t.name) for t in Path(f"/proc/{pid}/task").iterdir() if os.sched_getaffinity(int(t.name)) != cpus]
        if not loose:
            return
        for tid in loose:
            try:
                os.sched_setaffinity(tid, cpus)
            except ProcessLookupError:  # the thread has just ended
                continue


def lower_browsers(server_pid: int, nice: int) -> int:
    """Give the test browsers' scheduling groups a lower weight than the server's; returns how many groups.

    With the kernel's autogroup scheduling (the default on desktop and many server kernels), each session
    (setsid) is one group and groups share the CPU evenly whatever the nice value of their processes:
    Chromium starts in sessions of its own, so a plain ``nice`` left the server a seventh of the machine.
    Writing to /proc/<pid>/autogroup sets the group's own nice value.
    """
    server_group = Path(f"/proc/{server_pid}/autogroup")
    if not server_group.exists():
        return 0  # no autogroup on this kernel: os.nice() is enough
    mine, done = server_group.read_text().split()[0], set()
    for pid in descendants(os.getpid()):
        try:
            group = Path(f"/proc/{pid}/autogroup").read_text().split()[0]
            if pid != server_pid and group != mine and group not in done:
                Path(f"/proc/{pid}/autogroup").write_text(str(nice))
                done.add(group)
        except OSError:
            continue
    return len(done)


def socket_queues(port: int) -> tuple[int, int, int]:
    """Bytes waiting in the kernel on the server's loopback connections (Linux /proc/net/tcp): sent by the
    server and not yet read by the test browsers; sent by the browsers and not yet read by the server; and how
    many connections. A reader that keeps up leaves these near zero."""
    to_browsers = to_server = connections = 0
    try:
        lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    except OSError:
        return 0, 0, 0
    for line in lines:
        fields = line.split()
        local, remote, state, queues = fields[1], fields[2], fields[3], fields[4]
        if state != "01":  # established
            continue
        tx, rx = (int(q, 16) for q in queues.split(":"))
        if int(remote.split(":")[1], 16) == port:  # a test browser's end: what it has not read yet
            to_browsers += rx
            connections += 1
        elif int(local.split(":")[1], 16) == port:  # the server's end: what it has not read yet
            to_server += rx
    return to_browsers, to_server, connections


def rss_mb(pid: int) -> float:
    """Resident memory of the server process and everything below it, in MB (Linux /proc)."""
    total = 0
    for p in [pid, *descendants(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def held_mb(base: str) -> dict[str, float]:
    """What the server's caches hold, in MB, by kind: Streamlit's own stores (``st_cache_data``,
    ``st_cache_resource``, the files it serves, the sessions' state…) and ``duckdb`` (the file's blocks DuckDB
    keeps after reading them, published by the app), from the server's /_stcore/metrics (sizes, not counts,
    because the load test starts the server with server.enableExpensiveMemoryStats)."""
    url = f"{base}/_stcore/metrics?families=cache_memory_bytes"
    with urllib.request.urlopen(url, timeout=60) as response:
        text = response.read().decode("utf-8")
    out: dict[str, float] = {}
    for line in text.splitlines():
        found = re.match(r'cache_memory_bytes\{(.*)\} (\S+)$', line)
        if found:
            kind = re.search(r'cache_type="([^"]*)"', found[1])
            key = kind[1] if kind else ""
            out[key] = out.get(key, 0.0) + float(found[2]) / 1024 / 1024
    return out


async def idle(page: Page) -> None:
    await page.wait_for_timeout(100)
    # Polled every 100 ms, not at every animation frame: thirty tabs polling at 60 Hz cost the shared cores.
    await page.wait_for_function(IDLE_JS, timeout=ACTION_TIMEOUT_MS, polling=100)


async def think(page: Page, rng: random.Random, mean_s: float) -> None:
    """A participant reads the result before the next action: uniform in [0.5, 1.5] × the mean."""
    if mean_s > 0:
        await page.wait_for_timeout(1000 * mean_s * rng.uniform(0.5, 1.5))


class Wire:
    """One tab's WebSocket, read through the Chrome DevTools Protocol: when each of Streamlit's rerun requests
    left the browser's network stack, and when each script run's end (``script_finished``) reached it. The
    browser stamps the frames as they pass, whatever the tab's main thread is doing, on CLOCK_MONOTONIC — the
    clock of this driver's ``time.perf_counter`` on Linux — so each action splits into the test browser's time
    before its request leaves, the server's answer on the network, and the browser's drawing after."""

    def __init__(self) -> None:
        self.session = ""  # Streamlit's id for this tab's session, from its first new_session message
        self.requests: list[float] = []  # network time of each rerun request
        self.ends: list[float] = []  # network time of each script run's end
        self.actions: list[tuple[str, float, float]] = []  # (kind, start, end), driver time

    async def attach(self, page: Page) -> None:
        cdp = await page.context.new_cdp_session(page)
        cdp.on("Network.webSocketFrameSent", self.sent)
        cdp.on("Network.webSocketFrameReceived", self.received)
        await cdp.send("Network.enable")

    @staticmethod
    def payload(params: dict[str, Any], longest: int = 1 << 20) -> bytes | None:
        """A binary frame's bytes (the protocol gives them in base64); None for text frames and long ones,
        which are never a rerun request, a run's end or the first new_session."""
        frame = params.get("response", {})
        data = frame.get("payloadData", "")
        return base64.b64decode(data) if frame.get("opcode") == 2 and len(data) <= longest else None

    @staticmethod
    def kind(raw: bytes | None, msg: Any) -> str | None:
        """The type of message ``raw`` holds, parsed into ``msg``."""
        try:
            msg.ParseFromString(raw or b"")
        except DecodeError:
            return None
        return msg.WhichOneof("type") if raw else None  # type: ignore[no-any-return]

    def sent(self, params: dict[str, Any]) -> None:
        if self.kind(self.payload(params), BackMsg()) == "rerun_script":  # widget states: a few kB
            self.requests.append(float(params["timestamp"]))

    def received(self, params: dict[str, Any]) -> None:
        raw = self.payload(params)
        if raw is not None and is_script_finished(raw):  # as the server's answer log recognises it
            self.ends.append(float(params["timestamp"]))
        elif not self.session:
            msg = ForwardMsg()
            if self.kind(raw, msg) == "new_session":
                self.session = msg.new_session.initialize.session_id

    async def answered(self, t0: float) -> None:
        """Wait until a rerun request has left after ``t0`` and a script run's end has arrived after it. An
        action cannot rely on the page's own state alone: until a busy tab has handled the key press or click
        and sent its request, the page still shows the previous run as finished."""
        deadline = time.perf_counter() + ACTION_TIMEOUT_MS / 1000
        while time.perf_counter() < deadline:
            asked = next((n for n in self.requests if n >= t0), None)
            if asked is not None and any(n >= asked for n in reversed(self.ends)):
                return
            await asyncio.sleep(0.05)
        raise TimeoutError("aucune réponse du serveur à la demande de réexécution")

    def split(self, stats: dict[str, Any]) -> None:
        """Once the session is over (no event is still on its way): for each action with a rerun request,
        'before' (its start to the first request leaving), 'net' (that request to the last run end arriving
        before the action was over) and 'after' (that arrival to the action's end: the drawing)."""
        for kind, t0, t1 in self.actions:
            asked = [n for n in self.requests if t0 <= n <= t1]
            ends = [n for n in self.ends if asked and min(asked) <= n <= t1]
            if not ends:  # no request seen inside the action, or its answer came after the action was over
                missed = stats.setdefault("unsplit", {}).setdefault(kind, [0, 0])
                missed[0 if not asked else 1] += 1
            else:
                for part, value in (("before", min(asked) - t0), ("net", max(ends) - min(asked)),
                                    ("after", t1 - max(ends))):
                    stats.setdefault(part, []).append(value)
                stats.setdefault("net_by_kind", {}).setdefault(kind, []).append(max(ends) - min(asked))


async def timed(name: str, coro, stats: dict[str, Any], workflow: bool = True,  # type: ignore[no-untyped-def]
                wire: Wire | None = None) -> bool:
    t0 = time.perf_counter()
    try:
        await coro
        if workflow:  # page loads are reported on their own: they measure the test browsers' JS start-up
            stats["latency"].append(time.perf_counter() - t0)
            if wire is not None:
                wire.actions.append((name, t0, time.perf_counter()))
        stats.setdefault("by_kind", {}).setdefault(name, []).append(time.perf_counter() - t0)
        stats["actions"] += 1
        return True
    except Exception as exc:  # noqa: BLE001 — a load test counts every failure, whatever it is
        stats["errors"].append(f"{name}: {type(exc).__name__}: {str(exc)[:120]}")
        return False


class Phase:
    """Sessions open a few at a time (page loads are costly for the test browsers), then all of them run
    the workflow together for ``duration`` seconds: the measured part has every session open at once."""

    def __init__(self, sessions: int, duration: float, browsers: BrowsersCpu | None = None) -> None:
        self.browsers = browsers
        self.opening = asyncio.Semaphore(OPEN_AT_ONCE)
        self.pending = sessions
        self.all_open = asyncio.Event()
        self.duration = duration
        self.deadline = math.inf
        self.measured_from = math.inf
        self.cpu_from = (0.0, 0.0)

    def opened(self) -> None:
        self.pending -= 1
        if self.pending == 0:
            self.deadline = time.monotonic() + self.duration
            self.measured_from = time.time()  # wall clock, as in the server's run log
            self.cpu_from = machine_cpu()
            if self.browsers is not None:
                self.browsers.mark()
            self.all_open.set()


async def workflow(page: Page, rng: random.Random, think_s: float, stats: dict[str, Any], search: str,
                   wire: Wire | None = None) -> None:
    """One workshop loop: pick a territory, open the simulator, move a lever three times, open the comparison,
    export the briefing (PPTX); a think time before each action."""
    box = page.get_by_role("textbox", name="Rechercher par nom ou code")
    slider = page.get_by_role("slider", name="Adoption parmi les actifs télétravaillables (%)").first

    async def step(name: str, action) -> None:  # type: ignore[no-untyped-def]
        await think(page, rng, think_s)
        await timed(name, action, stats, wire=wire)

    async def done(t0: float, rerun: bool = True) -> None:
        if wire is not None and rerun:  # the page looks idle until the busy tab has sent its request
            await wire.answered(t0)
        await idle(page)

    async def go(title: str) -> None:
        t0 = time.perf_counter()
        await page.get_by_test_id("stSidebarNav").get_by_text(title).first.click()
        await done(t0)

    async def pick() -> None:
        t0 = time.perf_counter()
        changed = await box.input_value() != search  # the same search again sends nothing
        await box.fill(search)
        await box.press("Enter")
        await done(t0, rerun=changed)

    async def move() -> None:
        t0 = time.perf_counter()
        await slider.focus()
        at_end = float(await slider.input_value()) >= float(await slider.get_attribute("max") or "100")
        await slider.press("Home" if at_end else "ArrowRight")  # at 100 %, the participant starts again
        await done(t0)

    async def briefing() -> None:
        await go("Note de synthèse")
        async with page.expect_download(timeout=ACTION_TIMEOUT_MS) as dl:
            await page.get_by_role("button", name="Télécharger la note (PPTX)").click()
        await (await dl.value).path()

    await step("territory", pick())
    await step("simulator", go("Simulateur"))
    for _ in range(3):
        await step("lever", move())
    await step("compare", go("Comparer"))
    await step("briefing", briefing())


async def session(browser, base: str, phase: Phase, stats: dict[str, Any], rng: random.Random,  # type: ignore[no-untyped-def]
                  think_s: float) -> None:
    ctx = await browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True,
                                    reduced_motion="reduce")
    page = await ctx.new_page()
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    wire = Wire()
    await wire.attach(page)
    try:
        async def open_page() -> None:
            await page.goto(base)
            await page.locator(".st-key-app_level").wait_for()
            await idle(page)
        async with phase.opening:
            ok = await timed("open", open_page(), stats, workflow=False)
        phase.opened()
        if not ok:
            return
        await phase.all_open.wait()
        while time.monotonic() < phase.deadline:
            await workflow(page, rng, think_s, stats, rng.choice(SEARCHES), wire)
    finally:
        await ctx.close()
        wire.split(stats)
        stats.setdefault("wires", []).append(wire)


async def main_async(sessions: int, duration: float, base: str, server_pid: int, draw_maps: bool,
                     think_s: float, browsers_nice: int) -> dict[str, Any]:
    stats: dict[str, Any] = {"latency": [], "actions": 0, "errors": [], "peak_mb": rss_mb(server_pid)}
    stop = threading.Event()

    port = int(base.rsplit(":", 1)[1])
    browsers_used = BrowsersCpu()

    def sample() -> None:
        while not stop.is_set():
            stats["peak_mb"] = max(stats["peak_mb"], rss_mb(server_pid))
            browsers_used.sample()
            stats.setdefault("queues", []).append((time.time(), *socket_queues(port)))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    async with async_playwright() as pw:
        # Several browser processes, as real visitors would have: one Chromium for every few sessions, so
        # the browser's own process is not the bottleneck being measured.
        args = CHROMIUM_ARGS + (["--disable-3d-apis"] if not draw_maps else [])
        browsers = [await pw.chromium.launch(executable_path=CHROMIUM, args=args)
                    for _ in range(max(1, math.ceil(sessions / SESSIONS_PER_BROWSER)))]
        if browsers_nice:
            stats["browser_groups"] = lower_browsers(server_pid, browsers_nice)
        phase = Phase(sessions, duration, browsers_used)
        rng = random.Random(42)
        await asyncio.gather(*(session(browsers[i % len(browsers)], base, phase, stats, random.Random(rng.random()),
                                       think_s) for i in range(sessions)))
        stats["measured_from"] = phase.measured_from
        stats["measured_to"] = time.time()
        browsers_used.sample()
        stats["browsers_cpu"] = browsers_used.used()  # the tabs' renderers have ended: their last readings
        busy, total = machine_cpu()
        stats["machine_busy"] = (busy - phase.cpu_from[0]) / max(total - phase.cpu_from[1], 1.0)
        for browser in browsers:
            await browser.close()
    stop.set()
    return stats


def warm_up(base: str, server_pid: int) -> tuple[float, float]:
    """The server's memory before the test, twice: 'ready' after one page view (Streamlit imports the app's
    modules — pandas, DuckDB, plotly… — and opens the database on the first visit; a bare Streamlit process is
    not a start the server could return to), then 'run in' after one session has gone once through the whole
    workflow (the briefing's modules — python-pptx, fpdf2, openpyxl, about 37 MB — are imported on the first
    export). Each time the tab closes first."""
    async def visit(full: bool) -> None:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + ["--disable-3d-apis"])
            ctx = await browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
            page = await ctx.new_page()
            page.set_default_timeout(ACTION_TIMEOUT_MS)
            await page.goto(base)
            await page.locator(".st-key-app_level").wait_for()
            await idle(page)
            if full:
                stats: dict[str, Any] = {"latency": [], "actions": 0, "errors": []}
                await workflow(page, random.Random(0), 0.0, stats, SEARCHES[0])
                if stats["errors"]:
                    raise RuntimeError(f"parcours de rodage en échec : {stats['errors'][0]}")
            await browser.close()
    asyncio.run(visit(full=False))
    time.sleep(2)
    ready = rss_mb(server_pid)
    asyncio.run(visit(full=True))
    time.sleep(2)
    return ready, rss_mb(server_pid)


def transits(wires: list[Wire], lines: list[str], offset: float) -> tuple[list[float], list[float]]:
    """Each message's time between the test browser's network stack and the server, per session: 'in', from a
    rerun request leaving the browser to the server handling it (the server reading its socket); 'out', from
    the server writing a run's end to the browser's network stack stamping it (the browser reading its socket).
    ``offset`` turns the browsers' clock (CLOCK_MONOTONIC) into the server log's (epoch seconds)."""
    server = answer_events(lines)

    def gaps(starts: list[float], arrivals: list[float]) -> list[float]:
        arrivals = sorted(arrivals)
        found = []
        for t in starts:
            later = next((a for a in arrivals if a >= t - 0.002), None)  # the log's stamps are rounded to 0.1 ms
            if later is not None and later - t < ACTION_TIMEOUT_MS / 1000:
                found.append(max(later - t, 0.0))
        return found

    into, out = [], []
    for wire in wires:
        logged = server.get(wire.session)
        if not logged or not wire.requests:
            continue
        first = min(wire.requests)  # the session's first request may precede the answer log's hooks
        into += gaps(wire.requests, [t - offset for t, event in logged if event == "req"])
        out += gaps([t - offset for t, event in logged if event == "end" and t - offset >= first], wire.ends)
    return into, out


def merge(waves: list[dict[str, Any]]) -> dict[str, Any]:
    """One set of figures for all waves (latencies pooled, CPU share averaged over the measured phases)."""
    out: dict[str, Any] = {"latency": [], "before": [], "net": [], "after": [], "actions": 0, "errors": [], "by_kind": {}, "peak_mb": 0.0}
    for w in waves:
        out["latency"] += w["latency"]
        for part in ("before", "net", "after"):
            out[part] += w.get(part, [])
        out["actions"] += w["actions"]
        out.setdefault("wires", []).extend(w.get("wires", []))
        out.setdefault("queues", []).extend(q for q in w.get("queues", [])
                                            if w.get("measured_from", math.inf) <= q[0] <= w.get("measured_to", 0.0))
        out["errors"] += w["errors"]
        out["peak_mb"] = max(out["peak_mb"], w["peak_mb"])
        for kind, values in w.get("by_kind", {}).items():
            out["by_kind"].setdefault(kind, []).extend(values)
        for kind, (unasked, unanswered) in w.get("unsplit", {}).items():
            missed = out.setdefault("unsplit", {}).setdefault(kind, [0, 0])
            missed[0] += unasked
            missed[1] += unanswered
        for kind, values in w.get("net_by_kind", {}).items():
            out.setdefault("net_by_kind", {}).setdefault(kind, []).extend(values)
    out["machine_busy"] = statistics.fmean(w.get("machine_busy", math.nan) for w in waves)
    out["browsers_cpu"] = sum(w.get("browsers_cpu", 0.0) for w in waves)
    out["measured_s"] = sum(max(w.get("measured_to", 0.0) - w.get("measured_from", math.inf), 0.0) for w in waves)
    out["browser_groups"] = waves[-1].get("browser_groups", 0)
    return out


def quantile95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


def server_runs(log: Path, windows: list[tuple[float, float]]) -> dict[str, list[float]]:
    """Durations (ms) of the script runs the server logged inside the measured phases (wall-clock windows),
    by kind: ``page:<page>`` (whole-page runs) or a fragment's name (a lever move reruns the simulator)."""
    runs: dict[str, list[float]] = {}
    for line in log.read_text(encoding="ascii").splitlines() if log.exists() else []:
        stamp, ms, kind = line.split()
        if any(start <= float(stamp) <= end for start, end in windows):
            runs.setdefault(kind, []).append(float(ms))
    return runs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=30)
    ap.add_argument("--duration", type=float, default=180.0, help="secondes")
    ap.add_argument("--draw-maps", action="store_true",
                    help="laisser les navigateurs dessiner les cartes WebGL (sur 2 cœurs, c'est alors le rendu "
                         "logiciel des navigateurs de test qui sature la machine, pas le serveur)")
    ap.add_argument("--think", type=float, default=THINK_S,
                    help="temps de réflexion moyen entre deux actions d'une session, en secondes "
                         "(tiré entre 0,5 et 1,5 fois cette valeur ; 0 : actions enchaînées sans pause)")
    ap.add_argument("--browsers-nice", type=int, default=BROWSERS_NICE,
                    help="priorité abaissée (nice) des navigateurs de test, pour que le serveur garde le CPU dont il "
                         "a besoin comme sur une vraie machine de démonstration ; 0 : même priorité que le serveur")
    ap.add_argument("--waves", type=int, default=1,
                    help="vagues successives de sessions sur le même serveur (2 ou plus : la mémoire après chaque "
                         "vague montre si elle plafonne ou fuit)")
    ap.add_argument("--server-cpus", type=cpu_list, default=None,
                    help="cœurs réservés au serveur (ex. 0-1), les autres aux navigateurs de test : sur une machine "
                         "qui a plus de cœurs que le serveur n'en reçoit, les navigateurs de test ne prennent plus le "
                         "CPU du serveur, comme ceux de vrais visiteurs")
    ap.add_argument("--settle", type=float, default=SETTLE_S,
                    help="secondes d'attente après la fermeture des sessions avant la dernière mesure de mémoire "
                         "(Streamlit garde une session fermée server.disconnectedSessionTTL = 120 s)")
    args = ap.parse_args()
    browser_cpus: set[int] | None = None
    if args.server_cpus is not None:
        try:
            browser_cpus = split_cpus(args.server_cpus, os.sched_getaffinity(0))
        except ValueError as exc:
            ap.error(str(exc))
    port = free_port()
    run_log = Path(tempfile.mkstemp(prefix="maillage-runs-", suffix=".log")[1])
    answer_log = Path(tempfile.mkstemp(prefix="maillage-answers-", suffix=".log")[1])
    proc = start_server(DB, port, MAILLAGE_RUN_LOG=str(run_log), MAILLAGE_ANSWER_LOG=str(answer_log), STREAMLIT_SERVER_ENABLE_EXPENSIVE_MEMORY_STATS="true",
                        MALLOC_ARENA_MAX="2")  # as `make run` and the Dockerfile
    if browser_cpus is not None:
        pin(proc.pid, args.server_cpus)
        os.sched_setaffinity(0, browser_cpus)  # this driver, and the browsers it launches from now on
    if args.browsers_nice:
        os.nice(args.browsers_nice)  # this driver and the browsers it launches; the server, started above, keeps 0
    try:
        cold = rss_mb(proc.pid)
        ready, before = warm_up(f"http://127.0.0.1:{port}", proc.pid)
        held_before = held_mb(f"http://127.0.0.1:{port}")
        cpu0, t0 = cpu_seconds(proc.pid), time.monotonic()
        waves: list[dict[str, Any]] = []
        for _ in range(args.waves):  # each wave: new browsers and sessions, the same server
            wave = asyncio.run(main_async(args.sessions, args.duration, f"http://127.0.0.1:{port}", proc.pid,
                                          args.draw_maps, args.think, args.browsers_nice))
            time.sleep(5)
            wave["after_mb"] = rss_mb(proc.pid)
            waves.append(wave)
        server_busy = (cpu_seconds(proc.pid) - cpu0) / (time.monotonic() - t0)
        stats = merge(waves)
        after = waves[-1]["after_mb"]
        if args.settle > 5:  # Streamlit keeps a closed tab's session for server.disconnectedSessionTTL (120 s)
            time.sleep(args.settle - 5)
        settled = rss_mb(proc.pid)
        held = held_mb(f"http://127.0.0.1:{port}")
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    lat = stats["latency"] or [float("nan")]
    p95 = quantile95(lat)
    windows = [(w.get("measured_from", math.inf), w.get("measured_to", 0.0)) for w in waves]
    runs = server_runs(run_log, windows)
    answer_lines = answer_log.read_text(encoding="ascii").splitlines()
    answers = answer_times(answer_lines, windows)
    into, out = transits(stats.get("wires", []), answer_lines, CLOCKS_OFFSET)
    run_log.unlink(missing_ok=True)
    answer_log.unlink(missing_ok=True)
    print(f"sessions : {args.sessions}  durée : {args.duration:.0f} s{f' × {args.waves} vagues' if args.waves > 1 else ''}  réflexion moyenne : {args.think:g} s  "
          f"actions : {stats['actions']}  erreurs : {len(stats['errors'])}")
    if browser_cpus is not None:
        print(f"cœurs : serveur {sorted(args.server_cpus)}, navigateurs de test {sorted(browser_cpus)}")
    print(f"machine ({os.cpu_count()} cœurs, serveur et navigateurs de test, navigateurs à nice {args.browsers_nice}, "
          f"{stats.get('browser_groups', 0)} groupes autogroup abaissés) : "
          f"{100 * stats.get('machine_busy', float('nan')):.0f} % occupée pendant la phase mesurée")
    print(f"serveur : {100 * server_busy:.0f} % d'un cœur en moyenne pendant le test"
          f"{'' if args.draw_maps else ' (cartes WebGL non dessinées par les navigateurs de test)'}")
    if stats["latency"] and stats["measured_s"] > 0:  # what the test browsers alone ask of the machine
        per_action = stats["browsers_cpu"] / len(stats["latency"])
        print(f"navigateurs de test : {stats['browsers_cpu'] / stats['measured_s']:.2f} cœur en moyenne pendant la phase "
              f"mesurée, {per_action:.2f} s de CPU par action du parcours (rendu, GPU logiciel et réseau de Chromium ; "
              f"ni le serveur ni le pilote Playwright). Pour une latence moyenne sous 2 s, chaque session agirait au "
              f"moins toutes les {args.think + 2:g} s : les navigateurs de test demanderaient alors au moins "
              f"{cores_needed(per_action, args.sessions, args.think):.1f} cœurs à eux seuls, "
              + (("sur le seul qui leur est réservé" if len(browser_cpus) == 1 else
                  f"sur les {len(browser_cpus)} qui leur sont réservés") if browser_cpus is not None else
                 f"sur les {os.cpu_count()} de la machine qu'ils partagent avec le serveur"))
    print("latence par action du parcours (toutes les sessions ouvertes ; ouvertures de page à part) : ", end="")
    print(f"p50 {statistics.median(lat):.2f} s, p95 {p95:.2f} s — jusqu'à ce que le navigateur de test ait fini de dessiner")
    if stats["net"]:  # stamped by the test browser's network stack (see Wire)
        print(f"  dont, pour les {len(stats['net'])} actions qui réexécutent le script (p50 / p95) : avant l'envoi de la "
              f"demande {statistics.median(stats['before']):.2f} / {quantile95(stats['before']):.2f} s (navigateur de "
              f"test) ; réponse du serveur sur le réseau {statistics.median(stats['net']):.2f} / "
              f"{quantile95(stats['net']):.2f} s ; dessin après la réponse {statistics.median(stats['after']):.2f} / "
              f"{quantile95(stats['after']):.2f} s (navigateur de test)")
    for kind, (unasked, unanswered) in sorted(stats.get("unsplit", {}).items()):
        print(f"  {kind} : {unasked} action(s) sans demande de réexécution vue (la même recherche une seconde fois n'en envoie pas), "
              f"{unanswered} terminée(s) avant l'arrivée de la réponse")
    if answers:  # logged inside the server (maillage.ui.runlog.watch_answers)
        print(f"réponse du serveur mesurée dans le serveur (demande de réexécution reçue → fin de la dernière exécution "
              f"envoyée, attente dans ses files comprise) : {len(answers)}, p50 {1000 * statistics.median(answers):.0f} ms, "
              f"p95 {1000 * quantile95(answers):.0f} ms — ce qu'attend le navigateur d'un visiteur, avant son propre dessin")
    if into and out:
        print(f"  trajet entre la pile réseau du navigateur de test et le serveur (p50 / p95) : aller (demande partie → "
              f"lue par le serveur) {1000 * statistics.median(into):.0f} / {1000 * quantile95(into):.0f} ms, "
              f"{len(into)} demandes ; retour (fin d'exécution écrite par le serveur → lue par le navigateur) "
              f"{1000 * statistics.median(out):.0f} / {1000 * quantile95(out):.0f} ms, {len(out)} fins")
    if stats.get("queues"):
        browsers, server = [q[1] / 1024 for q in stats["queues"]], [q[2] / 1024 for q in stats["queues"]]
        print(f"  octets en attente dans le noyau sur les connexions du serveur (moyenne / max, {len(browsers)} relevés, "
              f"{max(q[3] for q in stats['queues'])} connexions au plus) : envoyés par le serveur et pas encore lus "
              f"par les navigateurs de test {statistics.fmean(browsers):.0f} / {max(browsers):.0f} ko ; envoyés par "
              f"les navigateurs et pas encore lus par le serveur {statistics.fmean(server):.0f} / {max(server):.0f} ko")
    every = [v for values in runs.values() for v in values]
    if every:
        print(f"exécutions du script côté serveur (toutes, phase mesurée) : {len(every)}, "
              f"p50 {statistics.median(every):.0f} ms, p95 {quantile95(every):.0f} ms — temps du serveur seul, "
              "sans le rendu des navigateurs de test")
    for kind, values in sorted(runs.items()):
        print(f"exécutions côté serveur ({kind}) pendant la phase mesurée : {len(values)}, "
              f"p50 {statistics.median(values):.0f} ms, p95 {quantile95(values):.0f} ms, max {max(values):.0f} ms")
    print(f"mémoire du serveur : au démarrage {cold:.0f} Mo ; prêt (une page vue) {ready:.0f} Mo ; avant (rodé : une session a fait "
          f"un parcours complet) {before:.0f} Mo, pic {stats['peak_mb']:.0f} Mo, 5 s après la fermeture {after:.0f} Mo, "
          f"{args.settle:.0f} s après {settled:.0f} Mo (les caches bornés restent pour les visiteurs suivants) ; "
          f"par session ≈ {(stats['peak_mb'] - before) / max(args.sessions, 1):.1f} Mo")
    def listed(found: dict[str, float]) -> str:
        return ", ".join(f"{kind or 'autres'} {mb:.1f} Mo" for kind, mb in sorted(found.items(), key=lambda kv: -kv[1]))

    print(f"  caches du serveur (Streamlit, et duckdb : blocs du fichier gardés après lecture) : rodé {listed(held_before)} ; "
          f"après la fermeture {listed(held)}")
    grown = {k: held.get(k, 0.0) - held_before.get(k, 0.0) for k in sorted(set(held) | set(held_before))}
    print(f"  écart après − rodé : {settled - before:+.0f} Mo, dont caches de Streamlit "
          f"{sum(v for k, v in grown.items() if k != 'duckdb'):+.0f} Mo, DuckDB {grown.get('duckdb', 0.0):+.0f} Mo, "
          f"reste (allocateur, objets Python) {settled - before - sum(grown.values()):+.0f} Mo")
    if args.waves > 1:  # a leak would raise each wave's level; bounded caches keep it flat
        print("  par vague (autant de sessions, nouveaux navigateurs) : " + " ; ".join(
            f"vague {i + 1} pic {w['peak_mb']:.0f} Mo, 5 s après {w['after_mb']:.0f} Mo" for i, w in enumerate(waves)))
    for kind, values in sorted(stats.get("by_kind", {}).items()):
        values = sorted(values)
        net = stats.get("net_by_kind", {}).get(kind)
        print(f"  {kind:<10} n={len(values):<4} p50 {statistics.median(values):.2f} s, "
              f"max {values[-1]:.2f} s" + (f" ; sur le réseau p50 {statistics.median(net):.2f} s, "
                                           f"p95 {quantile95(net):.2f} s" if net else ""))
    for err in stats["errors"][:10]:
        print("  erreur :", err)
    return 0


if __name__ == "__main__":
    sys.exit(main())
