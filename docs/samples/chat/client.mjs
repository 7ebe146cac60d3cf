// A two-member session against `cloudflarefs dev docs/samples/chat` (Node 20+):
//   node --experimental-websocket docs/samples/chat/client.mjs ws://127.0.0.1:8787
const base = process.argv[2];
const open = (name) => new Promise((resolve) => {
  const ws = new WebSocket(`${base}/rooms/lobby/ws?name=${name}`);
  ws.addEventListener("message", (e) => { console.log(`${name} <- ${e.data}`); });
  ws.addEventListener("open", () => resolve(ws));
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ann = await open("ann");
await sleep(500);
const bob = await open("bob");
await sleep(500);
console.log('ann -> {"text": "hi bob"}');
ann.send(JSON.stringify({ text: "hi bob" }));
await sleep(500);
console.log('bob -> {"text": "hello ann"}');
bob.send(JSON.stringify({ text: "hello ann" }));
await sleep(500);
bob.close(1000);
await sleep(1000);
ann.close(1000);
await sleep(500);
