// WebSocket client sessions for tests (Harness.websocket): an upgrade request dispatched to
// the Worker through Miniflare, whose client end stays here; the host sends frames and reads
// what arrives, in order.

function b64(buf) {
  return Buffer.from(buf).toString("base64");
}

export class WebSocketSessions {
  constructor() {
    this.next = 1;
    this.open_ = new Map();
  }

  async open(mf, msg) {
    const headers = { ...(msg.headers ?? {}), Upgrade: "websocket" };
    const r = await mf.dispatchFetch(msg.url, { headers });
    if (r.status !== 101 || !r.webSocket) {
      return { status: r.status, headers: [...r.headers], body: b64(await r.arrayBuffer()) };
    }
    const ws = r.webSocket;
    const session = { ws, events: [], waiters: [] };
    const push = (event) => {
      const waiter = session.waiters.shift();
      if (waiter) waiter(event);
      else session.events.push(event);
    };
    ws.addEventListener("message", (e) => {
      push(typeof e.data === "string" ? { type: "text", data: e.data } : { type: "binary", data: b64(e.data) });
    });
    ws.addEventListener("close", (e) => push({ type: "close", code: e.code, reason: e.reason }));
    ws.addEventListener("error", (e) => push({ type: "error", message: String(e?.error ?? e?.message ?? e) }));
    ws.accept();
    const id = this.next++;
    this.open_.set(id, session);
    return { status: 101, headers: [...r.headers], session: id };
  }

  #get(id) {
    const s = this.open_.get(id);
    if (!s) throw new Error(`no WebSocket session ${id}`);
    return s;
  }

  send(msg) {
    const s = this.#get(msg.session);
    s.ws.send(msg.binary === undefined ? msg.text : Buffer.from(msg.binary, "base64"));
    return {};
  }

  // The next event (message, close or error), waiting for it when none is queued.
  receive(msg) {
    const s = this.#get(msg.session);
    if (s.events.length) return Promise.resolve(s.events.shift());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        s.waiters.splice(s.waiters.indexOf(done), 1);
        reject(new Error(`no WebSocket event within ${msg.wait} s`));
      }, msg.wait * 1000);
      const done = (event) => {
        clearTimeout(timer);
        resolve(event);
      };
      s.waiters.push(done);
    });
  }

  close(msg) {
    const s = this.#get(msg.session);
    try {
      if (msg.code === undefined || msg.code === null) s.ws.close();
      else s.ws.close(msg.code, msg.reason ?? undefined);
    } catch {
      // already closed
    }
    if (msg.forget) this.open_.delete(msg.session);
    return {};
  }

  async closeAll() {
    for (const s of this.open_.values()) {
      try {
        s.ws.close(1001, "harness reconfigured");
      } catch {
        // already closed
      }
    }
    this.open_.clear();
  }
}
