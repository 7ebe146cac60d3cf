"""Host-side tests: wrangler config parsing, JSONC, binding specs, install helpers."""

import json
from pathlib import Path

import pytest

from cloudflarefs.testing import install
from cloudflarefs.testing.bindings import Bindings, QueueConsumer, as_bindings
from cloudflarefs.testing.errors import NodeNotFoundError
from cloudflarefs.testing.source import function_source, module_imports
from cloudflarefs.testing.wrangler import (
    WranglerConfigError,
    load_worker_config,
    strip_jsonc,
)


def test_strip_jsonc_keeps_strings_and_drops_comments_and_trailing_commas() -> None:
    text = """{
      // comment
      "url": "http://x//not-a-comment", /* block
      comment */ "list": [1, 2,],
      "s": "quote \\" // still string",
    }"""
    assert json.loads(strip_jsonc(text)) == {
        "url": "http://x//not-a-comment",
        "list": [1, 2],
        "s": 'quote " // still string',
    }


def test_unterminated_block_comment_is_an_error() -> None:
    with pytest.raises(WranglerConfigError):
        strip_jsonc('{"a": 1 /* oops')


def test_wrangler_jsonc_to_bindings(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "worker.py").write_text("")
    (tmp_path / ".dev.vars").write_text('# local secrets\nAPI_KEY="abc"\n')
    (tmp_path / "wrangler.jsonc").write_text(
        """{
        "name": "svc", "main": "src/worker.py", // the Python entry
        "compatibility_date": "2025-09-01",
        "compatibility_flags": ["python_workers", "nodejs_compat"],
        "kv_namespaces": [{"binding": "KV", "id": "x"}],
        "r2_buckets": [{"binding": "B", "bucket_name": "b"}],
        "d1_databases": [{"binding": "DB", "database_id": "d"}],
        "queues": {"producers": [{"binding": "Q", "queue": "jobs"}],
                   "consumers": [{"queue": "jobs", "max_retries": 2}]},
        "vars": {"MODE": "dev"},
        "ratelimits": [{"name": "RL", "namespace_id": "1", "simple": {"limit": 5, "period": 10}}],
        "version_metadata": {"binding": "VER"},
        "hyperdrive": [{"binding": "HD", "id": "h", "localConnectionString": "postgres://u:p@127.0.0.1/db"}],
        "triggers": {"crons": ["0 * * * *"]},
      }"""
    )
    cfg = load_worker_config(tmp_path)
    assert (cfg.name, cfg.module, cfg.root) == ("svc", "worker", tmp_path / "src")
    assert cfg.crons == ("0 * * * *",)
    b = cfg.bindings
    assert (b.kv, b.r2, b.d1) == (("KV",), ("B",), ("DB",))
    assert b.queue_producers == {"Q": "jobs"}
    assert b.queue_consumers == {"jobs": QueueConsumer(max_retries=2)}
    assert b.vars == {"MODE": "dev"}
    assert b.secrets == {"API_KEY": "abc"}
    assert b.rate_limits["RL"].limit == 5
    assert b.version_metadata == "VER"
    assert b.hyperdrive == {"HD": "postgres://u:p@127.0.0.1/db"}
    # python_workers is a workerd flag for real Python modules; the harness' shim is JS.
    assert b.compatibility_flags == ("nodejs_compat",)
    assert b.compatibility_date == "2025-09-01"


def test_sample_wrangler_toml_loads() -> None:
    sample = Path(__file__).parents[3] / "docs" / "samples" / "kv-d1-worker"
    cfg = load_worker_config(sample / "wrangler.toml")
    assert cfg.module == "entry"
    assert (cfg.bindings.kv, cfg.bindings.d1) == (("COUNTS",), ("DB",))


def test_hyperdrive_url_from_the_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "w.py").write_text("")
    (tmp_path / "wrangler.toml").write_text(
        'main = "w.py"\n'
        '[[hyperdrive]]\nbinding = "HD"\nid = "x"\n'
        'localConnectionString = "postgres://u:p@127.0.0.1:5432/db"\n'
        '[[hyperdrive]]\nbinding = "OTHER"\nid = "y"\n'
    )
    monkeypatch.delenv("CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HD", raising=False)
    monkeypatch.delenv("CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_OTHER", raising=False)
    assert load_worker_config(tmp_path).bindings.hyperdrive == {
        "HD": "postgres://u:p@127.0.0.1:5432/db"
    }
    monkeypatch.setenv(
        "CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HD", "postgres://a:b@127.0.0.1:6000/e"
    )
    monkeypatch.setenv(
        "CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_OTHER", "postgres://c:d@127.0.0.1:7/f"
    )
    assert load_worker_config(tmp_path).bindings.hyperdrive == {
        "HD": "postgres://a:b@127.0.0.1:6000/e",
        "OTHER": "postgres://c:d@127.0.0.1:7/f",
    }


def test_config_errors(tmp_path: Path) -> None:
    with pytest.raises(WranglerConfigError, match="no wrangler"):
        load_worker_config(tmp_path)
    (tmp_path / "wrangler.toml").write_text('main = "index.js"\n')
    with pytest.raises(WranglerConfigError, match=r"\.py"):
        load_worker_config(tmp_path)
    (tmp_path / "wrangler.toml").write_text(
        'main = "e.py"\n[[durable_objects.bindings]]\nname = "D"\nclass_name = "C"\n'
    )
    with pytest.raises(WranglerConfigError, match="durable_object_script"):
        load_worker_config(tmp_path)
    cfg = load_worker_config(tmp_path, durable_object_script="export class C {}")
    assert cfg.bindings.durable_objects["D"].class_name == "C"


def test_bindings_from_mapping_and_merge() -> None:
    base = as_bindings({"kv": ["A"], "vars": {"X": 1}})
    merged = base.merge(Bindings(kv=["B"], vars={"Y": 2}, compatibility_date="2026-01-01"))
    assert merged.kv == ("A", "B")
    assert merged.vars == {"X": 1, "Y": 2}
    assert merged.compatibility_date == "2026-01-01"
    assert base.merge(Bindings()).compatibility_date == base.compatibility_date
    assert as_bindings(None) == Bindings()
    assert Bindings(kv=["K"]).to_json()["kv"] == ["K"]


def test_missing_node_names_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("CLOUDFLAREFS_NODE", raising=False)
    monkeypatch.delenv("CLOUDFLAREFS_NPM", raising=False)
    with pytest.raises(NodeNotFoundError, match=r"node and npm not found.*nodejs\.org"):
        install.find_node()


def test_cache_root_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLOUDFLAREFS_HARNESS_CACHE", str(tmp_path / "c"))
    assert install.cache_root() == tmp_path / "c"
    monkeypatch.delenv("CLOUDFLAREFS_HARNESS_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert install.cache_root() == tmp_path / "x" / "cloudflarefs" / "harness"


def test_lockfiles_pin_the_runtime() -> None:
    main = json.loads((install.package_dir("3.14") / "package-lock.json").read_text())
    py313 = json.loads((install.package_dir("3.13") / "package-lock.json").read_text())
    assert main["packages"]["node_modules/pyodide"]["version"].startswith("314.0.")
    assert py313["packages"]["node_modules/pyodide"]["version"].startswith("0.28.")
    for lock in (main, py313):
        assert lock["packages"]["node_modules/miniflare"]["version"].startswith("4.")


def _decorated_example(env, n):  # pragma: no cover - only its source is inspected
    return n


def test_function_source_strips_decorators_and_keeps_line_numbers() -> None:
    fs = function_source(test_bindings_from_mapping_and_merge)
    assert fs.source.startswith("def test_bindings_from_mapping_and_merge")
    lines = Path(__file__).read_text().splitlines()
    assert lines[fs.lineno - 1].startswith("def test_bindings_from_mapping_and_merge")
    assert any(i.source == "import pytest" for i in fs.imports)
    assert (
        module_imports("from __future__ import annotations\nimport os\n")[0].source == "import os"
    )


def test_analytics_engine_datasets_are_read_from_the_config(tmp_path: Path) -> None:
    from cloudflarefs.testing.wrangler import load_worker_config

    (tmp_path / "entry.py").write_text("")
    (tmp_path / "wrangler.toml").write_text(
        'name = "w"\nmain = "entry.py"\n'
        '[[analytics_engine_datasets]]\nbinding = "AE"\ndataset = "beacons"\n'
        '[[analytics_engine_datasets]]\nbinding = "PLAIN"\n'
    )
    bindings = load_worker_config(tmp_path).bindings
    assert bindings.analytics_engine_datasets == {"AE": "beacons", "PLAIN": "PLAIN"}
    assert bindings.to_json()["analytics_engine_datasets"] == {"AE": "beacons", "PLAIN": "PLAIN"}
