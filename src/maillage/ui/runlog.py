"""Server-side timings for the load test, off unless their variables name files.

The load test's browser-side latency includes the test browsers' own rendering; two logs give the server's part:

- ``$MAILLAGE_RUN_LOG``: the duration of each script run, one ``<epoch seconds> <milliseconds> <kind>`` line per
  run, appended. ``kind`` is ``page:<url path>`` for a whole-page run, or a fragment's name (``simulator``) when
  only that fragment reran. A fragment drawn inside a whole-page run is counted in the page run, not twice.
- ``$MAILLAGE_ANSWER_LOG``: when each session's rerun request reached the server and when each script run's end
  left it, ``<epoch seconds> <session id> req|end`` (see ``watch_answers``); ``answer_times`` pairs them into the
  server's answer, socket to socket, with the waiting in the server's queues that the run log does not see.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

LOG = logging.getLogger(__name__)
_RUNNING = threading.local()  # Streamlit runs each session's script in its own thread
_ANSWERS = {"watched": False, "warned": False}  # this process's Streamlit runtime is watched; a write failed


@contextmanager
def timed_run(kind: str = "page") -> Iterator[None]:
    path = os.environ.get("MAILLAGE_RUN_LOG")
    if not path or getattr(_RUNNING, "active", False):
        yield
        return
    _RUNNING.active, _RUNNING.kind = True, kind
    t0 = time.perf_counter()
    try:
        yield
    finally:
        _RUNNING.active = False
        with open(path, "a", encoding="ascii") as f:  # one short write per run: O_APPEND keeps lines whole
            f.write(f"{time.time():.3f} {1000 * (time.perf_counter() - t0):.1f} {_RUNNING.kind}\n")


def name_run(kind: str) -> None:
    """Name the run in progress (the page, once the router knows it); no effect outside a logged run."""
    if getattr(_RUNNING, "active", False):
        _RUNNING.kind = kind


def watch_answers() -> None:
    """With ``$MAILLAGE_ANSWER_LOG`` naming a file (the load test), once per server process: log when each
    session's rerun request reaches the server (``req``, as Streamlit's AppSession handles it) and when each
    script run's end leaves for the browser (``end``: when its ``script_finished`` bytes are written to the
    session's WebSocket, after the messages queued before it; without a socket to watch, when it is queued).
    This wraps two methods of Streamlit's runtime (``AppSession.handle_backmsg``, ``Runtime._send_message``,
    pinned by constraints.txt) and each session socket's ``send_bytes``; if a future Streamlit lacks them, one
    line is logged and the app goes on unwatched."""
    path = os.environ.get("MAILLAGE_ANSWER_LOG")
    if not path or _ANSWERS["watched"]:
        return
    _ANSWERS["watched"] = True
    try:
        from streamlit.runtime.app_session import AppSession
        from streamlit.runtime.runtime import Runtime

        received, send = AppSession.handle_backmsg, Runtime._send_message
    except (ImportError, AttributeError) as exc:
        LOG.warning("MAILLAGE_ANSWER_LOG : journal des réponses indisponible avec ce Streamlit (%s)", exc)
        return

    def write(session: str, event: str) -> None:
        """Never raises: a measurement must not cost a visitor their message."""
        try:
            with open(path, "a", encoding="ascii") as f:  # one short write: O_APPEND keeps lines whole
                f.write(f"{time.time():.4f} {session} {event}\n")
        except OSError as exc:
            if not _ANSWERS["warned"]:  # said once per process
                _ANSWERS["warned"] = True
                LOG.warning("MAILLAGE_ANSWER_LOG : écriture impossible (%s)", exc)

    @functools.wraps(received)
    def handle_backmsg(self: Any, msg: Any) -> None:
        if msg.WhichOneof("type") == "rerun_script":
            write(self.id, "req")
        received(self, msg)

    def watch_socket(session_info: Any) -> bool:
        """Log a run's end when its bytes are written to the session's socket (Streamlit's Starlette server
        queues each message and a background task sends it); False where there is no such socket to watch."""
        socket = getattr(getattr(session_info, "client", None), "_websocket", None)
        if socket is None or not hasattr(socket, "send_bytes"):
            return False
        if not getattr(socket, "_maillage_watched", False):
            original, session = socket.send_bytes, session_info.session.id

            async def send_bytes(data: bytes) -> None:
                await original(data)
                if is_script_finished(data):
                    write(session, "end")

            socket.send_bytes = send_bytes
            socket._maillage_watched = True
        return True

    @functools.wraps(send)
    def send_message(self: Any, session_info: Any, msg: Any) -> None:
        send(self, session_info, msg)
        if not watch_socket(session_info) and msg.WhichOneof("type") == "script_finished":
            write(session_info.session.id, "end")  # no socket to watch: when the message is queued

    AppSession.handle_backmsg = handle_backmsg  # type: ignore[method-assign]
    Runtime._send_message = send_message  # type: ignore[method-assign]


def is_script_finished(data: bytes) -> bool:
    """Whether a ForwardMsg's bytes are a script run's end (a short message: longer ones are not parsed)."""
    if len(data) >= 1024:
        return False
    from google.protobuf.message import DecodeError
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    try:
        msg.ParseFromString(data)
    except DecodeError:
        return False
    return msg.WhichOneof("type") == "script_finished"


def answer_events(lines: Iterable[str]) -> dict[str, list[tuple[float, str]]]:
    """``watch_answers``'s lines by session: (epoch seconds, ``req`` or ``end``), in time order."""
    events: dict[str, list[tuple[float, str]]] = {}
    for line in lines:
        stamp, session, event = line.split()
        events.setdefault(session, []).append((float(stamp), event))
    for session_events in events.values():
        session_events.sort()
    return events


def answer_times(lines: Iterable[str], windows: list[tuple[float, float]]) -> list[float]:
    """The server's answers (seconds), from ``watch_answers``'s lines: for each rerun request received inside a
    window, the time to the last script-run end sent to that session before its next request — an action's
    chained runs (a page switch, an ``st.rerun``) count in its answer. A request with no end before the next one
    (its run was interrupted by a newer request) has no answer of its own."""
    answers = []
    for session_events in answer_events(lines).values():
        for i, (t, event) in enumerate(session_events):
            if event != "req" or not any(start <= t <= end for start, end in windows):
                continue
            ends = []
            for t2, later in session_events[i + 1:]:
                if later == "req":
                    break
                ends.append(t2)
            if ends:
                answers.append(max(ends) - t)
    return answers
