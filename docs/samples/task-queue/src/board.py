"""``JobBoard``: job status in one Python Durable Object (SQLite storage).

All status changes go through this one object, so they are serialized: the HTTP producer
creates a job, the consumer marks attempts, results and failures, and the dead-letter consumer
marks jobs that ran out of attempts.
"""

import json
import time

from cloudflarefs.durable_objects.runtime import DurableObject

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS jobs ("
    "id TEXT PRIMARY KEY, task TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, "
    "result TEXT, error TEXT, created INTEGER NOT NULL, updated INTEGER NOT NULL)"
)
COLUMNS = "id, task, status, attempts, result, error"


def now_ms():
    return int(time.time() * 1000)


def decoded(row):
    """A job row with its result decoded (results are stored as JSON text)."""
    result = row["result"]
    return {**row, "result": None if result is None else json.loads(result)}


class JobBoard(DurableObject):
    def __init__(self, ctx, env):
        super().__init__(ctx, env)
        self.storage.sql.exec(SCHEMA)

    def _update(self, job_id, status, **fields):
        sets = ", ".join(f"{k} = ?" for k in fields)
        self.storage.sql.exec(
            f"UPDATE jobs SET status = ?, updated = ?{', ' + sets if sets else ''} WHERE id = ?",
            status,
            now_ms(),
            *fields.values(),
            job_id,
        )
        return self.get(job_id)

    async def create(self, job_id, task):
        at = now_ms()
        self.storage.sql.exec(
            "INSERT INTO jobs (id, task, status, attempts, created, updated) "
            "VALUES (?, ?, 'queued', 0, ?, ?)",
            job_id,
            task,
            at,
            at,
        )
        return self.get(job_id)

    def get(self, job_id):
        rows = self.storage.sql.exec(f"SELECT {COLUMNS} FROM jobs WHERE id = ?", job_id).to_list()
        return decoded(rows[0]) if rows else None

    async def status(self, job_id):
        return self.get(job_id)

    async def jobs(self):
        rows = self.storage.sql.exec(f"SELECT {COLUMNS} FROM jobs ORDER BY created, id").to_list()
        return [decoded(row) for row in rows]

    async def started(self, job_id, attempt):
        return self._update(job_id, "running", attempts=attempt)

    async def succeeded(self, job_id, result):
        return self._update(job_id, "done", result=result, error=None)

    async def failed(self, job_id, error):
        return self._update(job_id, "retrying", error=error)

    async def dead(self, job_id):
        return self._update(job_id, "dead")
