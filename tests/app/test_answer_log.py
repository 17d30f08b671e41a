"""The load test's answer log (maillage.ui.runlog.watch_answers): off by default; once on, Streamlit's runtime
is hooked once per process, logs rerun requests and run ends, and still does its own work."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_answer_log_off_without_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.runtime.app_session import AppSession

    from maillage.ui import runlog

    monkeypatch.delenv("MAILLAGE_ANSWER_LOG", raising=False)
    monkeypatch.setattr(runlog, "_ANSWERS", {"watched": False, "warned": False})
    original = AppSession.handle_backmsg
    runlog.watch_answers()
    assert AppSession.handle_backmsg is original


def test_answer_log_records_rerun_requests_and_run_ends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hooks log a rerun request and a script_finished, ignore other messages, and still call Streamlit."""
    from types import SimpleNamespace

    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.runtime import Runtime

    from maillage.ui import runlog

    handled, sent = [], []
    monkeypatch.setattr(AppSession, "handle_backmsg", lambda self, msg: handled.append(msg.WhichOneof("type")))
    monkeypatch.setattr(Runtime, "_send_message", lambda self, info, msg: sent.append(msg.WhichOneof("type")))
    monkeypatch.setattr(runlog, "_ANSWERS", {"watched": False, "warned": False})
    log = tmp_path / "answers.log"
    monkeypatch.setenv("MAILLAGE_ANSWER_LOG", str(log))
    runlog.watch_answers()
    runlog.watch_answers()  # a second script run of the same process: hooked once, not twice
    session = SimpleNamespace(id="s1")
    rerun, heartbeat = BackMsg(), BackMsg()
    rerun.rerun_script.query_string = ""
    heartbeat.app_heartbeat = True
    finished, delta = ForwardMsg(), ForwardMsg()
    finished.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    delta.delta.new_element.markdown.body = "x"
    AppSession.handle_backmsg(session, heartbeat)  # type: ignore[arg-type]
    AppSession.handle_backmsg(session, rerun)  # type: ignore[arg-type]
    Runtime._send_message(None, SimpleNamespace(session=session), delta)  # type: ignore[arg-type]
    Runtime._send_message(None, SimpleNamespace(session=session), finished)  # type: ignore[arg-type]
    assert handled == ["app_heartbeat", "rerun_script"] and sent == ["delta", "script_finished"]
    assert [line.split()[1:] for line in log.read_text(encoding="ascii").splitlines()] == [["s1", "req"], ["s1", "end"]]


def test_answer_log_stamps_a_run_end_when_its_bytes_reach_the_socket(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """With Streamlit's Starlette server a message is queued, then sent by a background task: the end is logged
    when the socket's send_bytes has written the script_finished bytes, not when they were queued."""
    import asyncio
    from types import SimpleNamespace

    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.runtime import Runtime

    from maillage.ui import runlog

    written: list[bytes] = []

    class Socket:
        async def send_bytes(self, data: bytes) -> None:
            written.append(data)

    monkeypatch.setattr(Runtime, "_send_message", lambda self, info, msg: None)  # queues, sends nothing itself
    monkeypatch.setattr(runlog, "_ANSWERS", {"watched": False, "warned": False})
    log = tmp_path / "answers.log"
    monkeypatch.setenv("MAILLAGE_ANSWER_LOG", str(log))
    runlog.watch_answers()
    socket = Socket()
    info = SimpleNamespace(session=SimpleNamespace(id="s2"), client=SimpleNamespace(_websocket=socket))
    finished, delta = ForwardMsg(), ForwardMsg()
    finished.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    delta.delta.new_element.markdown.body = "x"
    Runtime._send_message(None, info, finished)  # type: ignore[arg-type]
    assert not log.exists()  # queued, not yet written
    asyncio.run(socket.send_bytes(delta.SerializeToString()))
    asyncio.run(socket.send_bytes(finished.SerializeToString()))
    assert len(written) == 2  # the socket still sends everything
    assert [line.split()[1:] for line in log.read_text(encoding="ascii").splitlines()] == [["s2", "end"]]


def test_answer_log_that_cannot_be_written_loses_no_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.runtime.app_session import AppSession

    from maillage.ui import runlog

    handled: list[str] = []
    monkeypatch.setattr(AppSession, "handle_backmsg", lambda self, msg: handled.append(msg.WhichOneof("type")))
    monkeypatch.setattr(runlog, "_ANSWERS", {"watched": False, "warned": False})
    monkeypatch.setenv("MAILLAGE_ANSWER_LOG", str(tmp_path / "missing-folder" / "answers.log"))
    runlog.watch_answers()
    rerun = BackMsg()
    rerun.rerun_script.query_string = ""
    AppSession.handle_backmsg(SimpleNamespace(id="s3"), rerun)  # type: ignore[arg-type]
    AppSession.handle_backmsg(SimpleNamespace(id="s3"), rerun)  # type: ignore[arg-type]
    assert handled == ["rerun_script", "rerun_script"]
