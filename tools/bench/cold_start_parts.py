"""Where one cold start of ours goes, measured inside a fresh process; prints one JSON line.

    python tools/bench/cold_start_parts.py BASE_URL

After ``import httpx, attrs``, it times importing ``cloudflarefs.kv.management``,
constructing ``KVClient`` and the first ``keys.list(...).first_page()``, and, within those,
the time attrs spends building classes (from ``_ClassBuilder``'s start to its built class):
the public types one typed list uses (request, response, envelope, page, pagination style,
retry policy, credentials, client settings, ``Key``) are attrs classes, so any client that
keeps them pays this on top of ``import attrs``. The timer wraps attrs internals, so this
process's own total is not a cold-start figure (``scale_bench.py`` measures those apart).
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from typing import Any

ACCOUNT_ID = "023e105f4ecef8ad9ca31a8372d0c353"


def main() -> None:
    """Time the parts; print ``{"import_ms", "construct_ms", "first_list_ms", ...}``."""
    base_url = sys.argv[1]
    import attr._make as attrs_make

    importlib.import_module("httpx")  # the floor's own import, outside the figures

    builder: Any = attrs_make._ClassBuilder  # pyright: ignore[reportPrivateUsage]
    init, build = builder.__init__, builder.build_class
    starts: list[float] = []
    spent: list[float] = []
    names: list[str] = []

    def timed_init(self: Any, *args: Any, **kwargs: Any) -> None:
        starts.append(time.process_time())
        init(self, *args, **kwargs)

    def timed_build(self: Any) -> Any:
        cls = build(self)
        spent.append(time.process_time() - starts.pop())
        names.append(f"{cls.__module__}.{cls.__qualname__}")
        return cls

    builder.__init__, builder.build_class = timed_init, timed_build
    t0 = time.process_time()
    from cloudflarefs.kv.management import KVClient

    t1 = time.process_time()
    kv = KVClient(api_token="t", account_id=ACCOUNT_ID, base_url=base_url)
    t2 = time.process_time()
    assert len(kv.keys.list("n10").first_page().items) == 10
    t3 = time.process_time()
    print(
        json.dumps(
            {
                "import_ms": (t1 - t0) * 1000,
                "construct_ms": (t2 - t1) * 1000,
                "first_list_ms": (t3 - t2) * 1000,
                "attrs_classes_ms": sum(spent) * 1000,
                "attrs_classes": names,
            }
        )
    )


if __name__ == "__main__":
    main()
