"""Sample Python Worker: semantic search with Workers AI embeddings, Vectorize and D1.

Routes:
    POST   /documents        JSON ``{"documents": [{"id"?, "title", "text", "tag"?}, ...]}``
                             (1..100): embeds every text in one AI call, stores the documents
                             in D1 (one batch) and their vectors in Vectorize (one upsert)
    GET    /search?q=&k=&tag=  the ``k`` (default 3) documents closest in meaning to ``q``,
                             optionally only those with ``tag``; scores from Vectorize, titles
                             and text from D1
    GET    /documents/<id>   one document
    DELETE /documents/<id>   removes the document and its vector

D1 is the source of truth for the text; Vectorize holds only the vector and the metadata used
for filtering (``tag``), which keeps the index small.
"""

import json
import secrets
from urllib.parse import parse_qs, unquote, urlparse

from workers import Response, WorkerEntrypoint

from cloudflarefs.ai.runtime import Ai
from cloudflarefs.core import InvalidInputError
from cloudflarefs.d1.runtime import D1Database
from cloudflarefs.vectorize.runtime import Vector, VectorizeIndex
from cloudflarefs.workers.runtime import Env

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS documents ("
    "id TEXT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, tag TEXT)"
)
SNIPPET = 120


class SearchEnv(Env):
    AI: Ai
    VECTORIZE: VectorizeIndex
    DB: D1Database
    EMBEDDING_MODEL: str


def json_response(data, status=200):
    body = json.dumps(data) + "\n"  # the newline keeps `curl` output readable
    return Response(body, status=status, headers={"content-type": "application/json"})


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        env = SearchEnv.from_js(self.env)
        url = urlparse(request.url)
        route, _, rest = url.path.lstrip("/").partition("/")
        doc_id = unquote(rest)
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        method = request.method
        try:
            if route == "documents" and not doc_id and method == "POST":
                return await ingest(env, await request.text())
            if route == "search" and method == "GET":
                return await search(env, query)
            if route == "documents" and doc_id and method == "GET":
                return await read(env, doc_id)
            if route == "documents" and doc_id and method == "DELETE":
                return await remove(env, doc_id)
        except InvalidInputError as exc:  # refused by the typed packages before any call
            return json_response({"error": str(exc)}, status=400)
        return json_response({"error": "not found"}, status=404)


def parse_documents(text):
    """``[(id, title, text, tag)]`` from an ingest body, or an error message."""
    try:
        data = json.loads(text)
    except ValueError:
        return "body must be JSON"
    items = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(items, list) or not 1 <= len(items) <= 100:
        return 'body must be {"documents": [...]} with 1..100 documents'
    docs = []
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            return f"document {n} must be an object"
        title, body, tag = item.get("title"), item.get("text"), item.get("tag")
        doc_id = item.get("id") or secrets.token_hex(8)
        if not all(isinstance(v, str) and v.strip() for v in (title, body, doc_id)):
            return f"document {n} needs a non-empty title and text (and id, if given)"
        if tag is not None and not isinstance(tag, str):
            return f"document {n}: tag must be a string"
        docs.append((doc_id, title, body, tag))
    return docs


async def ingest(env, body):
    docs = parse_documents(body)
    if isinstance(docs, str):
        return json_response({"error": docs}, status=400)
    # Title and text together: a query for the title's words finds the document too.
    embedded = await env.AI.embeddings(
        env.EMBEDDING_MODEL, [f"{title}\n{text}" for _, title, text, _ in docs]
    )
    await env.DB.exec(SCHEMA)
    upsert = env.DB.prepare(
        "INSERT INTO documents (id, title, body, tag) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body, "
        "tag = excluded.tag"
    )
    await env.DB.batch([upsert.bind(*doc) for doc in docs])
    vectors = [
        Vector(id=doc_id, values=values, metadata={"tag": tag} if tag else None)
        for (doc_id, _, _, tag), values in zip(docs, embedded.data, strict=True)
    ]
    mutation = await env.VECTORIZE.upsert(vectors)
    return json_response(
        {
            "ids": [doc[0] for doc in docs],
            "dimensions": embedded.shape[1],
            "mutation_id": mutation.mutation_id,
        },
        status=201,
    )


async def search(env, query):
    question = query.get("q", "").strip()
    if not question:
        return json_response({"error": "q is required"}, status=400)
    k = int(query["k"]) if query.get("k", "").isdigit() else 3
    embedded = await env.AI.embeddings(env.EMBEDDING_MODEL, question)
    tag = query.get("tag")
    found = await env.VECTORIZE.query(
        embedded.data[0], top_k=k, filter={"tag": tag} if tag else None
    )
    ids = [match.id for match in found.matches]
    rows = {}
    if ids:
        await env.DB.exec(SCHEMA)
        marks = ", ".join("?" * len(ids))
        select = env.DB.prepare(f"SELECT id, title, body, tag FROM documents WHERE id IN ({marks})")
        rows = {row["id"]: row for row in (await select.bind(*ids).all()).results}
    results = [
        {
            "id": match.id,
            "score": round(match.score, 4),
            "title": rows[match.id]["title"],
            "snippet": rows[match.id]["body"][:SNIPPET],
            "tag": rows[match.id]["tag"],
        }
        for match in found.matches
        if match.id in rows  # a vector whose document was deleted meanwhile is skipped
    ]
    return json_response({"query": question, "results": results})


async def read(env, doc_id):
    await env.DB.exec(SCHEMA)
    row = (
        await env.DB.prepare("SELECT id, title, body, tag FROM documents WHERE id = ?")
        .bind(doc_id)
        .first()
    )
    if row is None:
        return json_response({"error": "no such document"}, status=404)
    return json_response(row)


async def remove(env, doc_id):
    await env.DB.exec(SCHEMA)
    deleted = await env.DB.prepare("DELETE FROM documents WHERE id = ?").bind(doc_id).run()
    await env.VECTORIZE.delete_by_ids([doc_id])
    return json_response({"deleted": doc_id, "found": deleted.meta.changes > 0})
