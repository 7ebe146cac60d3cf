// Translate the harness' binding spec (JSON from Python, see cloudflarefs.testing.bindings)
// into Miniflare options.
//
// The main worker is a JS shim: it forwards fetch, scheduled and queue events to Node-function
// service bindings, which call the Python Worker running in Pyodide. Python Durable Object
// classes get JS facades in their own worker (see pydo_facade.mjs).
import { PYDO_WORKER, facadeScript } from "./pydo_facade.mjs";

import { apiWorkerOptions } from "./local_api.mjs";

import { encodeClone } from "./clone.mjs";

export const SHIM_WORKER = `
${encodeClone.toString()}
async function post(env, payload) {
  const r = await env.__CFH_EVENT.fetch("http://cfh.internal/event", { method: "POST", body: JSON.stringify(payload) });
  const d = await r.json();
  if (d.error) throw new Error(d.error);
  return d;
}
// \`Expect: 100-continue\` must not reach the Node bridge: its http server answers "100 Continue",
// and workerd relays that interim reply as if it were the response (a 100 with a chunked body,
// which curl reads as a broken reply). Without the header the client sends its body after its
// own wait, and gets the Worker's response.
function forwarded(request) {
  if (!request.headers.has("expect")) return request;
  const headers = new Headers(request.headers);
  headers.delete("expect");
  return new Request(request, { headers });
}
export default {
  fetch(request, env) { return env.__CFH_FETCH.fetch(forwarded(request)); },
  async scheduled(controller, env) {
    const d = await post(env, { kind: "scheduled", cron: controller.cron, scheduledTime: controller.scheduledTime });
    if (d.noRetry) controller.noRetry();
  },
  async queue(batch, env) {
    const messages = batch.messages.map((m) => ({ id: m.id, timestamp: m.timestamp.getTime(), attempts: m.attempts, body: encodeClone(m.body) }));
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
const WORKFLOW_WORKER = "cfh-workflows";

// Each Python WorkflowEntrypoint class gets a JS facade: a real WorkflowEntrypoint whose run()
// asks the Python run() (in Pyodide, through the __CFH_WORKFLOW Node binding) what to do next,
// and performs it with Miniflare's real step primitives. step.do's callback runs the Python
// step function, so retries, durable step results, sleeps and events are the engine's own.
export function workflowScript(classNames) {
  const facades = classNames.map((c) => `export const ${c} = facade(${JSON.stringify(c)});`).join("\n");
  return `
import { WorkflowEntrypoint } from "cloudflare:workers";
import { NonRetryableError } from "cloudflare:workflows";
async function call(env, payload) {
  const r = await env.__CFH_WORKFLOW.fetch("http://cfh.internal/workflow", { method: "POST", body: JSON.stringify(payload) });
  return r.json();
}
function toError(info) {
  if (info.name === "NonRetryableError") return new NonRetryableError(info.message);
  const e = new Error(info.message);
  e.name = info.name;
  return e;
}
function facade(className) {
  return class extends WorkflowEntrypoint {
    async run(event, step) {
      const session = crypto.randomUUID();
      let c = await call(this.env, { op: "start", session, className, event: {
        payload: event.payload, timestamp: event.timestamp.getTime(), instanceId: event.instanceId,
        workflowName: event.workflowName ?? null } });
      for (;;) {
        if (c.kind === "done") return c.output;
        if (c.kind === "failed") throw toError(c.error);
        let reply;
        try {
          let value = null;
          if (c.kind === "do") {
            const cb = async () => {
              const r = await call(this.env, { op: "exec", session, seq: c.seq });
              if (r.error) throw toError(r.error);
              return r.value;
            };
            value = c.config ? await step.do(c.name, c.config, cb) : await step.do(c.name, cb);
          } else if (c.kind === "sleep") {
            await step.sleep(c.name, c.duration);
          } else if (c.kind === "sleepUntil") {
            await step.sleepUntil(c.name, new Date(c.timestamp));
          } else if (c.kind === "waitForEvent") {
            const opts = { type: c.type };
            if (c.timeout != null) opts.timeout = c.timeout;
            const e = await step.waitForEvent(c.name, opts);
            value = { payload: e.payload, type: e.type, timestamp: e.timestamp instanceof Date ? e.timestamp.getTime() : e.timestamp };
          } else {
            throw new Error("unknown workflow command " + c.kind);
          }
          reply = { value: value === undefined ? null : value };
        } catch (e) {
          // The engine aborting this run (pause, terminate, restart, a NonRetryableError): in
          // workerd the run just stops, so the Python run() must not see (or catch) it.
          if (typeof e?.message === "string" && e.message.startsWith("Aborting engine:")) throw e;
          reply = { error: { name: e?.name ?? "Error", message: e?.message ?? String(e) } };
        }
        c = await call(this.env, { op: "resume", session, seq: c.seq, ...reply });
      }
    }
  };
}
${facades}
`;
}

// Storage-backed bindings get a generation suffix on their ids, so a fresh generation means
// fresh, empty storage without restarting workerd. A binding's storage id is its name unless
// `resource_ids` names one (the id in wrangler config, or the one the local API gave out).
function ids(names, gen, explicit = {}) {
  return Object.fromEntries(names.map((n) => [n, suffixer(gen)(explicit[n] ?? n)]));
}

function suffixer(gen) {
  return (id) => (gen ? `${id}-g${gen}` : id);
}

function doUniqueKey(d, generation) {
  // A new unique key per generation isolates Durable Object storage between tests; the local
  // API names each namespace's storage (`storage_id`), so a renamed class keeps its objects.
  const key = d.storage_id ?? undefined;
  return generation ? `${key ?? d.class_name}-g${generation}` : key;
}

export function buildOptions(
  spec,
  { generation, port, fetchBridge, eventBridge, pullBridge, pydoBridge, pydoSecret, workflowBridge },
) {
  const explicit = spec.resource_ids ?? {};
  const workflows = spec.workflows ?? {};
  const main = {
    name: "cfh-main",
    modules: true,
    script: SHIM_WORKER,
    compatibilityDate: spec.compatibility_date ?? "2025-06-01",
    compatibilityFlags: spec.compatibility_flags ?? [],
    kvNamespaces: ids(spec.kv ?? [], generation, explicit),
    r2Buckets: ids(spec.r2 ?? [], generation, explicit),
    d1Databases: ids(spec.d1 ?? [], generation, explicit),
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
    secretsStoreSecrets: Object.fromEntries(
      Object.entries(spec.secrets_store_secrets ?? {}).map(([b, s]) => [
        b,
        // A store per generation: every configure starts from an empty local store.
        { store_id: generation ? `${s.store_id}-g${generation}` : s.store_id, secret_name: s.secret_name },
      ]),
    ),
    workflows: Object.fromEntries(
      Object.entries(workflows).map(([b, w]) => [
        b,
        // The engine keys instances by workflow name: a generation suffix isolates tests.
        { name: generation ? `${w.name}-g${generation}` : w.name, className: w.class_name, scriptName: WORKFLOW_WORKER },
      ]),
    ),
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
          scriptName: d.python ? PYDO_WORKER : DO_WORKER,
          useSQLite: d.sqlite ?? true,
          unsafeUniqueKey: doUniqueKey(d, generation),
        },
      ]),
    ),
  };
  if (spec.version_metadata) main.versionMetadata = spec.version_metadata;
  const workers = [main];
  const allDos = Object.values(spec.durable_objects ?? {});
  const ownBindings = (dos) =>
    Object.fromEntries(
      dos.map((d) => [d.class_name, { className: d.class_name, useSQLite: d.sqlite ?? true, unsafeUniqueKey: doUniqueKey(d, generation) }]),
    );
  const jsDos = allDos.filter((d) => !d.python);
  if (jsDos.length) {
    if (!spec.durable_object_script) throw new Error("JS durable_objects given without durable_object_script");
    workers.push({
      name: DO_WORKER,
      modules: true,
      script: spec.durable_object_script,
      compatibilityDate: main.compatibilityDate,
      durableObjects: ownBindings(jsDos),
    });
  }
  const pyDos = allDos.filter((d) => d.python);
  if (pyDos.length) {
    workers.push({
      name: PYDO_WORKER,
      modules: true,
      script: facadeScript([...new Set(pyDos.map((d) => d.class_name))]),
      compatibilityDate: main.compatibilityDate,
      compatibilityFlags: main.compatibilityFlags,
      durableObjects: ownBindings(pyDos),
      serviceBindings: { __CFH_PYDO: pydoBridge },
      bindings: { __CFH_SECRET: pydoSecret },
      // The Python instances' synchronous ctx calls arrive here, straight from Node.
      unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
    });
  }
  if (spec.api_resources) {
    workers.push(
      apiWorkerOptions(spec.api_resources, {
        compatibilityDate: main.compatibilityDate,
        suffix: suffixer(generation),
        pullBridge,
        consumedByMain: new Set(Object.keys(spec.queue_consumers ?? {})),
      }),
    );
  }
  const classes = [...new Set(Object.values(workflows).map((w) => w.class_name))];
  if (classes.length) {
    workers.push({
      name: WORKFLOW_WORKER,
      modules: true,
      script: workflowScript(classes),
      compatibilityDate: main.compatibilityDate,
      serviceBindings: { __CFH_WORKFLOW: workflowBridge },
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
