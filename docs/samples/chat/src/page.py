"""The chat page the Worker serves at ``/`` (plain HTML and JavaScript, no build step)."""

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cloudflarefs chat</title>
<style>
  body { font: 16px system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
  #messages { list-style: none; padding: 0; min-height: 12rem; border: 1px solid #ccc; }
  #messages li { padding: .25rem .5rem; }
  #messages li.notice { color: #666; font-style: italic; }
  form { display: flex; gap: .5rem; margin: .5rem 0; }
  input[name=text] { flex: 1; }
</style>
</head>
<body>
<h1>Chat</h1>
<form id="join">
  <input id="name" name="name" placeholder="your name" required maxlength="32">
  <input id="room" name="room" placeholder="room" value="lobby" required maxlength="64">
  <button id="join-button">Join</button>
</form>
<p id="status">not connected</p>
<ul id="messages"></ul>
<form id="say">
  <input id="text" name="text" placeholder="message" autocomplete="off" disabled>
  <button id="send" disabled>Send</button>
</form>
<script>
const $ = (id) => document.getElementById(id);
let socket = null;

function show(text, notice) {
  const li = document.createElement("li");
  li.textContent = text;
  if (notice) li.className = "notice";
  $("messages").append(li);
}

function onFrame(frame) {
  if (frame.type === "history") frame.messages.forEach((m) => show(`${m.name}: ${m.text}`));
  else if (frame.type === "message") show(`${frame.name}: ${frame.text}`);
  else if (frame.type === "joined") show(`${frame.name} joined`, true);
  else if (frame.type === "left") show(`${frame.name} left`, true);
  else if (frame.type === "trimmed") show(`history trimmed to ${frame.kept} messages`, true);
  else if (frame.type === "error") show(frame.error, true);
}

$("join").addEventListener("submit", (event) => {
  event.preventDefault();
  if (socket) socket.close();
  $("messages").replaceChildren();
  const room = encodeURIComponent($("room").value.trim());
  const name = encodeURIComponent($("name").value.trim());
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}/rooms/${room}/ws?name=${name}`);
  socket.addEventListener("open", () => {
    $("status").textContent = `connected to ${decodeURIComponent(room)}`;
    $("text").disabled = $("send").disabled = false;
    $("text").focus();
  });
  socket.addEventListener("message", (event) => onFrame(JSON.parse(event.data)));
  socket.addEventListener("close", () => {
    $("status").textContent = "not connected";
    $("text").disabled = $("send").disabled = true;
  });
});

$("say").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("text").value;
  if (!socket || !text.trim()) return;
  socket.send(JSON.stringify({ text }));
  $("text").value = "";
});
</script>
</body>
</html>
"""
