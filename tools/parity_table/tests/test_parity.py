"""The parity tool: matching by (verb, normalized path), exclusions, our side, and the drift check."""

from __future__ import annotations

import textwrap
from pathlib import Path

import cli
import ours
import pytest
import table


def test_the_committed_page_is_what_the_tool_writes() -> None:
    # The drift check: a new or renamed operation anywhere changes the page; regenerate it
    # with `tools/parity write` (the official side comes from the committed official-sdk.json).
    page, problems = cli.build_page()
    assert problems == []
    assert cli.DOC.read_text(encoding="utf-8") == page, "stale: run tools/parity write"


def test_check_fails_on_a_stale_page_and_passes_on_a_fresh_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    page, _ = cli.build_page()
    doc = tmp_path / "parity.md"
    monkeypatch.setattr(cli, "DOC", doc)
    monkeypatch.setattr(cli, "ROOT", tmp_path)
    doc.write_text(page.replace("`client.workflows.instances.pause`", "`client.gone`"))
    assert cli.main(["check"]) == 1
    assert "is stale: run tools/parity write" in capsys.readouterr().err
    assert cli.main(["write"]) == 0
    assert cli.main(["check"]) == 0


def test_paths_match_whatever_their_parameters_are_called() -> None:
    assert table.normalize("/accounts/{account_id}/r2/buckets/{bucket_name}/cors/") == (
        "/accounts/{}/r2/buckets/{}/cors"
    )
    official = {
        "r2": [
            {
                "method": "r2.buckets.cors.get",
                "verb": "GET",
                "path": "/a/{account_id}/b/{bucket_name}",
            },
            {
                "method": "r2.buckets.cors.delete",
                "verb": "DELETE",
                "path": "/a/{account_id}/b/{name}",
            },
            {"method": "r2.buckets.lock.get", "verb": "GET", "path": "/a/{account_id}/lock"},
        ]
    }
    mine = {("GET", "/a/{account_id}/b/{name}"): ["client.r2.buckets.get_cors"]}
    excluded = table.Exclusions({"r2.buckets.lock.get": "not offered by the API for tokens"}, {})
    rows, problems = table.match(official, mine, excluded)
    assert problems == []
    assert [(r.method, r.status, r.ours) for r in rows] == [
        ("r2.buckets.cors.get", "ours", ("client.r2.buckets.get_cors",)),
        ("r2.buckets.cors.delete", "missing", ()),  # the verb differs: no match by name
        ("r2.buckets.lock.get", "excluded", ()),
    ]
    page = table.render("cloudflare 5.9.0", rows, [], [])
    assert "| r2 | 3 | 1 | 1 | 1 |" in page
    assert "official only: not offered by the API for tokens" in page
    assert "**official only** (not yet)" in page


def test_stale_and_unknown_exclusions_are_problems() -> None:
    official = {"kv": [{"method": "kv.a.get", "verb": "GET", "path": "/x"}]}
    excluded = table.Exclusions({"kv.a.get": "r", "kv.nope": "r"}, {})
    _, problems = table.match(official, {("GET", "/x"): ["client.kv.a.get"]}, excluded)
    assert problems == [
        "exclusion kv.a.get: now answered by client.kv.a.get; delete it",
        "exclusion kv.nope: the official SDK has no such method",
    ]


def test_an_exclusion_without_a_reason_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "exclusions.toml"
    data.write_text('[[exclusion]]\nmethod = "kv.a.get"\nreason = " "\n')
    with pytest.raises(ValueError, match="needs a reason"):
        table.Exclusions.load(data)


def test_builders_are_read_from_operations_py(tmp_path: Path) -> None:
    source = tmp_path / "operations.py"
    source.write_text(
        textwrap.dedent(
            """
            def build_things_get(*, account_id, thing_id):
                return ApiRequest(
                    method="GET",
                    path=build_path("/accounts/{account_id}/things/{thing_id}", account_id=account_id),
                )

            def build_things_purge(*, account_id):
                return ApiRequest(method="POST", path="/accounts/{account_id}/things/purge")

            def parse_things_get(response):
                return response
            """
        )
    )
    found = ours.builders_of(source, "svc")
    assert found == {
        "things_get": ours.Operation(
            "svc", "things_get", "GET", "/accounts/{account_id}/things/{thing_id}"
        ),
        "things_purge": ours.Operation(
            "svc", "things_purge", "POST", "/accounts/{account_id}/things/purge"
        ),
    }


class _Generated:
    def _list(self) -> object:
        return operations.build_things_list()  # type: ignore[name-defined]  # noqa: F821

    def get(self) -> object:
        return operations.build_things_get()  # type: ignore[name-defined]  # noqa: F821


class _HandWritten(_Generated):
    def list(self) -> object:
        return self._list()

    def get(self) -> object:
        return super().get()

    def helper(self) -> object:
        return run_chunked(operations.build_things_bulk, self)  # type: ignore[name-defined]  # noqa: F821


def test_public_methods_reach_builders_through_self_super_and_references() -> None:
    assert ours._reached(_HandWritten, "list", set()) == {"things_list"}
    assert ours._reached(_HandWritten, "get", set()) == {"things_get"}
    assert ours._reached(_HandWritten, "helper", set()) == {"things_bulk"}


def test_our_side_covers_the_new_services_sync_paths() -> None:
    index, _ = ours.collect(cli.ROOT)
    status = (
        "PATCH",
        "/accounts/{account_id}/workflows/{workflow_name}/instances/{instance_id}/status",
    )
    assert sorted(index[status]) == [
        "client.workflows.instances.pause",
        "client.workflows.instances.restart",
        "client.workflows.instances.resume",
        "client.workflows.instances.terminate",
    ]
    create = ("POST", "/accounts/{account_id}/secrets_store/stores/{store_id}/secrets")
    assert sorted(index[create]) == [
        "client.secrets_store.secrets.create",
        "client.secrets_store.secrets.create_many",
    ]
