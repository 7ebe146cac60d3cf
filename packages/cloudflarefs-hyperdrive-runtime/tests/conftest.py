"""A throwaway PostgreSQL cluster on 127.0.0.1 for the Hyperdrive tests (one per session).

Authentication (pg_hba.conf, which the fixture writes): user ``app`` uses SCRAM-SHA-256 (the
default of Debian's PostgreSQL for TCP), ``md5user`` uses MD5 and ``plainuser`` cleartext
``password``, so every method the client supports runs against the real server.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import SimpleNamespace

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


_RUNUSER_FALLBACKS = ("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser")


class ClusterError(RuntimeError):
    """The throwaway PostgreSQL cluster could not be set up."""


def find_runuser(path: str | None = None, fallbacks: Sequence[str] = _RUNUSER_FALLBACKS) -> str:
    """The ``runuser`` binary: on ``path`` (default ``$PATH``), else in the sbin directories,
    which a root shell does not always have on its PATH."""
    found = shutil.which("runuser", path=path)
    if found:
        return found
    for candidate in fallbacks:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    raise ClusterError(
        "`runuser` (util-linux) was not found on PATH or in /usr/sbin, /sbin: as root the "
        "Hyperdrive tests need it to run initdb and postgres as the `postgres` user (they refuse "
        "to run as root); install util-linux, or run the tests as a non-root user"
    )


def _run(cmd: list[str], what: str) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        # stderr only: the command line of the role setup holds passwords.
        detail = done.stderr.strip() or done.stdout.strip() or "no output"
        raise ClusterError(f"{what} failed with exit code {done.returncode}: {detail}")


@contextlib.contextmanager
def pg_cluster(bindir: Path, owner: Sequence[str] = ()) -> Iterator[dict[str, object]]:
    """A cluster in a fresh ``cloudflarefs-pg-*`` temp folder, removed on exit whatever happens.

    ``owner`` prefixes every server command (``[runuser, "-u", "postgres", "--"]`` as root).
    """
    # Not tmp_path_factory: its parents are private to root, and postgres runs as `postgres`.
    root = Path(tempfile.mkdtemp(prefix="cloudflarefs-pg-"))
    data, port = root / "data", _free_port()
    ctl = str(bindir / "pg_ctl")
    started = False
    try:
        if owner:
            shutil.chown(root, "postgres")
        passwords = {u: secrets.token_hex(8) for u in ("app", "md5user", "plainuser")}
        pwfile = root / "pw"
        pwfile.write_text(passwords["app"])
        if owner:
            shutil.chown(pwfile, "postgres")
        _run(
            [*owner, str(bindir / "initdb"), "-D", str(data), "-U", "app", f"--pwfile={pwfile}",
             "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C"],
            "initdb",
        )  # fmt: skip
        (data / "pg_hba.conf").write_text(
            "local all all trust\n"
            "host all md5user 127.0.0.1/32 md5\n"
            "host all plainuser 127.0.0.1/32 password\n"
            "host all all 127.0.0.1/32 scram-sha-256\n"
        )
        options = f"-p {port} -c listen_addresses=127.0.0.1 -k {root}"
        started = True  # from here a stop is attempted even if start fails half-way
        _run(
            [*owner, ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"],
            "pg_ctl start",
        )
        setup = (
            f"SET password_encryption = 'md5'; CREATE ROLE md5user LOGIN PASSWORD "
            f"'{passwords['md5user']}'; SET password_encryption = 'scram-sha-256'; "
            f"CREATE ROLE plainuser LOGIN PASSWORD '{passwords['plainuser']}';"
        )
        _run(
            [*owner, str(bindir / "psql"), "-h", str(root), "-p", str(port), "-U", "app",
             "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", setup],
            "creating the test roles",
        )  # fmt: skip
        yield {"port": port, "passwords": passwords}
    finally:
        if started:
            subprocess.run(
                [*owner, ctl, "-D", str(data), "-m", "immediate", "stop"],
                capture_output=True,
                check=False,
            )
        shutil.rmtree(root, ignore_errors=True)


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
    # initdb and postgres refuse to run as root; CI containers run as root.
    failure: ClusterError | None = None
    try:
        owner = [find_runuser(), "-u", "postgres", "--"] if os.geteuid() == 0 else []
        with pg_cluster(bindir, owner) as info:
            yield info
    except ClusterError as exc:
        failure = exc
    if failure is not None:  # outside `except`: a clear message, no chained traceback
        pytest.fail(str(failure))


@pytest.fixture
def cluster_tools() -> SimpleNamespace:
    """The cluster helpers, for the tests of their error and cleanup paths."""
    return SimpleNamespace(
        find_runuser=find_runuser, pg_cluster=pg_cluster, ClusterError=ClusterError
    )


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
