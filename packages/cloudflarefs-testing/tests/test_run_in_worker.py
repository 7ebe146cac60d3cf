"""run_in_worker: test bodies run inside Pyodide against real Miniflare bindings."""

import sys

import pytest

from cloudflarefs.testing.errors import PyodideError
from cloudflarefs.testing.harness import Harness
from cloudflarefs.testing.pytest_plugin import run_in_worker


@run_in_worker(bindings={"kv": ["KV"]})
async def test_kv_roundtrip_inside_pyodide(env):
    assert sys.platform == "emscripten"
    await env.KV.put("greeting", "hello")
    assert await env.KV.get("greeting") == "hello"


@run_in_worker(bindings={"kv": ["KV"]})
async def test_state_is_fresh_per_test(env):
    from pyodide.ffi import jsnull

    # test_kv_roundtrip_inside_pyodide wrote this key; a fresh namespace must not have it.
    assert await env.KV.get("greeting") is jsnull


@pytest.mark.parametrize("n", [1, 2])
@run_in_worker(bindings={"kv": ["KV"]})
async def test_parametrize_values_reach_pyodide(env, n):
    await env.KV.put("n", str(n * 10))
    assert await env.KV.get("n") == str(n * 10)


@run_in_worker(
    bindings={"vars": {"MODE": "test", "LIMITS": {"max": 3}}, "secrets": {"TOKEN": "s3"}}
)
def test_sync_body_sees_vars_and_secrets(env):
    assert env.MODE == "test"
    assert env.TOKEN == "s3"
    assert env.LIMITS.to_py() == {"max": 3}


def test_pyodide_failure_carries_pyodide_traceback(cloudflarefs_harness: Harness):
    cloudflarefs_harness.configure({"kv": ["KV"]})

    async def body(env):
        value = await env.KV.get("missing")
        assert value == "present", f"got {value}"

    with pytest.raises(PyodideError) as info:
        cloudflarefs_harness.run(body)
    err = info.value
    assert err.type_name == "AssertionError"
    assert "got jsnull" in err.message
    # The traceback names this file and the failing line, as seen from Pyodide.
    assert __file__ in err.traceback
    assert 'assert value == "present"' in err.traceback


def test_run_in_worker_failure_becomes_pytest_failure(pytester: pytest.Pytester):
    pytester.makepyfile(
        """
        from cloudflarefs.testing.pytest_plugin import run_in_worker

        @run_in_worker(bindings={"kv": ["KV"]})
        async def test_fails(env):
            await env.KV.put("k", "v")
            assert await env.KV.get("k") == "other"
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*inside Pyodide*AssertionError*", "*assert await env.KV.get*"])


def test_pyodide_313_line_is_selectable(pytester: pytest.Pytester):
    pytester.makepyfile(
        """
        import sys

        from cloudflarefs.testing.pytest_plugin import run_in_worker

        @run_in_worker(bindings={"kv": ["KV"]})
        async def test_version(env):
            assert sys.version_info[:2] == (3, 13)
            await env.KV.put("k", "v")
            assert await env.KV.get("k") == "v"

        @run_in_worker()
        async def test_pure_core_imports(env):
            import cloudflarefs.core as core
            from cloudflarefs.core import pagination, retry

            assert "httpx" not in sys.modules, "the pure core must not pull httpx into a Worker"
            env_ = core.parse_envelope(core.ApiResponse(200, {}, b'{"success": true, "result": [1]}'))
            assert env_.result == [1]
            assert retry.DEFAULT_RETRY.max_retries >= 0 and pagination.SinglePage().first() == {}
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--cloudflarefs-pyodide=3.13")
    result.assert_outcomes(passed=2)


def test_worker_output_is_attached_and_never_breaks_the_protocol(cloudflarefs_harness: Harness):
    cloudflarefs_harness.configure()

    def noisy():
        for i in range(500):
            print(f"line {i}")  # Pyodide stdout must not be read as a protocol reply
        raise RuntimeError("after printing")

    with pytest.raises(PyodideError) as info:
        cloudflarefs_harness.run(noisy)
    assert "RuntimeError: after printing" in info.value.traceback
    assert "line 499" in info.value.traceback  # the Worker output section


def test_harness_restarts_after_node_dies() -> None:
    harness = Harness()
    harness.start()
    try:
        assert harness._proc is not None
        harness._proc.kill()
        harness._proc.wait()
        assert not harness.running
        harness.configure({"kv": ["KV"]})
        assert harness.running
        assert harness.exec("def main(env):\n    return 'alive'\n") == "alive"
    finally:
        harness.close()


@run_in_worker()
async def test_pure_core_imports_under_pyodide_314(env):
    import sys

    import cloudflarefs.core as core
    from cloudflarefs.core import converter, envelope, pagination, retry

    assert sys.version_info[:2] == (3, 14), sys.version
    assert "httpx" not in sys.modules, "the pure core must not pull httpx into a Worker"
    parsed = envelope.parse_envelope(core.ApiResponse(200, {}, b'{"success": true, "result": 2}'))
    assert parsed.result == 2
    assert converter.parse_datetime("2024-01-01T00:00:00Z").year == 2024
    assert retry.DEFAULT_RETRY.max_retries >= 0
    assert pagination.SinglePage().first() == {}
