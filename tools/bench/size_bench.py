"""Install size per service: what ``pip install cloudflarefs-<svc>-management`` costs.

    uv run python tools/bench/size_bench.py                 # build wheels now, print the table
    uv run python tools/bench/size_bench.py --markdown docs/benchmarks/sizes.md

For each management distribution: its wheel's bytes, the bytes it installs (its own files,
unzipped), and the number of modules. The shared part every management package pulls in
(cloudflarefs-core with its ``http`` extra: httpx, attrs, cattrs and their dependencies) is
measured once, in a fresh venv, so a service's install is ``shared + own``. The official SDK is
one distribution for every service; its installed size with dependencies is measured the same
way (``--skip-official`` leaves it out). Import time: median CPU time of
``import cloudflarefs.<svc>.management`` in fresh interpreters of a byte-compiled venv holding
every management wheel.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXCLUDED_TOP = ("pip", "setuptools", "_distutils_hack", "distutils-precedence.pth")


def management_dists() -> list[str]:
    """Every ``cloudflarefs-*-management`` distribution of the workspace, sorted."""
    return sorted(p.name for p in (ROOT / "packages").glob("cloudflarefs-*-management"))


def build_wheels(dists: list[str], out: Path) -> dict[str, Path]:
    """Build one wheel per distribution (plus core) into ``out``."""
    for dist in [*dists, "cloudflarefs-core"]:
        subprocess.run(
            ["uv", "build", "--wheel", "--package", dist, "-o", str(out), "-q"],
            cwd=ROOT,
            check=True,
        )
    wheels: dict[str, Path] = {}
    for wheel in out.glob("*.whl"):
        name = wheel.name.split("-")[0].replace("_", "-")
        wheels[name] = wheel
    return wheels


def wheel_figures(wheel: Path) -> tuple[int, int, int]:
    """(wheel bytes, unzipped bytes of the package's files, number of .py modules)."""
    with zipfile.ZipFile(wheel) as zf:
        files = [i for i in zf.infolist() if ".dist-info/" not in i.filename]
        return (
            wheel.stat().st_size,
            sum(i.file_size for i in files),
            sum(1 for i in files if i.filename.endswith(".py")),
        )


def site_packages_bytes(requirements: list[str]) -> int:
    """Apparent bytes of a fresh venv's site-packages after installing ``requirements``."""
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run(["uv", "venv", "-q", str(venv)], check=True)
        python = venv / "bin" / "python"
        subprocess.run(
            ["uv", "pip", "install", "-q", "--python", str(python), "--no-compile", *requirements],
            check=True,
        )
        site = next((venv / "lib").glob("python*/site-packages"))
        total = 0
        for path in site.rglob("*"):
            rel = path.relative_to(site)
            if rel.parts[0].startswith(EXCLUDED_TOP) or "__pycache__" in rel.parts:
                continue
            if path.is_file():
                total += path.stat().st_size
        return total


def import_ms(python: Path, dist: str, runs: int) -> float:
    """Median CPU ms of importing the distribution's package in a fresh interpreter ``python``."""
    svc = dist.removeprefix("cloudflarefs-").removesuffix("-management").replace("-", "_")
    code = (
        "import time; t = time.process_time(); "
        f"import cloudflarefs.{svc}.management; "
        "print((time.process_time() - t) * 1000)"
    )
    samples = sorted(
        float(
            subprocess.run(
                [str(python), "-c", code], check=True, capture_output=True, text=True
            ).stdout
        )
        for _ in range(runs)
    )
    return samples[len(samples) // 2]


def wheels_venv(tmp: Path, wheels: list[Path], core: Path) -> Path:
    """A byte-compiled venv with every management wheel installed from ``wheels``: its python."""
    venv = tmp / "all-venv"
    subprocess.run(["uv", "venv", "-q", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            "uv",
            "pip",
            "install",
            "-q",
            "--python",
            str(python),
            "--compile-bytecode",
            f"{core}[http]",
            *map(str, wheels),
        ],
        check=True,
    )
    return python


def mb(n: int) -> str:
    return f"{n / 1_000_000:.2f}"


def kb(n: int) -> str:
    return f"{n / 1000:,.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-official", action="store_true")
    parser.add_argument("--markdown", type=Path, help="write the table to this file")
    parser.add_argument("--import-runs", type=int, default=9, help="fresh imports per package")
    args = parser.parse_args(argv)
    dists = management_dists()
    with tempfile.TemporaryDirectory() as tmp:
        wheels = build_wheels(dists, Path(tmp))
        core_wheel = wheels["cloudflarefs-core"]
        shared = site_packages_bytes([f"{core_wheel}[http]"])
        official = None if args.skip_official else site_packages_bytes(["cloudflare==5.9.0"])
        python = wheels_venv(Path(tmp), [wheels[d] for d in dists], core_wheel)
        rows = []
        for dist in dists:
            size, unzipped, modules = wheel_figures(wheels[dist])
            ms = import_ms(python, dist, args.import_runs)
            rows.append((dist, size, unzipped, modules, shared + unzipped, ms))
    lines = [
        "| distribution | wheel (kB) | own files installed (kB) | modules | with core + dependencies (MB) | import, CPU ms (median) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for dist, size, unzipped, modules, total, ms in rows:
        lines.append(
            f"| `{dist}` | {kb(size)} | {kb(unzipped)} | {modules} | {mb(total)} | {ms:.1f} |"
        )
    lines.append(f"| shared: `cloudflarefs-core[http]` + dependencies | | | | {mb(shared)} | |")
    if official is not None:
        lines.append(
            f"| official `cloudflare==5.9.0` + dependencies (every service) | | | | {mb(official)} | |"
        )
    table = "\n".join(lines) + "\n"
    print(table)
    if args.markdown:
        args.markdown.write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
