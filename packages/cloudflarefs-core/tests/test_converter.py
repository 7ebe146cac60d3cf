"""The shared converter: datetimes, open enums, UNSET, renames, kept unknown fields."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudflarefs.core import (
    UNSET,
    WIRE_NAME,
    OpenIntEnum,
    OpenStrEnum,
    ResponseDecodeError,
    Unset,
    extra_field,
    structure,
    unstructure,
)
from cloudflarefs.core.converter import (
    _parse_normalized,  # pyright: ignore[reportPrivateUsage]
    parse_datetime,
)


class Status(OpenStrEnum):
    ACTIVE = "active"
    PAUSED = "paused"


class Level(OpenIntEnum):
    LOW = 1


@attrs.frozen(kw_only=True)
class Namespace:
    id: str
    title: str
    created_on: dt.datetime | None = None
    status: Status | None = None
    supports_url_encoding: bool | None = attrs.field(
        default=None, metadata={WIRE_NAME: "supports-url-encoding"}
    )
    extra: dict[str, Any] = extra_field()


@attrs.define(kw_only=True)
class CreateBody:
    title: str
    ttl: int | Unset = UNSET
    note: str | Unset | None = UNSET
    child: Namespace | Unset = UNSET


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-08-06T21:52:00Z", dt.datetime(2024, 8, 6, 21, 52, tzinfo=dt.UTC)),
        ("2024-08-06T21:52:00.5Z", dt.datetime(2024, 8, 6, 21, 52, 0, 500000, tzinfo=dt.UTC)),
        (
            "2024-08-06T21:52:00.123456789Z",
            dt.datetime(2024, 8, 6, 21, 52, 0, 123456, tzinfo=dt.UTC),
        ),
        (
            "2024-08-06T21:52:00.1234567+02:00",
            dt.datetime(2024, 8, 6, 21, 52, 0, 123456, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        ),
    ],
)
def test_datetimes(text: str, expected: dt.datetime) -> None:
    assert parse_datetime(text) == expected


@st.composite
def iso_texts(draw: st.DrawFn) -> str:
    """Timestamps as servers write them: any fraction length, Z, z or an offset, padding."""
    when = draw(st.datetimes(min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2100, 1, 1)))
    text = when.strftime("%Y-%m-%dT%H:%M:%S")
    digits = draw(st.integers(0, 9))
    if digits:
        text += "." + "".join(
            draw(st.lists(st.sampled_from("0123456789"), min_size=digits, max_size=digits))
        )
    text += draw(st.sampled_from(["", "Z", "z", "+00:00", "+05:30", "-08:00"]))
    return draw(st.sampled_from(["", " "])) + text + draw(st.sampled_from(["", " ", "\n"]))


@given(iso_texts())
def test_the_one_call_fast_path_parses_as_the_normalisation_does(text: str) -> None:
    # parse_datetime tries fromisoformat on the text as it is first; whatever that accepts
    # must come out as the normalising parser reads it (Z, truncated fractions, offsets).
    assert parse_datetime(text) == _parse_normalized(text)
    assert parse_datetime(text).utcoffset() == _parse_normalized(text).utcoffset()


def test_structure_keeps_unknown_fields_and_renames() -> None:
    ns = structure(
        {
            "id": "n1",
            "title": "t",
            "created_on": "2024-01-01T00:00:00Z",
            "supports-url-encoding": True,
            "brand_new_field": {"x": 1},
        },
        Namespace,
    )
    assert ns.supports_url_encoding is True
    assert ns.extra == {"brand_new_field": {"x": 1}}
    wire = unstructure(ns)
    assert wire["supports-url-encoding"] is True
    assert wire["brand_new_field"] == {"x": 1}
    assert wire["created_on"] == "2024-01-01T00:00:00Z"
    assert "extra" not in wire


def test_open_enum_keeps_unknown_values() -> None:
    ns = structure({"id": "n", "title": "t", "status": "migrating"}, Namespace)
    assert ns.status is not None
    assert ns.status.value == "migrating"
    assert ns.status.is_known is False
    assert Status("active") is Status.ACTIVE and Status.ACTIVE.is_known
    assert unstructure(ns)["status"] == "migrating"
    assert Level(7).value == 7 and not Level(7).is_known
    assert list(Status) == [Status.ACTIVE, Status.PAUSED]


def test_unset_is_omitted_but_none_is_sent() -> None:
    assert unstructure(CreateBody(title="a")) == {"title": "a"}
    assert unstructure(CreateBody(title="a", ttl=60, note=None)) == {
        "title": "a",
        "ttl": 60,
        "note": None,
    }
    assert UNSET is not None and not UNSET and repr(UNSET) == "UNSET"


def test_structure_into_unset_unions() -> None:
    body = structure({"title": "a", "ttl": 5, "child": {"id": "i", "title": "c"}}, CreateBody)
    assert body.ttl == 5
    assert isinstance(body.child, Namespace)
    assert structure({"title": "a"}, CreateBody).ttl is UNSET


def test_failures_become_decode_errors_with_paths() -> None:
    with pytest.raises(ResponseDecodeError) as info:
        structure({"id": "x", "title": "t", "created_on": "not a date"}, Namespace, body=b"raw")
    assert any("$.created_on" in d for d in info.value.details)
    assert info.value.body == b"raw"
    with pytest.raises(ResponseDecodeError) as info:
        structure({"title": "t"}, Namespace)
    assert any("$.id" in d for d in info.value.details)
    with pytest.raises(ResponseDecodeError):
        structure("not an object", Namespace)


def test_list_of_models() -> None:
    items = structure([{"id": "1", "title": "a"}, {"id": "2", "title": "b"}], list[Namespace])
    assert [n.id for n in items] == ["1", "2"]


@attrs.frozen(kw_only=True)
class Deployment:
    strategy: Literal["percentage"]
    kind: Literal["a", "b"] | None = None


def test_string_literals_keep_new_server_values() -> None:
    assert structure({"strategy": "percentage"}, Deployment).strategy == "percentage"
    newer = structure({"strategy": "gradual", "kind": "c"}, Deployment)
    assert newer.strategy == "gradual"
    assert newer.kind == "c"
    with pytest.raises(ResponseDecodeError):
        structure({"strategy": 5}, Deployment)


def test_str_fields_accept_numbers_but_not_containers() -> None:
    assert structure({"id": 12, "title": "t"}, Namespace).id == "12"
    for bad in (["a"], {"x": 1}, True, None):
        with pytest.raises(ResponseDecodeError):
            structure({"id": bad, "title": "t"}, Namespace)
