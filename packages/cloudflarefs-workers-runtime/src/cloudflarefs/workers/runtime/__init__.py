"""Typed helpers for Python Workers: a declarative ``Env``, the execution context, ``request.cf``,
service bindings, scheduled events and version metadata.

They wrap the JS objects the runtime hands to a handler and work alongside
``workers.WorkerEntrypoint`` (from ``workers-runtime-sdk``)::

    from workers import Response, WorkerEntrypoint
    from cloudflarefs.workers.runtime import Env, ExecutionContext, Fetcher, IncomingRequestCf, Secret

    class MyEnv(Env):
        AUTH: Fetcher
        API_KEY: Secret[str]

    class Default(WorkerEntrypoint):
        async def fetch(self, request):
            env = MyEnv.from_js(self.env)
            cf = IncomingRequestCf.from_request(request)
            ...
"""

from cloudflarefs.workers.runtime._cf import BotManagement, IncomingRequestCf
from cloudflarefs.workers.runtime._context import ExecutionContext
from cloudflarefs.workers.runtime._env import Env, binding
from cloudflarefs.workers.runtime._fetcher import Fetcher, FetchResponse, RpcMethod
from cloudflarefs.workers.runtime._scheduled import ScheduledController
from cloudflarefs.workers.runtime._secret import Secret
from cloudflarefs.workers.runtime._version import __version__
from cloudflarefs.workers.runtime._version_metadata import VersionMetadata

__all__ = [
    "BotManagement",
    "Env",
    "ExecutionContext",
    "FetchResponse",
    "Fetcher",
    "IncomingRequestCf",
    "RpcMethod",
    "ScheduledController",
    "Secret",
    "VersionMetadata",
    "__version__",
    "binding",
]
