"""Host CPython unit tests for the pure validation helpers and the DurableObject base class."""

import datetime as dt
from typing import Any

import pytest

from cloudflarefs.core import InvalidInputError
from cloudflarefs.durable_objects.runtime import AlarmInfo, DurableObject
from cloudflarefs.durable_objects.runtime._sql import bind_value
from cloudflarefs.durable_objects.runtime._state import check_tags
from cloudflarefs.durable_objects.runtime._storage import alarm_ms, check_key, check_keys


def test_key_checks() -> None:
    assert check_key("é" * 1024) == "é" * 1024  # 2048 bytes: the limit
    with pytest.raises(InvalidInputError, match="over 2048 bytes"):
        check_key("é" * 1025)
    for not_a_list in ("abc", b"ab", {"a": 1}):  # iterating these gives letters, ints or keys
        with pytest.raises(TypeError, match="keys must be a list"):
            check_keys(not_a_list)  # pyright: ignore[reportArgumentType]
    with pytest.raises(InvalidInputError, match="at most 128"):
        check_keys(str(i) for i in range(129))


def test_alarm_times() -> None:
    when = dt.datetime(2030, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert alarm_ms(when) == when.timestamp() * 1000
    assert alarm_ms(5) == 5.0
    for bad in (dt.datetime(2030, 1, 1), True, "soon"):
        with pytest.raises(InvalidInputError):
            alarm_ms(bad)  # type: ignore[arg-type]


def test_sql_bindings_accept_sql_types_only() -> None:
    assert [bind_value(v, 1) for v in (True, 3, 1.5, "s")] == [1, 3, 1.5, "s"]
    for bad in (float("inf"), 2**53, object(), {"a": 1}):
        with pytest.raises(InvalidInputError, match="binding 1"):
            bind_value(bad, 1)  # type: ignore[arg-type]


def test_tag_checks() -> None:
    assert check_tags(("a", "b")) == ["a", "b"]
    for bad in ("room", ["x"] * 11, [""], ["x" * 257], [1]):
        with pytest.raises(InvalidInputError):
            check_tags(bad)  # type: ignore[arg-type]


async def test_base_class_default_hooks_and_alarm_info() -> None:
    class Recorder(DurableObject):
        infos: list[AlarmInfo]

        async def on_alarm(self, info: AlarmInfo) -> None:
            self.infos.append(info)

    obj = Recorder(object(), {"env": True})
    obj.infos = []
    await obj.web_socket_message(None, "x")  # default hooks are no-ops
    await obj.webSocketClose(None, "1000", None, 1)
    assert obj.env == {"env": True}
    fake_ctx: Any = obj.ctx
    assert obj.state.js_object is fake_ctx
