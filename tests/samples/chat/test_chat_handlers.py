"""The chat sample end to end through its handlers: HTTP routes and WebSocket sessions into
the ``ChatRoom`` Python Durable Object, under the offline harness."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cloudflarefs.testing.pytest_plugin import WorkerFixture
from cloudflarefs.testing.websocket import WebSocketSession, WebSocketUpgradeRefused

SAMPLE = Path(__file__).parents[3] / "docs" / "samples" / "chat"


@pytest.fixture
def chat(worker: WorkerFixture) -> WorkerFixture:
    worker.load(SAMPLE)
    return worker


def frames_until(session: WebSocketSession, kind: str) -> list[dict[str, Any]]:
    """Frames up to and including the first of type ``kind``."""
    seen: list[dict[str, Any]] = []
    while True:
        frame = session.receive_json()
        seen.append(frame)
        if frame["type"] == kind:
            return seen


def test_page_and_routing(chat: WorkerFixture) -> None:
    page = chat.fetch("/")
    assert page.status == 200 and page.header("content-type") == "text/html; charset=utf-8"
    assert "<title>cloudflarefs chat</title>" in page.text and "new WebSocket(" in page.text
    assert chat.fetch("/nope").status == 404
    assert chat.fetch("/rooms/lobby/ws").status == 426, "a plain GET is not an upgrade"
    assert chat.fetch("/rooms/bad room/history").status == 404
    assert chat.fetch("/rooms/lobby/history").json() == {"messages": []}


def test_two_members_chat_and_history_is_kept(chat: WorkerFixture) -> None:
    with chat.websocket("/rooms/lobby/ws?name=ann") as ann:
        assert ann.receive_json() == {"type": "history", "messages": []}
        assert ann.receive_json() == {"type": "joined", "name": "ann"}
        with chat.websocket("/rooms/lobby/ws?name=bob") as bob:
            assert bob.receive_json() == {"type": "history", "messages": []}
            assert ann.receive_json() == {"type": "joined", "name": "bob"}
            assert bob.receive_json() == {"type": "joined", "name": "bob"}
            # Each member's frames arrive in order; two members' sends race, so take turns.
            for sender, text in ((ann, "hi bob"), (bob, "hi ann")):
                sender.send_json({"text": text})
                for session in (ann, bob):
                    got = session.receive_json()
                    assert (got["type"], got["text"]) == ("message", text), got
            bob.send("not json")
            assert bob.receive_json()["type"] == "error"
        assert frames_until(ann, "left")[-1] == {"type": "left", "name": "bob"}
    history = chat.fetch("/rooms/lobby/history").json()["messages"]
    assert [(m["id"], m["name"], m["text"]) for m in history] == [
        (1, "ann", "hi bob"),
        (2, "bob", "hi ann"),
    ]
    with chat.websocket("/rooms/lobby/ws?name=cy") as cy:
        joined_history = cy.receive_json()
        assert joined_history == {"type": "history", "messages": history}
    assert chat.fetch("/rooms/other/history").json() == {"messages": []}, "rooms are separate"


def test_bad_names_are_refused(chat: WorkerFixture) -> None:
    with pytest.raises(WebSocketUpgradeRefused) as refused:
        chat.websocket("/rooms/lobby/ws?name=")
    assert refused.value.status == 400


def test_alarm_trims_history(worker: WorkerFixture) -> None:
    # Keep 2 messages and trim as soon as a message arrives: the alarm fires right away.
    worker.load(SAMPLE, bindings={"vars": {"MAX_MESSAGES": 2, "TRIM_DELAY_SECONDS": 0}})
    with worker.websocket("/rooms/t/ws?name=ann") as ann:
        frames_until(ann, "joined")
        ann.send_json({"text": "one"})
        frames_until(ann, "message")
        trimmed = frames_until(ann, "trimmed")[-1]
        assert trimmed == {"type": "trimmed", "removed": 0, "kept": 1}
        for text in ("two", "three"):
            ann.send_json({"text": text})
        seen = frames_until(ann, "trimmed")
        seen += (
            [] if sum(f["type"] == "message" for f in seen) == 2 else frames_until(ann, "trimmed")
        )
        texts = [f["text"] for f in seen if f["type"] == "message"]
        assert texts == ["two", "three"], seen
    history = worker.fetch("/rooms/t/history").json()["messages"]
    assert [m["text"] for m in history] == ["two", "three"]
