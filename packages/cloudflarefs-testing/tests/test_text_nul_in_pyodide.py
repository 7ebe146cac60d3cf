"""Which text paths keep a NUL character, checked against Miniflare.

Only queue ``text`` bodies are cut at a NUL (so ``Queue.send`` refuses such text, see the
queues-runtime tests); KV values and metadata, R2 objects and D1 TEXT keep it whole.
"""

from cloudflarefs.d1.runtime import D1Database
from cloudflarefs.kv.runtime import KVNamespace
from cloudflarefs.r2.runtime import R2Bucket
from cloudflarefs.testing.pytest_plugin import run_in_worker


@run_in_worker(bindings={"kv": ["KV"], "r2": ["B"], "d1": ["DB"]})
async def test_kv_r2_and_d1_keep_nul_in_text(env):
    text = "before\x00after"
    kv = KVNamespace(env.KV)
    await kv.put("k", text, metadata={"m": text})
    got = await kv.get_with_metadata("k")
    assert (got.value, got.metadata) == (text, {"m": text}), got
    bucket = R2Bucket(env.B)
    await bucket.put("r", text)
    body = await bucket.get("r")
    assert body is not None and await body.text() == text
    db = D1Database(env.DB)
    await db.exec("CREATE TABLE t (v TEXT)")
    await db.prepare("INSERT INTO t VALUES (?)").bind(text).run()
    assert await db.prepare("SELECT v FROM t").first("v") == text
