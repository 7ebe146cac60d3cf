"""A fresh clone of this repository, for tests that run README commands as a new user would.

``fresh_clone(dest)`` runs ``git clone`` of the repository into ``dest`` and then makes the
clone's files those of the working tree (tracked and untracked-but-not-ignored files copied
over, files deleted in the working tree deleted), so uncommitted edits are tested too, while
nothing ignored (``.venv``, ``node_modules``, caches, ``wheelhouse``) comes along.

``new_user_env(home)`` is the environment of a user whose home directory is ``home``: no
virtual environment active, no cloudflarefs settings, and only the download caches of uv and
npm shared with this machine (they save network time and change nothing a first run does).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from workspace_packages import ROOT

# Settings a new user would not have; the harness and uv must find their own defaults.
_DROPPED = (
    "VIRTUAL_ENV",
    "CONDA_PREFIX",
    "PYTHONPATH",
    "XDG_CACHE_HOME",
    "CLOUDFLAREFS_HARNESS_CACHE",
    "CLOUDFLAREFS_WORKERS_SDK_WHEEL",
    "PYTEST_ADDOPTS",
    "UV_PROJECT_ENVIRONMENT",
)


def _git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


def fresh_clone(dest: Path) -> Path:
    """Clone the repository into ``dest`` with the working tree's current files; return it."""
    subprocess.run(
        ["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(dest)],
        check=True,
        capture_output=True,
    )
    present = [f for f in _git("ls-files", "-co", "--exclude-standard", "-z").split("\0") if f]
    for name in present:
        src = ROOT / name
        if src.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    for name in _git("ls-files", "--deleted", "-z").split("\0"):
        if name:
            (dest / name).unlink(missing_ok=True)
    return dest


def _shared_cache(command: list[str]) -> str | None:
    if shutil.which(command[0]) is None:
        return None
    out = subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()
    return out or None


def new_user_env(home: Path) -> dict[str, str]:
    """The environment of a new user with home ``home`` (created), PATH without any venv."""
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    venv_bins = {str(ROOT / ".venv" / "bin")}
    active = os.environ.get("VIRTUAL_ENV")
    if active:
        venv_bins.add(str(Path(active) / "bin"))
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if p and p not in venv_bins
    )
    uv_cache = os.environ.get("UV_CACHE_DIR") or _shared_cache(["uv", "cache", "dir"])
    npm_cache = _shared_cache(["npm", "config", "get", "cache"])
    env["HOME"] = str(home)
    if uv_cache:
        env["UV_CACHE_DIR"] = uv_cache
    if npm_cache:
        env["npm_config_cache"] = npm_cache
    env["PYTHONUNBUFFERED"] = "1"
    return env
