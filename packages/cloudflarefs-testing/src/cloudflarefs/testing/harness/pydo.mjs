// Node side of Python Durable Objects offline.
//
// workerd runs a JS facade per Python class (pydo_facade.mjs). Its events arrive here through
// the `__CFH_PYDO` Node-function service binding (`bridge`); Pyodide runs them on one Python
// instance per facade instance. The Python instance's `ctx` is a JS object built here: every
// call it makes (storage, SQL, alarms, WebSocket hibernation) goes synchronously to the facade
// (SyncChannel), so a Python Durable Object sees the real Miniflare storage with the same
// synchronous/asynchronous shape as in workerd.
import { Worker, MessageChannel, receiveMessageOnPort } from "node:worker_threads";
import { randomUUID } from "node:crypto";
import { Response as MfResponse } from "miniflare";
import { cfhEncode, cfhDecode } from "./pydo_codec.mjs";
import { PYDO_WORKER } from "./pydo_facade.mjs";

const SYNC_TIMEOUT_MS = 120_000; // a safety net against a wedged workerd, not a test timer

// ---- the synchronous channel ---------------------------------------------------------------
// Blocking the main thread while the call is made is what keeps the platform's input gate: no
// other event can start while a storage operation of the Python instance is in flight.
class SyncChannel {
  constructor() {
    this.flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(new URL("./pydo_sync_worker.mjs", import.meta.url), {
      workerData: { flag: this.flag.buffer, port: port2 },
      transferList: [port2],
    });
    this.worker.unref();
  }

  call(url, secret, body) {
    Atomics.store(this.flag, 0, 0);
    this.worker.postMessage({ url, secret, body });
    if (Atomics.wait(this.flag, 0, 0, SYNC_TIMEOUT_MS) === "timed-out") {
      throw new Error("the Durable Object facade did not answer within 120 s");
    }
    return receiveMessageOnPort(this.port).message;
  }
}

// ---- JS objects the Python instance sees -----------------------------------------------------
class DurableObjectId {
  constructor(hex, name) {
    this.hex = hex;
    if (name !== null) this.name = name;
  }
  toString() {
    return this.hex;
  }
  equals(other) {
    return other?.toString() === this.hex;
  }
}

// The global WebSocketPair offline: its ends stand for the sockets a facade creates when the
// Python Durable Object calls ctx.acceptWebSocket(server).
class WebSocketPair {
  constructor() {
    const id = randomUUID();
    this[0] = new WebSocket(id, "client");
    this[1] = new WebSocket(id, "server");
  }
}

class WebSocketRequestResponsePair {
  constructor(request, response) {
    this.request = request;
    this.response = response;
  }
}

function notHibernatable() {
  return new TypeError(
    "offline, a WebSocket made with WebSocketPair can only be used by a Python Durable Object " +
      "through ctx.acceptWebSocket (hibernation); accept()/addEventListener are not supported",
  );
}

class WebSocket {
  constructor(id, end, owner = null) {
    this.cfhId = id;
    this.cfhEnd = end;
    this.cfhOwner = owner; // {rt, inst} once accepted
    this.url = null;
    this.protocol = null;
    this.extensions = null;
  }
  #op(name, ...args) {
    if (!this.cfhOwner) throw notHibernatable();
    return this.cfhOwner.rt.op(this.cfhOwner.inst, name, [this.cfhId, ...args]);
  }
  get readyState() {
    return this.cfhOwner ? this.#op("readyState") : 0;
  }
  send(data) {
    this.#op("send", data);
  }
  close(...args) {
    this.#op("close", ...args);
  }
  serializeAttachment(value) {
    this.#op("serializeAttachment", value);
  }
  deserializeAttachment() {
    return this.#op("deserializeAttachment");
  }
  accept() {
    throw notHibernatable();
  }
  addEventListener() {
    throw notHibernatable();
  }
}

function asyncCall(fn) {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    return Promise.reject(e);
  }
}

// Storage writes of a transaction keep an undo log; a rollback (or a throwing callback)
// replays it. Nothing else can run meanwhile (see SyncChannel), so the writes look atomic.
class UndoLog {
  constructor(storage) {
    this.storage = storage;
    this.entries = [];
    this.rolledBack = false;
  }
  rememberKeys(keys) {
    for (const key of keys) {
      const seen = this.entries.some((e) => e.key === key);
      if (!seen) this.entries.push({ key, value: this.storage.opSync("get", key) });
    }
  }
  rememberAlarm() {
    if (!this.entries.some((e) => e.alarm)) this.entries.push({ alarm: true, value: this.storage.opSync("getAlarm") });
  }
  undo() {
    for (const e of this.entries.reverse()) {
      if (e.alarm) {
        if (e.value === null) this.storage.opSync("deleteAlarm");
        else this.storage.opSync("setAlarm", e.value);
      } else if (e.value === undefined) this.storage.opSync("delete", e.key);
      else this.storage.opSync("put", e.key, e.value);
    }
    this.entries = [];
  }
}

class DurableObjectTransaction {
  constructor(storage, log) {
    this.cfhStorage = storage;
    this.cfhLog = log;
  }
  get(...a) {
    return this.cfhStorage.get(...a);
  }
  list(...a) {
    return this.cfhStorage.list(...a);
  }
  getAlarm(...a) {
    return this.cfhStorage.getAlarm(...a);
  }
  put(keyOrEntries, ...rest) {
    return this.cfhStorage.cfhGated(() => {
      const keys = typeof keyOrEntries === "string" ? [keyOrEntries] : Object.keys(keyOrEntries);
      this.cfhLog.rememberKeys(keys);
      return this.cfhStorage.opSync("put", keyOrEntries, ...rest);
    });
  }
  delete(keyOrKeys, ...rest) {
    return this.cfhStorage.cfhGated(() => {
      this.cfhLog.rememberKeys(Array.isArray(keyOrKeys) ? keyOrKeys : [keyOrKeys]);
      return this.cfhStorage.opSync("delete", keyOrKeys, ...rest);
    });
  }
  setAlarm(...a) {
    return this.cfhStorage.cfhGated(() => {
      this.cfhLog.rememberAlarm();
      return this.cfhStorage.opSync("setAlarm", ...a);
    });
  }
  deleteAlarm(...a) {
    return this.cfhStorage.cfhGated(() => {
      this.cfhLog.rememberAlarm();
      return this.cfhStorage.opSync("deleteAlarm", ...a);
    });
  }
  rollback() {
    this.cfhLog.rolledBack = true;
  }
}

class SqlStorageCursor {
  constructor({ columnNames, rows, rowsRead, rowsWritten }) {
    this.columnNames = columnNames;
    this.rowsRead = rowsRead;
    this.rowsWritten = rowsWritten;
    this.cfhRows = rows;
    this.cfhNext = 0;
  }
  #object(row) {
    return Object.fromEntries(this.columnNames.map((c, i) => [c, row[i]]));
  }
  #rest() {
    const rest = this.cfhRows.slice(this.cfhNext);
    this.cfhNext = this.cfhRows.length;
    return rest;
  }
  next() {
    if (this.cfhNext >= this.cfhRows.length) return { done: true, value: undefined };
    return { done: false, value: this.#object(this.cfhRows[this.cfhNext++]) };
  }
  toArray() {
    return this.#rest().map((r) => this.#object(r));
  }
  one() {
    const rows = this.#rest();
    if (rows.length !== 1) {
      throw new Error(`Expected exactly one result from SQL query, but got ${rows.length} results.`);
    }
    return this.#object(rows[0]);
  }
  raw() {
    return this.#rest()[Symbol.iterator]();
  }
  [Symbol.iterator]() {
    return this;
  }
}

class SqlStorage {
  constructor(storage) {
    this.cfhStorage = storage;
  }
  exec(query, ...bindings) {
    return new SqlStorageCursor(this.cfhStorage.opSync("sql", query, ...bindings));
  }
  get databaseSize() {
    return this.cfhStorage.opSync("databaseSize");
  }
}

class DurableObjectStorage {
  constructor(rt, inst) {
    this.cfhRt = rt;
    this.cfhInst = inst;
    this.sql = new SqlStorage(this);
  }
  opSync(name, ...args) {
    return this.cfhRt.op(this.cfhInst, name, args);
  }
  cfhGated(fn) {
    return this.cfhRt.gated(this.cfhInst, asyncCall(fn));
  }
  #call(name, args) {
    return this.cfhRt.gated(this.cfhInst, asyncCall(() => this.opSync(name, ...args)));
  }
  get(...a) {
    return this.#call("get", a);
  }
  put(...a) {
    return this.#call("put", a);
  }
  delete(...a) {
    return this.#call("delete", a);
  }
  list(...a) {
    return this.#call("list", a);
  }
  deleteAll(...a) {
    return this.#call("deleteAll", a);
  }
  getAlarm(...a) {
    return this.#call("getAlarm", a);
  }
  setAlarm(...a) {
    return this.#call("setAlarm", a);
  }
  deleteAlarm(...a) {
    return this.#call("deleteAlarm", a);
  }
  sync() {
    return this.#call("sync", []);
  }
  async transaction(callback) {
    const log = new UndoLog(this);
    try {
      const result = await callback(new DurableObjectTransaction(this, log));
      if (log.rolledBack) log.undo();
      return result;
    } catch (e) {
      log.undo();
      throw e;
    }
  }
  transactionSync(callback) {
    const log = new UndoLog(this);
    const txn = new DurableObjectTransaction(this, log);
    const syncStorage = {
      put: (...a) => (log.rememberKeys(typeof a[0] === "string" ? [a[0]] : Object.keys(a[0])), this.opSync("put", ...a)),
      delete: (k) => (log.rememberKeys([k]), this.opSync("delete", k)),
      rollback: () => txn.rollback(),
    };
    try {
      const result = callback(syncStorage);
      if (log.rolledBack) log.undo();
      return result;
    } catch (e) {
      log.undo();
      throw e;
    }
  }
}

class DurableObjectState {
  constructor(rt, inst) {
    this.cfhRt = rt;
    this.cfhInst = inst;
    this.id = new DurableObjectId(inst.id, inst.name);
    this.storage = new DurableObjectStorage(rt, inst);
    this.props = {};
  }
  #op(name, ...args) {
    return this.cfhRt.op(this.cfhInst, name, args);
  }
  #socket(ws) {
    if (!(ws instanceof WebSocket)) throw new TypeError("expected a WebSocket made with WebSocketPair");
    return ws;
  }
  waitUntil(p) {
    this.cfhRt.waitUntil(p);
  }
  blockConcurrencyWhile(fn) {
    // Called now: a Python callable arrives as a proxy that only lives during this call.
    const done = asyncCall(() => fn());
    const inst = this.cfhInst;
    const gate = done.then(
      () => {},
      () => {},
    );
    inst.blockers.add(gate);
    gate.then(() => inst.blockers.delete(gate));
    return done;
  }
  abort(reason) {
    // workerd throws to end the invocation; here the Python instance is dropped and the
    // facade reset, and the caller carries on (the SDK aborts from a microtask).
    this.cfhRt.forget(this.cfhInst);
    try {
      this.#op("abort", reason);
    } catch {
      // ctx.abort() in the facade ends its own invocation with an error: expected.
    }
  }
  acceptWebSocket(ws, tags = []) {
    this.#socket(ws);
    if (ws.cfhEnd !== "server" || ws.cfhOwner) throw new TypeError("accept the server end of a new WebSocketPair, once");
    this.#op("accept", ws.cfhId, [...tags]);
    ws.cfhOwner = { rt: this.cfhRt, inst: this.cfhInst };
    this.cfhInst.sockets.set(ws.cfhId, ws);
  }
  getWebSockets(tag) {
    const ids = tag === undefined ? this.#op("getWebSockets") : this.#op("getWebSockets", tag);
    return ids.filter((id) => id !== null).map((id) => this.cfhRt.socket(this.cfhInst, id));
  }
  getTags(ws) {
    return this.#op("getTags", this.#socket(ws).cfhId);
  }
  setWebSocketAutoResponse(pair) {
    if (pair === undefined || pair === null) this.#op("setAutoResponse");
    else this.#op("setAutoResponse", pair.request, pair.response);
  }
  getWebSocketAutoResponse() {
    const p = this.#op("getAutoResponse");
    return p ? new WebSocketRequestResponsePair(p[0], p[1]) : null;
  }
  setHibernatableWebSocketEventTimeout(ms) {
    if (ms === undefined || ms === null) this.#op("setEventTimeout");
    else this.#op("setEventTimeout", ms);
  }
  getHibernatableWebSocketEventTimeout() {
    return this.#op("getEventTimeout");
  }
}

// The Response global offline: Node's, plus workerd's `webSocket` / status 101.
export function patchedResponse(NodeResponse) {
  // A WeakMap, not a private field: undici reads `status` while the base constructor runs.
  const sockets = new WeakMap();
  return class Response extends NodeResponse {
    constructor(body, init) {
      if (init?.webSocket) {
        if (init.status !== 101) throw new RangeError("Responses with a WebSocket must have status code 101.");
        const { webSocket, ...rest } = init;
        super(body, { ...rest, status: 200 });
        sockets.set(this, webSocket);
        return;
      }
      super(body, init);
    }
    get status() {
      return sockets.has(this) ? 101 : super.status;
    }
    get webSocket() {
      return sockets.get(this) ?? null;
    }
  };
}

export function installGlobals() {
  globalThis.Response = patchedResponse(globalThis.Response);
  globalThis.WebSocketPair = WebSocketPair;
  globalThis.WebSocketRequestResponsePair = WebSocketRequestResponsePair;
}

// ---- events from the facades -------------------------------------------------------------
function b64(buf) {
  return Buffer.from(buf).toString("base64");
}

export class PythonDurableObjects {
  constructor({ pyodide, waitUntil, recordError }) {
    this.pyodide = pyodide;
    this.py = pyodide.pyimport("_cfh_durable_objects");
    this.waitUntil = waitUntil;
    this.recordError = recordError;
    this.secret = randomUUID();
    this.channel = null;
    this.url = null;
    this.instances = new Map(); // facade instance token -> state
  }

  // After every Miniflare (re)configuration: old facades are gone, and so are their instances.
  async configured(mf, hasPython) {
    this.instances.clear();
    this.py.reset();
    this.url = hasPython ? String(await mf.unsafeGetDirectURL(PYDO_WORKER)) : null;
    if (hasPython && !this.channel) this.channel = new SyncChannel();
  }

  // After the Worker module is reloaded: the next event builds a new Python instance.
  reloaded() {
    this.py.reset();
    for (const inst of this.instances.values()) inst.constructed = false;
  }

  forget(inst) {
    this.py.forget(inst.token);
    inst.constructed = false;
  }

  #checkValue(v, seen = new Set()) {
    if (v instanceof this.pyodide.ffi.PyProxy) {
      throw new TypeError("a Python object reached a Durable Object call: convert it with to_js first");
    }
    if (v && typeof v === "object" && !seen.has(v)) {
      seen.add(v);
      const items = v instanceof Map ? [...v.keys(), ...v.values()] : v instanceof Set ? [...v] : ArrayBuffer.isView(v) || v instanceof ArrayBuffer || v instanceof Date ? [] : Object.values(v);
      for (const x of items) this.#checkValue(x, seen);
    }
  }

  encode(v) {
    this.#checkValue(v);
    return cfhEncode(v);
  }

  op(inst, name, args) {
    if (!this.url) throw new Error("Python Durable Objects are not configured");
    const body = JSON.stringify({ cls: inst.cls, id: inst.id, op: name, args: this.encode(args) });
    const reply = this.channel.call(this.url, this.secret, body);
    if (reply.status !== 200) throw new Error(`Durable Object operation ${name} failed: ${reply.text}`);
    const d = JSON.parse(reply.text);
    if (!d.ok) {
      const e = new Error(d.error.message);
      e.name = d.error.type;
      throw e;
    }
    return cfhDecode(d.result);
  }

  socket(inst, id) {
    let ws = inst.sockets.get(id);
    if (!ws) {
      ws = new WebSocket(id, "server", { rt: this, inst });
      inst.sockets.set(id, ws);
    }
    return ws;
  }

  #state(ev) {
    let inst = this.instances.get(ev.instance);
    if (!inst) {
      inst = {
        token: ev.instance, cls: ev.cls, id: ev.id, name: ev.name,
        nextSeq: 0, waiters: new Map(), blockers: new Set(), sockets: new Map(), constructed: false,
        gate: 0, gateWaiters: [],
      };
      inst.ctx = new DurableObjectState(this, inst);
      this.instances.set(ev.instance, inst);
    }
    return inst;
  }

  // The input gate. A storage call's result is already there when its promise is made, but
  // Python resumes after it one setImmediate later, and I/O (the next event's request) can
  // be handled in between. So the promise holds the object's gate until two check phases
  // have passed: the awaiting code has then run up to its next await. New events of the
  // object wait for the gate; nothing waits for anything else, so it cannot deadlock.
  gated(inst, promise) {
    inst.gate += 1;
    const release = () => {
      inst.gate -= 1;
      if (inst.gate === 0) for (const open of inst.gateWaiters.splice(0)) open();
    };
    promise.then(
      () => setImmediate(() => setImmediate(release)),
      () => setImmediate(() => setImmediate(release)),
    );
    return promise;
  }

  // Events start in the order the facade received them, with the gate open and after any
  // blockConcurrencyWhile.
  async #turn(inst, ev) {
    if (inst.nextSeq !== ev.seq) await new Promise((resolve) => inst.waiters.set(ev.seq, resolve));
    try {
      while (inst.gate > 0) await new Promise((resolve) => inst.gateWaiters.push(resolve));
      if (!inst.constructed) {
        inst.constructed = true;
        try {
          this.py.construct(inst.token, inst.cls, inst.ctx);
        } catch (e) {
          inst.constructed = false;
          throw e;
        }
      }
      while (inst.blockers.size) await Promise.all([...inst.blockers]);
      // The event's Python task takes its first step one setImmediate after it is started:
      // keep the gate shut until then, or the next event could start before it reaches storage.
      this.gated(inst, Promise.resolve());
    } finally {
      inst.nextSeq = ev.seq + 1;
      const next = inst.waiters.get(inst.nextSeq);
      if (next) {
        inst.waiters.delete(inst.nextSeq);
        next();
      }
    }
  }

  async #run(inst, ev) {
    if (ev.kind === "fetch") {
      const q = ev.request;
      const request = new Request(q.url, {
        method: q.method,
        headers: q.headers,
        body: q.body === null ? undefined : Buffer.from(q.body, "base64"),
      });
      const r = await this.py.dispatch("fetch", inst.token, null, request);
      if (r?.webSocket instanceof WebSocket) return { webSocket: r.webSocket.cfhId, headers: [...r.headers] };
      const body = r.body === null ? null : b64(await r.arrayBuffer());
      return { status: r.status, statusText: r.statusText, headers: [...r.headers], body };
    }
    let args = cfhDecode(ev.args);
    if (ev.kind === "rpc") return { result: this.encode(await this.py.dispatch("rpc", inst.token, ev.method, args)) };
    if (ev.kind === "alarm") args = [cfhDecode(ev.info)];
    else args = [this.socket(inst, ev.socket), ...args];
    await this.py.dispatch(ev.kind, inst.token, null, args);
    return {};
  }

  bridge = async (request) => {
    const ev = await request.json();
    const inst = this.#state(ev);
    try {
      await this.#turn(inst, ev);
      return MfResponse.json(await this.#run(inst, ev));
    } catch (e) {
      const where = `${ev.cls}.${ev.kind === "rpc" ? ev.method : ev.kind}`;
      const message = this.recordError(where, e, ev.kind === "fetch" || ev.kind === "rpc");
      return MfResponse.json({ error: { type: e?.type ?? e?.name ?? "Error", message } });
    }
  };
}
