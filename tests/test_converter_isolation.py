"""Importing a management package leaves core's shared ``default_converter`` as it was.

Every generated package structures data with its own converter (``make_converter()`` in its
``_generated/models.py``), so one package's hooks (the Workers binding unions, for example)
cannot change how another package, or user code on ``default_converter``, structures data.
Each check runs in a fresh interpreter, so nothing imported by the test session interferes.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cloudflarefs.core.converter import default_converter
from cloudflarefs.core.errors import ResponseDecodeError

MANAGEMENT = [
    "ai",
    "analytics_engine",
    "d1",
    "durable_objects",
    "hyperdrive",
    "kv",
    "pages",
    "queues",
    "r2",
    "vectorize",
    "workers",
    "workers_for_platforms",
]

_FINGERPRINT = """
import json, sys
from cloudflarefs.core.converter import default_converter as c

def fingerprint():
    out = {}
    for side, d in (("structure", c._structure_func), ("unstructure", c._unstructure_func)):
        out[side] = {
            "predicates": len(d._function_dispatch._handler_pairs),
            "direct": sorted(map(repr, d._direct_dispatch)),
            "single": sorted(map(repr, d._single_dispatch.registry)),
        }
    return out

before = fingerprint()
for module in sys.argv[1:]:
    if module == "<register>":  # the control: what a hook on the shared converter looks like
        c.register_structure_hook(complex, lambda v, _: complex(v))
    else:
        __import__(module)
print(json.dumps({"before": before, "after": fingerprint()}))
"""


def _run(*modules: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _FINGERPRINT, *modules],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize("svc", MANAGEMENT)
def test_importing_a_management_package_leaves_default_converter_unchanged(svc: str) -> None:
    base = f"cloudflarefs.{svc}.management"
    result = _run(base, f"{base}.aio", f"{base}._generated.models", f"{base}._generated.operations")
    assert result["after"] == result["before"]


def test_the_fingerprint_sees_a_hook_registered_on_the_shared_converter() -> None:
    result = _run("<register>")
    assert result["after"] != result["before"]


def test_workers_binding_unions_are_structured_by_the_package_converter_only() -> None:
    from cloudflarefs.core.converter import structure
    from cloudflarefs.workers.management._generated import models

    assert models.converter is not default_converter
    payload = {"bindings": [{"type": "kv_namespace", "name": "KV", "namespace_id": "ns"}]}
    settings = structure(payload, models.ScriptAndVersionSettingsItem, converter=models.converter)
    assert settings.bindings is not None
    assert isinstance(settings.bindings[0], models.KvNamespaceBinding)
    # The shared converter has no hook for the union: it refuses the same data.
    with pytest.raises(ResponseDecodeError, match="Register a structure hook"):
        structure(payload, models.ScriptAndVersionSettingsItem)
