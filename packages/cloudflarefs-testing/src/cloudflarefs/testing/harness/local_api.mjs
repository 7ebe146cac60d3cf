// Node side of the local Cloudflare API (cloudflarefs.testing.local_api).
//
// The Python server keeps the account's registry (which namespaces, databases, buckets and
// queues exist); data lives in Miniflare. A hidden worker, `cfh-api`, binds every resource the
// registry knows, so these commands reach the very storage the served Worker uses.

export const API_WORKER_NAME = "cfh-api";

// Binding names are derived from resource ids/names, hex-encoded so any name is a safe key.
export function apiBinding(kind, id) {
  return `${kind}_${Buffer.from(String(id)).toString("hex")}`;
}

// The hidden worker: its queue handler hands batches of pull-consumed queues to Node.
export const API_WORKER = `
function encodeBody(v) {
  if (typeof v === "string") return { type: "text", body: v };
  if (v instanceof ArrayBuffer) v = new Uint8Array(v);
  if (ArrayBuffer.isView(v)) {
    const u8 = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    let s = ""; for (const c of u8) s += String.fromCharCode(c);
    return { type: "bytes", body: btoa(s) };
  }
  return { type: "json", body: JSON.stringify(v) };
}
export default {
  fetch() { return new Response("cloudflarefs local API helper", { status: 404 }); },
  async queue(batch, env) {
    const messages = batch.messages.map((m) => ({ id: m.id, timestamp: m.timestamp.getTime(), attempts: m.attempts, ...encodeBody(m.body) }));
    const r = await env.__CFH_PULL.fetch("http://cfh.internal/pull", { method: "POST", body: JSON.stringify({ queue: batch.queue, messages }) });
    if (!r.ok) throw new Error("pull buffer refused the batch");
    batch.ackAll();
  },
};
`;

// Miniflare options for the hidden worker; `resources` comes from the Python registry.
export function apiWorkerOptions(resources, { compatibilityDate, suffix, pullBridge, consumedByMain }) {
  const kv = resources.kv ?? [];
  const d1 = resources.d1 ?? [];
  const r2 = resources.r2 ?? [];
  const queues = resources.queues ?? [];
  const pull = (resources.pull_queues ?? []).filter((q) => !consumedByMain.has(q));
  return {
    name: API_WORKER_NAME,
    modules: true,
    script: API_WORKER,
    compatibilityDate,
    kvNamespaces: Object.fromEntries(kv.map((id) => [apiBinding("KV", id), suffix(id)])),
    d1Databases: Object.fromEntries(d1.map((id) => [apiBinding("D1", id), suffix(id)])),
    r2Buckets: Object.fromEntries(r2.map((b) => [apiBinding("R2", b), suffix(b)])),
    queueProducers: Object.fromEntries(queues.map((q) => [apiBinding("Q", q), { queueName: q }])),
    queueConsumers: Object.fromEntries(pull.map((q) => [q, { maxBatchSize: 100, maxBatchTimeout: 0 }])),
    serviceBindings: { __CFH_PULL: pullBridge },
  };
}

const b64 = (buf) => Buffer.from(buf).toString("base64");
const unb64 = (s) => new Uint8Array(Buffer.from(s ?? "", "base64"));

// A message waiting in a pull queue; leased messages are invisible until the lease ends.
const pullBuffers = new Map();

function buffer(queue) {
  if (!pullBuffers.has(queue)) pullBuffers.set(queue, []);
  return pullBuffers.get(queue);
}

export function makePullBridge(MfResponse) {
  return async (request) => {
    const { queue, messages } = await request.json();
    const buf = buffer(queue);
    for (const m of messages) buf.push({ ...m, attempts: m.attempts ?? 1, leaseId: null, visibleAt: 0 });
    return new MfResponse("ok");
  };
}

function leaseId() {
  return b64(crypto.getRandomValues(new Uint8Array(24))).replace(/[+/=]/g, (c) => ({ "+": "-", "/": "_", "=": "" })[c]);
}

// One SQL text may hold several statements: split on `;` outside strings and comments.
export function splitSql(sql) {
  const out = [];
  let cur = "";
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"' || c === "`") {
      const end = sql.indexOf(c, i + 1);
      const stop = end === -1 ? sql.length : end + 1;
      cur += sql.slice(i, stop);
      i = stop;
    } else if (sql.startsWith("--", i)) {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? sql.length : end;
    } else if (sql.startsWith("/*", i)) {
      const end = sql.indexOf("*/", i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (c === ";") {
      if (cur.trim()) out.push(cur.trim());
      cur = "";
      i += 1;
    } else {
      cur += c;
      i += 1;
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

// A SQL literal for one value read back from D1.
function sqlLiteral(v) {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  // D1 hands BLOBs back as arrays of byte values.
  if (Array.isArray(v)) return `X'${Buffer.from(Uint8Array.from(v)).toString("hex")}'`;
  if (v instanceof ArrayBuffer) return `X'${Buffer.from(v).toString("hex")}'`;
  if (ArrayBuffer.isView(v)) return `X'${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("hex")}'`;
  return `'${String(v).replaceAll("'", "''")}'`;
}

const quoteIdent = (name) => `"${String(name).replaceAll('"', '""')}"`;

// An SQL dump (schema, then rows as INSERTs, then indexes/views/triggers), like `wrangler d1 export`.
async function dumpSql(db, { tables, no_data, no_schema }) {
  const master = await db
    .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND sql IS NOT NULL ORDER BY rowid")
    .all();
  const wanted = tables && tables.length ? new Set(tables) : null;
  const entries = master.results.filter((e) => !wanted || wanted.has(e.tbl_name));
  const out = ["PRAGMA defer_foreign_keys=TRUE;"];
  for (const e of entries.filter((x) => x.type === "table")) {
    if (!no_schema) out.push(`${e.sql};`);
    if (no_data) continue;
    const [columns, ...rows] = await db.prepare(`SELECT * FROM ${quoteIdent(e.name)}`).raw({ columnNames: true });
    const cols = (columns ?? []).map(quoteIdent).join(",");
    for (const row of rows) out.push(`INSERT INTO ${quoteIdent(e.name)} (${cols}) VALUES(${row.map(sqlLiteral).join(",")});`);
  }
  if (!no_schema) for (const e of entries.filter((x) => x.type !== "table")) out.push(`${e.sql};`);
  return out.join("\n") + "\n";
}

export function makeApiHandlers(requireMf) {
  const get = {
    kv: (id) => requireMf().getKVNamespace(apiBinding("KV", id), API_WORKER_NAME),
    d1: (id) => requireMf().getD1Database(apiBinding("D1", id), API_WORKER_NAME),
    r2: (b) => requireMf().getR2Bucket(apiBinding("R2", b), API_WORKER_NAME),
    queue: (q) => requireMf().getQueueProducer(apiBinding("Q", q), API_WORKER_NAME),
  };

  async function kvGet(kv, key) {
    const r = await kv.getWithMetadata(key, { type: "arrayBuffer" });
    if (r.value === null) return null;
    return { key, value: b64(r.value), metadata: r.metadata ?? null };
  }

  async function apiKv(msg) {
    const kv = await get.kv(msg.namespace);
    switch (msg.op) {
      case "list": {
        const r = await kv.list({ prefix: msg.prefix ?? undefined, limit: msg.limit ?? 1000, cursor: msg.cursor || undefined });
        return { keys: r.keys.map((k) => ({ name: k.name, expiration: k.expiration ?? null, metadata: k.metadata ?? null })), cursor: r.list_complete ? "" : r.cursor };
      }
      case "get":
        return await kvGet(kv, msg.key);
      case "get_many": {
        const out = [];
        for (const key of msg.keys) out.push((await kvGet(kv, key)) ?? { key, value: null, metadata: null });
        return out;
      }
      case "put_many": {
        for (const p of msg.pairs) {
          await kv.put(p.key, unb64(p.value), {
            metadata: p.metadata ?? undefined,
            expiration: p.expiration ?? undefined,
            expirationTtl: p.expiration_ttl ?? undefined,
          });
        }
        return { count: msg.pairs.length };
      }
      case "delete_many": {
        for (const key of msg.keys) await kv.delete(key);
        return { count: msg.keys.length };
      }
      case "clear": {
        let cursor;
        do {
          const r = await kv.list({ cursor });
          for (const k of r.keys) await kv.delete(k.name);
          cursor = r.list_complete ? undefined : r.cursor;
        } while (cursor);
        return {};
      }
      default:
        throw new Error(`unknown kv op ${msg.op}`);
    }
  }

  async function apiD1(msg) {
    const db = await get.d1(msg.database);
    if (msg.op === "clear") {
      const tables = await db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").all();
      for (const t of tables.results) await db.exec(`DROP TABLE IF EXISTS "${t.name.replaceAll('"', '""')}"`);
      return {};
    }
    if (msg.op === "dump") return { sql: await dumpSql(db, msg) };
    if (msg.op === "import") {
      const statements = splitSql(msg.sql);
      if (statements.length) await db.batch(statements.map((q) => db.prepare(q)));
      return { num_queries: statements.length };
    }
    const statements = splitSql(msg.sql);
    const params = msg.params ?? [];
    if (statements.length === 0) throw Object.assign(new Error("No SQL statements given"), { name: "D1Validation" });
    if (params.length && statements.length > 1) {
      throw Object.assign(new Error("Parameters can only be bound to a single SQL statement"), { name: "D1Validation" });
    }
    const prepared = statements.map((s, i) => (i === 0 && params.length ? db.prepare(s).bind(...params) : db.prepare(s)));
    const out = [];
    if (msg.op === "raw") {
      for (const stmt of prepared) {
        const t0 = performance.now();
        const [columns, ...rows] = await stmt.raw({ columnNames: true });
        out.push({ results: { columns: columns ?? [], rows }, success: true, meta: { duration: performance.now() - t0, served_by: "cloudflarefs-local-api" } });
      }
      return out;
    }
    const results = prepared.length === 1 ? [await prepared[0].all()] : await db.batch(prepared);
    for (const r of results) out.push({ results: r.results ?? [], success: r.success !== false, meta: { ...(r.meta ?? {}), served_by: "cloudflarefs-local-api" } });
    return out;
  }

  async function apiR2(msg) {
    const bucket = await get.r2(msg.bucket);
    switch (msg.op) {
      case "put": {
        const o = await bucket.put(msg.key, unb64(msg.body), { httpMetadata: msg.content_type ? { contentType: msg.content_type } : undefined, customMetadata: msg.custom_metadata ?? undefined });
        return describe(o);
      }
      case "get": {
        const o = await bucket.get(msg.key);
        if (o === null) return null;
        return { ...describe(o), body: b64(await o.arrayBuffer()) };
      }
      case "list": {
        const r = await bucket.list({ prefix: msg.prefix ?? undefined, cursor: msg.cursor || undefined, limit: msg.limit ?? 1000, delimiter: msg.delimiter ?? undefined, include: ["httpMetadata", "customMetadata"] });
        return { objects: r.objects.map(describe), delimited_prefixes: r.delimitedPrefixes, cursor: r.truncated ? r.cursor : "", truncated: r.truncated };
      }
      case "delete":
        await bucket.delete(msg.keys);
        return {};
      default:
        throw new Error(`unknown r2 op ${msg.op}`);
    }
  }

  function describe(o) {
    return {
      key: o.key,
      size: o.size,
      etag: o.etag,
      http_metadata: { contentType: o.httpMetadata?.contentType ?? null },
      custom_metadata: o.customMetadata ?? {},
      last_modified: o.uploaded.toISOString(),
    };
  }

  async function apiQueue(msg) {
    if (msg.op === "send") {
      const producer = await get.queue(msg.queue);
      for (const m of msg.messages) {
        const body = m.content_type === "bytes" ? unb64(m.body) : m.content_type === "json" ? JSON.parse(m.body) : m.body;
        await producer.send(body, { contentType: m.content_type ?? "json", delaySeconds: m.delay_seconds ?? undefined });
      }
      return { count: msg.messages.length };
    }
    const buf = buffer(msg.queue);
    const now = Date.now();
    if (msg.op === "pull") {
      const out = [];
      for (const m of buf) {
        if (out.length >= msg.batch_size) break;
        if (m.visibleAt > now) continue;
        if (m.leaseId !== null) m.attempts += 1; // its earlier lease ran out: a new attempt
        m.leaseId = leaseId();
        m.visibleAt = now + msg.visibility_timeout_ms;
        out.push({ id: m.id, body: m.body, content_type: m.type, attempts: m.attempts, lease_id: m.leaseId, timestamp_ms: m.timestamp });
      }
      return out;
    }
    if (msg.op === "ack") {
      let ackCount = 0;
      let retryCount = 0;
      const warnings = [];
      for (const leaseId of msg.acks) {
        const i = buf.findIndex((m) => m.leaseId === leaseId && m.visibleAt > now);
        if (i === -1) warnings.push(`lease ${leaseId.slice(0, 8)}… is unknown or expired`);
        else { buf.splice(i, 1); ackCount += 1; }
      }
      for (const r of msg.retries) {
        const m = buf.find((x) => x.leaseId === r.lease_id && x.visibleAt > now);
        if (!m) { warnings.push(`lease ${r.lease_id.slice(0, 8)}… is unknown or expired`); continue; }
        m.leaseId = null;
        m.attempts += 1;
        m.visibleAt = now + (r.delay_seconds ?? 0) * 1000;
        retryCount += 1;
      }
      return { ackCount, retryCount, warnings };
    }
    if (msg.op === "purge") {
      pullBuffers.delete(msg.queue);
      return {};
    }
    throw new Error(`unknown queue op ${msg.op}`);
  }

  return { api_kv: apiKv, api_d1: apiD1, api_r2: apiR2, api_queue: apiQueue };
}
