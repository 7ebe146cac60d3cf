"""``DurableObjectNamespace`` and ``DurableObjectStub``."""

from __future__ import annotations

import re
from typing import Any, Final, Literal, get_args

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError
from cloudflarefs.core.js import js_errors, to_js
from cloudflarefs.durable_objects.runtime._id import DurableObjectId, optional_str
from cloudflarefs.workers.runtime import Fetcher

Jurisdiction = Literal["eu", "fedramp", "fedramp-high"]
"""Where a Durable Object's data may live."""
LocationHint = Literal[
    "wnam", "enam", "sam", "weur", "eeur", "apac", "apac-ne", "apac-se", "oc", "afr", "me"
]
"""Where to create a Durable Object first (a hint, not a guarantee)."""
RoutingMode = Literal["primary-only"]
"""Route requests to the primary instance only."""

_JURISDICTIONS: Final = frozenset(get_args(Jurisdiction))
_HINTS: Final = frozenset(get_args(LocationHint))
_ROUTING: Final = frozenset(get_args(RoutingMode))
_HEX_ID = re.compile(r"^[0-9a-f]{64}$")


def _check_choice(what: str, value: str | None, allowed: frozenset[str]) -> None:
    if value is not None and value not in allowed:
        raise InvalidInputError(f"{what} must be one of {sorted(allowed)}, got {value!r}")


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not name:  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError("a Durable Object name must be a non-empty str")
    return name


def _stub_options(location_hint: str | None, routing_mode: str | None) -> Any:
    _check_choice("location_hint", location_hint, _HINTS)
    _check_choice("routing_mode", routing_mode, _ROUTING)
    options = {"locationHint": location_hint, "routingMode": routing_mode}
    return to_js({k: v for k, v in options.items() if v is not None})


class DurableObjectStub(Fetcher):
    """A client for one Durable Object: HTTP via :meth:`fetch`, RPC via :meth:`call` or
    attribute access (``await stub.increment(2)``).

    RPC arguments and results go through the codec (dict ↔ object, bytes ↔ Uint8Array,
    datetime ↔ Date).
    """

    __slots__ = ()

    @property
    def id(self) -> DurableObjectId:
        """The id of the object this stub talks to."""
        return DurableObjectId(self.js_object.id)

    @property
    def name(self) -> str | None:
        """The name used to get the stub, when there was one."""
        return optional_str(self.js_object, "name")

    def __repr__(self) -> str:
        return f"DurableObjectStub(name={self.name!r})"


class DurableObjectNamespace:
    """A Durable Object namespace binding: ``DurableObjectNamespace(env.COUNTER)``."""

    __slots__ = ("_js",)

    def __init__(self, js_binding: Any) -> None:
        self._js: Any = js_binding

    @property
    def js_object(self) -> Any:
        """The wrapped JS binding."""
        return self._js

    def id_from_name(self, name: str) -> DurableObjectId:
        """The id derived from ``name`` (the same name always gives the same object)."""
        _check_name(name)
        with js_errors():
            return DurableObjectId(self._js.idFromName(name))

    def id_from_string(self, hex_id: str) -> DurableObjectId:
        """Rebuild an id from :meth:`DurableObjectId.to_string` output (64 hex digits)."""
        if not isinstance(hex_id, str) or not _HEX_ID.match(hex_id):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(
                f"a Durable Object id string is 64 lower-case hex digits, got {hex_id!r}"
            )
        with js_errors():
            return DurableObjectId(self._js.idFromString(hex_id))

    def new_unique_id(self, *, jurisdiction: Jurisdiction | None = None) -> DurableObjectId:
        """A new random id, optionally restricted to ``jurisdiction``."""
        _check_choice("jurisdiction", jurisdiction, _JURISDICTIONS)
        with js_errors():
            if jurisdiction is None:
                return DurableObjectId(self._js.newUniqueId())
            return DurableObjectId(self._js.newUniqueId(to_js({"jurisdiction": jurisdiction})))

    def get(
        self,
        object_id: DurableObjectId,
        *,
        location_hint: LocationHint | None = None,
        routing_mode: RoutingMode | None = None,
    ) -> DurableObjectStub:
        """A stub for the object with ``object_id`` (created on first use)."""
        if not isinstance(object_id, DurableObjectId):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputTypeError(
                f"get() takes a DurableObjectId (see id_from_name), got {type(object_id).__name__}"
            )
        options = _stub_options(location_hint, routing_mode)
        with js_errors():
            return DurableObjectStub(self._js.get(object_id.js_object, options))

    def get_by_name(
        self,
        name: str,
        *,
        location_hint: LocationHint | None = None,
        routing_mode: RoutingMode | None = None,
    ) -> DurableObjectStub:
        """A stub for the object named ``name`` (``get(id_from_name(name))`` in one call)."""
        _check_name(name)
        options = _stub_options(location_hint, routing_mode)
        with js_errors():
            return DurableObjectStub(self._js.getByName(name, options))

    def jurisdiction(self, jurisdiction: Jurisdiction) -> DurableObjectNamespace:
        """This namespace restricted to ``jurisdiction`` (ids it makes stay there)."""
        _check_choice("jurisdiction", jurisdiction, _JURISDICTIONS)
        with js_errors():
            return DurableObjectNamespace(self._js.jurisdiction(jurisdiction))

    def __repr__(self) -> str:
        return "DurableObjectNamespace()"
