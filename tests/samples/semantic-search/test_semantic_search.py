"""The semantic-search sample, end to end through its fetch handler under the harness.

D1 is Miniflare's real local D1. Workers AI and Vectorize have no local simulator, so they are
**TEST DOUBLES** (the sample's ``doubles/ai.mjs`` and ``doubles/vectorize.mjs``, JS Workers bound
as services, as docs/runtime/ai.md and vectorize.md describe): the double's embeddings are hashed
bags of words, not model output, so these tests prove the Worker's plumbing (one AI call per
ingest, D1 batch, Vectorize upsert/query/filter/delete, ordering by score), not search quality.
"""

import json
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[3] / "docs" / "samples" / "semantic-search"
DOUBLES = {  # TEST DOUBLES of Workers AI and Vectorize, not the services
    "workers": {
        "ai-double": (SAMPLE / "doubles" / "ai.mjs").read_text(),
        "vectorize-double": (SAMPLE / "doubles" / "vectorize.mjs").read_text(),
    },
    "services": {"AI": "ai-double", "VECTORIZE": "vectorize-double"},
}
DOCUMENTS = [
    {
        "id": "kv",
        "title": "Workers KV",
        "text": "A global key-value store for configuration and sessions.",
        "tag": "storage",
    },
    {
        "id": "r2",
        "title": "R2",
        "text": "Object storage for large files, images and backups without egress fees.",
        "tag": "storage",
    },
    {
        "id": "queues",
        "title": "Queues",
        "text": "Send messages between Workers and process background jobs in batches.",
        "tag": "messaging",
    },
    {
        "id": "cron",
        "title": "Cron Triggers",
        "text": "Run a Worker on a schedule, like a nightly cleanup job.",
        "tag": "compute",
    },
]


@pytest.fixture
def search(worker):
    worker.load(SAMPLE, bindings=DOUBLES)
    made = worker.fetch("/documents", method="POST", body=json.dumps({"documents": DOCUMENTS}))
    assert made.status == 201, made.text
    assert made.json()["ids"] == ["kv", "r2", "queues", "cron"]
    assert made.json()["dimensions"] == 384
    return worker


def ask(worker, query):
    answer = worker.fetch(f"/search?{query}")
    assert answer.status == 200, answer.text
    return answer.json()["results"]


def test_query_ranks_documents_by_similarity(search):
    results = ask(search, "q=where+do+I+store+large+files+and+images")
    assert results[0]["id"] == "r2", results
    assert len(results) == 3
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[1]
    assert results[0]["title"] == "R2" and results[0]["snippet"].startswith("Object storage")

    jobs = ask(search, "q=background+jobs+in+batches&k=1")
    assert [r["id"] for r in jobs] == ["queues"]


def test_tag_filter_and_document_lifecycle(search):
    storage = ask(search, "q=nightly+job&tag=storage&k=5")
    assert {r["id"] for r in storage} == {"kv", "r2"}, "the filter runs in Vectorize"

    assert search.fetch("/documents/cron").json() == {
        "id": "cron",
        "title": "Cron Triggers",
        "body": "Run a Worker on a schedule, like a nightly cleanup job.",
        "tag": "compute",
    }
    # Re-ingesting an id replaces the document and its vector.
    replaced = {"id": "cron", "title": "Cron Triggers", "text": "Schedules measured in minutes."}
    search.fetch("/documents", method="POST", body=json.dumps({"documents": [replaced]}))
    assert search.fetch("/documents/cron").json()["tag"] is None
    assert search.fetch("/documents/cron", method="DELETE").json() == {
        "deleted": "cron",
        "found": True,
    }
    assert search.fetch("/documents/cron").status == 404
    assert "cron" not in [r["id"] for r in ask(search, "q=schedule+minutes&k=5")]

    async def vector_ids(env):
        from cloudflarefs.vectorize.runtime import VectorizeIndex

        found = await VectorizeIndex(env.VECTORIZE).get_by_ids(["kv", "cron"])
        return [v.id for v in found]

    assert search.run(vector_ids) == ["kv"], "the vector went with the document"


def test_bad_input_is_refused_before_any_call(search):
    bodies = {
        "{}": "1..100 documents",
        '{"documents": [{"title": "t"}]}': "non-empty title and text",
        json.dumps({"documents": [{"title": "t", "text": "x"}] * 101}): "1..100",
    }
    for body, message in bodies.items():
        answer = search.fetch("/documents", method="POST", body=body)
        assert answer.status == 400 and message in answer.json()["error"], answer.text
    assert search.fetch("/search?q=").status == 400
    too_many = search.fetch("/search?q=files&k=500")
    # Vectorize's top_k limit, refused by cloudflarefs-vectorize-runtime before the query.
    assert too_many.status == 400 and "top_k" in too_many.json()["error"], too_many.text


def test_config_alone_binds_the_harness_test_doubles(worker):
    # No `services`: [ai] and [[vectorize]] get the harness's built-in TEST DOUBLES, and the index
    # is created from [tool.cloudflarefs.vectorize.semantic-search] of the sample's pyproject.toml.
    cfg = worker.load(SAMPLE)
    assert {b: d.kind for b, d in cfg.bindings.test_doubles.items()} == {
        "AI": "ai",
        "VECTORIZE": "vectorize",
    }
    made = worker.fetch("/documents", method="POST", body=json.dumps({"documents": DOCUMENTS}))
    assert made.status == 201, made.text
    assert made.json()["dimensions"] == 384
    assert [r["id"] for r in ask(worker, "q=background+jobs+in+batches&k=1")] == ["queues"]
    storage = ask(worker, "q=nightly+job&tag=storage&k=5")
    assert {r["id"] for r in storage} == {"kv", "r2"}
