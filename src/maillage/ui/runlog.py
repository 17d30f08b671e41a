"""Server-side duration of each script run, for the load test: off unless $MAILLAGE_RUN_LOG names a file.

The load test's browser-side latency includes the test browsers' own rendering; this log gives the server's
part alone: one ``<epoch seconds> <milliseconds> <kind>`` line per run, appended. ``kind`` is
``page:<url path>`` for a whole-page run, or a fragment's name (``simulator``) when only that fragment reran.
A fragment drawn inside a whole-page run is counted in the page run, not twice.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

_RUNNING = threading.local()  # Streamlit runs each session's script in its own thread


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
