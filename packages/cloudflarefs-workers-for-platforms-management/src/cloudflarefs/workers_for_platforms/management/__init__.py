"""Management client for Cloudflare Workers for Platforms (cloudflarefs).

``WorkersForPlatformsClient`` is the sync client; the async one with the same name lives in
:mod:`cloudflarefs.workers_for_platforms.management.aio`. Modules and binding helpers for
uploads are those of :mod:`cloudflarefs.workers.management` (re-exported here); request and
response models are in :mod:`cloudflarefs.workers_for_platforms.management.models`.
"""

from cloudflarefs.workers.management import (
    AIBinding,
    AnalyticsEngineBinding,
    AssetsBinding,
    BindingLike,
    D1Binding,
    DurableObjectBinding,
    HyperdriveBinding,
    JSONBinding,
    KVNamespaceBinding,
    PlainTextBinding,
    QueueBinding,
    R2BucketBinding,
    SecretTextBinding,
    ServiceBinding,
    UploadOptions,
    VectorizeBinding,
    VersionMetadataBinding,
    WorkerModule,
)
from cloudflarefs.workers_for_platforms.management._client import WorkersForPlatformsClient
from cloudflarefs.workers_for_platforms.management._generated.models import (
    NamespaceResponse,
    NamespaceScriptResponse,
    ScriptResponse,
    ScriptResponseUpload,
    SecretResponse,
)
from cloudflarefs.workers_for_platforms.management._resources import (
    DispatchNamespaces,
    DispatchScriptContent,
    DispatchScripts,
    DispatchSecrets,
)
from cloudflarefs.workers_for_platforms.management._version import __version__

__all__ = [
    "AIBinding",
    "AnalyticsEngineBinding",
    "AssetsBinding",
    "BindingLike",
    "D1Binding",
    "DispatchNamespaces",
    "DispatchScriptContent",
    "DispatchScripts",
    "DispatchSecrets",
    "DurableObjectBinding",
    "HyperdriveBinding",
    "JSONBinding",
    "KVNamespaceBinding",
    "NamespaceResponse",
    "NamespaceScriptResponse",
    "PlainTextBinding",
    "QueueBinding",
    "R2BucketBinding",
    "ScriptResponse",
    "ScriptResponseUpload",
    "SecretResponse",
    "SecretTextBinding",
    "ServiceBinding",
    "UploadOptions",
    "VectorizeBinding",
    "VersionMetadataBinding",
    "WorkerModule",
    "WorkersForPlatformsClient",
    "__version__",
]
