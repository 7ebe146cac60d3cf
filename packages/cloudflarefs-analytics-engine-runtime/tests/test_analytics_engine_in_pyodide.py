"""``AnalyticsEngineDataset`` inside Pyodide.

The harness has no ``analytics_engine`` binding kind (and Miniflare's local dataset is a no-op
with nothing to assert on), so the binding here is a Worker-side facade: a JS WorkerEntrypoint
reached through a real Miniflare service binding whose ``writeDataPoint`` records what arrived
in workerd. That checks our argument survives the real JS boundary (arrays, ``null`` slots,
bytes) exactly as a dataset binding receives it.
"""

# ruff: noqa: PT017  (pytest.raises does not exist inside Pyodide: catch, then assert)

from cloudflarefs.analytics_engine.runtime import AnalyticsEngineDataset
from cloudflarefs.core import InvalidInputError
from cloudflarefs.core.js import await_maybe, from_js
from cloudflarefs.testing.pytest_plugin import run_in_worker

RECORDER = """
import { WorkerEntrypoint } from "cloudflare:workers";
const seen = [];
const show = (v) => v === null ? null : typeof v === "string" ? v : "bytes:" + [...new Uint8Array(v.buffer ?? v)].join(",");
export default class extends WorkerEntrypoint {
  fetch() { return new Response("ok"); }
  writeDataPoint(p) {
    seen.push({ blobs: (p.blobs ?? []).map(show), doubles: p.doubles ?? [], indexes: (p.indexes ?? []).map(show) });
  }
  recorded() { return seen; }
}
"""
AE = {"services": {"AE": "ae-recorder"}, "workers": {"ae-recorder": RECORDER}}


@run_in_worker(bindings=AE)
async def test_write_data_point_reaches_the_binding_and_limits_hold(env):
    ae = AnalyticsEngineDataset(env.AE)
    ae.write_data_point(blobs=["/home", None, b"\x01\x02"], doubles=[1, 2.5], indexes=["cust-1"])
    ae.write_data_point()  # an empty point is valid
    ae.write_data_point(blobs=["x" * 16_384], indexes=["i" * 96])  # exactly at the limits
    bad = {
        "21 blobs": {"blobs": ["b"] * 21},
        "21 doubles": {"doubles": [1.0] * 21},
        "2 indexes": {"indexes": ["a", "b"]},
        "long index": {"indexes": ["é" * 49]},  # 98 UTF-8 bytes
        "blob bytes": {"blobs": ["x" * 16_000, b"y" * 385]},
        "bool double": {"doubles": [True]},
        "int blob": {"blobs": [1]},
        "str as blobs": {"blobs": "abc"},
    }
    for name, kwargs in bad.items():
        try:
            ae.write_data_point(**kwargs)
            raise AssertionError(f"{name}: accepted")
        except InvalidInputError as exc:
            assert str(exc), name
    recorded = from_js(await await_maybe(env.AE.recorded()), objects="all")
    assert len(recorded) == 3, f"bad points must not reach the binding: {recorded}"
    assert recorded[0] == {
        "blobs": ["/home", None, "bytes:1,2"],
        "doubles": [1.0, 2.5],
        "indexes": ["cust-1"],
    }, recorded[0]
    assert recorded[1] == {"blobs": [], "doubles": [], "indexes": []}, recorded[1]
