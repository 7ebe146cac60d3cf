// TEST DOUBLES for bindings that have no local simulator: Workers AI, Vectorize, and an
// Analytics Engine dataset that keeps what is written (Miniflare's keeps nothing).
//
// They live in the harness's Node process, next to Miniflare, so their state survives a
// `configure` that keeps storage (`fresh: false`, as the local Cloudflare API's reloads do; a fresh
// one resets them) and the local API reaches the same data through the `doubles` command. `installDoubles` puts them in the Python Worker's `env` in place of
// Miniflare's bindings. They are doubles, not the services:
// - Workers AI answers only text-embedding models, with hashed bags of words (texts that share
//   words are close; no meaning, no synonyms), in the documented `{shape, data, pooling}` shape;
// - Vectorize keeps vectors in memory, applies mutations at once (the service is eventually
//   consistent), scores with the index's metric, and filters on any metadata field;
// - an Analytics Engine data point is kept as a row (index1, blob1..20, double1..20, a
//   timestamp, _sample_interval 1): nothing is sampled or dropped.

const EMBEDDING_MODELS = {
  "@cf/baai/bge-small-en-v1.5": 384,
  "@cf/baai/bge-base-en-v1.5": 768,
  "@cf/baai/bge-large-en-v1.5": 1024,
  "@cf/baai/bge-m3": 1024,
  "@cf/google/embeddinggemma-300m": 768,
};
const COMMON = new Set(["a", "an", "and", "are", "can", "do", "for", "how", "i", "in", "is", "it",
  "my", "of", "on", "the", "to", "what", "with", "you", "your"]);

// Values from Pyodide may be Maps (dicts) or objects; make them plain JSON-like values.
function plain(v) {
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, plain(x)]));
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object" && !(v instanceof ArrayBuffer)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

// ---- Workers AI ------------------------------------------------------------------------------
function bucket(word, dims) {
  let h = 2166136261; // FNV-1a
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
  return (h >>> 0) % dims;
}

function embed(text, dims) {
  const v = new Array(dims).fill(0);
  for (const word of String(text).toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    if (!COMMON.has(word)) v[bucket(word.replace(/(ing|es|s)$/, ""), dims)] += 1;
  }
  const norm = Math.hypot(...v);
  return norm ? v.map((x) => x / norm) : v;
}

export const aiDouble = {
  async run(model, inputs) {
    const dims = EMBEDDING_MODELS[model];
    if (!dims) {
      throw new Error(`AiError: 5007: No such model ${model} (the local Workers AI test double ` +
        `answers only the text-embedding models ${Object.keys(EMBEDDING_MODELS).join(", ")})`);
    }
    const given = plain(inputs)?.text;
    if (given === undefined) throw new Error("AiError: 5006: required properties at '/' are 'text'");
    const texts = [].concat(given);
    return { shape: [texts.length, dims], data: texts.map((t) => embed(t, dims)), pooling: "mean" };
  },
};

// ---- Vectorize -------------------------------------------------------------------------------
const indexes = new Map(); // name -> { dimensions, metric, vectors: Map(id -> vector), mutation }

// A new, empty index; an existing one of that name is kept as it is.
function createIndex(name, dimensions, metric) {
  if (!indexes.has(name)) indexes.set(name, { dimensions, metric, vectors: new Map(), mutation: 0 });
}

function index(name) {
  const found = indexes.get(name);
  if (!found) throw new Error(`VECTOR_QUERY_ERROR (code = 40002): index ${name} not found (test double)`);
  return found;
}

const OPS = {
  $eq: (a, b) => a === b, $ne: (a, b) => a !== b, $lt: (a, b) => a !== null && a < b,
  $lte: (a, b) => a !== null && a <= b, $gt: (a, b) => a !== null && a > b,
  $gte: (a, b) => a !== null && a >= b, $in: (a, b) => b.includes(a), $nin: (a, b) => !b.includes(a),
};

function passes(metadata, filter) {
  return Object.entries(filter ?? {}).every(([key, cond]) => {
    const value = metadata?.[key] ?? null;
    if (cond === null || typeof cond !== "object" || Array.isArray(cond)) return value === cond;
    return Object.entries(cond).every(([op, operand]) => {
      if (!OPS[op]) throw new Error(`VECTOR_QUERY_ERROR: unsupported filter operator ${op}`);
      return OPS[op](value, operand);
    });
  });
}

const SCORES = {
  cosine: (a, b) => {
    let dot = 0, x = 0, y = 0;
    for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; x += a[i] ** 2; y += b[i] ** 2; }
    return x && y ? dot / Math.sqrt(x * y) : 0;
  },
  euclidean: (a, b) => Math.hypot(...a.map((x, i) => x - b[i])),
  "dot-product": (a, b) => a.reduce((s, x, i) => s + x * b[i], 0),
};

function checked(ix, values, what) {
  const v = Array.from(values ?? [], Number);
  if (v.length !== ix.dimensions) {
    throw new Error(`VECTOR_${what}_ERROR (code = 40006): vector has ${v.length} dimensions, the index has ${ix.dimensions}`);
  }
  return v;
}

function mutate(name, vectors, { insert }) {
  const ix = index(name);
  const given = plain(vectors).map((v) => ({
    id: String(v.id), values: checked(ix, v.values, insert ? "INSERT" : "UPSERT"),
    namespace: v.namespace ?? undefined, metadata: v.metadata ?? undefined,
  }));
  const added = given.filter((v) => !(insert && ix.vectors.has(v.id)));
  for (const v of added) ix.vectors.set(v.id, v);
  ix.mutation += 1;
  return { mutationId: `local-${ix.mutation}`, ids: added.map((v) => v.id), count: added.length };
}

function view(v, { values, metadata }) {
  return { id: v.id, namespace: v.namespace,
    ...(values ? { values: v.values } : {}), ...(metadata ? { metadata: v.metadata ?? {} } : {}) };
}

function query(name, vector, options) {
  const ix = index(name);
  const o = plain(options) ?? {};
  const values = checked(ix, vector, "QUERY");
  const score = SCORES[ix.metric];
  const lowerIsBetter = ix.metric === "euclidean";
  const metadata = o.returnMetadata !== undefined && o.returnMetadata !== "none" && o.returnMetadata !== false;
  const found = [...ix.vectors.values()]
    .filter((v) => (o.namespace == null || v.namespace === o.namespace) && passes(v.metadata, o.filter))
    .map((v) => ({ ...view(v, { values: o.returnValues, metadata }), score: score(values, v.values) }))
    .sort((a, b) => (lowerIsBetter ? a.score - b.score : b.score - a.score))
    .slice(0, o.topK ?? 5);
  return { matches: found, count: found.length };
}

function describe(name) {
  const ix = index(name);
  return { vectorCount: ix.vectors.size, dimensions: ix.dimensions,
    processedUpToDatetime: new Date().toISOString(), processedUpToMutation: `local-${ix.mutation}` };
}

function vectorizeIndex(name) {
  return {
    async describe() { return describe(name); },
    async insert(vectors) { const r = mutate(name, vectors, { insert: true }); return { mutationId: r.mutationId }; },
    async upsert(vectors) { const r = mutate(name, vectors, { insert: false }); return { mutationId: r.mutationId }; },
    async query(vector, options) { return query(name, vector, options); },
    async queryById(id, options) {
      const v = index(name).vectors.get(String(id));
      return v ? query(name, v.values, options) : { matches: [], count: 0 };
    },
    async getByIds(ids) {
      const ix = index(name);
      return plain(ids).filter((i) => ix.vectors.has(i)).map((i) => view(ix.vectors.get(i), { values: true, metadata: true }));
    },
    async deleteByIds(ids) {
      const ix = index(name);
      for (const i of plain(ids)) ix.vectors.delete(i);
      ix.mutation += 1;
      return { mutationId: `local-${ix.mutation}` };
    },
  };
}

// ---- Analytics Engine ------------------------------------------------------------------------
const points = [];

function text(blob) {
  if (blob === null || blob === undefined) return "";
  if (blob instanceof ArrayBuffer || ArrayBuffer.isView(blob)) {
    const view = blob instanceof ArrayBuffer ? new Uint8Array(blob) : new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength);
    return new TextDecoder().decode(view);
  }
  return String(blob);
}

function analyticsDataset(dataset) {
  return {
    // Synchronous like the real binding: the row exists when writeDataPoint returns.
    writeDataPoint(point) {
      const p = point instanceof Map ? Object.fromEntries(point) : point ?? {};
      const blobs = Array.from(p.blobs ?? [], text);
      const doubles = Array.from(p.doubles ?? [], Number);
      const indexes = Array.from(p.indexes ?? [], text);
      if (blobs.length > 20 || doubles.length > 20 || indexes.length > 1) {
        throw new Error("writeDataPoint(): at most 20 blobs, 20 doubles and 1 index");
      }
      const row = { dataset, timestamp: Date.now(), _sample_interval: 1, index1: indexes[0] ?? "" };
      for (let i = 0; i < 20; i++) {
        row[`blob${i + 1}`] = blobs[i] ?? "";
        row[`double${i + 1}`] = doubles[i] ?? 0;
      }
      points.push(row);
    },
  };
}

// ---- wiring ----------------------------------------------------------------------------------
const MAKERS = { ai: () => aiDouble, vectorize: vectorizeIndex, analytics_engine: analyticsDataset };

// Replace `env[binding]` by its double, for each `{kind, name}` in `doubles` (binding -> spec),
// except where a service binding of that name (`services`) stands in for it. A Vectorize double
// given `dimensions` and `metric` gets its index created when there is none of that name.
export function installDoubles(env, doubles, services) {
  for (const [binding, d] of Object.entries(doubles ?? {})) {
    if (services?.[binding] !== undefined) continue;
    const make = MAKERS[d.kind];
    if (!make) throw new Error(`unknown test double kind ${d.kind} for binding ${binding}`);
    if (d.kind === "vectorize" && d.dimensions != null) createIndex(d.name, d.dimensions, d.metric);
    env[binding] = make(d.name);
  }
}

// Forget every index and data point: a `configure` with fresh storage gives fresh doubles too.
export function resetDoubles() {
  indexes.clear();
  points.length = 0;
}

// The `doubles` command of the harness: the local API's view of the same state.
export async function doublesCommand(msg) {
  switch (msg.op) {
    case "ae_points":
      return points.filter((p) => msg.dataset == null || p.dataset === msg.dataset);
    case "vec_create":
      createIndex(msg.name, msg.dimensions, msg.metric);
      return {};
    case "vec_delete":
      indexes.delete(msg.name);
      return {};
    case "vec_info":
      return describe(msg.name);
    case "vec_insert":
    case "vec_upsert":
      return mutate(msg.name, msg.vectors, { insert: msg.op === "vec_insert" });
    case "vec_query":
      return query(msg.name, msg.vector, msg.options);
    case "vec_get":
      return vectorizeIndex(msg.name).getByIds(msg.ids);
    case "vec_delete_ids": {
      const r = await vectorizeIndex(msg.name).deleteByIds(msg.ids);
      return { ...r, ids: msg.ids, count: msg.ids.length };
    }
    default:
      throw new Error(`unknown doubles op ${msg.op}`);
  }
}
