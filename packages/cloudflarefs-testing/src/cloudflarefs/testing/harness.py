"""Host side of the offline Workers harness: a Node process running Pyodide + Miniflare.

The :class:`Harness` speaks JSON lines with ``harness/harness.mjs``. Calls are synchronous
(a reader thread matches replies to requests), so the same object serves pytest fixtures, the
``cloudflarefs dev`` server and plain scripts.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import itertools
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal, Self, cast

import attrs

from cloudflarefs.core import InvalidInputError
from cloudflarefs.testing import install
from cloudflarefs.testing.bindings import Bindings, as_bindings
from cloudflarefs.testing.errors import HarnessCommandError, HarnessError, PyodideError
from cloudflarefs.testing.source import FunctionSource, function_source
from cloudflarefs.testing.websocket import WebSocketSession, open_session

_PROTO = "\x1eCFH "
DEFAULT_TIMEOUT = 300.0
"""Seconds to wait for one reply: a safety net against a hung Node process, not a test timer."""

ConfigureStrategy = Literal["set_options", "new"]


@attrs.frozen
class BootInfo:
    """What :meth:`Harness.start` measured and found."""

    seconds: float
    python_version: str
    pyodide_version: str


@attrs.frozen
class HttpResponse:
    """A response produced by the Worker for :meth:`Harness.fetch`."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """First value of a header (case-insensitive), or ``None``."""
        lname = name.lower()
        return next((v for k, v in self.headers if k.lower() == lname), None)

    @property
    def text(self) -> str:
        """The body decoded as UTF-8."""
        return self.body.decode()

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


@attrs.frozen
class ScheduledResult:
    """Outcome of a scheduled event (``outcome`` is ``"ok"`` or ``"exception"``)."""

    outcome: str
    no_retry: bool


@attrs.frozen
class QueueResult:
    """What the Worker decided for a dispatched queue batch."""

    outcome: str
    ack_all: bool
    retry_batch: Any
    explicit_acks: tuple[str, ...]
    retry_messages: tuple[Any, ...]


def _encode_body(body: Any) -> Any:
    """A message body in the tagged JSON ``harness/clone.mjs`` rebuilds as JS values.

    Bytes-likes arrive as a ``Uint8Array`` and aware datetimes as a ``Date``, at any depth, as a
    ``v8`` body would in a real Worker.
    """
    if isinstance(body, bytes | bytearray | memoryview):
        data = base64.b64encode(bytes(body)).decode()  # pyright: ignore[reportUnknownArgumentType]
        return {"__cfh": "view", "t": "Uint8Array", "v": data}
    if isinstance(body, dt.datetime):
        if body.tzinfo is None:
            raise InvalidInputError("a datetime queue body must be timezone-aware")
        return {"__cfh": "date", "v": body.timestamp() * 1000}
    if isinstance(body, list | tuple):
        return [_encode_body(v) for v in body]  # pyright: ignore[reportUnknownVariableType]
    if isinstance(body, Mapping):
        entries = [[str(k), _encode_body(v)] for k, v in body.items()]  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
        if "__cfh" in body:
            return {"__cfh": "object", "v": entries}
        return dict(entries)  # pyright: ignore[reportUnknownArgumentType]
    return body


class Harness:
    """One Node process hosting Pyodide and a Miniflare instance.

    Args:
        pyodide: ``"3.14"`` (Pyodide 314.0.x, default) or ``"3.13"`` (Pyodide 0.28.x).
        echo_logs: also write the Worker's console/print output to ``sys.stderr`` live.
    """

    def __init__(self, *, pyodide: install.PyodideLine = "3.14", echo_logs: bool = False) -> None:
        self.pyodide_line: install.PyodideLine = pyodide
        self.echo_logs = echo_logs
        self._proc: subprocess.Popen[str] | None = None
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._waiters: dict[int, tuple[threading.Event, list[dict[str, Any]]]] = {}
        self._logs: list[str] = []
        self._mounts = itertools.count(1)
        self._worker_mounts: dict[Path, str] = {}
        self.boot: BootInfo | None = None
        self.bindings: Bindings = Bindings()

    # ---- lifecycle ------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """Whether the Node process is alive."""
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> BootInfo:
        """Install on first use, spawn Node, load Pyodide and mount the Python packages."""
        if self.boot is not None and self.running:
            return self.boot
        self.boot = None
        t0 = time.perf_counter()
        node, _ = install.find_node()
        scripts = install.ensure_node_modules(self.pyodide_line)
        sdk = install.ensure_workers_sdk()
        deps = install.stage_pure_deps()
        mounts = [
            {"host": str(install.HARNESS_DIR / "py"), "target": "/cfh/bridge"},
            {"host": str(sdk), "target": "/cfh/sdk"},
            {"host": str(deps), "target": "/cfh/deps"},
        ]
        sys_path = ["/cfh/deps", "/cfh/sdk", "/cfh/bridge"]
        for i, portion in enumerate(install.namespace_portions()):
            mounts.append({"host": str(portion), "target": f"/cfh/ns{i}/cloudflarefs"})
            sys_path.append(f"/cfh/ns{i}")
        self._proc = subprocess.Popen(
            [node, "harness.mjs"],
            cwd=scripts,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        assert self._proc.stdout is not None and self._proc.stderr is not None
        threading.Thread(target=self._read_stdout, args=(self._proc.stdout,), daemon=True).start()
        threading.Thread(target=self._read_logs, args=(self._proc.stderr,), daemon=True).start()
        info = self.command(
            "init",
            indexURL=str(scripts.parent.parent / "node_modules" / "pyodide") + "/",
            mounts=mounts,
            sysPath=sys_path,
        )
        self.boot = BootInfo(
            seconds=time.perf_counter() - t0,
            python_version=str(info["python"]).split()[0],
            pyodide_version=str(info["pyodide"]),
        )
        return self.boot

    def close(self) -> None:
        """Dispose Miniflare and stop Node (idempotent)."""
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            with contextlib.suppress(HarnessError):
                self.command("shutdown", timeout=30)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self._proc = None
        self.boot = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ---- protocol -------------------------------------------------------------------------
    def _read_stdout(self, stream: IO[str]) -> None:
        for line in stream:
            if line.startswith(_PROTO):
                msg: dict[str, Any] = json.loads(line[len(_PROTO) :])
                waiter = self._waiters.get(msg.get("id") or -1)
                if waiter is not None:
                    waiter[1].append(msg)
                    waiter[0].set()
            else:
                self._log(line)
        # Node exited: wake everybody still waiting.
        for event, box in list(self._waiters.values()):
            box.append({"ok": False, "error": {"type": "HarnessExited", "message": "node exited"}})
            event.set()

    def _read_logs(self, stream: IO[str]) -> None:
        for line in stream:
            self._log(line)

    def _log(self, line: str) -> None:
        with self._lock:
            self._logs.append(line)
        if self.echo_logs:
            sys.stderr.write(line)

    def logs_since(self, mark: int) -> str:
        """Worker/harness output written since ``mark`` (see :meth:`log_mark`)."""
        with self._lock:
            return "".join(self._logs[mark:])

    def log_mark(self) -> int:
        """A position in the log stream, for :meth:`logs_since`."""
        with self._lock:
            return len(self._logs)

    def command(self, cmd: str, *, timeout: float = DEFAULT_TIMEOUT, **payload: Any) -> Any:
        """Send one raw protocol command and return its ``result`` (low-level API)."""
        proc = self._proc
        if proc is None or proc.stdin is None or proc.poll() is not None:
            raise HarnessError("the harness is not running (call start())")
        msg_id = next(self._ids)
        event = threading.Event()
        box: list[dict[str, Any]] = []
        self._waiters[msg_id] = (event, box)
        try:
            with self._lock:
                proc.stdin.write(json.dumps({"id": msg_id, "cmd": cmd, **payload}) + "\n")
                proc.stdin.flush()
            if not event.wait(timeout):
                raise HarnessError(f"no reply to {cmd!r} within {timeout}s")
        finally:
            self._waiters.pop(msg_id, None)
        reply = box[0]
        if not reply["ok"]:
            err = reply["error"]
            raise HarnessCommandError(
                cmd, err.get("type", "Error"), err["message"], err.get("stack", "")
            )
        return reply["result"]

    # ---- bindings -------------------------------------------------------------------------
    def configure(
        self,
        bindings: Bindings | Mapping[str, Any] | None = None,
        *,
        fresh: bool = True,
        strategy: ConfigureStrategy = "set_options",
        port: int | None = None,
    ) -> str:
        """Apply a binding spec to Miniflare and rebind ``env`` in Pyodide.

        ``fresh=True`` gives empty KV/R2/D1/Durable Object storage (new storage ids).
        ``strategy="new"`` disposes Miniflare and builds a new instance instead of
        ``setOptions``. ``port`` (with 0 meaning random) is where Miniflare listens on
        127.0.0.1. Returns Miniflare's URL.
        """
        if not self.running:
            # Node died (crash, OOM, killed): start over instead of failing every later test.
            self._worker_mounts.clear()
            self.start()
        self.bindings = as_bindings(bindings)
        result = self.command(
            "configure",
            bindings=self.bindings.to_json(),
            fresh=fresh,
            strategy=strategy,
            port=port,
        )
        return str(result["url"])

    # ---- running Python in Pyodide --------------------------------------------------------
    def run_source(self, fs: FunctionSource, **kwargs: Any) -> Any:
        """Run a shipped function inside Pyodide with ``env``; return its JSON-able result.

        Raises :class:`PyodideError` with the Pyodide traceback when the function raises.
        """
        mark = self.log_mark()
        reply = self.command("run", **fs.to_payload(), kwargs=kwargs)
        if not reply["ok"]:
            err = reply["error"]
            tb = str(err["traceback"])
            output = self.logs_since(mark)
            if output:
                tb += "\n----- Worker output -----\n" + output
            raise PyodideError(str(err["type"]), str(err["message"]), tb)
        value: Any = reply["value"]
        if isinstance(value, dict) and "__repr__" in value:
            return cast(dict[str, Any], value)["__repr__"]
        return cast(object, value)

    def run(self, fn: Callable[..., Any], **kwargs: Any) -> Any:
        """Run ``fn`` (its source, that is) inside Pyodide; see :meth:`run_source`."""
        return self.run_source(function_source(fn), **kwargs)

    def exec(self, source: str, name: str = "main", **kwargs: Any) -> Any:
        """Run ``source`` defining function ``name`` (sync or async, may take ``env``)."""
        return self.run_source(FunctionSource(source=source, name=name), **kwargs)

    # ---- Worker dispatch ------------------------------------------------------------------
    def load_worker(
        self, root: str | Path, module: str = "entry", entrypoint: str = "Default"
    ) -> list[str]:
        """Import a Worker module from directory ``root``; return the handlers it has.

        ``root`` is mounted live into Pyodide, so calling this again reloads edited code.
        """
        root = Path(root).resolve()
        target = self._worker_mounts.get(root)
        if target is None:
            target = f"/cfh/worker{next(self._mounts)}"
            self.command("mount", host=str(root), target=target)
            self._worker_mounts[root] = target
        reply = self.command("load_worker", root=target, module=module, entrypoint=entrypoint)
        if not reply["ok"]:
            err = reply["error"]
            raise PyodideError(str(err["type"]), str(err["message"]), str(err["traceback"]))
        return list(reply["value"]["handlers"])

    def raise_errors(self, errors: Sequence[Mapping[str, Any]]) -> None:
        """Raise :class:`PyodideError` for the first handler error a command reported."""
        if errors:
            first = errors[0]
            raise PyodideError(
                str(first["type"]), f"{first['where']} handler raised", str(first["traceback"])
            )

    def fetch(
        self,
        url: str = "/",
        *,
        method: str = "GET",
        headers: Mapping[str, str] | None = None,
        body: bytes | str | None = None,
        cf: Mapping[str, Any] | None = None,
        raise_on_error: bool = True,
    ) -> HttpResponse:
        """Dispatch an HTTP request to the loaded Worker (through workerd and the shim).

        Relative URLs get ``http://localhost``. With ``raise_on_error`` a Python exception in
        the handler raises :class:`PyodideError` instead of returning the 500 response.
        Background work passed to ``ctx.waitUntil`` has finished when this returns.
        """
        if url.startswith("/"):
            url = "http://localhost" + url
        raw = body.encode() if isinstance(body, str) else body
        r = self.command(
            "fetch",
            url=url,
            method=method,
            headers=dict(headers or {}),
            body=base64.b64encode(raw).decode() if raw is not None else None,
            cf=dict(cf) if cf else None,
        )
        if raise_on_error:
            self.raise_errors(r["errors"])
        return HttpResponse(
            status=int(r["status"]),
            headers=tuple((str(k), str(v)) for k, v in r["headers"]),
            body=base64.b64decode(r["body"]),
        )

    def websocket(
        self,
        url: str = "/",
        *,
        headers: Mapping[str, str] | None = None,
        raise_on_error: bool = True,
    ) -> WebSocketSession:
        """Open a WebSocket to the loaded Worker (an upgrade request through workerd).

        Raises :class:`~cloudflarefs.testing.websocket.WebSocketUpgradeRefused` when the
        Worker does not answer 101, and :class:`PyodideError` when its handler raised.
        """
        return open_session(self, url, dict(headers or {}), raise_on_error=raise_on_error)

    def scheduled(
        self, cron: str = "", *, scheduled_time_ms: int | None = None, raise_on_error: bool = True
    ) -> ScheduledResult:
        """Fire a scheduled (cron) event at the loaded Worker."""
        r = self.command("scheduled", cron=cron, scheduledTime=scheduled_time_ms)
        if raise_on_error:
            self.raise_errors(r["errors"])
        return ScheduledResult(outcome=str(r["outcome"]), no_retry=bool(r["noRetry"]))

    def queue(
        self,
        queue: str,
        messages: Sequence[Mapping[str, Any] | Any],
        *,
        raise_on_error: bool = True,
    ) -> QueueResult:
        """Deliver one batch to the loaded Worker's queue handler.

        Each message is a mapping with ``body`` and optional ``id``, ``attempts`` and
        ``timestamp`` (epoch ms), or just a body. ``bytes`` bodies arrive as a Uint8Array.
        """
        wire: list[dict[str, Any]] = []
        for m in messages:
            item: dict[str, Any]
            if isinstance(m, Mapping) and "body" in m:
                item = dict(cast(Mapping[str, Any], m))
            else:
                item = {"body": cast(object, m)}
            item["body"] = _encode_body(item["body"])
            wire.append(item)
        r = self.command("queue", queue=queue, messages=wire)
        if raise_on_error:
            self.raise_errors(r["errors"])
        return QueueResult(
            outcome=str(r["outcome"]),
            ack_all=bool(r["ackAll"]),
            retry_batch=r["retryBatch"],
            explicit_acks=tuple(r["explicitAcks"]),
            retry_messages=tuple(r["retryMessages"]),
        )
