"""``DurableObjectId``."""

from __future__ import annotations

from typing import Any

from cloudflarefs.core.js import from_js, js_errors


def optional_str(js: Any, attr: str) -> str | None:
    try:
        value = from_js(getattr(js, attr, None))
    except AttributeError:  # an absent JS property
        return None
    return value if isinstance(value, str) else None


class DurableObjectId:
    """The id of one Durable Object instance.

    Equal ids compare equal and hash alike (by their 64-hex-digit string form), so they can be
    dict keys. ``name`` is set for ids made with ``id_from_name``.
    """

    __slots__ = ("_hex", "_js")

    def __init__(self, js_id: Any) -> None:
        self._js: Any = js_id
        with js_errors():
            self._hex = str(js_id.toString())

    @property
    def js_object(self) -> Any:
        """The wrapped JS ``DurableObjectId``."""
        return self._js

    def to_string(self) -> str:
        """The id as 64 hex digits (store it; rebuild it with ``id_from_string``)."""
        return self._hex

    @property
    def name(self) -> str | None:
        """The name the id was derived from, or ``None`` for unique and string-built ids."""
        return optional_str(self._js, "name")

    @property
    def jurisdiction(self) -> str | None:
        """The jurisdiction the id is restricted to, if any."""
        return optional_str(self._js, "jurisdiction")

    def __str__(self) -> str:
        return self._hex

    def __repr__(self) -> str:
        return f"DurableObjectId({self._hex!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DurableObjectId):
            return NotImplemented
        return self._hex == other._hex

    def __hash__(self) -> int:
        return hash(self._hex)
