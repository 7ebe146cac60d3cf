"""Every public management method of today stays: the surface is compared to a committed snapshot.

``public_surface.json`` was taken from ``main`` before the resource layer was generated
(``python tools/ci/public_surface.py snapshot``). Additions are allowed and listed in the
test output; a removed or incompatibly changed class, method or parameter fails.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import public_surface

SNAPSHOT = Path(__file__).with_name("public_surface.json")


def _load() -> dict[str, Any]:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_every_snapshotted_public_name_and_signature_is_still_there() -> None:
    problems, additions = public_surface.compare(_load(), public_surface.snapshot())
    print("\n".join(additions) or "no additions")
    assert problems == []


def test_the_snapshot_covers_every_management_package_sync_and_async() -> None:
    data = _load()
    assert sorted(data) == public_surface.management_modules()
    for base, entry in data.items():
        assert sorted(entry) == [base, f"{base}.aio"]
        for module in entry.values():
            assert module["resources"], f"{base}: no client resources recorded"


def _method(surface: dict[str, Any]) -> dict[str, Any]:
    resources = surface["cloudflarefs.kv.management"]["cloudflarefs.kv.management"]["resources"]
    return resources["KVClient"]["KVClient.values"]["methods"]["put"]


def test_compare_fails_on_a_removed_method_and_a_changed_parameter() -> None:
    old = _load()
    removed = copy.deepcopy(old)
    del removed["cloudflarefs.kv.management"]["cloudflarefs.kv.management"]["resources"][
        "KVClient"
    ]["KVClient.values"]["methods"]["put"]
    problems, _ = public_surface.compare(old, removed)
    assert any(p.startswith("removed:") and p.endswith("/methods/put") for p in problems)

    keyword_only = copy.deepcopy(old)
    for p in _method(keyword_only)["params"]:
        if p["name"] == "value":
            p["kind"] = "KEYWORD_ONLY"
    problems, _ = public_surface.compare(old, keyword_only)
    assert any(p.startswith("changed:") and "/methods/put" in p for p in problems)

    lost_async = copy.deepcopy(old)
    method = lost_async["cloudflarefs.kv.management"]["cloudflarefs.kv.management.aio"][
        "resources"
    ]["KVClient"]["KVClient.values"]["methods"]["get"]
    method["async"] = False
    assert public_surface.compare(old, lost_async)[0]


def test_compare_allows_a_new_keyword_only_parameter_with_a_default() -> None:
    old = _load()
    new = copy.deepcopy(old)
    _method(new)["params"].append({"name": "timeout", "kind": "KEYWORD_ONLY", "default": "None"})
    problems, additions = public_surface.compare(old, new)
    assert problems == []
    required = copy.deepcopy(old)
    _method(required)["params"].append({"name": "timeout", "kind": "KEYWORD_ONLY"})
    assert public_surface.compare(old, required)[0]
    assert additions == []
