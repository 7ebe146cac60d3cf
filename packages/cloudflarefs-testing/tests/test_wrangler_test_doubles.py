"""`[ai]` and `[[vectorize]]` of a wrangler config become the harness's labelled TEST DOUBLES.

The index settings come from `[tool.cloudflarefs.vectorize.<index>]` of pyproject.toml, read by
the same reader `cloudflarefs deploy` uses (cloudflarefs.cli.tool_config).
"""

from pathlib import Path
from typing import Any

import pytest

from cloudflarefs.testing import Bindings
from cloudflarefs.testing.bindings import TestDouble
from cloudflarefs.testing.pytest_plugin import WorkerFixture
from cloudflarefs.testing.wrangler import (
    WranglerConfigError,
    describe_test_doubles,
    load_worker_config,
)

SAMPLE = Path(__file__).parents[3] / "docs" / "samples" / "semantic-search"

CONFIG = """\
name = "w"
main = "src/entry.py"

[ai]
binding = "BRAIN"

[[vectorize]]
binding = "INDEX"
index_name = "things"
"""


def project(tmp_path: Path, pyproject: str | None) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "entry.py").write_text("")
    (tmp_path / "wrangler.toml").write_text(CONFIG)
    if pyproject is not None:
        (tmp_path / "pyproject.toml").write_text(pyproject)
    return tmp_path


def test_semantic_search_sample_gets_ai_and_vectorize_doubles() -> None:
    bindings = load_worker_config(SAMPLE).bindings
    assert bindings.test_doubles == {
        "AI": TestDouble("ai"),
        "VECTORIZE": TestDouble("vectorize", "semantic-search", 384, "cosine"),
    }
    notice = describe_test_doubles(bindings)
    assert notice is not None
    assert notice.startswith("test doubles: AI (Workers AI")
    assert "not a real model" in notice
    assert "VECTORIZE (Vectorize index semantic-search: in memory, 384 dimensions, cosine" in notice
    assert "not a real index" in notice


def test_a_preset_gives_the_index_its_dimensions_and_metric(tmp_path: Path) -> None:
    pyproject = '[tool.cloudflarefs.vectorize.things]\npreset = "@cf/baai/bge-base-en-v1.5"\n'
    doubles = load_worker_config(project(tmp_path, pyproject)).bindings.test_doubles
    assert doubles["INDEX"] == TestDouble("vectorize", "things", 768, "cosine")
    assert doubles["BRAIN"] == TestDouble("ai")


def test_an_index_without_settings_is_bound_but_not_created(tmp_path: Path) -> None:
    bindings = load_worker_config(project(tmp_path, None)).bindings
    assert bindings.test_doubles["INDEX"] == TestDouble("vectorize", "things")
    notice = describe_test_doubles(bindings)
    assert notice is not None
    assert "not created: no [tool.cloudflarefs.vectorize.things] in pyproject.toml" in notice


def test_malformed_index_settings_name_the_file_and_field(tmp_path: Path) -> None:
    pyproject = '[tool.cloudflarefs.vectorize.things]\ndimensions = 384\nmetric = "manhattan"\n'
    with pytest.raises(WranglerConfigError) as caught:
        load_worker_config(project(tmp_path, pyproject))
    message = str(caught.value)
    assert "pyproject.toml" in message
    assert "tool.cloudflarefs.vectorize.things.metric" in message


def test_a_service_binding_of_the_same_name_replaces_the_double(tmp_path: Path) -> None:
    bindings = load_worker_config(project(tmp_path, None)).bindings.merge(
        Bindings(services={"BRAIN": "mine", "INDEX": "mine"}, workers={"mine": "export default {}"})
    )
    assert describe_test_doubles(bindings) is None
    assert describe_test_doubles(Bindings()) is None


def test_a_vectorize_double_creates_its_index_and_fresh_storage_resets_it(
    worker: WorkerFixture,
) -> None:
    spec = Bindings(test_doubles={"V": TestDouble("vectorize", "fresh-idx", 3, "euclidean")})

    def info() -> dict[str, Any]:
        found: dict[str, Any] = worker.harness.command("doubles", op="vec_info", name="fresh-idx")
        return found

    worker.configure(spec)
    vectors = [{"id": "a", "values": [1, 0, 0]}]
    worker.harness.command("doubles", op="vec_upsert", name="fresh-idx", vectors=vectors)
    assert (info()["dimensions"], info()["vectorCount"]) == (3, 1)
    worker.harness.configure(spec, fresh=False)  # a reload that keeps storage keeps the vectors
    assert info()["vectorCount"] == 1
    worker.configure(spec)  # fresh storage, as each test gets: an empty index again
    assert (info()["dimensions"], info()["vectorCount"]) == (3, 0)
