"""A throwaway PostgreSQL cluster on 127.0.0.1 for the Hyperdrive tests (one per session).

Authentication (pg_hba.conf, which the fixture writes): user ``app`` uses SCRAM-SHA-256 (the
default of Debian's PostgreSQL for TCP), ``md5user`` uses MD5 and ``plainuser`` cleartext
``password``, so every method the client supports runs against the real server.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_NEEDED = ("initdb", "pg_ctl", "psql")


def _bindir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if all(os.access(Path(candidate, b), os.X_OK) for b in _NEEDED):
            return Path(candidate)
    found = [shutil.which(b) for b in _NEEDED]
    if all(found):
        return Path(str(found[0])).parent
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root; CI containers run as root.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@pytest.fixture(scope="session")
def postgres() -> Iterator[dict[str, object]]:
    """Start the cluster; yield ``{"port", "passwords": {user: password}}``; stop it."""
    bindir = _bindir()
    if bindir is None:
        message = (
            "PostgreSQL binaries (initdb, pg_ctl, psql) not found in /usr/lib/postgresql/*/bin or "
            "on PATH; install Debian's `postgresql` package (apt-get install -y postgresql)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # Not tmp_path_factory: its parents are private to root, and postgres runs as `postgres`.
    root = Path(tempfile.mkdtemp(prefix="cloudflarefs-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    passwords = {u: secrets.token_hex(8) for u in ("app", "md5user", "plainuser")}
    pwfile = root / "pw"
    pwfile.write_text(passwords["app"])
    if os.geteuid() == 0:
        shutil.chown(pwfile, "postgres")
    data, port = root / "data", _free_port()
    run = {"check": True, "capture_output": True}
    subprocess.run(
        _as_owner([str(bindir / "initdb"), "-D", str(data), "-U", "app", f"--pwfile={pwfile}",
                   "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C"]),
        **run,
    )  # fmt: skip
    (data / "pg_hba.conf").write_text(
        "local all all trust\n"
        "host all md5user 127.0.0.1/32 md5\n"
        "host all plainuser 127.0.0.1/32 password\n"
        "host all all 127.0.0.1/32 scram-sha-256\n"
    )
    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {root}"
    ctl = str(bindir / "pg_ctl")
    subprocess.run(
        _as_owner([ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"]),
        **run,
    )
    try:
        setup = (
            f"SET password_encryption = 'md5'; CREATE ROLE md5user LOGIN PASSWORD "
            f"'{passwords['md5user']}'; SET password_encryption = 'scram-sha-256'; "
            f"CREATE ROLE plainuser LOGIN PASSWORD '{passwords['plainuser']}';"
        )
        subprocess.run(
            _as_owner([str(bindir / "psql"), "-h", str(root), "-p", str(port), "-U", "app",
                       "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", setup]),
            **run,
        )  # fmt: skip
        yield {"port": port, "passwords": passwords}
    finally:
        subprocess.run(_as_owner([ctl, "-D", str(data), "-m", "immediate", "stop"]), check=False)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def hyperdrive_bindings(postgres: dict[str, object]) -> dict[str, object]:
    """Harness bindings: ``HD`` (app, SCRAM), ``HD_MD5``, ``HD_PLAIN`` and ``HD_BAD`` (wrong
    password), all pointing at the session cluster."""
    port, pw = postgres["port"], postgres["passwords"]
    assert isinstance(pw, dict)
    url = "postgres://{}:{}@127.0.0.1:{}/postgres".format
    return {
        "hyperdrive": {
            "HD": url("app", pw["app"], port),
            "HD_MD5": url("md5user", pw["md5user"], port),
            "HD_PLAIN": url("plainuser", pw["plainuser"], port),
            "HD_BAD": url("app", "not-the-password", port),
        }
    }
