"""Durable Object bindings and migrations: bad input refused before any request, and which
migrations an upload carries (wrangler's rule)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudflarefs.cli.account import Account
from cloudflarefs.cli.deploy import plan_deploy
from cloudflarefs.cli.durable_objects import Migration, migrations_to_upload
from cloudflarefs.cli.errors import ConfigError
from cloudflarefs.cli.project import load_project

HEAD = """name = "rooms"
main = "src/entry.py"
compatibility_date = "2025-06-01"
"""
ENTRY = "from room import Room\n\nclass Lobby:\n    pass\n"
BOUND = '[[durable_objects.bindings]]\nname = "ROOMS"\nclass_name = "Room"\n'
MADE = '[[migrations]]\ntag = "v1"\nnew_sqlite_classes = ["Room"]\n'


def _no_requests(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"a request was made: {request.method} {request.url}")


def _project(tmp_path: Path, config: str, entry: str = ENTRY) -> Path:
    (tmp_path / "wrangler.toml").write_text(HEAD + config)
    (tmp_path / "src").mkdir(exist_ok=True)
    (tmp_path / "src" / "entry.py").write_text(entry)
    (tmp_path / "src" / "room.py").write_text("class Room:\n    pass\n")
    return tmp_path


def _refused(path: Path) -> ConfigError:
    with (
        Account(
            api_token="t", account_id="a" * 32, transport=httpx.MockTransport(_no_requests)
        ) as account,
        pytest.raises(ConfigError) as info,
    ):
        plan_deploy(str(path), account)
    assert info.value.file.name == "wrangler.toml"
    return info.value


@pytest.mark.parametrize(
    ("config", "field", "problem"),
    [
        (
            '[[durable_objects.bindings]]\nname = "ROOMS"\n' + MADE,
            "durable_objects.bindings[0].class_name",
            "is required",
        ),
        (
            '[[durable_objects.bindings]]\nclass_name = "Room"\n' + MADE,
            "durable_objects.bindings[0].name",
            "is required",
        ),
        (
            '[[durable_objects.bindings]]\nname = "ROOMS"\nclass_name = "my-room"\n' + MADE,
            "durable_objects.bindings[0].class_name",
            "not a valid name",
        ),
        ("durable_objects = 3\n", "durable_objects", "must be a table"),
        (BOUND, "durable_objects.bindings[0].class_name", "never created by a migration"),
        (
            BOUND + MADE + '[[migrations]]\ntag = "v1"\nnew_sqlite_classes = ["Lobby"]\n',
            "migrations[1].tag",
            "'v1' is also the tag of migrations[0]",
        ),
        (
            BOUND + '[[migrations]]\nnew_sqlite_classes = ["Room"]\n',
            "migrations[0].tag",
            "required",
        ),
        (
            BOUND + '[[migrations]]\ntag = "v1"\nnew_sqlite_class = ["Room"]\n',
            "migrations[0].new_sqlite_class",
            "is not a migration field",
        ),
        (
            BOUND + '[[migrations]]\ntag = "v1"\nnew_sqlite_classes = "Room"\n',
            "migrations[0].new_sqlite_classes",
            "array of class names",
        ),
        (
            BOUND + MADE + '[[migrations]]\ntag = "v2"\nnew_classes = ["Room"]\n',
            "migrations[1].new_classes",
            "already exists (migrations[0].new_sqlite_classes)",
        ),
        (
            BOUND + MADE + '[[migrations]]\ntag = "v2"\ndeleted_classes = ["Hall"]\n',
            "migrations[1].deleted_classes",
            "'Hall' is not created by an earlier migration",
        ),
        (
            BOUND + MADE + '[[migrations]]\ntag = "v2"\nrenamed_classes = [{ from = "Room" }]\n',
            "migrations[1].renamed_classes[0]",
            "needs from, to",
        ),
        (
            BOUND + MADE + '[[migrations]]\ntag = "v2"\ndeleted_classes = ["Room"]\n',
            "durable_objects.bindings[0].class_name",
            "never created by a migration",
        ),
        (
            '[[durable_objects.bindings]]\nname = "ROOMS"\nclass_name = "Hall"\n'
            '[[migrations]]\ntag = "v1"\nnew_sqlite_classes = ["Hall"]\n',
            "durable_objects.bindings[0].class_name",
            "'Hall' is not defined or imported at the top level of the entry module src/entry.py",
        ),
        (
            BOUND + MADE + '[[migrations]]\ntag = "v2"\nnew_classes = ["Hall"]\n',
            "migrations[1].new_classes",
            "'Hall' is not defined or imported",
        ),
        (
            BOUND + '[[kv_namespaces]]\nbinding = "ROOMS"\n' + MADE,
            "durable_objects.bindings[0]",
            "binding name 'ROOMS' is also used by kv_namespaces[0]",
        ),
    ],
)
def test_bad_durable_objects_are_refused_before_any_request(
    tmp_path: Path, config: str, field: str, problem: str
) -> None:
    error = _refused(_project(tmp_path, config))
    assert error.field == field
    assert problem in error.problem


def test_good_durable_objects_are_bindings_and_migrations(tmp_path: Path) -> None:
    config = (
        BOUND
        + MADE
        + '[[migrations]]\ntag = "v2"\nrenamed_classes = [{ from = "Room", to = "Lobby" }]\n'
        + '[[migrations]]\ntag = "v3"\nnew_classes = ["Room"]\n'
        + '[[durable_objects.bindings]]\nname = "OTHER"\nclass_name = "Far"\nscript_name = "w2"\n'
    )
    project = load_project(_project(tmp_path, config))
    dos = [(b.binding, b.target, b.extra) for b in project.bindings if b.kind == "durable_object"]
    assert dos == [
        ("ROOMS", "Room", {"script_name": None}),
        ("OTHER", "Far", {"script_name": "w2"}),
    ]
    assert [m.tag for m in project.migrations] == ["v1", "v2", "v3"]
    assert project.migrations[1].step() == {"renamed_classes": [{"from": "Room", "to": "Lobby"}]}


def test_a_star_import_leaves_the_export_check_to_the_runtime(tmp_path: Path) -> None:
    config = BOUND + MADE
    project = load_project(_project(tmp_path, config, entry="from rooms_pkg import *\n"))
    assert [m.tag for m in project.migrations] == ["v1"]


def _migrations(tags: list[str]) -> list[Migration]:
    return [Migration(tag=t, new_sqlite_classes=(f"C{i}",)) for i, t in enumerate(tags)]


def test_migrations_to_upload_follows_the_deployed_tag() -> None:
    ms = _migrations(["v1", "v2", "v3"])
    assert migrations_to_upload([], None) == (None, None)
    assert migrations_to_upload(ms, "v3") == (None, None)
    first, _ = migrations_to_upload(ms, None)
    assert first == {"new_tag": "v3", "steps": [m.step() for m in ms]}
    later, _ = migrations_to_upload(ms, "v1")
    assert later == {"old_tag": "v1", "new_tag": "v3", "steps": [m.step() for m in ms[1:]]}
    unknown, note = migrations_to_upload(ms, "v0")
    assert unknown is not None and unknown["old_tag"] == "v0" and len(unknown["steps"]) == 3
    assert note is not None and "'v0'" in note


@given(
    tags=st.lists(st.text(min_size=1, max_size=5), min_size=1, max_size=8, unique=True),
    data=st.data(),
)
def test_migrations_after_the_deployed_tag_are_sent_once(
    tags: list[str], data: st.DataObject
) -> None:
    ms = _migrations(tags)
    deployed = data.draw(st.sampled_from(tags))
    sent, note = migrations_to_upload(ms, deployed)
    assert note is None
    after = tags[tags.index(deployed) + 1 :]
    if not after:
        assert sent is None  # a redeploy at the last tag sends nothing
    else:
        assert sent is not None
        assert sent["old_tag"] == deployed and sent["new_tag"] == tags[-1]
        assert sent["steps"] == [m.step() for m in ms if m.tag in after]
