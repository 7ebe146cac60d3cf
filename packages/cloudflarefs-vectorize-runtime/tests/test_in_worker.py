"""VectorizeIndex inside Pyodide against a **test double** of the Vectorize v2 binding.

Vectorize has no offline simulator (Miniflare: "needs to be run remotely"). The double is a JS
Worker (``VECTORIZE_DOUBLE`` below) reached through a service binding, so arguments and results
really cross the JS boundary and Miniflare's RPC proxy. It implements the v2 binding interface
from workers-types (``describe insert upsert query queryById getByIds deleteByIds``) over an
in-memory map with cosine scores, applies metadata filters, and rejects a wrong vector length
the way the service does. It is a double: scores and mutation ids are not the service's.
"""

# ruff: noqa: PT017  (pytest.raises does not exist inside Pyodide: catch, then assert)

from __future__ import annotations

import datetime as dt

from cloudflarefs.core import InvalidInputError
from cloudflarefs.core.js import JsError
from cloudflarefs.testing.pytest_plugin import run_in_worker
from cloudflarefs.vectorize.runtime import (
    MutationResult,
    Vector,
    VectorizeIndex,
    VectorizeIndexInfo,
    VectorizeMatches,
)

VECTORIZE_DOUBLE = """
import { WorkerEntrypoint } from "cloudflare:workers";
const DIMS = 3;  // TEST DOUBLE of the Vectorize v2 binding, not the service
const store = new Map();
let mutation = 0;
const cos = (a, b) => { let d = 0, x = 0, y = 0;
  for (let i = 0; i < a.length; i++) { d += a[i] * b[i]; x += a[i] ** 2; y += b[i] ** 2; }
  return d / Math.sqrt(x * y); };
const cmp = { $eq: (a, b) => a === b, $ne: (a, b) => a !== b, $lt: (a, b) => a !== null && a < b,
  $lte: (a, b) => a !== null && a <= b, $gt: (a, b) => a !== null && a > b,
  $gte: (a, b) => a !== null && a >= b,
  $in: (a, b) => b.includes(a), $nin: (a, b) => !b.includes(a) };
const matches = (meta, filter) => Object.entries(filter ?? {}).every(([k, c]) =>
  c !== null && typeof c === "object"
    ? Object.entries(c).every(([op, v]) => { if (!cmp[op]) throw new Error(`bad op ${op}`);
        return cmp[op](meta?.[k] ?? null, v); })
    : (meta?.[k] ?? null) === c);
function check(values) {
  if (values.length !== DIMS) throw new Error(
    `VECTOR_QUERY_ERROR (code = 40006): query vector has ${values.length} dimensions, index has ${DIMS}`);
}
export default class extends WorkerEntrypoint {
  async describe() { return { vectorCount: store.size, dimensions: DIMS,
    processedUpToDatetime: 1735689600000, processedUpToMutation: String(mutation) }; }
  async insert(vs) { for (const v of vs) { check(v.values);
      if (store.has(v.id)) throw new Error(`VECTOR_INSERT_ERROR: id ${v.id} exists`); store.set(v.id, v); }
    return { mutationId: String(++mutation) }; }
  async upsert(vs) { for (const v of vs) { check(v.values); store.set(v.id, v); }
    return { mutationId: String(++mutation) }; }
  async query(vector, o = {}) { check(Array.from(vector));
    const found = [...store.values()].filter(v => (o.namespace === undefined || v.namespace === o.namespace)
        && matches(v.metadata, o.filter))
      .map(v => ({ id: v.id, score: cos(Array.from(vector), v.values), namespace: v.namespace,
        ...(o.returnValues ? { values: v.values } : {}),
        ...(o.returnMetadata && o.returnMetadata !== "none" ? { metadata: v.metadata ?? {} } : {}) }))
      .sort((a, b) => b.score - a.score).slice(0, o.topK ?? 5);
    return { matches: found, count: found.length }; }
  async queryById(id, o) { const v = store.get(id); if (!v) return { matches: [], count: 0 };
    return this.query(v.values, o); }
  async getByIds(ids) { return ids.filter(i => store.has(i)).map(i => store.get(i)); }
  async deleteByIds(ids) { for (const i of ids) store.delete(i); return { mutationId: String(++mutation) }; }
}
"""

DOUBLE = {
    "workers": {"vectorize-double": VECTORIZE_DOUBLE},
    "services": {"VEC": "vectorize-double"},
}


@run_in_worker(bindings=DOUBLE)
async def test_upsert_insert_query_get_delete_describe(env):
    index = VectorizeIndex(env.VEC)  # learns dimensions from describe()
    info = await index.describe()
    assert isinstance(info, VectorizeIndexInfo) and info.dimensions == 3, info
    assert info.processed_up_to_datetime == dt.datetime(2025, 1, 1, tzinfo=dt.UTC), info
    result = await index.upsert(
        [
            Vector(id="a", values=[1, 0, 0], metadata={"genre": "drama", "year": 1999}),
            Vector(id="b", values=[0.9, 0.1, 0], metadata={"genre": "comedy", "year": 2005}),
            Vector(id="c", values=[0, 1, 0], metadata={"genre": "drama", "tags": ["x", "y"]}),
        ]
    )
    assert isinstance(result, MutationResult) and result.mutation_id, result
    inserted = await index.insert([Vector(id="n", values=[0, 0, 1], namespace="other")])
    assert inserted.mutation_id != result.mutation_id, inserted
    found = await index.query([1, 0, 0], top_k=2, return_values=True, return_metadata="all")
    assert isinstance(found, VectorizeMatches) and found.count == 2, found
    assert [m.id for m in found.matches] == ["a", "b"], found
    assert found.matches[0].values == (1.0, 0.0, 0.0), found
    assert found.matches[0].metadata == {"genre": "drama", "year": 1999}, found
    assert found.matches[0].score > found.matches[1].score, found
    drama = await index.query([1, 0, 0], filter={"genre": {"$eq": "drama"}, "year": {"$lt": 2000}})
    assert [m.id for m in drama.matches] == ["a"] and drama.matches[0].values is None, drama
    in_list = await index.query([1, 0, 0], filter={"genre": {"$in": ["comedy"]}})
    assert [m.id for m in in_list.matches] == ["b"], in_list
    spaced = await index.query([0, 0, 1], namespace="other")
    assert [m.id for m in spaced.matches] == ["n"], spaced
    by_id = await index.query_by_id("c", top_k=1, return_metadata="indexed")
    assert by_id.matches[0].id == "c" and by_id.matches[0].metadata is not None, by_id
    got = await index.get_by_ids(["c", "missing"])
    assert [v.id for v in got] == ["c"] and got[0].values == (0.0, 1.0, 0.0), got
    assert got[0].metadata == {"genre": "drama", "tags": ["x", "y"]}, got
    deleted = await index.delete_by_ids(["a", "b"])
    assert deleted.mutation_id, deleted
    assert (await index.describe()).vector_count == 2


@run_in_worker(bindings=DOUBLE)
async def test_bad_input_raises_before_the_call(env):
    index = VectorizeIndex(env.VEC, dimensions=3)
    cases = {
        "wrong dimensions": index.query([1, 0]),
        "upsert wrong dimensions": index.upsert([Vector(id="a", values=[1, 2, 3, 4])]),
        "unknown operator": index.query([1, 0, 0], filter={"g": {"$regex": "x"}}),
        "$in not a list": index.query([1, 0, 0], filter={"g": {"$in": "x"}}),
        "$gt with a list": index.query([1, 0, 0], filter={"g": {"$gt": [1]}}),
        "top_k 0": index.query([1, 0, 0], top_k=0),
        "top_k with values": index.query([1, 0, 0], top_k=51, return_values=True),
        "return_metadata": index.query([1, 0, 0], return_metadata="some"),
        "nan": index.upsert([Vector(id="a", values=[1, float("nan"), 0])]),
        "empty id": index.upsert([Vector(id="", values=[1, 0, 0])]),
        "long id": index.insert([Vector(id="x" * 65, values=[1, 0, 0])]),
        "bad metadata": index.upsert([Vector(id="a", values=[1, 0, 0], metadata={"k": {"n": 1}})]),
        "no vectors": index.upsert([]),
        "no ids": index.get_by_ids([]),
        "str ids": index.delete_by_ids("abc"),
        "empty query id": index.query_by_id(""),
    }
    for name, call in cases.items():
        try:
            await call
            raise AssertionError(f"{name}: accepted")
        except InvalidInputError as exc:
            assert str(exc), name
    assert (await index.describe()).vector_count == 0, "nothing reached the double"
    try:
        VectorizeIndex(env.VEC, dimensions=0)
        raise AssertionError("dimensions=0 accepted")
    except InvalidInputError:
        pass


@run_in_worker(bindings=DOUBLE)
async def test_binding_errors_become_jserror(env):
    index = VectorizeIndex(env.VEC)
    await index.insert([Vector(id="a", values=[1, 0, 0])])
    try:
        await index.insert([Vector(id="a", values=[1, 0, 0])])
        raise AssertionError("duplicate insert accepted by the double")
    except JsError as exc:
        assert "VECTOR_INSERT_ERROR" in str(exc), exc
