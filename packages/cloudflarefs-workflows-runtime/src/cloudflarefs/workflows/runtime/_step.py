"""``WorkflowStep``: the typed ``step`` a Workflow's ``run`` receives."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

import attrs

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError
from cloudflarefs.core.js import JsError, backend, call_js, from_js, js_function, to_js
from cloudflarefs.workflows.runtime._durations import Duration, check_duration
from cloudflarefs.workflows.runtime._json import JsonValue, check_json

T = TypeVar("T")
StepFn = Callable[[], Awaitable[T]] | Callable[[], T]

NON_RETRYABLE = "NonRetryableError"


def _sdk_non_retryable() -> type[Exception]:
    # Inside Python Workers, subclass the SDK's marker so both layers recognise it.
    try:
        base: type[Exception] = importlib.import_module("workers").NonRetryableError
    except (ImportError, AttributeError):
        return Exception
    return base


if TYPE_CHECKING:
    _NonRetryableBase = Exception
else:
    _NonRetryableBase = _sdk_non_retryable()


class NonRetryableError(_NonRetryableBase):
    """Raise inside a step to fail it at once, without the configured retries.

    The instance then errors (unless ``run`` catches the error from ``step.do``).
    """


Backoff = Literal["constant", "linear", "exponential"]


@attrs.frozen(kw_only=True)
class RetryConfig:
    """How a failing step is retried: ``limit`` retries, ``delay`` apart, growing by ``backoff``."""

    limit: int
    delay: Duration
    backoff: Backoff | None = None

    def to_js_dict(self) -> dict[str, Any]:
        """Validate and build the JS ``{limit, delay, backoff?}``."""
        if isinstance(self.limit, bool) or not isinstance(self.limit, int) or self.limit < 0:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(f"retries.limit must be an int >= 0, got {self.limit!r}")
        out: dict[str, Any] = {
            "limit": self.limit,
            "delay": check_duration("retries.delay", self.delay),
        }
        if self.backoff is not None:
            if self.backoff not in ("constant", "linear", "exponential"):
                raise InvalidInputError(
                    f"retries.backoff must be constant, linear or exponential, got {self.backoff!r}"
                )
            out["backoff"] = self.backoff
        return out


@attrs.frozen(kw_only=True)
class StepConfig:
    """Per-step settings: ``retries`` and a ``timeout`` for each attempt."""

    retries: RetryConfig | None = None
    timeout: Duration | None = None

    def to_js_dict(self) -> dict[str, Any]:
        """Validate and build the JS ``WorkflowStepConfig``."""
        out: dict[str, Any] = {}
        if self.retries is not None:
            if not isinstance(self.retries, RetryConfig):  # pyright: ignore[reportUnnecessaryIsInstance]
                raise InvalidInputError("StepConfig.retries must be a RetryConfig")
            out["retries"] = self.retries.to_js_dict()
        if self.timeout is not None:
            out["timeout"] = check_duration("timeout", self.timeout)
        return out


@attrs.frozen
class WorkflowStepEvent:
    """An event received by :meth:`WorkflowStep.wait_for_event`."""

    type: str
    payload: JsonValue
    timestamp: dt.datetime | None


def check_step_name(name: object) -> str:
    """Step names key the durable results: a non-empty ``str`` of at most 256 characters."""
    if not isinstance(name, str) or not name or len(name) > 256:
        shown = name if isinstance(name, str) else type(name).__name__
        raise InvalidInputError(
            f"step name must be a non-empty str of at most 256 chars, got {shown!r}"
        )
    return name


_NOOP: list[Any] = []


def _ignore(*_args: object) -> None:
    return None


def _noop() -> Any:
    # One JS no-op for the life of the isolate (a proxy per call would leak).
    if not _NOOP:
        make: Callable[..., Any] | None = getattr(backend(), "new_function", None)
        _NOOP.append(make(_ignore) if make is not None else _ignore)
    return _NOOP[0]


def _rejection(name: str, message: str) -> Any:
    # A JS promise rejected with Error{name}: returned from a step callback, the engine sees that
    # error (a thenable result is adopted), which is how NonRetryableError reaches it. The no-op
    # handler keeps the runtime from reporting it as unhandled before it is adopted.
    be = backend()
    error = be.new_error(message)
    error.name = name
    promise = be.new_promise(lambda _resolve, reject: reject(error))
    promise.catch(_noop())
    return promise


def _step_error(exc: JsError) -> Exception:
    # The engine reports a step's NonRetryableError as Error("NonRetryableError: <message>").
    prefix = f"{NON_RETRYABLE}: "
    if exc.name == NON_RETRYABLE:
        return NonRetryableError(exc.js_message)
    if exc.js_message.startswith(prefix):
        return NonRetryableError(exc.js_message.removeprefix(prefix))
    return exc


class WorkflowStep:
    """The ``step`` argument of :meth:`WorkflowEntrypoint.run` (wraps the runtime's step).

    Each method's ``name`` keys a durable result: when the engine replays ``run`` (after a
    sleep, an event, a retry or a restart), a step that already completed returns its stored
    result without running again. Keep names unique and deterministic within a run.
    """

    __slots__ = ("_js",)

    def __init__(self, js_step: Any) -> None:
        self._js: Any = js_step

    def __repr__(self) -> str:
        return "WorkflowStep(<step>)"

    @overload
    def do(
        self, name: str, fn: StepFn[T], /, *, config: StepConfig | None = None
    ) -> Awaitable[T]: ...
    @overload
    def do(
        self, name: str | None = None, /, *, config: StepConfig | None = None
    ) -> Callable[[StepFn[T]], Callable[[], Awaitable[T]]]: ...
    def do(
        self,
        name: str | None = None,
        fn: StepFn[T] | None = None,
        /,
        *,
        config: StepConfig | None = None,
    ) -> Awaitable[T] | Callable[[StepFn[T]], Callable[[], Awaitable[T]]]:
        """Run ``fn`` as a durable, retried step and return its (JSON) result.

        Call form: ``value = await step.do("fetch", fetch_it, config=...)``. Decorator form, as
        in Cloudflare's Python Workflows: ``@step.do("fetch")`` over a no-argument function
        gives an awaitable step (``value = await fetch_it()``); ``@step.do()`` names the step
        after the function. (Cloudflare's dependency injection by parameter name is not
        offered: close over earlier results instead.)

        ``fn`` may be sync or async. Its result must be JSON (None, bool, int, float, str,
        list, dict with str keys); anything else fails the step without retries, before the
        engine stores it. Raise :class:`NonRetryableError` to fail without retrying. A step
        that exhausts its retries raises here: :class:`NonRetryableError` or
        :class:`~cloudflarefs.core.js.JsError`.
        """
        if name is not None or fn is not None:
            check_step_name(name)
        js_config = None if config is None else _config(config)
        if fn is None:

            def decorate(func: StepFn[T]) -> Callable[[], Awaitable[T]]:
                _check_fn(func)
                step_name = check_step_name(name if name is not None else func.__name__)

                async def run_step() -> T:
                    return await self._do(step_name, func, js_config)

                run_step.__name__ = getattr(func, "__name__", "step")
                return run_step

            return decorate
        _check_fn(fn)
        return self._do(check_step_name(name), fn, js_config)

    async def _do(self, name: str, fn: StepFn[T], js_config: dict[str, Any] | None) -> T:
        async def callback(*_args: Any) -> Any:
            try:
                result = fn()
                if inspect.isawaitable(result):
                    result = await result
            except NonRetryableError as exc:
                return _rejection(NON_RETRYABLE, str(exc))
            try:
                check_json(f"the result of step {name!r}", result)
            except InvalidInputError as exc:
                # Retrying would produce the same value: fail the step for good.
                return _rejection(NON_RETRYABLE, str(exc))
            return to_js(result, none_as="null")

        with js_function(callback) as js_callback:
            try:
                if js_config is None:
                    value = await call_js(self._js.do(name, js_callback))
                else:
                    value = await call_js(self._js.do(name, to_js(js_config), js_callback))
            except JsError as exc:
                raise _step_error(exc) from None
        result: T = from_js(value, objects="all")
        return result

    async def sleep(self, name: str, duration: Duration) -> None:
        """Pause the instance for ``duration`` (``"10 seconds"``, milliseconds or a timedelta)."""
        check_step_name(name)
        js_duration = check_duration("duration", duration)
        await call_js(self._js.sleep(name, js_duration))

    async def sleep_until(self, name: str, timestamp: dt.datetime | int) -> None:
        """Pause the instance until ``timestamp`` (an aware datetime or epoch milliseconds)."""
        check_step_name(name)
        if isinstance(timestamp, dt.datetime):
            if timestamp.tzinfo is None:
                raise InvalidInputError("sleep_until needs an aware datetime (give it a tzinfo)")
            js_ts: Any = to_js(timestamp)
        elif isinstance(timestamp, int) and not isinstance(timestamp, bool):  # pyright: ignore[reportUnnecessaryIsInstance]
            js_ts = backend().new_date(float(timestamp))
        else:
            raise InvalidInputTypeError(
                f"sleep_until takes a datetime or epoch ms, got {type(timestamp).__name__}"
            )
        await call_js(self._js.sleepUntil(name, js_ts))

    async def wait_for_event(
        self,
        name: str,
        event_type: str,
        /,
        *,
        timeout: Duration | None = None,  # noqa: ASYNC109 (the engine's wait limit, Cloudflare's name)
    ) -> WorkflowStepEvent:
        """Wait until ``instance.send_event(event_type, ...)`` delivers an event, and return it.

        ``timeout`` defaults to the engine's (24 hours); when it passes, the step fails with
        :class:`~cloudflarefs.core.js.JsError`.
        """
        check_step_name(name)
        if not isinstance(event_type, str) or not event_type:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(f"event_type must be a non-empty str, got {event_type!r}")
        options: dict[str, Any] = {"type": event_type}
        if timeout is not None:
            options["timeout"] = check_duration("timeout", timeout)
        try:
            raw = await call_js(self._js.waitForEvent(name, to_js(options)))
        except JsError as exc:
            raise _step_error(exc) from None
        data = from_js(raw, objects="all")
        if not isinstance(data, dict):
            data = {}
        event: dict[str, Any] = data  # pyright: ignore[reportUnknownVariableType]
        ts = event.get("timestamp")
        return WorkflowStepEvent(
            type=str(event.get("type", event_type)),
            payload=event.get("payload"),
            timestamp=ts if isinstance(ts, dt.datetime) else None,
        )


def _config(config: object) -> dict[str, Any]:
    if not isinstance(config, StepConfig):
        raise InvalidInputTypeError(f"config must be a StepConfig, got {type(config).__name__}")
    return config.to_js_dict()


def _check_fn(fn: object) -> None:
    if not callable(fn):
        raise InvalidInputTypeError(f"step function must be callable, got {type(fn).__name__}")
