"""The pure server-sent events parser."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudflarefs.ai.management import ServerSentEvent, SSEDecoder, iter_events


def _events(text: str) -> list[ServerSentEvent]:
    return list(iter_events([text]))


def test_single_data_event() -> None:
    assert _events('data: {"response":"Hi"}\n\n') == [ServerSentEvent(data='{"response":"Hi"}')]
    assert _events('data: {"response":"Hi"}\n\n')[0].json() == {"response": "Hi"}


def test_multi_line_data_joins_with_newlines() -> None:
    assert _events("data: first\ndata: second\ndata:\ndata: fourth\n\n")[0].data == (
        "first\nsecond\n\nfourth"
    )


def test_comments_are_ignored() -> None:
    text = ": keep-alive\n\n: another\ndata: x\n: inside\n\n"
    assert _events(text) == [ServerSentEvent(data="x")]


def test_event_id_and_retry_fields() -> None:
    text = "event: update\nid: 7\nretry: 1500\ndata: a\n\ndata: b\n\nretry: soon\ndata: c\n\n"
    assert _events(text) == [
        ServerSentEvent(event="update", data="a", id="7", retry=1500),
        ServerSentEvent(event="message", data="b", id="7", retry=None),
        ServerSentEvent(event="message", data="c", id="7", retry=None),
    ]


def test_id_with_nul_is_ignored_and_empty_id_resets() -> None:
    text = "id: 1\ndata: a\n\nid: x\0y\ndata: b\n\nid\ndata: c\n\n"
    assert [e.id for e in _events(text)] == ["1", "1", ""]


def test_done_sentinel_is_an_ordinary_event_for_the_parser() -> None:
    assert _events("data: [DONE]\n\n") == [ServerSentEvent(data="[DONE]")]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_line_ending(newline: str) -> None:
    text = f"event: e{newline}data: 1{newline}data: 2{newline}{newline}data: 3{newline}{newline}"
    assert _events(text) == [
        ServerSentEvent(event="e", data="1\n2"),
        ServerSentEvent(data="3"),
    ]


def test_crlf_split_across_chunks_is_one_line_end() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\r") == []
    assert decoder.feed(b"\n\r") == [ServerSentEvent(data="a")]
    assert decoder.feed(b"\ndata: b\r\n\r\n") == [ServerSentEvent(data="b")]


def test_field_without_colon_and_space_handling() -> None:
    assert _events("data\n\n") == [ServerSentEvent(data="")]  # an empty data line still counts
    assert _events("data\ndata\n\n") == [ServerSentEvent(data="\n")]
    assert _events("data:  two spaces\n\n")[0].data == " two spaces"
    assert _events("data:no space\n\n")[0].data == "no space"


def test_unknown_fields_and_blank_events_dispatch_nothing() -> None:
    assert _events("foo: bar\n\n\n\nevent: x\n\n") == []


def test_unterminated_event_at_end_of_stream_is_dropped() -> None:
    assert _events("data: complete\n\ndata: partial") == [ServerSentEvent(data="complete")]


def test_bom_and_multibyte_split_across_chunks() -> None:
    body = "\ufeffdata: héllo ✓\n\n".encode()
    chunks = [body[i : i + 1] for i in range(len(body))]
    assert list(iter_events(chunks)) == [ServerSentEvent(data="héllo ✓")]


STREAM = (
    ": hi\r\nevent: a\r\ndata: 1\r\ndata: 2\r\n\r\nid: 9\rretry: 10\rdata: x\r\rdata: [DONE]\n\n"
)


@given(st.lists(st.integers(min_value=0, max_value=len(STREAM.encode())), max_size=12))
def test_chunking_never_changes_the_events(cuts: list[int]) -> None:
    body = STREAM.encode()
    points = sorted({0, len(body), *cuts})
    chunks = [body[a:b] for a, b in itertools.pairwise(points)]
    assert list(iter_events(chunks)) == _events(STREAM)
    assert _events(STREAM) == [
        ServerSentEvent(event="a", data="1\n2"),
        ServerSentEvent(data="x", id="9", retry=10),
        ServerSentEvent(data="[DONE]", id="9"),
    ]
