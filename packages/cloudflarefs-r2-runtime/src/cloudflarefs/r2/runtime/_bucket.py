"""``R2Bucket`` and ``R2MultipartUpload``: thin typed façades over an R2 binding."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Mapping, Sequence
from typing import Any, TypeAlias, overload

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError, ResponseDecodeError
from cloudflarefs.core.js import ByteChunk, from_js, invoke_js, js_errors, to_js
from cloudflarefs.r2.runtime._body import R2ObjectBody
from cloudflarefs.r2.runtime._limits import (
    DIGEST_SIZES,
    MAX_LIST_LIMIT,
    MAX_PART_BYTES,
    MAX_PART_NUMBER,
    MIN_PART_BYTES,
    ListInclude,
    StorageClass,
    body_size,
    check_checksum,
    check_custom_metadata,
    check_delete_keys,
    check_include,
    check_int,
    check_key,
    check_optional_str,
    check_storage_class,
    kind,
)
from cloudflarefs.r2.runtime._models import (
    OBJECT_FIELDS,
    R2Conditional,
    R2HTTPMetadata,
    R2Object,
    R2Objects,
    R2Range,
    R2UploadedPart,
    object_fields_from_py,
    objects_from_py,
)

R2PutValue: TypeAlias = str | bytes | bytearray | memoryview | AsyncIterable[ByteChunk]
"""An object body: text (stored as UTF-8), bytes, or an async iterable of byte chunks (which is
read fully first: R2 needs the length up front)."""


def _object_dict(js_object: Any) -> dict[str, Any]:
    # Read named properties rather than enumerating: never touches ``body``.
    return {name: from_js(getattr(js_object, name, None), objects="all") for name in OBJECT_FIELDS}


def _object(js_object: Any) -> R2Object:
    return R2Object(**object_fields_from_py(_object_dict(js_object)))


def _object_or_body(js_object: Any) -> R2Object:
    fields = object_fields_from_py(_object_dict(js_object))
    # A body-less R2Object (failed precondition) has no body readers.
    if getattr(js_object, "arrayBuffer", None) is None:
        return R2Object(**fields)
    return R2ObjectBody(js_object=js_object, **fields)


async def _payload(value: object, what: str) -> tuple[Any, int]:
    """The JS value to send and its size; async iterables are drained first."""
    if isinstance(value, AsyncIterable):
        chunks: list[bytes] = []
        async for chunk in value:  # pyright: ignore[reportUnknownVariableType]
            if not isinstance(chunk, bytes | bytearray | memoryview):
                raise InvalidInputTypeError(f"{what} chunks must be bytes-like, got {kind(chunk)}")  # pyright: ignore[reportUnknownArgumentType]
            chunks.append(bytes(chunk))  # pyright: ignore[reportUnknownArgumentType]
        value = b"".join(chunks)
    size = body_size(value, what)
    return (value if isinstance(value, str) else to_js(value)), size


def _put_options(
    *,
    http_metadata: R2HTTPMetadata | None,
    custom_metadata: Mapping[str, str] | None,
    storage_class: StorageClass | None,
) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if http_metadata is not None:
        if not isinstance(http_metadata, R2HTTPMetadata):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputTypeError(
                f"http_metadata must be R2HTTPMetadata, got {kind(http_metadata)}"
            )
        options["httpMetadata"] = http_metadata.to_py()
    if custom_metadata is not None:
        options["customMetadata"] = check_custom_metadata(custom_metadata)
    if storage_class is not None:
        options["storageClass"] = check_storage_class(storage_class)
    return options


def _conditional(only_if: object) -> dict[str, Any]:
    if not isinstance(only_if, R2Conditional):
        raise InvalidInputTypeError(f"only_if must be R2Conditional, got {kind(only_if)}")
    return only_if.to_py()


class R2MultipartUpload:
    """An in-progress multipart upload; see :meth:`R2Bucket.create_multipart_upload`.

    Every part but the last must be at least 5 MiB. The check happens in :meth:`complete`,
    from the sizes this object recorded in :meth:`upload_part` (the last part, by number, may be
    smaller); pass ``final=False`` to :meth:`upload_part` to check a part right away.
    """

    __slots__ = ("_js", "_sizes", "key", "upload_id")

    def __init__(self, js_upload: Any) -> None:
        self._js: Any = js_upload
        with js_errors():
            self.key: str = str(js_upload.key)
            """The object key."""
            self.upload_id: str = str(js_upload.uploadId)
            """Pass it to :meth:`R2Bucket.resume_multipart_upload` to continue later."""
        self._sizes: dict[int, int] = {}

    def __repr__(self) -> str:
        return f"R2MultipartUpload(key={self.key!r}, upload_id={self.upload_id[:12]!r}...)"

    async def upload_part(
        self, part_number: int, value: R2PutValue, *, final: bool | None = None
    ) -> R2UploadedPart:
        """Upload part ``part_number`` (1..10000); keep the result for :meth:`complete`.

        ``final=False`` asserts this is not the last part, so a part under 5 MiB is refused
        here; ``None`` (default) leaves the check to :meth:`complete`.
        """
        number = check_int(part_number, "part_number", minimum=1, maximum=MAX_PART_NUMBER)
        payload, size = await _payload(value, "part")
        if size > MAX_PART_BYTES:
            raise InvalidInputError(f"part {number} is {size} bytes; the limit is 5 GiB")
        if final is False and size < MIN_PART_BYTES:
            raise InvalidInputError(
                f"part {number} is {size} bytes; every part but the last must be at least "
                f"{MIN_PART_BYTES} (5 MiB)"
            )
        result = from_js(await invoke_js(self._js.uploadPart, number, payload), objects="all")
        if not isinstance(result, dict) or not isinstance(result.get("etag"), str):  # pyright: ignore[reportUnknownMemberType]
            raise ResponseDecodeError(f"unexpected uploadPart result: {result!r}")
        self._sizes[number] = size
        return R2UploadedPart(part_number=number, etag=result["etag"], size=size)  # pyright: ignore[reportUnknownArgumentType]

    def _check_parts(self, parts: Sequence[R2UploadedPart]) -> list[R2UploadedPart]:
        items = list(parts)
        if not items:
            raise InvalidInputError("complete needs at least one part")
        for part in items:
            if not isinstance(part, R2UploadedPart):  # pyright: ignore[reportUnnecessaryIsInstance]
                raise InvalidInputTypeError(f"parts must be R2UploadedPart, got {kind(part)}")
        numbers = [p.part_number for p in items]
        if len(set(numbers)) != len(numbers):
            raise InvalidInputError(f"duplicate part numbers in {sorted(numbers)}")
        ordered = sorted(items, key=lambda p: p.part_number)
        for part in ordered[:-1]:
            size = part.size if part.size is not None else self._sizes.get(part.part_number)
            if size is not None and size < MIN_PART_BYTES:
                raise InvalidInputError(
                    f"part {part.part_number} is {size} bytes; every part but the last must be "
                    f"at least {MIN_PART_BYTES} (5 MiB)"
                )
        return ordered

    async def complete(self, parts: Sequence[R2UploadedPart]) -> R2Object:
        """Assemble ``parts`` into the object and return its metadata."""
        ordered = self._check_parts(parts)
        js_parts = to_js([p.to_py() for p in ordered])
        return _object(await invoke_js(self._js.complete, js_parts))

    async def abort(self) -> None:
        """Abort the upload and discard its parts."""
        await invoke_js(self._js.abort)


class R2Bucket:
    """Typed façade over an R2 binding: ``bucket = R2Bucket(env.BUCKET)``.

    Every method validates its arguments first (raising
    :class:`~cloudflarefs.core.InvalidInputError`), then calls the binding; JS failures raise
    :class:`~cloudflarefs.core.js.JsError`.
    """

    __slots__ = ("_js",)

    def __init__(self, binding: Any) -> None:
        if binding is None:
            raise InvalidInputError("R2Bucket needs an R2 binding (env.<NAME>), got None")
        self._js: Any = binding

    def __repr__(self) -> str:
        return "R2Bucket(<binding>)"

    @property
    def js(self) -> Any:
        """The underlying JS binding (for APIs this façade does not cover)."""
        return self._js

    async def head(self, key: str) -> R2Object | None:
        """The object's metadata, or ``None`` when it does not exist."""
        check_key(key)
        found = await invoke_js(self._js.head, key)
        return None if from_js(found) is None else _object(found)

    @overload
    async def get(self, key: str, *, range: R2Range | None = None) -> R2ObjectBody | None: ...
    @overload
    async def get(
        self, key: str, *, range: R2Range | None = None, only_if: R2Conditional
    ) -> R2ObjectBody | R2Object | None: ...
    async def get(
        self, key: str, *, range: R2Range | None = None, only_if: R2Conditional | None = None
    ) -> R2Object | None:
        """The object with its body, or ``None`` when it does not exist.

        ``range`` limits the body to a byte range. With ``only_if``, a failed precondition
        returns a body-less :class:`R2Object` (check ``isinstance(obj, R2ObjectBody)``).
        """
        check_key(key)
        options: dict[str, Any] = {}
        if range is not None:
            if not isinstance(range, R2Range):  # pyright: ignore[reportUnnecessaryIsInstance]
                raise InvalidInputTypeError(f"range must be R2Range, got {kind(range)}")
            options["range"] = range.to_py()
        if only_if is not None:
            options["onlyIf"] = _conditional(only_if)
        js_options = to_js(options) if options else None
        found = await invoke_js(self._js.get, key, js_options)
        return None if from_js(found) is None else _object_or_body(found)

    @overload
    async def put(
        self,
        key: str,
        value: R2PutValue,
        *,
        http_metadata: R2HTTPMetadata | None = None,
        custom_metadata: Mapping[str, str] | None = None,
        md5: bytes | str | None = None,
        sha1: bytes | str | None = None,
        sha256: bytes | str | None = None,
        sha384: bytes | str | None = None,
        sha512: bytes | str | None = None,
        storage_class: StorageClass | None = None,
    ) -> R2Object: ...
    @overload
    async def put(
        self,
        key: str,
        value: R2PutValue,
        *,
        http_metadata: R2HTTPMetadata | None = None,
        custom_metadata: Mapping[str, str] | None = None,
        md5: bytes | str | None = None,
        sha1: bytes | str | None = None,
        sha256: bytes | str | None = None,
        sha384: bytes | str | None = None,
        sha512: bytes | str | None = None,
        storage_class: StorageClass | None = None,
        only_if: R2Conditional,
    ) -> R2Object | None: ...
    async def put(
        self,
        key: str,
        value: R2PutValue,
        *,
        http_metadata: R2HTTPMetadata | None = None,
        custom_metadata: Mapping[str, str] | None = None,
        md5: bytes | str | None = None,
        sha1: bytes | str | None = None,
        sha256: bytes | str | None = None,
        sha384: bytes | str | None = None,
        sha512: bytes | str | None = None,
        storage_class: StorageClass | None = None,
        only_if: R2Conditional | None = None,
    ) -> R2Object | None:
        """Store ``value`` at ``key`` and return the new object's metadata.

        At most one checksum (bytes or hex) may be given; R2 rejects the upload when it does
        not match. With ``only_if``, a failed precondition stores nothing and returns ``None``.
        """
        check_key(key)
        options = _put_options(
            http_metadata=http_metadata,
            custom_metadata=custom_metadata,
            storage_class=storage_class,
        )
        given = {
            name: digest
            for name, digest in zip(DIGEST_SIZES, (md5, sha1, sha256, sha384, sha512), strict=True)
            if digest is not None
        }
        if len(given) > 1:
            raise InvalidInputError(f"give at most one checksum, got {', '.join(given)}")
        for name, digest in given.items():
            options[name] = check_checksum(name, digest)
        if only_if is not None:
            options["onlyIf"] = _conditional(only_if)
        payload, _ = await _payload(value, "value")
        js_options = to_js(options)
        stored = await invoke_js(self._js.put, key, payload, js_options)
        return None if from_js(stored) is None else _object(stored)

    async def delete(self, keys: str | Sequence[str]) -> None:
        """Delete one key or up to 1000 keys (missing keys are not an error)."""
        checked = check_delete_keys(keys)
        js_keys = checked if isinstance(checked, str) else to_js(checked)
        await invoke_js(self._js.delete, js_keys)

    async def list(
        self,
        *,
        prefix: str | None = None,
        delimiter: str | None = None,
        cursor: str | None = None,
        limit: int | None = None,
        include: Sequence[ListInclude] | None = None,
        start_after: str | None = None,
    ) -> R2Objects:
        """One page of objects in key order (up to ``limit``, 1..1000, default 1000).

        ``delimiter`` groups keys into :attr:`R2Objects.delimited_prefixes`; ``include`` asks
        for ``"httpMetadata"`` and/or ``"customMetadata"`` on each object.
        """
        options: dict[str, Any] = {}
        for name, value in (("prefix", prefix), ("delimiter", delimiter)):
            if check_optional_str(value, name) is not None:
                options[name] = value
        if check_optional_str(cursor, "cursor", allow_empty=False) is not None:
            options["cursor"] = cursor
        if check_optional_str(start_after, "start_after") is not None:
            options["startAfter"] = start_after
        if limit is not None:
            options["limit"] = check_int(limit, "limit", minimum=1, maximum=MAX_LIST_LIMIT)
        if include is not None:
            options["include"] = check_include(include)
        js_options = to_js(options)
        return objects_from_py(from_js(await invoke_js(self._js.list, js_options), objects="all"))

    async def iter_objects(
        self,
        *,
        prefix: str | None = None,
        delimiter: str | None = None,
        include: Sequence[ListInclude] | None = None,
        start_after: str | None = None,
        page_size: int | None = None,
    ) -> AsyncIterator[R2Object]:
        """Every object matching the filters, fetching pages of ``page_size`` as needed
        (with a ``delimiter``, grouped keys are skipped; use :meth:`list` for the prefixes)."""
        cursor: str | None = None
        while True:
            page = await self.list(
                prefix=prefix,
                delimiter=delimiter,
                cursor=cursor,
                limit=page_size,
                include=include,
                start_after=start_after,
            )
            for obj in page.objects:
                yield obj
            if not page.truncated or not page.cursor:
                return
            cursor = page.cursor

    async def create_multipart_upload(
        self,
        key: str,
        *,
        http_metadata: R2HTTPMetadata | None = None,
        custom_metadata: Mapping[str, str] | None = None,
        storage_class: StorageClass | None = None,
    ) -> R2MultipartUpload:
        """Start a multipart upload of ``key``."""
        check_key(key)
        options = _put_options(
            http_metadata=http_metadata,
            custom_metadata=custom_metadata,
            storage_class=storage_class,
        )
        js_options = to_js(options)
        return R2MultipartUpload(await invoke_js(self._js.createMultipartUpload, key, js_options))

    def resume_multipart_upload(self, key: str, upload_id: str) -> R2MultipartUpload:
        """Continue an upload started earlier (no request is made until a part is sent).

        Part sizes from before are unknown here, so :meth:`R2MultipartUpload.complete` checks
        only the parts this object uploads.
        """
        check_key(key)
        check_optional_str(upload_id, "upload_id", allow_empty=False)
        if upload_id is None:  # pyright: ignore[reportUnnecessaryComparison]
            raise InvalidInputError("upload_id must be a str, got None")
        with js_errors():
            return R2MultipartUpload(self._js.resumeMultipartUpload(key, upload_id))
