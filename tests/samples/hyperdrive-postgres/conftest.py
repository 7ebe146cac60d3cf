"""A real PostgreSQL, and PgBouncer in front of it standing in for Hyperdrive's connection pool.

The ``postgres`` cluster fixture is the Hyperdrive runtime package's own (loaded from its
conftest, so both stay one implementation). Miniflare's Hyperdrive binding proxies every
``connect()`` to a new connection on the origin and does not pool; in production Hyperdrive keeps
a pool of origin connections. PgBouncer in transaction mode does the same job, so pointing the
binding at it shows the reuse a deployed Worker gets.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

_HYPERDRIVE_CONFTEST = (
    Path(__file__).resolve().parents[3]
    / "packages"
    / "cloudflarefs-hyperdrive-runtime"
    / "tests"
    / "conftest.py"
)
_spec = importlib.util.spec_from_file_location("_hyperdrive_cluster", _HYPERDRIVE_CONFTEST)
assert _spec is not None and _spec.loader is not None
_cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_cluster)
postgres = _cluster.postgres  # the session's throwaway cluster: {"port", "passwords"}

POOL_SIZE = 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pgbouncer() -> str | None:
    return shutil.which("pgbouncer") or next(
        (p for p in ("/usr/sbin/pgbouncer",) if os.access(p, os.X_OK)), None
    )


@pytest.fixture(scope="session")
def pgbouncer(postgres: dict[str, object]) -> Iterator[str]:
    """Start PgBouncer (transaction pooling, ``POOL_SIZE`` server connections) in front of the
    cluster; yield a connection URL for user ``app`` through it."""
    exe = _pgbouncer()
    if exe is None:
        message = "pgbouncer not found; install Debian's `pgbouncer` package"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    passwords = postgres["passwords"]
    assert isinstance(passwords, dict)
    password = passwords["app"]
    root = Path(tempfile.mkdtemp(prefix="cloudflarefs-pgbouncer-"))
    port = _free_port()
    (root / "users.txt").write_text(f'"app" "{password}"\n')
    (root / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"postgres = host=127.0.0.1 port={postgres['port']} dbname=postgres\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = scram-sha-256\nauth_file = {root / 'users.txt'}\n"
        f"pool_mode = transaction\ndefault_pool_size = {POOL_SIZE}\nmax_client_conn = 100\n"
        f"logfile = {root / 'pgbouncer.log'}\n"
    )
    cmd = [exe, str(root / "pgbouncer.ini")]
    if os.geteuid() == 0:  # pgbouncer refuses to run as root
        for path in (root, *root.iterdir()):
            shutil.chown(path, "postgres")
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                log = root / "pgbouncer.log"
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"pgbouncer did not start: {log.read_text() if log.exists() else ''}"
                    )
                time.sleep(0.1)
        yield f"postgres://app:{password}@127.0.0.1:{port}/postgres"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pool_size() -> int:
    """How many server connections PgBouncer keeps (``default_pool_size``)."""
    return POOL_SIZE


@pytest.fixture
def direct_url(postgres: dict[str, object]) -> str:
    """A connection URL for user ``app`` straight to the cluster (no pool)."""
    passwords = postgres["passwords"]
    assert isinstance(passwords, dict)
    return f"postgres://app:{passwords['app']}@127.0.0.1:{postgres['port']}/postgres"
