"""Host-side tests run the codec over plain Python values with a minimal fake backend."""

from collections.abc import Iterator
from typing import Any

import pytest

from cloudflarefs.core.js import use_backend


class PlainBackend:
    """Nothing is a JS object: from_js returns Python values unchanged."""

    jsnull: Any = object()

    def is_js(self, value: Any) -> bool:
        return False

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"host test touched JS backend operation {name}")


@pytest.fixture
def plain_backend() -> Iterator[None]:
    with use_backend(PlainBackend()):  # type: ignore[arg-type]
        yield
