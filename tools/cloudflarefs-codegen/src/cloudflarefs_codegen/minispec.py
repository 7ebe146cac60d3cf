"""Tiny OpenAPI documents for the generator's functional tests."""

from __future__ import annotations

from typing import Any

__all__ = ["COMMON", "envelope", "make_doc"]


def make_doc(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    """A minimal OpenAPI document."""
    return {"openapi": "3.0.3", "paths": paths, "components": {"schemas": schemas or {}}}


def envelope(result: Any) -> dict[str, Any]:
    """A 200 response with the usual allOf(common, {result}) envelope."""
    return {
        "200": {
            "description": "ok",
            "content": {
                "application/json": {
                    "schema": {
                        "allOf": [
                            {"$ref": "#/components/schemas/x_api-response-common"},
                            {"properties": {"result": result}},
                        ]
                    }
                }
            },
        }
    }


COMMON = {
    "x_api-response-common": {
        "type": "object",
        "required": ["success", "errors", "messages"],
        "properties": {
            "success": {"type": "boolean", "enum": [True]},
            "errors": {"type": "array", "items": {"type": "object"}},
            "messages": {"type": "array", "items": {"type": "object"}},
            "result": {"anyOf": [{"type": "object"}, {"type": "array"}, {"type": "string"}]},
        },
    }
}
