// Translate the harness' binding spec (JSON from Python, see cloudflarefs.testing.bindings)
// into Miniflare options.
//
// The main worker is a JS shim: it forwards fetch, scheduled and queue events to Node-function
// service bindings, which call the Python Worker running in Pyodide.

export const SHIM_WORKER = `
function encodeBody(v) {
  if (v instanceof ArrayBuffer) return { __cfh_bytes: b64(new Uint8Array(v)) };
  if (ArrayBuffer.isView(v)) return { __cfh_bytes: b64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
  return v;
}
function b64(u8) { let s = ""; for (const c of u8) s += String.fromCharCode(c); return btoa(s); }
async function post(env, payload) {
  const r = await env.__CFH_EVENT.fetch("http://cfh.internal/event", { method: "POST", body: JSON.stringify(payload) });
  const d = await r.json();
  if (d.error) throw new Error(d.error);
  return d;
}
export default {
  fetch(request, env) { return env.__CFH_FETCH.fetch(request); },
  async scheduled(controller, env) {
    const d = await post(env, { kind: "scheduled", cron: controller.cron, scheduledTime: controller.scheduledTime });
    if (d.noRetry) controller.noRetry();
  },
  async queue(batch, env) {
    const messages = batch.messages.map((m) => ({ id: m.id, timestamp: m.timestamp.getTime(), attempts: m.attempts, body: encodeBody(m.body) }));
    const d = await post(env, { kind: "queue", queue: batch.queue, messages });
    if (d.ackAll) batch.ackAll();
    if (d.retryAll) batch.retryAll(d.retryAll.delaySeconds === undefined ? undefined : { delaySeconds: d.retryAll.delaySeconds });
    const byId = new Map(batch.messages.map((m) => [m.id, m]));
    for (const id of d.ack) byId.get(id)?.ack();
    for (const r of d.retry) byId.get(r.id)?.retry(r.delaySeconds === undefined ? undefined : { delaySeconds: r.delaySeconds });
  },
};
`;

const DO_WORKER = "cfh-durable-objects";

// Storage-backed bindings get a generation suffix on their ids, so a fresh generation means
// fresh, empty storage without restarting workerd.
function ids(names, gen) {
  return Object.fromEntries(names.map((n) => [n, gen ? `${n}-g${gen}` : n]));
}

export function buildOptions(spec, { generation, port, fetchBridge, eventBridge }) {
  const main = {
    name: "cfh-main",
    modules: true,
    script: SHIM_WORKER,
    compatibilityDate: spec.compatibility_date ?? "2025-06-01",
    compatibilityFlags: spec.compatibility_flags ?? [],
    kvNamespaces: ids(spec.kv ?? [], generation),
    r2Buckets: ids(spec.r2 ?? [], generation),
    d1Databases: ids(spec.d1 ?? [], generation),
    queueProducers: Object.fromEntries(
      Object.entries(spec.queue_producers ?? {}).map(([b, q]) => [b, { queueName: q }]),
    ),
    queueConsumers: Object.fromEntries(
      Object.entries(spec.queue_consumers ?? {}).map(([q, c]) => [
        q,
        {
          maxBatchSize: c.max_batch_size ?? undefined,
          maxBatchTimeout: c.max_batch_timeout ?? undefined,
          maxRetries: c.max_retries ?? undefined,
          deadLetterQueue: c.dead_letter_queue ?? undefined,
          retryDelay: c.retry_delay ?? undefined,
        },
      ]),
    ),
    bindings: { ...(spec.vars ?? {}), ...(spec.secrets ?? {}) },
    ratelimits: Object.fromEntries(
      Object.entries(spec.rate_limits ?? {}).map(([b, r]) => [b, { simple: { limit: r.limit, period: r.period } }]),
    ),
    hyperdrives: spec.hyperdrive ?? {},
    // A service binding of the same name (a recording double) takes a dataset's place.
    analyticsEngineDatasets: Object.fromEntries(
      Object.entries(spec.analytics_engine_datasets ?? {})
        .filter(([b]) => !(b in (spec.services ?? {})))
        .map(([b, d]) => [b, { dataset: d }]),
    ),
    serviceBindings: {
      ...Object.fromEntries(Object.entries(spec.services ?? {}).map(([b, w]) => [b, w])),
      __CFH_FETCH: fetchBridge,
      __CFH_EVENT: eventBridge,
    },
    durableObjects: Object.fromEntries(
      Object.entries(spec.durable_objects ?? {}).map(([b, d]) => [
        b,
        {
          className: d.class_name,
          scriptName: DO_WORKER,
          useSQLite: d.sqlite ?? true,
          // A new unique key per generation isolates Durable Object storage between tests.
          unsafeUniqueKey: generation ? `${d.class_name}-g${generation}` : undefined,
        },
      ]),
    ),
  };
  if (spec.version_metadata) main.versionMetadata = spec.version_metadata;
  const workers = [main];
  if (spec.durable_objects && Object.keys(spec.durable_objects).length) {
    if (!spec.durable_object_script) throw new Error("durable_objects given without durable_object_script");
    workers.push({
      name: DO_WORKER,
      modules: true,
      script: spec.durable_object_script,
      compatibilityDate: main.compatibilityDate,
      durableObjects: Object.fromEntries(
        Object.entries(spec.durable_objects).map(([, d]) => [
          d.class_name,
          { className: d.class_name, useSQLite: d.sqlite ?? true, unsafeUniqueKey: generation ? `${d.class_name}-g${generation}` : undefined },
        ]),
      ),
    });
  }
  for (const [name, script] of Object.entries(spec.workers ?? {})) {
    workers.push({ name, modules: true, script, compatibilityDate: main.compatibilityDate });
  }
  return {
    workers,
    host: "127.0.0.1", // never listen beyond loopback
    port,
    liveReload: false,
    logRequests: false,
    // workerd's own stdout would otherwise land on our protocol fd.
    handleRuntimeStdio(stdout, stderr) {
      stdout.pipe(process.stderr);
      stderr.pipe(process.stderr);
    },
  };
}
