"""The deployment hash: equal for equal uploads, different when any module or setting differs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cloudflarefs.cli.bundle import Bundle
from cloudflarefs.workers.management import WorkerModule

names = st.from_regex(r"[a-z]{1,8}(/[a-z]{1,8})?\.py", fullmatch=True)
modules = st.dictionaries(names, st.binary(max_size=64), min_size=1, max_size=5)
metadata = st.dictionaries(
    st.sampled_from(["compatibility_date", "compatibility_flags", "bindings", "main_module"]),
    st.one_of(st.text(max_size=10), st.lists(st.text(max_size=5), max_size=3)),
)


def _bundle(files: dict[str, bytes]) -> Bundle:
    return Bundle(tuple(WorkerModule(n, c) for n, c in files.items()))


@given(modules, metadata)
def test_digest_ignores_module_order(files: dict[str, bytes], meta: dict[str, object]) -> None:
    reordered = dict(reversed(list(files.items())))
    assert _bundle(files).digest(meta) == _bundle(reordered).digest(meta)


@given(modules, metadata, st.data())
def test_digest_changes_with_any_module_or_setting(
    files: dict[str, bytes], meta: dict[str, object], data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(sorted(files)))
    changed = {**files, name: files[name] + b"#"}
    assert _bundle(files).digest(meta) != _bundle(changed).digest(meta)
    assert _bundle(files).digest(meta) != _bundle(files).digest({**meta, "extra": 1})
    # The name/content boundary is length-prefixed: moving a byte between them is a change.
    if len(files) == 1 and files[name]:
        shifted = {name[:-3] + "x.py": files[name]}
        assert _bundle(files).digest(meta) != _bundle(shifted).digest(meta)
