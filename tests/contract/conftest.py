"""Contract tests: every management operation, sync and async, against Prism.

Fixtures:
    contract      the session's :class:`ContractEnvironment`; ``contract.client("kv", "sync")``
                  returns the service's public client aimed at its own Prism, recording every
                  exchange. Use it as a (async) context manager.

Hooks: a test fails if any of its requests drew an ``sl-violations`` header; at session end
the operation coverage per service is printed and written to JSON
(``$CLOUDFLAREFS_CONTRACT_COVERAGE_JSON``, default ``build/contract-coverage.json``), and a full
run of this directory fails unless every service with a public client (or a contract module)
exercised all of its spec operations in both flavours.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

CONTRACT_DIR = Path(__file__).resolve().parent
if str(CONTRACT_DIR) not in sys.path:
    sys.path.insert(0, str(CONTRACT_DIR))

from contract_support.coverage import CoverageReport, coverage_report  # noqa: E402
from contract_support.environment import (  # noqa: E402
    ContractEnvironment,
    services_with_public_clients,
)
from contract_support.recording import ContractRecorder  # noqa: E402

from cloudflarefs.testing.errors import NodeNotFoundError  # noqa: E402

_MODULE_SUFFIX = "_contract.py"


class _SessionState:
    """What the hooks need to decide whether coverage is enforceable for this run."""

    def __init__(self) -> None:
        self.recorder = ContractRecorder()
        self.env: ContractEnvironment | None = None
        self.collected_modules: set[str] = set()
        self.partial_reasons: list[str] = []
        self.report: CoverageReport | None = None


_STATE = _SessionState()


def _contract_modules() -> set[str]:
    return {p.name for p in CONTRACT_DIR.glob(f"test_*{_MODULE_SUFFIX}")}


def _in_contract_dir(item: pytest.Item) -> bool:
    return item.path.parent == CONTRACT_DIR


def pytest_deselected(items: list[pytest.Item]) -> None:
    if any(_in_contract_dir(i) for i in items):
        _STATE.partial_reasons.append("some contract tests were deselected")


def pytest_collection_finish(session: pytest.Session) -> None:
    _STATE.collected_modules = {
        i.path.name
        for i in session.items
        if _in_contract_dir(i) and i.path.name.endswith(_MODULE_SUFFIX)
    }


@pytest.fixture(scope="session")
def contract(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ContractEnvironment]:
    """The contract environment: lazy Prism per service, recording clients."""
    try:
        from cloudflarefs.testing.install import find_node

        find_node()
    except NodeNotFoundError as exc:
        if os.environ.get("CI"):  # CI must run the contract, never skip it
            raise
        _STATE.partial_reasons.append("Prism unavailable")
        pytest.skip(f"contract tests need Node.js + npm for Prism: {exc}")
    env = ContractEnvironment(tmp_path_factory.mktemp("prism"), _STATE.recorder)
    _STATE.env = env
    try:
        yield env
    finally:
        env.stop()


_CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if call.when == "call":
        item.stash[_CALL_FAILED] = report.failed or hasattr(report, "wasxfail")
    return report


@pytest.fixture(autouse=True)
def _no_spec_violations(request: pytest.FixtureRequest) -> Iterator[None]:
    # The transports raise on a violation; this catches clients that swallow that exception.
    before = len(_STATE.recorder.violations)
    yield
    new = _STATE.recorder.violations[before:]
    if new and not request.node.stash.get(_CALL_FAILED, False):
        pytest.fail("requests violated the spec:\n" + "\n".join(map(str, new)), pytrace=False)


def _coverage_path(rootdir: Path) -> Path:
    override = os.environ.get("CLOUDFLAREFS_CONTRACT_COVERAGE_JSON")
    return Path(override) if override else rootdir / "build" / "contract-coverage.json"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    env = _STATE.env
    if env is None:
        return  # no contract test ran
    required = services_with_public_clients() | {
        name.removeprefix("test_").removesuffix(_MODULE_SUFFIX) for name in _contract_modules()
    }
    for service in required:
        env.register(service)
    report = coverage_report(_STATE.recorder, required)
    _STATE.report = report
    report.write_json(_coverage_path(session.config.rootpath))
    missing_modules = _contract_modules() - _STATE.collected_modules
    if missing_modules:
        _STATE.partial_reasons.append(f"not collected: {', '.join(sorted(missing_modules))}")
    if not _STATE.partial_reasons and report.incomplete_required and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    report = _STATE.report
    if report is None:
        return
    terminalreporter.section("contract coverage (spec operations exercised)")
    for line in report.lines():
        terminalreporter.write_line(line)
    terminalreporter.write_line(f"written to {_coverage_path(terminalreporter.config.rootpath)}")
    if _STATE.partial_reasons:
        terminalreporter.write_line(
            "coverage not enforced (partial run: " + "; ".join(_STATE.partial_reasons) + ")"
        )
    elif report.incomplete_required:
        names = ", ".join(s.service for s in report.incomplete_required)
        terminalreporter.write_line(f"FAILED: contract coverage below 100% for {names}", red=True)
