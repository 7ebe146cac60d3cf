"""Prism-only adjustments of a spec slice, for limits of Prism itself (never of the spec).

Prism 5.16 reads every ``multipart/form-data`` part as a string and ignores
``encoding.<part>.contentType`` (stoplightio/prism#2379), so a part documented as a JSON object
(Workers ``metadata``, ``settings``) can never validate. In the copy served to Prism only, such
parts become strings; our generated code and coverage still use the real slice.
"""

from __future__ import annotations

import copy
from typing import Any

__all__ = ["for_prism"]


def _json_parts_as_strings(media: dict[str, Any]) -> None:
    encoding: dict[str, Any] = media.get("encoding", {})
    json_parts = {
        name
        for name, enc in encoding.items()
        if str(enc.get("contentType", "")).startswith("application/json")
    }
    if not json_parts:
        return

    def visit(schema: Any) -> None:
        if not isinstance(schema, dict):
            return
        props = schema.get("properties")
        if isinstance(props, dict):
            for name in json_parts & set(props):
                props[name] = {"type": "string", "description": "JSON text (Prism-only relaxation)"}
        for key in ("allOf", "oneOf", "anyOf"):
            for sub in schema.get(key, []):
                visit(sub)

    visit(media.get("schema"))


def for_prism(doc: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of ``doc`` with JSON-encoded multipart parts relaxed to strings."""
    out = copy.deepcopy(doc)
    bodies: list[Any] = [
        op.get("requestBody")
        for item in out.get("paths", {}).values()
        if isinstance(item, dict)
        for op in item.values()
        if isinstance(op, dict)
    ]
    bodies += list(out.get("components", {}).get("requestBodies", {}).values())
    for body in bodies:
        if isinstance(body, dict):
            media = body.get("content", {}).get("multipart/form-data")
            if isinstance(media, dict):
                _json_parts_as_strings(media)
    return out
