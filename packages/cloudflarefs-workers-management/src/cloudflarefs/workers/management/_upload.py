"""Pure building of Worker upload bodies: module parts plus the ``metadata`` JSON part.

Used by script uploads, version uploads and content updates, here and in
cloudflarefs-workers-for-platforms-management (its uploads are the same wire format). The API
wants one multipart part per module, named by the module's path, with a content type that
tells it how to load the module, and a ``metadata`` part that names the main module.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any, TypedDict

import attrs

from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.wire import MultipartPart
from cloudflarefs.workers.management._bindings import BindingLike, bindings_to_wire

__all__ = [
    "JS_MODULE",
    "JS_SERVICE_WORKER",
    "PYTHON_MODULE",
    "SOURCE_MAP",
    "UploadOptions",
    "WorkerModule",
    "build_content_upload",
    "build_upload",
    "content_type_for",
    "version_options",
]

JS_MODULE = "application/javascript+module"
JS_SERVICE_WORKER = "application/javascript"
PYTHON_MODULE = "text/x-python"
WASM = "application/wasm"
TEXT = "text/plain"
DATA = "application/octet-stream"
SOURCE_MAP = "application/source-map"

_BY_SUFFIX = {
    ".js": JS_MODULE,
    ".mjs": JS_MODULE,
    ".cjs": "application/javascript",
    ".py": PYTHON_MODULE,
    ".wasm": WASM,
    ".map": SOURCE_MAP,
    ".txt": TEXT,
    ".html": TEXT,
    ".htm": TEXT,
    ".sql": TEXT,
    ".css": TEXT,
    ".md": TEXT,
}
_MAIN_TYPES = frozenset({JS_MODULE, JS_SERVICE_WORKER, PYTHON_MODULE})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def content_type_for(name: str) -> str:
    """The module content type implied by a file name (``application/octet-stream`` if unknown).

    ``.js``/``.mjs`` are ES modules, ``.cjs`` a service-worker script, ``.py`` a Python Workers
    module, ``.wasm`` WebAssembly, ``.map`` a source map, ``.txt``/``.html``/``.sql``/... text.
    """
    return _BY_SUFFIX.get(PurePosixPath(name).suffix.lower(), DATA)


def _to_bytes(content: bytes | str) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else bytes(content)


@attrs.frozen
class WorkerModule:
    """One module of a Worker: its path inside the bundle, its bytes and its content type.

    The content type defaults from the file extension (see :func:`content_type_for`); pass it
    explicitly for anything else (e.g. ``"application/javascript"`` for a service-worker
    ``.js``).
    """

    name: str
    content: bytes = attrs.field(converter=_to_bytes, repr=lambda c: f"<{len(c)} bytes>")
    content_type: str = attrs.field(
        default=attrs.Factory(lambda self: content_type_for(self.name), takes_self=True)
    )

    def __attrs_post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidInputError("a Worker module needs a non-empty name")
        if self.name.startswith("/") or ".." in PurePosixPath(self.name).parts:
            raise InvalidInputError(f"module name must be a relative path: {self.name!r}")

    @classmethod
    def from_path(
        cls,
        path: str | os.PathLike[str],
        *,
        name: str | None = None,
        content_type: str | None = None,
    ) -> WorkerModule:
        """Read a module from disk; ``name`` defaults to the file name."""
        file = Path(path)
        module_name = name if name is not None else file.name
        data = file.read_bytes()
        if content_type is None:
            return cls(module_name, data)
        return cls(module_name, data, content_type)


def _check_date(value: str | datetime.date) -> str:
    text = value.isoformat() if isinstance(value, datetime.date) else value
    if not _DATE.match(text):
        raise InvalidInputError(f"compatibility_date must be YYYY-MM-DD, got {value!r}")
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(f"compatibility_date is not a real date: {value!r}") from None
    return text


class UploadOptions(TypedDict, total=False):
    """Keyword options of every Worker upload (see :func:`build_upload`)."""

    main_module: str
    compatibility_date: str | datetime.date
    compatibility_flags: Sequence[str]
    bindings: Sequence[BindingLike]
    keep_bindings: Sequence[str]
    keep_assets: bool
    tags: Sequence[str]
    logpush: bool
    usage_model: str
    extra_metadata: Mapping[str, Any]


def build_upload(
    modules: Sequence[WorkerModule],
    *,
    main_module: str | None = None,
    compatibility_date: str | datetime.date | None = None,
    compatibility_flags: Sequence[str] | None = None,
    bindings: Sequence[BindingLike] | None = None,
    keep_bindings: Sequence[str] | None = None,
    keep_assets: bool | None = None,
    tags: Sequence[str] | None = None,
    logpush: bool | None = None,
    usage_model: str | None = None,
    extra_metadata: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], list[MultipartPart]]:
    """Validate the modules and build ``(metadata, module parts)`` for a Worker upload.

    The main module is ``main_module`` or the first module. A service-worker script (content
    type ``application/javascript``) is announced as ``body_part``, anything else as
    ``main_module``. ``extra_metadata`` is merged last, for fields without a parameter
    (``placement``, ``observability``, ``migrations``, ``assets``, ...).

    Raises:
        InvalidInputError: no modules, duplicate module names, an unknown main module or one that
            cannot be an entry point, a malformed compatibility date, bad bindings.
    """
    if not modules:
        raise InvalidInputError("a Worker upload needs at least one module")
    names = [m.name for m in modules]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InvalidInputError(f"duplicate module names: {duplicates}")
    main_name = main_module if main_module is not None else names[0]
    main = next((m for m in modules if m.name == main_name), None)
    if main is None:
        raise InvalidInputError(f"main_module {main_name!r} is not one of the modules {names}")
    if main.content_type not in _MAIN_TYPES:
        raise InvalidInputError(
            f"main module {main_name!r} has content type {main.content_type!r}; "
            f"an entry point must be one of {sorted(_MAIN_TYPES)}"
        )
    entry_key = "body_part" if main.content_type == JS_SERVICE_WORKER else "main_module"
    metadata: dict[str, Any] = {entry_key: main_name}
    if compatibility_date is not None:
        metadata["compatibility_date"] = _check_date(compatibility_date)
    optional: dict[str, Any] = {
        "compatibility_flags": list(compatibility_flags)
        if compatibility_flags is not None
        else None,
        "bindings": bindings_to_wire(bindings) if bindings is not None else None,
        "keep_bindings": list(keep_bindings) if keep_bindings is not None else None,
        "keep_assets": keep_assets,
        "tags": list(tags) if tags is not None else None,
        "logpush": logpush,
        "usage_model": usage_model,
    }
    metadata.update({k: v for k, v in optional.items() if v is not None})
    if extra_metadata:
        metadata.update(extra_metadata)
    parts = [
        MultipartPart(name=m.name, content=m.content, filename=m.name, content_type=m.content_type)
        for m in modules
    ]
    return metadata, parts


def build_content_upload(
    modules: Sequence[WorkerModule], main_module: str | None
) -> tuple[dict[str, Any], list[MultipartPart], dict[str, str]]:
    """``(metadata, parts, header kwargs)`` for a code-only content update.

    The content endpoints name the entry point twice: in ``metadata`` and in the
    ``CF-WORKER-MAIN-MODULE-PART`` (or ``CF-WORKER-BODY-PART``) header.
    """
    if main_module is None:
        metadata, parts = build_upload(modules)
    else:
        metadata, parts = build_upload(modules, main_module=main_module)
    if "body_part" in metadata:
        return metadata, parts, {"cf_worker_body_part": metadata["body_part"]}
    return metadata, parts, {"cf_worker_main_module_part": metadata["main_module"]}


def version_options(options: UploadOptions, message: str | None, tag: str | None) -> UploadOptions:
    """``options`` with ``workers/message`` and ``workers/tag`` annotations merged in."""
    annotations = {
        k: v for k, v in (("workers/message", message), ("workers/tag", tag)) if v is not None
    }
    if not annotations:
        return options
    extra = dict(options.get("extra_metadata") or {})
    extra["annotations"] = {**extra.get("annotations", {}), **annotations}
    return {**options, "extra_metadata": extra}
