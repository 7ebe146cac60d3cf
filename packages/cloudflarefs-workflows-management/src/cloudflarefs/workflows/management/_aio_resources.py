"""Async resource groups of :class:`~cloudflarefs.workflows.management.aio.WorkflowsClient`.

The pass-through methods are generated (``_generated/aio.py``, shaped by the ``workflows``
overlay); this module turns the one status endpoint into the four verbs of the Workflow
binding (``pause``, ``resume``, ``terminate``, ``restart``), each sending only the fields its
status accepts. It is the one hand-written copy: the sync module is derived from it by
``tools/generate`` (unasync).
"""

from __future__ import annotations

from typing import Unpack

import cloudflarefs.workflows.management._generated.aio as _gen
from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.validation import check_int_range, require_non_empty
from cloudflarefs.core.wire import RequestOptions
from cloudflarefs.workflows.management._generated.models import (
    StatusChange,
    StatusChangeRequestFrom,
    StatusChangeRequestFromType,
    StatusChangeRequestStatus,
)

__all__ = ["WorkflowsInstances"]


class WorkflowsInstances(_gen.WorkflowsInstances):
    """Workflow instances: create (one or a batch), list, get, step output, events, status."""

    async def pause(
        self,
        workflow_name: str,
        instance_id: str,
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> StatusChange:
        """Pause a running instance (it stops between steps)."""
        return await self._edit_status(
            workflow_name,
            instance_id,
            status=StatusChangeRequestStatus.PAUSE,
            account_id=account_id,
            **options,
        )

    async def resume(
        self,
        workflow_name: str,
        instance_id: str,
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> StatusChange:
        """Resume a paused instance."""
        return await self._edit_status(
            workflow_name,
            instance_id,
            status=StatusChangeRequestStatus.RESUME,
            account_id=account_id,
            **options,
        )

    async def terminate(
        self,
        workflow_name: str,
        instance_id: str,
        *,
        rollback: bool = False,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> StatusChange:
        """Terminate an instance; ``rollback=True`` runs its rollback steps first."""
        return await self._edit_status(
            workflow_name,
            instance_id,
            status=StatusChangeRequestStatus.TERMINATE,
            rollback=True if rollback else None,
            account_id=account_id,
            **options,
        )

    async def restart(
        self,
        workflow_name: str,
        instance_id: str,
        *,
        from_step: str | None = None,
        count: int | None = None,
        step_type: StatusChangeRequestFromType | str | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> StatusChange:
        """Restart an instance from the beginning, or from the step named ``from_step``.

        ``count`` picks one of several steps of that name (1-based) and ``step_type``
        (``"do"``, ``"sleep"`` or ``"waitForEvent"``) disambiguates kinds; both need
        ``from_step``.
        """
        return await self._edit_status(
            workflow_name,
            instance_id,
            status=StatusChangeRequestStatus.RESTART,
            from_=_restart_point(from_step, count, step_type),
            account_id=account_id,
            **options,
        )


def _restart_point(
    from_step: str | None, count: int | None, step_type: StatusChangeRequestFromType | str | None
) -> StatusChangeRequestFrom | None:
    """The ``from`` of a restart body, checked before any request."""
    if from_step is None:
        if count is not None or step_type is not None:
            raise InvalidInputError("count and step_type need from_step (the step to restart from)")
        return None
    point = StatusChangeRequestFrom(name=require_non_empty("from_step", from_step))
    if count is not None:
        point.count = check_int_range("count", count, minimum=1)
    if step_type is not None:
        point.type_ = StatusChangeRequestFromType(step_type)
    return point
