// TEST DOUBLE of a Vectorize v2 index for the semantic-search sample -- not the service.
//
// Vectorize has no local simulator. This Worker implements the binding's interface from
// workers-types (describe, insert, upsert, query, queryById, getByIds, deleteByIds) over an
// in-memory map: cosine scores, namespaces, metadata filters ($eq $ne $in $nin and plain values),
// and the service's error for a wrong vector length. Mutations apply at once (the service applies
// them asynchronously); scores and mutation ids are the double's.
import { WorkerEntrypoint } from "cloudflare:workers";

const DIMS = 384;
const store = new Map();
let mutation = 0;

const cosine = (a, b) => {
  let dot = 0, x = 0, y = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; x += a[i] ** 2; y += b[i] ** 2; }
  return x && y ? dot / Math.sqrt(x * y) : 0;
};
const ops = { $eq: (a, b) => a === b, $ne: (a, b) => a !== b,
  $in: (a, b) => b.includes(a), $nin: (a, b) => !b.includes(a) };
const passes = (meta, filter) => Object.entries(filter ?? {}).every(([key, cond]) =>
  cond !== null && typeof cond === "object"
    ? Object.entries(cond).every(([op, v]) => {
        if (!ops[op]) throw new Error(`VECTOR_QUERY_ERROR: unsupported operator ${op} (test double)`);
        return ops[op](meta?.[key] ?? null, v); })
    : (meta?.[key] ?? null) === cond);
function check(values) {
  if (values.length !== DIMS) throw new Error(
    `VECTOR_QUERY_ERROR (code = 40006): vector has ${values.length} dimensions, index has ${DIMS}`);
}

export default class extends WorkerEntrypoint {
  async describe() {
    return { vectorCount: store.size, dimensions: DIMS, processedUpToDatetime: Date.now(),
      processedUpToMutation: String(mutation) };
  }
  async insert(vectors) {
    for (const v of vectors) {
      check(v.values);
      if (store.has(v.id)) throw new Error(`VECTOR_INSERT_ERROR: id ${v.id} exists`);
    }
    for (const v of vectors) store.set(v.id, v);
    return { mutationId: String(++mutation) };
  }
  async upsert(vectors) {
    for (const v of vectors) check(v.values);
    for (const v of vectors) store.set(v.id, v);
    return { mutationId: String(++mutation) };
  }
  async query(vector, o = {}) {
    const values = Array.from(vector);
    check(values);
    const found = [...store.values()]
      .filter((v) => (o.namespace === undefined || v.namespace === o.namespace) && passes(v.metadata, o.filter))
      .map((v) => ({ id: v.id, score: cosine(values, v.values), namespace: v.namespace,
        ...(o.returnValues ? { values: v.values } : {}),
        ...(o.returnMetadata && o.returnMetadata !== "none" ? { metadata: v.metadata ?? {} } : {}) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, o.topK ?? 5);
    return { matches: found, count: found.length };
  }
  async queryById(id, o) {
    const v = store.get(id);
    return v ? this.query(v.values, o) : { matches: [], count: 0 };
  }
  async getByIds(ids) { return ids.filter((i) => store.has(i)).map((i) => store.get(i)); }
  async deleteByIds(ids) {
    for (const i of ids) store.delete(i);
    return { mutationId: String(++mutation) };
  }
}
