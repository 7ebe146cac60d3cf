"""require_non_empty: the shared identifier check of the handwritten clients."""

from __future__ import annotations

from typing import Any

import pytest

from cloudflarefs.core import require_items, require_non_empty
from cloudflarefs.core.errors import InvalidInputError, InvalidInputTypeError


def test_a_non_blank_string_comes_back_unchanged() -> None:
    assert require_non_empty("namespace_id", " ns-1 ") == " ns-1 "


@pytest.mark.parametrize("value", ["", " ", "\t\n"])
def test_blank_strings_are_refused_naming_the_argument(value: str) -> None:
    with pytest.raises(InvalidInputError, match=r"^namespace_id must be a non-empty string, got '"):
        require_non_empty("namespace_id", value)


@pytest.mark.parametrize("value", [None, 42, b"secret-bytes-77"])
def test_other_types_are_refused_by_type_name_only(value: Any) -> None:
    with pytest.raises(InvalidInputError) as caught:
        require_non_empty("origin.password", value)
    assert str(caught.value) == (
        f"origin.password must be a non-empty string, got {type(value).__name__}"
    )
    assert "secret-bytes-77" not in str(caught.value)


def test_a_wrong_type_is_both_a_type_error_and_an_invalid_input_error() -> None:
    with pytest.raises(TypeError) as caught:
        require_non_empty("namespace_id", 123)  # pyright: ignore[reportArgumentType]
    assert isinstance(caught.value, InvalidInputTypeError)
    assert isinstance(caught.value, InvalidInputError) and isinstance(caught.value, ValueError)
    with pytest.raises(InvalidInputError) as blank:
        require_non_empty("namespace_id", " ")
    assert not isinstance(blank.value, TypeError), "a bad value is not a type error"


@pytest.mark.parametrize(
    "value", ["abc", b"abc", bytearray(b"a"), memoryview(b"a"), {"a": 1}, 5, None]
)
def test_require_items_refuses_what_iterates_into_the_wrong_items(value: Any) -> None:
    with pytest.raises(InvalidInputTypeError, match=r"^messages must be a list .* got "):
        require_items(value, "messages")


def test_require_items_takes_any_other_iterable() -> None:
    assert require_items(["a", "b"], "x") == ["a", "b"]
    assert require_items(("a",), "x") == ["a"]
    assert require_items((c for c in "ab"), "x") == ["a", "b"]
    assert require_items({"k"}, "x") == ["k"]
