"""The README's "Install from a checkout" blocks work verbatim, with pip and with uv.

In a fresh clone (``tools/ci/fresh_clone.py``), the ``install:pip`` block builds the wheelhouse
with ``tools/wheelhouse`` and installs ``cloudflarefs-kv-management`` and ``cloudflarefs[kv]``
into a new venv with pip; then the ``install:uv`` block installs the same into a new venv with
uv. The only substitution is the venv locations, moved into pytest's tmp dir. Each environment
must then import the packages, resolved from inside itself.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "ci"))

from fresh_clone import fresh_clone, new_user_env  # noqa: E402  (tools/ci is not a package)
from readme_blocks import marked_blocks  # noqa: E402

README = (ROOT / "README.md").read_text()
PIP_VENV = "/tmp/cloudflarefs-env"
UV_VENV = "/tmp/cloudflarefs-uv-env"
CHECK = (
    "import cloudflarefs.kv.management, cloudflarefs.kv.runtime, cloudflarefs.core.http\n"
    "import importlib.metadata as m\n"
    "print(m.distribution('cloudflarefs-kv-management').locate_file(''))\n"
)


def run(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


def test_install_blocks_verbatim_with_pip_and_uv(tmp_path: Path) -> None:
    (pip_block,) = marked_blocks(README, "install:pip")
    (uv_block,) = marked_blocks(README, "install:uv")
    assert pip_block.splitlines()[0] == "tools/wheelhouse"
    assert PIP_VENV in pip_block and UV_VENV in uv_block
    clone = fresh_clone(tmp_path / "cloudflarefs")
    env = new_user_env(tmp_path / "home")

    pip_venv = tmp_path / "pip-env"
    built = run(pip_block.replace(PIP_VENV, str(pip_venv)), clone, env)
    assert built.returncode == 0, built.stdout + built.stderr
    wheels = sorted(p.name for p in (clone / "wheelhouse").glob("*.whl"))
    packages = sorted((clone / "packages").glob("*/pyproject.toml"))
    assert len(wheels) == len(packages), wheels

    uv_venv = tmp_path / "uv-env"
    installed = run(uv_block.replace(UV_VENV, str(uv_venv)), clone, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    for venv in (pip_venv, uv_venv):
        checked = subprocess.run(
            [venv / "bin" / "python", "-c", CHECK],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
            env=env,
        )
        assert checked.returncode == 0, checked.stderr
        assert checked.stdout.startswith(str(venv)), checked.stdout
