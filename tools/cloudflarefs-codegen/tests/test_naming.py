"""Naming and collision rules."""

from __future__ import annotations

import pytest
from cloudflarefs_codegen.naming import (
    NameRegistry,
    clean_component_name,
    pascal_case,
    python_identifier,
    snake_case,
)


@pytest.mark.parametrize(
    ("component", "expected"),
    [
        ("workers-kv_namespace", "Namespace"),
        ("workers-kv_components-schemas-result", "Result"),
        ("workers_schemas-deployments-list-response", "DeploymentsListResponse"),
        ("workers_schemas-binding", "Binding"),
        ("mq_queue_created", "QueueCreated"),
        ("d1_api-response-common", "ApiResponseCommon"),
        ("gIGDLF1N_script_upload", "ScriptUpload"),  # old random-token prefixes strip the same way
        ("vectorize_parameters-index-name", "IndexName"),
        ("plain", "Plain"),
    ],
)
def test_component_names_lose_prefix_and_infixes(component: str, expected: str) -> None:
    assert clean_component_name(component) == expected


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("returnMetadata", "return_metadata"),
        ("class", "class_"),
        ("from", "from_"),
        ("type", "type_"),
        ("expiration_ttl", "expiration_ttl"),
        ("workers/message", "workers_message"),
        ("unparsable-behavior", "unparsable_behavior"),
        ("2fa", "n_2fa"),
        ("CF-WORKER-BODY-PART", "cf_worker_body_part"),
    ],
)
def test_python_identifiers(wire: str, expected: str) -> None:
    name = python_identifier(wire)
    assert name == expected
    assert name.isidentifier()


def test_reserved_names_get_a_trailing_underscore() -> None:
    assert python_identifier("extra", reserved=frozenset({"extra"})) == "extra_"


def test_case_conversions() -> None:
    assert snake_case("list-a-namespace'-s-keys") == "list_a_namespace_s_keys"
    assert snake_case("HTTPServerError") == "http_server_error"
    assert pascal_case("api-response-common") == "ApiResponseCommon"
    assert pascal_case("3d-model") == "N3dModel"
    assert pascal_case("") == "Model"


def test_collisions_resolve_deterministically() -> None:
    names = NameRegistry()
    assert names.claim("Result") == "Result"
    assert names.claim("Result", disambiguator="workers-kv") == "WorkersKvResult"
    assert names.claim("Result", disambiguator="workers-kv") == "Result2"
    assert names.claim("Result") == "Result3"
    assert "Result3" in names


def test_module_level_names_are_never_handed_out() -> None:
    names = NameRegistry()
    assert names.claim("Any") == "Any2"
    assert names.claim("Literal", disambiguator="x") == "XLiteral"
