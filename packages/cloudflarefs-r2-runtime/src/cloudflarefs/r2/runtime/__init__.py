"""Typed R2 bucket bindings for Python Workers.

Wrap the binding once, then use snake_case async methods with Python values::

    from cloudflarefs.r2.runtime import R2Bucket, R2HTTPMetadata, R2Range

    bucket = R2Bucket(env.BUCKET)
    await bucket.put("a.txt", "hello", http_metadata=R2HTTPMetadata(content_type="text/plain"))
    obj = await bucket.get("a.txt", range=R2Range(offset=1, length=3))
    if obj is not None:
        print(await obj.text())
"""

from cloudflarefs.r2.runtime._body import R2ObjectBody
from cloudflarefs.r2.runtime._bucket import R2Bucket, R2MultipartUpload, R2PutValue
from cloudflarefs.r2.runtime._limits import (
    MAX_CUSTOM_METADATA_BYTES,
    MAX_DELETE_KEYS,
    MAX_KEY_BYTES,
    MAX_LIST_LIMIT,
    MAX_PART_BYTES,
    MAX_PART_NUMBER,
    MIN_PART_BYTES,
    ChecksumAlgorithm,
    ListInclude,
    StorageClass,
)
from cloudflarefs.r2.runtime._models import (
    R2Checksums,
    R2Conditional,
    R2HTTPMetadata,
    R2Object,
    R2Objects,
    R2Range,
    R2UploadedPart,
)
from cloudflarefs.r2.runtime._version import __version__

__all__ = [
    "MAX_CUSTOM_METADATA_BYTES",
    "MAX_DELETE_KEYS",
    "MAX_KEY_BYTES",
    "MAX_LIST_LIMIT",
    "MAX_PART_BYTES",
    "MAX_PART_NUMBER",
    "MIN_PART_BYTES",
    "ChecksumAlgorithm",
    "ListInclude",
    "R2Bucket",
    "R2Checksums",
    "R2Conditional",
    "R2HTTPMetadata",
    "R2MultipartUpload",
    "R2Object",
    "R2ObjectBody",
    "R2Objects",
    "R2PutValue",
    "R2Range",
    "R2UploadedPart",
    "StorageClass",
    "__version__",
]
