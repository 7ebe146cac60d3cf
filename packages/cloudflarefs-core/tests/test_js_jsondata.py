"""check_json: what JSON-bound APIs accept (the JS side is covered in Pyodide by
cloudflarefs-testing's test_json_roundtrip_in_pyodide)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError
from cloudflarefs.core.js import check_json

SAFE = 2**53 - 1
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-SAFE, SAFE)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


@given(json_values)
def test_any_json_value_is_accepted_and_serialized_as_json(value: Any) -> None:
    assert json.loads(check_json(value)) == value


@pytest.mark.parametrize(
    ("value", "error", "path"),
    [
        ({"a": [1, b"x"]}, InvalidInputTypeError, "metadata['a'][1] is a bytes"),
        ({"a": {1, 2}}, InvalidInputTypeError, "metadata['a'] is a set"),
        ({"t": dt.datetime.now(dt.UTC)}, InvalidInputTypeError, "metadata['t'] is a datetime"),
        ({1: "x"}, InvalidInputTypeError, "metadata has a int key"),
        ([float("nan")], InvalidInputError, "metadata[0] is nan"),
        ({"big": 2**53}, InvalidInputError, "outside JSON's exact integer range"),
    ],
)
def test_what_json_cannot_hold_is_refused_naming_the_path(
    value: Any, error: type[Exception], path: str
) -> None:
    with pytest.raises(error) as caught:
        check_json(value, "metadata")
    assert path in str(caught.value)


def test_cycles_are_refused() -> None:
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(InvalidInputError, match="cycle"):
        check_json(loop)
    shared = [1]
    assert check_json([shared, shared]) == "[[1],[1]]"  # shared, not cyclic
