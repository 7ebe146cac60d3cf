"""``AnalyticsEngineDataset``: the typed façade over an ``analytics_engine_datasets`` binding."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cloudflarefs.analytics_engine.runtime._limits import Blob, DataPoint, build_data_point
from cloudflarefs.core import InvalidInputError
from cloudflarefs.core.js import JS_NULL, js_errors, to_js


def data_point_to_js(point: DataPoint) -> Any:
    """The ``writeDataPoint`` argument; ``None`` slots become JS ``null`` as the API expects."""
    return to_js(
        {
            "blobs": [JS_NULL if b is None else b for b in point.blobs],
            "doubles": list(point.doubles),
            "indexes": [JS_NULL if i is None else i for i in point.indexes],
        }
    )


class AnalyticsEngineDataset:
    """Typed façade over a dataset binding: ``ae = AnalyticsEngineDataset(env.ANALYTICS)``."""

    __slots__ = ("_js",)

    def __init__(self, binding: Any) -> None:
        if binding is None:
            raise InvalidInputError(
                "AnalyticsEngineDataset needs a dataset binding (env.<NAME>), got None"
            )
        self._js: Any = binding

    def __repr__(self) -> str:
        return "AnalyticsEngineDataset(<binding>)"

    def write_data_point(
        self,
        *,
        blobs: Sequence[Blob] = (),
        doubles: Sequence[float] = (),
        indexes: Sequence[Blob] = (),
    ) -> None:
        """Write one data point (fire-and-forget, like the JS API: nothing to await).

        Raises :class:`~cloudflarefs.core.InvalidInputError` before the JS call when a limit is
        broken (20 blobs, 20 doubles, 1 index, 96-byte index, 16 KiB of blobs), and
        :class:`~cloudflarefs.core.js.JsError` if the binding throws.
        """
        arg = data_point_to_js(build_data_point(blobs=blobs, doubles=doubles, indexes=indexes))
        with js_errors():
            self._js.writeDataPoint(arg)
