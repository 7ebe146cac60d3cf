"""First-use installation of the harness: npm packages, the workers SDK and pure-Python deps.

Everything lands in a per-user cache (``$CLOUDFLAREFS_HARNESS_CACHE``, else
``$XDG_CACHE_HOME/cloudflarefs/harness``, else ``~/.cache/cloudflarefs/harness``), keyed by
content hashes so that a new lockfile or new host package versions get a new directory.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.metadata
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Generator
from pathlib import Path
from typing import Literal

from cloudflarefs.testing.errors import HarnessInstallError, NodeNotFoundError

PyodideLine = Literal["3.14", "3.13"]
"""Which Pyodide to run: 314.0.x (Python 3.14, the default) or 0.28.x (Python 3.13)."""

WORKERS_SDK = "workers-runtime-sdk==1.9.5"
# Pure-Python distributions copied into Pyodide so runtime packages can use them.
PURE_DEPS = ("attrs", "cattrs", "typing_extensions")
MIN_NODE_MAJOR = 20

HARNESS_DIR = Path(__file__).parent / "harness"
_INSTALL_HINT = (
    "The cloudflarefs harness needs Node.js >= 20 with npm on PATH. Install it from "
    "https://nodejs.org/ (or `apt-get install nodejs npm`, `brew install node`, `nvm install 20`), "
    "or point CLOUDFLAREFS_NODE / CLOUDFLAREFS_NPM at the executables."
)


def cache_root() -> Path:
    """The directory holding every harness install."""
    override = os.environ.get("CLOUDFLAREFS_HARNESS_CACHE")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cloudflarefs" / "harness"


def package_dir(line: PyodideLine) -> Path:
    """The package-data directory with ``package.json`` + lockfile for a Pyodide line."""
    return HARNESS_DIR if line == "3.14" else HARNESS_DIR / "py313"


def find_node() -> tuple[str, str]:
    """Return ``(node, npm)`` paths or raise :class:`NodeNotFoundError` with install hints."""
    node = os.environ.get("CLOUDFLAREFS_NODE") or shutil.which("node")
    npm = os.environ.get("CLOUDFLAREFS_NPM") or shutil.which("npm")
    if not node or not npm:
        missing = " and ".join(n for n, p in (("node", node), ("npm", npm)) if not p)
        raise NodeNotFoundError(f"{missing} not found. {_INSTALL_HINT}")
    out = subprocess.run([node, "--version"], capture_output=True, text=True, check=False)
    match = re.match(r"v(\d+)", out.stdout.strip())
    if not match or int(match.group(1)) < MIN_NODE_MAJOR:
        raise NodeNotFoundError(f"node {out.stdout.strip() or '?'} is too old. {_INSTALL_HINT}")
    return node, npm


def progress(message: str) -> None:
    """Report first-use work on stderr, so a long first start is never silent."""
    print(f"[cloudflarefs] {message}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def _step(starting: str, done: str) -> Generator[None]:
    # One line when the work starts and one when it ends: only first-use work is reported.
    progress(f"{starting} ...")
    started = time.perf_counter()
    yield
    progress(f"{done} in {time.perf_counter() - started:.1f} s")


@contextlib.contextmanager
def _locked(path: Path) -> Generator[None]:
    # Parallel pytest workers may install at once; one wins, the rest wait.
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _sync_file(src: Path, dst: Path) -> None:
    if not dst.exists() or dst.read_bytes() != src.read_bytes():
        shutil.copyfile(src, dst)


def ensure_node_modules(line: PyodideLine = "3.14") -> Path:
    """Run ``npm ci`` once per lockfile; return the directory holding ``node_modules``.

    The harness scripts are (re)copied next to ``node_modules`` so Node resolves ``miniflare``
    and ``pyodide`` from there.
    """
    _, npm = find_node()
    src = package_dir(line)
    lock = src / "package-lock.json"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()[:16]
    target = cache_root() / f"node-{digest}"
    marker = target / ".cfh-installed"
    if not marker.exists():
        with _locked(cache_root() / f".node-{digest}.lock"):
            if not marker.exists():
                target.mkdir(parents=True, exist_ok=True)
                for name in ("package.json", "package-lock.json"):
                    shutil.copyfile(src / name, target / name)
                with _step(
                    f"first use: installing the harness' npm packages (npm ci) into {target}",
                    "npm packages installed",
                ):
                    proc = subprocess.run(
                        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                        cwd=target,
                        capture_output=True,
                        text=True,
                        check=False,
                    )
                if proc.returncode != 0:
                    raise HarnessInstallError(
                        f"`npm ci` failed in {target}:\n{proc.stdout}\n{proc.stderr}"
                    )
                marker.write_text(digest)
    for script in HARNESS_DIR.glob("*.mjs"):
        _sync_file(script, target / script.name)
    return target


def ensure_workers_sdk() -> Path:
    """Download and unpack the ``workers-runtime-sdk`` wheel once; return its root.

    ``CLOUDFLAREFS_WORKERS_SDK_WHEEL`` may point at a local wheel (air-gapped machines).
    """
    name = WORKERS_SDK.replace("==", "-")
    target = cache_root() / name
    if (target / "workers" / "__init__.py").exists():
        return target
    with _locked(cache_root() / f".{name}.lock"):
        if (target / "workers" / "__init__.py").exists():
            return target
        wheel = os.environ.get("CLOUDFLAREFS_WORKERS_SDK_WHEEL")
        with tempfile.TemporaryDirectory() as tmp:
            if not wheel:
                with _step(f"first use: downloading {WORKERS_SDK} from PyPI", "downloaded"):
                    wheel = str(_download_wheel(Path(tmp)))
            staging = Path(tmp) / "unpacked"
            with zipfile.ZipFile(wheel) as zf:
                zf.extractall(staging)
            # The .pth patch loader only matters inside workerd; leave it out.
            for pth in staging.glob("*.pth"):
                pth.unlink()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(staging, target)
    return target


def _download_wheel(dest: Path) -> Path:
    args = ["download", "--no-deps", "--only-binary=:all:", "-d", str(dest), WORKERS_SDK]
    candidates: list[list[str]] = []
    if importlib.util.find_spec("pip") is not None:
        candidates.append([sys.executable, "-m", "pip", *args])
    uvx = shutil.which("uvx")
    if uvx:
        candidates.append([uvx, "pip", *args])
    errors: list[str] = []
    for cmd in candidates:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        wheels = list(dest.glob("*.whl"))
        if proc.returncode == 0 and wheels:
            return wheels[0]
        errors.append(f"$ {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    raise HarnessInstallError(
        f"could not download {WORKERS_SDK} (needs pip or uvx and PyPI access); set "
        "CLOUDFLAREFS_WORKERS_SDK_WHEEL to a local wheel instead.\n" + "\n".join(errors)
    )


def stage_pure_deps() -> Path:
    """Copy the host's pure-Python deps (attrs, cattrs, typing_extensions) into the cache."""
    dists = [importlib.metadata.distribution(n) for n in PURE_DEPS]
    key = hashlib.sha256(
        "|".join(f"{d.metadata['Name']}={d.version}" for d in dists).encode()
    ).hexdigest()[:16]
    target = cache_root() / f"pylib-{key}"
    if (target / ".cfh-complete").exists():
        return target
    with _locked(cache_root() / f".pylib-{key}.lock"):
        if (target / ".cfh-complete").exists():
            return target
        target.mkdir(parents=True, exist_ok=True)
        for dist in dists:
            for file in dist.files or ():
                parts = file.parts
                if parts[0] in ("..", "bin") or file.suffix in (".pyc", ".so", ".pyd", ".pth"):
                    continue
                src = Path(str(file.locate()))
                dst = target.joinpath(*parts)
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)
        (target / ".cfh-complete").write_text(key)
    return target


def namespace_portions() -> list[Path]:
    """Every ``cloudflarefs`` directory on the host path (PEP 420 portions of the namespace)."""
    namespace = importlib.import_module("cloudflarefs")
    return sorted({Path(p) for p in namespace.__path__})
