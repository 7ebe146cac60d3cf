"""Host-CPython unit tests for D1's pure parts: bind validation, result structuring, errors."""

import datetime as dt

import attrs
import pytest

from cloudflarefs.core import InvalidInputError, ResponseDecodeError
from cloudflarefs.core.js import JS_NULL, JsError
from cloudflarefs.d1.runtime import D1Database, D1Error, D1Meta, D1Timings
from cloudflarefs.d1.runtime._errors import as_d1_error
from cloudflarefs.d1.runtime._results import exec_result_from_py, result_from_py, rows_into
from cloudflarefs.d1.runtime._values import bind_param, check_sql


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, JS_NULL),
        (JS_NULL, JS_NULL),
        (True, 1),
        (False, 0),
        (5, 5),
        (2**53 - 1, float(2**53 - 1)),
        (-(2**31), -(2**31)),
        (1.5, 1.5),
        ("s", "s"),
        (bytearray(b"ab"), b"ab"),
        (memoryview(b"cd"), b"cd"),
    ],
)
def test_bind_param_normalizes_supported_values(value: object, expected: object) -> None:
    got = bind_param(value, 0)
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize(
    "value", [2**53, -(2**53), float("inf"), float("nan"), {"a": 1}, [1], dt.datetime.now(dt.UTC)]
)
def test_bind_param_rejects_with_position(value: object) -> None:
    with pytest.raises(InvalidInputError, match="bind parameter 3"):
        bind_param(value, 2)


def test_check_sql_and_constructor() -> None:
    assert check_sql("SELECT 1") == "SELECT 1"
    for bad in ("", "  \n", None, 1):
        with pytest.raises(InvalidInputError):
            check_sql(bad)
    with pytest.raises(InvalidInputError):
        D1Database(None)


def test_result_structuring_keeps_unknown_meta_and_converts_blobs() -> None:
    result = result_from_py(
        {
            "success": True,
            "results": [{"id": 1, "b": [0, 255], "n": None}],
            "meta": {
                "duration": 0.5,
                "changes": 0,
                "last_row_id": 9,
                "changed_db": False,
                "size_after": 10,
                "rows_read": 1,
                "rows_written": 0,
                "served_by_primary": True,
                "timings": {"sql_duration_ms": 0.1, "new_timer": 2},
                "brand_new": "x",
            },
        }
    )
    assert result.results == [{"id": 1, "b": b"\x00\xff", "n": None}]
    assert result.meta.last_row_id == 9 and result.meta.served_by_primary is True
    assert result.meta.timings == D1Timings(sql_duration_ms=0.1, extra={"new_timer": 2})
    assert result.meta.extra == {"brand_new": "x"}
    assert result_from_py({"results": []}).meta == D1Meta()
    with pytest.raises(ResponseDecodeError):
        result_from_py([1])
    assert exec_result_from_py({"count": 2, "duration": 1.0}).count == 2


def test_rows_into_attrs_class_reports_field_paths() -> None:
    @attrs.frozen
    class Row:
        id: int
        data: bytes

    assert rows_into([{"id": 1, "data": b"\x01"}], Row) == [Row(1, b"\x01")]
    with pytest.raises(ResponseDecodeError, match="Row"):
        rows_into([{"id": "x", "data": 3}], Row)


def test_d1_error_codes_from_messages() -> None:
    err = as_d1_error(JsError("Error", "D1_TYPE_ERROR: Type 'bigint' not supported"))
    assert isinstance(err, D1Error) and err.code == "D1_TYPE_ERROR"
    plain = JsError("TypeError", "x is not a function")
    assert as_d1_error(plain) is plain
