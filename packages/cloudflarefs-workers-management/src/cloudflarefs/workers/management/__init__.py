"""Management client for Cloudflare Workers (cloudflarefs).

``WorkersClient`` is the sync client; the async one with the same name lives in
:mod:`cloudflarefs.workers.management.aio`. Request and response models are in
:mod:`cloudflarefs.workers.management.models`.
"""

from cloudflarefs.workers.management._bindings import (
    AIBinding,
    AnalyticsEngineBinding,
    AssetsBinding,
    Binding,
    BindingLike,
    D1Binding,
    DispatchNamespaceBinding,
    DurableObjectBinding,
    HyperdriveBinding,
    JSONBinding,
    KVNamespaceBinding,
    PlainTextBinding,
    QueueBinding,
    R2BucketBinding,
    SecretTextBinding,
    ServiceBinding,
    VectorizeBinding,
    VersionMetadataBinding,
)
from cloudflarefs.workers.management._client import WorkersClient
from cloudflarefs.workers.management._deployments import MAX_DEPLOYMENT_MESSAGE
from cloudflarefs.workers.management._generated.models import (
    DeploymentsCreateResult,
    Domain,
    Routes,
    ScriptResponse,
    ScriptResponseUpload,
    VersionItemFull,
    VersionItemShort,
    VersionItemUploaded,
)
from cloudflarefs.workers.management._resources import (
    WorkersAssets,
    WorkersContent,
    WorkersDeployments,
    WorkersEnvironments,
    WorkersScripts,
    WorkersSecrets,
    WorkersVersions,
)
from cloudflarefs.workers.management._upload import (
    UploadOptions,
    WorkerModule,
    build_content_upload,
    build_upload,
    content_type_for,
)
from cloudflarefs.workers.management._version import __version__

__all__ = [
    "MAX_DEPLOYMENT_MESSAGE",
    "AIBinding",
    "AnalyticsEngineBinding",
    "AssetsBinding",
    "Binding",
    "BindingLike",
    "D1Binding",
    "DeploymentsCreateResult",
    "DispatchNamespaceBinding",
    "Domain",
    "DurableObjectBinding",
    "HyperdriveBinding",
    "JSONBinding",
    "KVNamespaceBinding",
    "PlainTextBinding",
    "QueueBinding",
    "R2BucketBinding",
    "Routes",
    "ScriptResponse",
    "ScriptResponseUpload",
    "SecretTextBinding",
    "ServiceBinding",
    "UploadOptions",
    "VectorizeBinding",
    "VersionItemFull",
    "VersionItemShort",
    "VersionItemUploaded",
    "VersionMetadataBinding",
    "WorkerModule",
    "WorkersAssets",
    "WorkersClient",
    "WorkersContent",
    "WorkersDeployments",
    "WorkersEnvironments",
    "WorkersScripts",
    "WorkersSecrets",
    "WorkersVersions",
    "__version__",
    "build_content_upload",
    "build_upload",
    "content_type_for",
]
