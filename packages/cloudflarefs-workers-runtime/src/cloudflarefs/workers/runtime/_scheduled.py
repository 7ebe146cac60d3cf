"""The cron trigger's ``ScheduledController``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cloudflarefs.core import ResponseDecodeError
from cloudflarefs.core.js import from_js, js_errors


class ScheduledController:
    """Typed view of the controller passed to a ``scheduled`` handler.

    ``ScheduledController(controller)`` wraps the JS object the runtime hands to the handler.
    """

    __slots__ = ("_js",)

    def __init__(self, js_controller: Any) -> None:
        self._js: Any = js_controller

    @property
    def cron(self) -> str:
        """The cron expression that fired (``""`` for a manual or test trigger)."""
        return str(from_js(self._js.cron) or "")

    @property
    def scheduled_time(self) -> dt.datetime:
        """When the event was scheduled to run, as an aware UTC datetime."""
        value = from_js(self._js.scheduledTime)
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC)
        raise ResponseDecodeError(f"scheduledTime is not a time: {value!r}")

    def no_retry(self) -> None:
        """Tell the runtime not to retry this event if the handler fails."""
        with js_errors():
            self._js.noRetry()

    def __repr__(self) -> str:
        return f"ScheduledController(cron={self.cron!r})"
