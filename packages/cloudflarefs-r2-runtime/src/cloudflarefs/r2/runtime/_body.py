"""``R2ObjectBody``: an object's metadata plus its body, readable once."""

from __future__ import annotations

import builtins
import json
from collections.abc import AsyncIterator
from typing import Any

import attrs

from cloudflarefs.core import ResponseDecodeError
from cloudflarefs.core.js import aiter_bytes, call_js, from_js, js_errors
from cloudflarefs.r2.runtime._models import R2Object


@attrs.frozen(kw_only=True)
class R2ObjectBody(R2Object):
    """An object returned by ``get`` with its body.

    Read the body once, with :meth:`bytes`, :meth:`text`, :meth:`json` or by iterating
    (``async for chunk in obj``); a second read raises :class:`~cloudflarefs.core.js.JsError`.
    """

    js_object: Any = attrs.field(eq=False, repr=False)
    """The underlying JS ``R2ObjectBody`` (for ``Response(obj.js_object.body)`` and the like)."""

    @property
    def body_used(self) -> bool:
        """Whether the body has been read."""
        with js_errors():
            return bool(self.js_object.bodyUsed)

    async def bytes(self) -> builtins.bytes:
        """The whole body, copied into ``bytes``."""
        data = from_js(await call_js(self.js_object.arrayBuffer()))
        if not isinstance(data, builtins.bytes):
            raise ResponseDecodeError(f"R2 arrayBuffer() gave {data.__class__.__name__}")
        return data

    async def text(self) -> str:
        """The whole body decoded as UTF-8."""
        return str(await call_js(self.js_object.text()))

    async def json(self) -> Any:
        """The whole body parsed as JSON (with Python's parser: big integers stay exact)."""
        text = await self.text()
        try:
            return json.loads(text)
        except ValueError as exc:
            raise ResponseDecodeError(f"R2 object {self.key!r} is not JSON: {exc}") from None

    def iter_bytes(self) -> AsyncIterator[builtins.bytes]:
        """The body as ``bytes`` chunks, streamed."""
        with js_errors():
            stream = self.js_object.body
        return aiter_bytes(stream)

    def __aiter__(self) -> AsyncIterator[builtins.bytes]:
        return self.iter_bytes()
