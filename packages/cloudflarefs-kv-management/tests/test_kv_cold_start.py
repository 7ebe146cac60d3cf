"""What a fresh process loads to import the KV client and construct it (cold start, issue 11).

No timing here: the check is which modules are imported and which attrs classes are built, in
a fresh interpreter. Everything listed is needed only by other paths (async, bulk, errors,
forms, legacy auth, other pagination styles) and is loaded on first use instead.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

NOT_IMPORTED = (
    "cattrs",  # converters are built on first use (core.converter.LazyConverter)
    "typing_extensions",  # comes with cattrs
    "asyncio",  # the async client
    "importlib.metadata",  # the unified client's entry points
    "cloudflarefs.core.http.aio",
    "cloudflarefs.core.http._aio_service",
    "cloudflarefs.core.http._aio_streaming",
    "cloudflarefs.core._aio_pager",
    "cloudflarefs.core.bulk",
    "cloudflarefs.kv.management._bulk",
    "cloudflarefs.kv.management._bulk_get",
)
"""Modules that ``import cloudflarefs.kv.management; KVClient(...)`` must not load."""

NOT_BUILT = {
    "cloudflarefs.core.pagination": ["OffsetPagination", "PagePagination", "SinglePage"],
    "cloudflarefs.core.errors": ["ResponseMessage"],
    "cloudflarefs.core.wire": ["MultipartPart"],
    "cloudflarefs.core.http.credentials": ["ApiKeyAuth", "UserServiceKeyAuth"],
}
"""attrs classes built on first access (``core.lazy_classes``), not by import and construction."""

_PROBE = """
import json, sys
from cloudflarefs.kv.management import KVClient
KVClient(api_token="t", account_id="023e105f4ecef8ad9ca31a8372d0c353").close()
built = {m: sorted(n for n in names if n in vars(sys.modules[m])) for m, names in NOT_BUILT.items()}
tokenize = sys.modules.get("tokenize")
tokenized = tokenize is not None and tokenize._compile.cache_info().currsize > 0
print(json.dumps({"modules": sorted(sys.modules), "built": built, "tokenized": tokenized}))
"""


def _fresh_process(not_built: dict[str, list[str]]) -> dict[str, Any]:
    code = f"NOT_BUILT = {not_built!r}\n{_PROBE}"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_import_and_construct_load_no_module_the_first_list_does_not_need() -> None:
    seen = _fresh_process(NOT_BUILT)
    modules: set[str] = set(seen["modules"])
    assert "attrs" in modules  # the probe ran: results are attrs classes
    assert sorted(modules & set(NOT_IMPORTED)) == []
    assert seen["built"] == {m: [] for m in NOT_BUILT}
    # No builtin's signature was parsed: attrs reads converters' signatures, and a builtin's
    # (``str.upper``) goes through ``tokenize``, compiling its large regex (~5 ms).
    assert seen["tokenized"] is False


def test_each_deferred_class_is_still_there_and_an_attrs_class() -> None:
    import importlib

    import attrs

    for module, names in NOT_BUILT.items():
        for name in names:
            assert attrs.has(getattr(importlib.import_module(module), name)), name
