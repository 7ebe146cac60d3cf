// Worker thread of the synchronous ctx channel (see SyncChannel in pydo.mjs): the main thread
// blocks in Atomics.wait while this thread makes the HTTP call to workerd and posts the reply.
import { workerData, parentPort } from "node:worker_threads";

const { flag, port } = workerData;
const signal = new Int32Array(flag);

parentPort.on("message", async ({ url, secret, body }) => {
  let reply;
  try {
    const r = await fetch(url, { method: "POST", headers: { "x-cfh-secret": secret }, body });
    reply = { status: r.status, text: await r.text() };
  } catch (e) {
    reply = { status: 0, text: String(e?.stack ?? e) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
