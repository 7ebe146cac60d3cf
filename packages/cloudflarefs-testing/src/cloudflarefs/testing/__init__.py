"""Offline Python Workers testing for cloudflarefs: harness, pytest plugin, dev server.

The main entry points are re-exported here; see the README for the full API.
"""

from cloudflarefs.testing._version import __version__
from cloudflarefs.testing.bindings import (
    Bindings,
    DurableObject,
    QueueConsumer,
    RateLimit,
    StoreSecret,
    TestDouble,
    Workflow,
)
from cloudflarefs.testing.errors import (
    HarnessCommandError,
    HarnessError,
    HarnessInstallError,
    NodeNotFoundError,
    PyodideError,
)
from cloudflarefs.testing.harness import (
    BootInfo,
    Harness,
    HttpResponse,
    QueueResult,
    ScheduledResult,
)
from cloudflarefs.testing.pytest_plugin import WorkerFixture, run_in_worker
from cloudflarefs.testing.wrangler import WorkerConfig, load_worker_config

__all__ = [
    "Bindings",
    "BootInfo",
    "DurableObject",
    "Harness",
    "HarnessCommandError",
    "HarnessError",
    "HarnessInstallError",
    "HttpResponse",
    "NodeNotFoundError",
    "PyodideError",
    "QueueConsumer",
    "QueueResult",
    "RateLimit",
    "ScheduledResult",
    "StoreSecret",
    "TestDouble",
    "WorkerConfig",
    "WorkerFixture",
    "Workflow",
    "__version__",
    "load_worker_config",
    "run_in_worker",
]
