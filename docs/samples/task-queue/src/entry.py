"""Sample Python Worker: queue-based task processing.

Routes:
    POST /jobs        body {"task": "<name>", "input": "<text>"}; queues a job, answers 202 with it
    GET  /jobs        every job with its status
    GET  /jobs/<id>   one job: queued, running, retrying, done (with its result) or dead

The ``jobs`` consumer runs each message's task: success acks the message and stores the result,
a failure retries that message alone (the rest of the batch is unaffected). After the last
retry Queues moves the message to ``jobs-dlq``, whose consumer marks the job dead.
"""

import json
import re
import uuid
from urllib.parse import urlsplit

from board import JobBoard  # noqa: F401  (exported: wrangler's class_name names it)
from tasks import TASKS, TaskError
from workers import Response, WorkerEntrypoint

from cloudflarefs.durable_objects.runtime import DurableObjectNamespace
from cloudflarefs.queues.runtime import MessageBatch, Queue
from cloudflarefs.workers.runtime import Env

JOB_PATH = re.compile(r"^/jobs/([0-9a-f-]{36})$")
MAX_INPUT = 10_000


class TaskEnv(Env):
    JOBS: Queue
    BOARD: DurableObjectNamespace


def json_response(data, status=200):
    return Response(json.dumps(data), status=status, headers={"content-type": "application/json"})


def board(env):
    return env.BOARD.get_by_name("board")  # one board for every job


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        env = TaskEnv.from_js(self.env)
        path = urlsplit(request.url).path
        if path == "/jobs" and request.method == "POST":
            return await submit(env, await request.text())
        if path == "/jobs" and request.method == "GET":
            return json_response({"jobs": await board(env).jobs()})
        match = JOB_PATH.match(path)
        if match and request.method == "GET":
            job = await board(env).status(match.group(1))
            if job is None:
                return json_response({"error": "no such job"}, status=404)
            return json_response(job)
        return json_response({"error": "not found"}, status=404)

    async def queue(self, batch, env, ctx):
        env = TaskEnv.from_js(env)
        batch = MessageBatch(batch)
        if batch.queue == "jobs-dlq":
            for message in batch.messages:
                await board(env).dead(message.body["id"])
                message.ack()
            return
        for message in batch.messages:
            await run_job(env, message)


async def submit(env, text):
    try:
        job = json.loads(text)
    except ValueError:
        return json_response({"error": "body must be JSON"}, status=400)
    task = job.get("task") if isinstance(job, dict) else None
    data = job.get("input", "") if isinstance(job, dict) else None
    if task not in TASKS:
        return json_response({"error": f"task must be one of {sorted(TASKS)}"}, status=400)
    if not isinstance(data, str) or len(data) > MAX_INPUT:
        return json_response({"error": f"input must be a str of at most {MAX_INPUT} chars"}, 400)
    job_id = str(uuid.uuid4())
    created = await board(env).create(job_id, task)
    await env.JOBS.send({"id": job_id, "task": task, "input": data})
    return json_response(created, status=202)


async def run_job(env, message):
    """Run one message's task; ack it on success, retry only it on failure."""
    job = message.body
    await board(env).started(job["id"], message.attempts)
    try:
        result = TASKS[job["task"]](job["input"], message.attempts)
    except TaskError as exc:
        await board(env).failed(job["id"], str(exc))
        message.retry()
        return
    await board(env).succeeded(job["id"], json.dumps(result))
    message.ack()
