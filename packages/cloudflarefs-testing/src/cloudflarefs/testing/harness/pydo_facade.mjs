// The workerd side of Python Durable Objects offline.
//
// Each Python Durable Object class gets a JS facade class of the same name in the worker
// PYDO_WORKER. The facade is a real Durable Object (real storage, SQL, alarms, hibernatable
// WebSockets, one instance per id); its entry points (fetch, alarm, webSocket*, and every RPC
// method through a Proxy prototype) post the event to Node, where Pyodide runs the Python
// instance. The Python instance's ctx calls come back synchronously through the worker's
// default entry point (a direct socket), which forwards them to the facade's `cfhOp` by RPC.
import { FACADE_CODEC } from "./pydo_codec.mjs";

export const PYDO_WORKER = "cfh-python-durable-objects";

const FACADE_BODY = `
import { DurableObject } from "cloudflare:workers";
${FACADE_CODEC}
const b64 = (u8) => { let s = ""; for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode(...u8.subarray(i, i + 0x8000)); return btoa(s); };
const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
// Names that must never be treated as RPC methods of the Python class.
const RESERVED = new Set(["then", "constructor", "fetch", "alarm", "webSocketMessage", "webSocketClose",
  "webSocketError", "connect", "toJSON", "dup", "cfhOp", "cfhEvent", "cfhSocket", "cfhSocketId", "cfhSocketEvent"]);
const rpcFallback = new Proxy(DurableObject.prototype, {
  get(target, prop, receiver) {
    if (typeof prop !== "string" || prop in target || RESERVED.has(prop) || prop.startsWith("_")) {
      return Reflect.get(target, prop, receiver);
    }
    return async function (...args) {
      const d = await this.cfhEvent("rpc", { method: prop, args: cfhEncode(args) });
      return cfhDecode(d.result);
    };
  },
});
class Facade extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.cfhInstance = crypto.randomUUID();
    this.cfhSeq = 0;
    this.cfhClients = new Map();
    this.cfhInEvent = new Map(); // sockets of running webSocket* events (closed ones are unlisted)
  }
  async cfhEvent(kind, payload) {
    const seq = this.cfhSeq++; // delivery order, which Node restores before running Python
    const body = JSON.stringify({
      kind, seq, cls: this.constructor.name, id: this.ctx.id.toString(), name: this.ctx.id.name ?? null,
      instance: this.cfhInstance, ...payload,
    });
    const r = await this.env.__CFH_PYDO.fetch("http://cfh.internal/event", { method: "POST", body });
    const d = await r.json();
    if (d.error) {
      const e = new Error(d.error.message);
      e.name = d.error.type;
      throw e;
    }
    return d;
  }
  async fetch(request) {
    const hasBody = request.method !== "GET" && request.method !== "HEAD";
    const req = {
      url: request.url, method: request.method, headers: [...request.headers],
      body: hasBody ? b64(new Uint8Array(await request.arrayBuffer())) : null,
    };
    const d = await this.cfhEvent("fetch", { request: req });
    if (d.webSocket) {
      const client = this.cfhClients.get(d.webSocket);
      if (!client) throw new Error("the 101 response's WebSocket was never accepted with ctx.acceptWebSocket");
      this.cfhClients.delete(d.webSocket);
      return new Response(null, { status: 101, headers: d.headers, webSocket: client });
    }
    return new Response(d.body === null ? null : unb64(d.body), { status: d.status, statusText: d.statusText, headers: d.headers });
  }
  async alarm(info) {
    await this.cfhEvent("alarm", { info: cfhEncode({ retryCount: info?.retryCount ?? 0, isRetry: info?.isRetry ?? false }) });
  }
  async cfhSocketEvent(kind, ws, args) {
    const id = this.cfhSocketId(ws);
    const entry = this.cfhInEvent.get(id) ?? { ws, running: 0 };
    entry.running += 1;
    this.cfhInEvent.set(id, entry);
    try {
      await this.cfhEvent(kind, { socket: id, args: cfhEncode(args) });
    } finally {
      const entry = this.cfhInEvent.get(id);
      if (--entry.running === 0) this.cfhInEvent.delete(id);
    }
  }
  webSocketMessage(ws, message) {
    return this.cfhSocketEvent("webSocketMessage", ws, [message]);
  }
  webSocketClose(ws, code, reason, wasClean) {
    return this.cfhSocketEvent("webSocketClose", ws, [code, reason, wasClean]);
  }
  webSocketError(ws, error) {
    return this.cfhSocketEvent("webSocketError", ws, [error]);
  }
  cfhSocketId(ws) {
    return ws.deserializeAttachment()?.cfh ?? null;
  }
  cfhSocket(id) {
    const ws = this.ctx.getWebSockets().find((w) => this.cfhSocketId(w) === id) ?? this.cfhInEvent.get(id)?.ws;
    if (!ws) throw new TypeError("this WebSocket is closed or was never accepted with ctx.acceptWebSocket");
    return ws;
  }
  // One ctx call of the Python instance (see pydo.mjs: the Node ctx makes these).
  async cfhOp(op, encodedArgs) {
    const a = cfhDecode(encodedArgs);
    const s = this.ctx.storage;
    switch (op) {
      case "get": return cfhEncode(await s.get(...a));
      case "put": return cfhEncode(await s.put(...a));
      case "delete": return cfhEncode(await s.delete(...a));
      case "list": return cfhEncode(await s.list(...a));
      case "deleteAll": return cfhEncode(await s.deleteAll());
      case "getAlarm": return cfhEncode(await s.getAlarm());
      case "setAlarm": return cfhEncode(await s.setAlarm(...a));
      case "deleteAlarm": return cfhEncode(await s.deleteAlarm());
      case "sync": return cfhEncode(await s.sync());
      case "sql": {
        const c = s.sql.exec(a[0], ...a.slice(1));
        const rows = [...c.raw()];
        return cfhEncode({ columnNames: c.columnNames, rows, rowsRead: c.rowsRead, rowsWritten: c.rowsWritten });
      }
      case "databaseSize": return s.sql.databaseSize;
      case "accept": {
        const [id, tags] = a;
        const [client, server] = Object.values(new WebSocketPair());
        server.serializeAttachment({ cfh: id, v: null });
        this.ctx.acceptWebSocket(server, tags);
        this.cfhClients.set(id, client);
        return null;
      }
      case "getWebSockets": return (a[0] === undefined ? this.ctx.getWebSockets() : this.ctx.getWebSockets(a[0])).map((w) => this.cfhSocketId(w));
      case "getTags": return this.ctx.getTags(this.cfhSocket(a[0]));
      case "send": this.cfhSocket(a[0]).send(a[1]); return null;
      case "close": this.cfhSocket(a[0]).close(...a.slice(1)); return null;
      case "readyState": {
        const ws = this.ctx.getWebSockets().find((w) => this.cfhSocketId(w) === a[0]) ?? this.cfhInEvent.get(a[0])?.ws;
        return ws ? ws.readyState : 3;
      }
      case "serializeAttachment": this.cfhSocket(a[0]).serializeAttachment({ cfh: a[0], v: a[1] }); return null;
      case "deserializeAttachment": return cfhEncode(this.cfhSocket(a[0]).deserializeAttachment()?.v ?? null);
      case "setAutoResponse":
        if (a.length) this.ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(a[0], a[1]));
        else this.ctx.setWebSocketAutoResponse();
        return null;
      case "getAutoResponse": {
        const p = this.ctx.getWebSocketAutoResponse();
        return p ? [p.request, p.response] : null;
      }
      case "setEventTimeout": this.ctx.setHibernatableWebSocketEventTimeout(...a); return null;
      case "getEventTimeout": return this.ctx.getHibernatableWebSocketEventTimeout() ?? null;
      case "abort": this.ctx.abort(...a); return null;
      default: throw new TypeError("unknown Durable Object operation " + op);
    }
  }
}
Object.setPrototypeOf(Facade.prototype, rpcFallback);
export default {
  async fetch(request, env) {
    if (request.headers.get("x-cfh-secret") !== env.__CFH_SECRET) return new Response("forbidden", { status: 403 });
    const { cls, id, op, args } = await request.json();
    try {
      const ns = env[cls];
      const result = await ns.get(ns.idFromString(id)).cfhOp(op, args);
      return Response.json({ ok: true, result });
    } catch (e) {
      return Response.json({ ok: false, error: { type: e?.name ?? "Error", message: e?.message ?? String(e) } });
    }
  },
};
`;

// One facade class per Python class name; the names are checked to be JS identifiers.
export function facadeScript(classNames) {
  const lines = [FACADE_BODY];
  for (const name of classNames) {
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) throw new Error(`invalid Durable Object class name ${name}`);
    lines.push(`export class ${name} extends Facade {}`);
  }
  return lines.join("\n");
}
