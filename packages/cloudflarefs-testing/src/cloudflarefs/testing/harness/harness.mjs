// Node side of the cloudflarefs offline Python Workers harness.
//
// One process hosts Pyodide (from the local npm package, never a CDN) and one Miniflare
// instance. The Python host talks to it with JSON lines: requests on stdin, replies on stdout
// prefixed with PROTO so that stray output (workerd logs, print() in Pyodide) can never be
// mistaken for a reply. Everything else this process prints goes to stderr.
import { createInterface } from "node:readline";
import { writeSync } from "node:fs";
import { Miniflare, Request as MfRequest, Response as MfResponse } from "miniflare";
import { loadPyodide } from "pyodide";
import { decodeClone } from "./clone.mjs";
import { buildOptions } from "./options.mjs";
import { makeApiHandlers, makePullBridge } from "./local_api.mjs";
import { doublesCommand, installDoubles, resetDoubles } from "./doubles.mjs";
import { PythonDurableObjects, installGlobals } from "./pydo.mjs";
import { ReloadGate } from "./reload_gate.mjs";
import { WebSocketSessions } from "./sessions.mjs";

const PROTO = "\u001eCFH ";
// fd 1 may be a non-blocking pipe: on EAGAIN (host not reading yet) retry the remainder.
function writeOut(text) {
  let buf = Buffer.from(text);
  while (buf.length) {
    try {
      buf = buf.subarray(writeSync(1, buf));
    } catch (e) {
      if (e.code !== "EAGAIN") throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}
const realWrite = (line) => writeOut(PROTO + line + "\n");
// Route every ordinary stdout write to stderr: the protocol owns fd 1.
process.stdout.write = (chunk, enc, cb) => process.stderr.write(chunk, enc, cb);
console.log = (...a) => console.error(...a);

let pyodide = null;
let bridge = null; // the _cfh_bridge Python module (PyProxy)
let pydo = null; // Python Durable Objects (pydo.mjs)
const sessions = new WebSocketSessions();
let mf = null;
let env = null;
let generation = 0;
const pending = new Set(); // waitUntil promises of in-flight dispatches
// Reconfiguration waits for in-flight work and holds new work back (see reload_gate.mjs).
const gate = new ReloadGate(() => [...pending]);

function b64(buf) {
  return Buffer.from(buf).toString("base64");
}

// ---- ExecutionContext given to Python handlers --------------------------------------------
function makeCtx() {
  return {
    waitUntil(p) {
      // A Python awaitable arrives as a *borrowed* PyProxy that dies when the call returns:
      // keep our own copy until it settles.
      let owned = null;
      if (p instanceof pyodide.ffi.PyProxy) {
        owned = p.copy();
        p = owned;
      }
      const done = Promise.resolve(p)
        .catch((e) => console.error("[cfh] waitUntil rejected:", e))
        .finally(() => {
          pending.delete(done);
          if (owned) owned.destroy();
        });
      pending.add(done);
    },
    passThroughOnException() {},
    props: {},
  };
}

async function drainWaitUntil() {
  while (pending.size) await Promise.allSettled([...pending]);
}

// ---- Bridges called by the shim worker through Node-function service bindings -------------
async function toMfResponse(r) {
  // A WebSocket upgrade answered through a Durable Object stub: hand the socket on.
  // Its handshake headers belong to the inner connection: the outer one negotiates its own.
  if (r.status === 101 && r.webSocket) {
    const headers = [...r.headers].filter(([k]) => !/^(sec-websocket-(extensions|accept)|upgrade|connection)$/i.test(k));
    return new MfResponse(null, { status: 101, webSocket: r.webSocket, headers });
  }
  const body = r.body === null ? null : await r.arrayBuffer();
  return new MfResponse(body, { status: r.status, statusText: r.statusText, headers: [...r.headers] });
}

// Python Workers reach the Cache API through the `caches` global. Node has none, so give Pyodide
// one backed by Miniflare's real cache (workerd's Cache API behind Miniflare's proxy). Node's own
// Request/Response cannot cross that proxy: keys and responses are rebuilt as Miniflare's
// classes on the way in, and hits as Node's global Response on the way out.
function mfCacheKey(key) {
  return typeof key === "string" ? key : new MfRequest(key.url, { method: key.method, headers: [...key.headers] });
}

async function toGlobalResponse(r) {
  const body = await r.arrayBuffer();
  return new Response(body.byteLength ? body : null, { status: r.status, statusText: r.statusText, headers: [...r.headers] });
}

function workerCache(cache) {
  return {
    async match(key, options) {
      const hit = await cache.match(mfCacheKey(key), options);
      return hit ? toGlobalResponse(hit) : undefined;
    },
    async put(key, response) {
      return cache.put(mfCacheKey(key), await toMfResponse(response));
    },
    delete(key, options) {
      return cache.delete(mfCacheKey(key), options);
    },
  };
}

function workerCaches(storage) {
  return { default: workerCache(storage.default), open: async (name) => workerCache(await storage.open(name)) };
}

const lastErrors = [];

function recordError(where, e, record = true) {
  const tb = e && e.message ? e.message : String(e);
  if (record) lastErrors.push({ where, type: e && e.type ? e.type : e?.name ?? "Error", traceback: tb });
  console.error(`[cfh] Python ${where} handler raised:\n${tb}`);
  return tb;
}

// Miniflare hands us its own (bundled undici) Request; Node's global fetch classes, which the
// workers SDK uses through `js.Request`, do not accept it, so rebuild it as a global Request.
async function toGlobalRequest(req) {
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const r = new Request(req.url, {
    method: req.method,
    headers: [...req.headers],
    body: hasBody ? await req.arrayBuffer() : undefined,
  });
  Object.defineProperty(r, "cf", { value: req.cf, enumerable: true });
  return r;
}

async function pyFetchBridge(request) {
  try {
    const r = await bridge.handle_fetch(await toGlobalRequest(request), makeCtx());
    return await toMfResponse(r);
  } catch (e) {
    return new MfResponse(recordError("fetch", e), { status: 500 });
  }
}

async function pyEventBridge(request) {
  const payload = await request.json();
  try {
    if (payload.kind === "scheduled") {
      const d = { noRetry: false };
      const controller = { cron: payload.cron, scheduledTime: payload.scheduledTime, noRetry() { d.noRetry = true; } };
      await bridge.handle_scheduled(controller, makeCtx());
      return MfResponse.json(d);
    }
    const d = { ack: [], retry: [], ackAll: false, retryAll: null };
    const messages = payload.messages.map((m) => ({
      id: m.id,
      timestamp: new Date(m.timestamp),
      attempts: m.attempts,
      body: decodeBody(m.body),
      ack() { d.ack.push(m.id); },
      retry(o) { d.retry.push({ id: m.id, delaySeconds: o?.delaySeconds }); },
    }));
    const batch = {
      queue: payload.queue,
      messages,
      ackAll() { d.ackAll = true; },
      retryAll(o) { d.retryAll = { delaySeconds: o?.delaySeconds }; },
    };
    await bridge.handle_queue(batch, makeCtx());
    return MfResponse.json(d);
  } catch (e) {
    return MfResponse.json({ error: recordError(payload.kind, e) }, { status: 500 });
  }
}

const decodeBody = decodeClone;

// ---- Python Workflows: the channel behind the JS facades (see workflowScript) -------------
// One session per facade run(). The Python run() gets a JS-shaped step whose do/sleep/
// sleepUntil/waitForEvent post a command and wait; the facade performs it with the real step
// and reports back ("resume"). step.do's callback comes back as "exec" and runs the Python
// step function. A new run() of the same instance (engine restart) abandons older sessions.
const wfSessions = new Map();
const wfNames = new Map(); // engine workflow name (generation-suffixed) -> configured name
const wfClassNames = new Map(); // class name -> configured workflow name (Miniflare omits it)

function errorInfo(e) {
  // A Python exception arrives as PythonError: its type is the class name, and the last
  // traceback line is "<qualified.Type>: <message>".
  if (e && e.constructor?.name === "PythonError" && typeof e.type === "string") {
    const last = e.message.split("\n").filter((l) => l.trim()).at(-1) ?? "";
    const sep = last.indexOf(": ");
    return { name: e.type, message: sep === -1 ? "" : last.slice(sep + 2) };
  }
  return { name: e?.name ?? "Error", message: e?.message ?? String(e) };
}

function plain(v) {
  if (v === undefined) return null;
  if (v instanceof pyodide.ffi.PyProxy) return v.toJs({ dict_converter: Object.fromEntries });
  return JSON.parse(JSON.stringify(v));
}

function newSession(id, instanceId) {
  const s = { id, instanceId, seq: 0, queue: [], waiter: null, callbacks: new Map(), pending: new Map() };
  s.push = (cmd) => (s.waiter ? (s.waiter(cmd), (s.waiter = null)) : s.queue.push(cmd));
  s.next = () => (s.queue.length ? Promise.resolve(s.queue.shift()) : new Promise((r) => (s.waiter = r)));
  s.command = (cmd, cb) => {
    const seq = ++s.seq;
    if (cb) s.callbacks.set(seq, cb);
    return new Promise((resolve, reject) => {
      s.pending.set(seq, { resolve, reject });
      s.push({ ...cmd, seq });
    });
  };
  for (const [old, o] of wfSessions) if (o.instanceId === instanceId) wfSessions.delete(old);
  wfSessions.set(id, s);
  return s;
}

function jsStep(s) {
  return {
    do(name, a, b) {
      const cb = typeof a === "function" ? a : b;
      const config = typeof a === "function" ? undefined : a;
      if (typeof cb !== "function") throw new TypeError("step.do needs a callback");
      return s.command({ kind: "do", name, config: config === undefined ? null : plain(config) }, cb);
    },
    sleep: (name, duration) => s.command({ kind: "sleep", name, duration: plain(duration) }),
    sleepUntil: (name, ts) => s.command({ kind: "sleepUntil", name, timestamp: ts instanceof Date ? ts.getTime() : ts }),
    waitForEvent: (name, opts) => {
      const o = plain(opts) ?? {};
      return s.command({ kind: "waitForEvent", name, type: o.type, timeout: o.timeout ?? null }).then((e) => ({
        payload: e.payload,
        type: e.type,
        timestamp: new Date(e.timestamp),
      }));
    },
  };
}

async function pyWorkflowBridge(request) {
  const p = await request.json();
  const s = wfSessions.get(p.session);
  if (p.op === "start") {
    const fresh = newSession(p.session, p.event.instanceId);
    const ev = p.event;
    const event = {
      payload: ev.payload,
      timestamp: new Date(ev.timestamp),
      instanceId: ev.instanceId,
      workflowName: wfNames.get(ev.workflowName) ?? ev.workflowName ?? wfClassNames.get(p.className) ?? null,
    };
    bridge.run_workflow(p.className, event, jsStep(fresh)).then(
      (out) => fresh.push({ kind: "done", output: JSON.parse(out) }),
      (e) => {
        // Logged, not recorded: a failing run is an instance outcome (seen through status()),
        // not an error of whatever fetch or test happens to be in flight.
        console.error(`[cfh] Python Workflow ${p.className}.run raised:\n${e?.message ?? e}`);
        fresh.push({ kind: "failed", error: errorInfo(e) });
      },
    );
    return MfResponse.json(await fresh.next());
  }
  if (!s) return MfResponse.json({ kind: "failed", error: { name: "Error", message: "workflow session is gone (harness reconfigured?)" } });
  if (p.op === "exec") {
    try {
      const v = await s.callbacks.get(p.seq)();
      return MfResponse.json({ value: plain(v) });
    } catch (e) {
      return MfResponse.json({ error: errorInfo(e) });
    }
  }
  // resume: settle the step call the Python run() awaits, then report its next command.
  const waiting = s.pending.get(p.seq);
  s.pending.delete(p.seq);
  s.callbacks.delete(p.seq);
  if (p.error) {
    const err = new Error(p.error.message);
    err.name = p.error.name;
    waiting.reject(err);
  } else {
    waiting.resolve(p.value);
  }
  return MfResponse.json(await s.next());
}

// ---- Miniflare lifecycle -----------------------------------------------------------------
function configure(msg) {
  return gate.reload(() => reconfigure(msg));
}

async function reconfigure(msg) {
  const t0 = performance.now();
  generation += 1;
  const opts = buildOptions(msg.bindings, {
    generation: msg.fresh === false ? 0 : generation,
    port: msg.port ?? 0,
    // Events from workerd into Python: let in while a reload drains, held while it runs.
    fetchBridge: (request) => gate.event(() => pyFetchBridge(request)),
    eventBridge: (request) => gate.event(() => pyEventBridge(request)),
    pullBridge: (request) => gate.event(() => pullBridge(request)),
    pydoBridge: (request) => gate.event(() => pydo.bridge(request)),
    pydoSecret: pydo.secret,
    workflowBridge: (request) => gate.event(() => pyWorkflowBridge(request)),
  });
  const gen = msg.fresh === false ? 0 : generation;
  wfNames.clear();
  wfClassNames.clear();
  wfSessions.clear();
  for (const w of Object.values(msg.bindings.workflows ?? {})) {
    wfNames.set(gen ? `${w.name}-g${gen}` : w.name, w.name);
    if (!wfClassNames.has(w.class_name)) wfClassNames.set(w.class_name, w.name);
  }
  if (mf && msg.strategy !== "new") {
    await mf.setOptions(opts);
  } else {
    if (mf) await mf.dispose();
    mf = new Miniflare(opts);
  }
  const url = await mf.ready;
  env = await mf.getBindings();
  if (msg.fresh !== false) resetDoubles();
  installDoubles(env, msg.bindings.test_doubles, msg.bindings.services);
  for (const [b, secret] of Object.entries(msg.bindings.secrets_store_secrets ?? {})) {
    if (secret.value != null) await (await mf.getSecretsStoreSecretAPI(b))().create(secret.value);
  }
  globalThis.caches = workerCaches(await mf.getCaches());
  bridge.set_env(env);
  await sessions.closeAll();
  await pydo.configured(mf, Object.values(msg.bindings.durable_objects ?? {}).some((d) => d.python));
  return { url: url.toString(), ms: performance.now() - t0 };
}

function requireMf() {
  if (!mf) throw new Error("harness not configured: send `configure` first");
  return mf;
}

async function dispatchFetch(msg) {
  lastErrors.length = 0;
  // redirect: "manual": the caller sees the Worker's own 3xx, as a client without -L would.
  const init = { method: msg.method, headers: msg.headers, cf: msg.cf ?? undefined, redirect: "manual" };
  if (msg.body != null) init.body = Buffer.from(msg.body, "base64");
  const r = await requireMf().dispatchFetch(msg.url, init);
  const body = Buffer.from(await r.arrayBuffer());
  await drainWaitUntil();
  return { status: r.status, headers: [...r.headers], body: b64(body), errors: [...lastErrors] };
}

async function dispatchScheduled(msg) {
  lastErrors.length = 0;
  const w = await requireMf().getWorker();
  const r = await w.scheduled({ cron: msg.cron ?? "", scheduledTime: msg.scheduledTime ? new Date(msg.scheduledTime) : undefined });
  await drainWaitUntil();
  return { outcome: r.outcome, noRetry: r.noRetry, errors: [...lastErrors] };
}

async function dispatchQueue(msg) {
  lastErrors.length = 0;
  const w = await requireMf().getWorker();
  const messages = msg.messages.map((m, i) => ({
    id: m.id ?? `msg-${i}`,
    timestamp: new Date(m.timestamp ?? Date.now()),
    body: decodeBody(m.body),
    attempts: m.attempts ?? 1,
  }));
  const r = await w.queue(msg.queue, messages);
  await drainWaitUntil();
  return {
    outcome: r.outcome,
    ackAll: r.ackAll,
    retryBatch: r.retryBatch,
    explicitAcks: r.explicitAcks,
    retryMessages: r.retryMessages,
    errors: [...lastErrors],
  };
}

// ---- Pyodide ------------------------------------------------------------------------------
async function init(msg) {
  const t0 = performance.now();
  pyodide = await loadPyodide({
    indexURL: msg.indexURL,
    // Python output shares fd 1 with the replies (unprefixed), so the host reads it in order:
    // everything printed before a reply is in the logs when that reply is handled.
    stdout: (s) => writeOut(s + "\n"),
    stderr: (s) => writeOut(s + "\n"),
  });
  for (const m of msg.mounts) {
    pyodide.FS.mkdirTree(m.target);
    pyodide.mountNodeFS(m.target, m.host);
  }
  const sys = pyodide.pyimport("sys");
  // Mounted host trees must not collect Pyodide's .pyc files.
  sys.dont_write_bytecode = true;
  for (const p of msg.sysPath) sys.path.insert(0, p);
  sys.destroy();
  // The workers SDK reaches `cloudflare:workers` through this object (see _pyodide_entrypoint_helper).
  globalThis.__cfhWorkersModule = { get env() { return env; }, waitUntil: (p) => makeCtx().waitUntil(p) };
  // workerd's Response (webSocket, status 101), WebSocketPair and WebSocketRequestResponsePair.
  installGlobals();
  bridge = pyodide.pyimport("_cfh_bridge");
  pydo = new PythonDurableObjects({ pyodide, waitUntil: (p) => makeCtx().waitUntil(p), recordError });
  return { ms: performance.now() - t0, python: pyodide.runPython("import sys; sys.version") , pyodide: pyodide.version };
}

async function runPython(msg) {
  // Python returns a JSON string so nothing but primitives crosses back.
  return JSON.parse(await bridge.run_test(JSON.stringify(msg)));
}

const pullBridge = makePullBridge(MfResponse);

const handlers = {
  ...makeApiHandlers(requireMf),
  doubles: doublesCommand,
  init,
  configure,
  run: runPython,
  fetch: dispatchFetch,
  scheduled: dispatchScheduled,
  queue: dispatchQueue,
  load_worker: async (msg) => {
    const reply = JSON.parse(await bridge.load_worker(JSON.stringify(msg)));
    pydo.reloaded();
    return reply;
  },
  ws_open: async (msg) => {
    lastErrors.length = 0;
    const r = await sessions.open(requireMf(), msg);
    return { ...r, errors: [...lastErrors] };
  },
  ws_send: async (msg) => sessions.send(msg),
  ws_receive: async (msg) => sessions.receive(msg),
  ws_close: async (msg) => sessions.close(msg),
  mount: async (msg) => {
    pyodide.FS.mkdirTree(msg.target);
    pyodide.mountNodeFS(msg.target, msg.host);
    return {};
  },
  ping: async () => ({ pong: true }),
  shutdown: async () => {
    if (mf) await mf.dispose();
    mf = null;
    setImmediate(() => process.exit(0));
    return {};
  },
};

// Commands that never touch Miniflare's proxies (or are the reload itself) skip the gate; a
// WebSocket session's send/receive/close must not hold a reload back either.
const UNGATED = new Set(["init", "configure", "ping", "shutdown", "mount", "ws_send", "ws_receive", "ws_close"]);

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on("line", (line) => {
  if (!line.trim()) return;
  let msg;
  try {
    msg = JSON.parse(line);
  } catch (e) {
    realWrite(JSON.stringify({ id: null, ok: false, error: { type: "ProtocolError", message: String(e) } }));
    return;
  }
  const h = handlers[msg.cmd];
  const run = () => (UNGATED.has(msg.cmd) ? h(msg) : gate.command(() => h(msg)));
  const p = h ? run() : Promise.reject(new Error(`unknown command ${msg.cmd}`));
  p.then(
    (result) => realWrite(JSON.stringify({ id: msg.id, ok: true, result })),
    (e) => realWrite(JSON.stringify({ id: msg.id, ok: false, error: { type: e?.name ?? "Error", message: e?.message ?? String(e), stack: e?.stack ?? "" } })),
  );
});
rl.on("close", async () => {
  // The host went away: do not leave workerd behind.
  if (mf) await mf.dispose().catch(() => {});
  process.exit(0);
});
