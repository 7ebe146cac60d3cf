"""Management client for Cloudflare R2 (cloudflarefs).

``R2Client`` is the sync client; the async one with the same name lives in
:mod:`cloudflarefs.r2.management.aio`.
"""

from cloudflarefs.r2.management._client import R2Client
from cloudflarefs.r2.management._generated.models import (
    Bucket,
    BucketLocationInput,
    BucketsListDirection,
    Detail,
    EnableSippyAwsInput,
    EnableSippyAwsInputDestination,
    EnableSippyAwsInputSource,
    EnableSippyGcsInput,
    EnableSippyGcsInputSource,
    EventNotificationsUpdateResult,
    R2Action,
    Rule,
    RuleInput,
    Sippy,
    StorageClassInput,
    TempAccessCredsRequestPermission,
)
from cloudflarefs.r2.management._inputs import NotificationRule
from cloudflarefs.r2.management._models import TemporaryCredentials
from cloudflarefs.r2.management._resources import (
    R2Buckets,
    R2EventNotifications,
    R2Sippy,
    R2TemporaryCredentials,
)
from cloudflarefs.r2.management._version import __version__

__all__ = [
    "Bucket",
    "BucketLocationInput",
    "BucketsListDirection",
    "Detail",
    "EnableSippyAwsInput",
    "EnableSippyAwsInputDestination",
    "EnableSippyAwsInputSource",
    "EnableSippyGcsInput",
    "EnableSippyGcsInputSource",
    "EventNotificationsUpdateResult",
    "NotificationRule",
    "R2Action",
    "R2Buckets",
    "R2Client",
    "R2EventNotifications",
    "R2Sippy",
    "R2TemporaryCredentials",
    "Rule",
    "RuleInput",
    "Sippy",
    "StorageClassInput",
    "TempAccessCredsRequestPermission",
    "TemporaryCredentials",
    "__version__",
]
