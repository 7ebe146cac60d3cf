"""Check every built distribution in ``dist/`` the way a user would meet it.

For each package under ``packages/``:

1. its wheel and sdist exist in ``dist/``;
2. the wheel's file listing respects PEP 420: no ``cloudflarefs/__init__.py``, no ``__init__.py``
   in any namespace level above the package's own module (``cloudflarefs/kv/``), every file under
   ``cloudflarefs/`` inside the package's own module, and a ``py.typed`` there;
3. a runtime wheel does not depend on httpx (runtime packages run inside Pyodide);
4. in a fresh virtual environment, the wheel alone installs, with third-party dependencies from
   the index and workspace dependencies from the just-built ``dist/``, and its module imports.
   A distribution without a module (the ``cloudflarefs`` meta-distribution) installs with every
   extra it provides, and the module of each workspace distribution that pulls in imports.

Usage: ``python tools/ci/check_wheels.py [--dist dist] [--python PYTHON] [--skip-install]
[--only DIST]``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from email.parser import Parser
from pathlib import Path
from types import MappingProxyType

from workspace_packages import ROOT, Package, load_packages, normalize

NAMESPACE_ROOT = "cloudflarefs"


def layout_problems(names: Iterable[str], leaf_module: str | None) -> list[str]:
    """The namespace-rule violations in a wheel's file listing (empty when it is clean)."""
    names = list(names)
    code = [n for n in names if n.split("/")[0] == NAMESPACE_ROOT]
    if leaf_module is None:
        return [f"distribution without a module ships {n}" for n in code]
    leaf_dir = leaf_module.replace(".", "/")
    parts = leaf_dir.split("/")
    problems: list[str] = []
    for depth in range(1, len(parts)):
        init = "/".join(parts[:depth]) + "/__init__.py"
        if init in names:
            problems.append(f"{init} makes a shared namespace a regular package (PEP 420)")
    problems.extend(
        f"{n} lies outside the package's own module {leaf_dir}/"
        for n in code
        if not n.startswith(leaf_dir + "/")
    )
    if f"{leaf_dir}/__init__.py" not in names:
        problems.append(f"{leaf_dir}/__init__.py is missing")
    if f"{leaf_dir}/py.typed" not in names:
        problems.append(f"{leaf_dir}/py.typed is missing (PEP 561)")
    return problems


def requirement_name(requirement: str) -> str:
    """The normalised project name at the start of a ``Requires-Dist`` value."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    if match is None:
        raise ValueError(f"unparsable requirement {requirement!r}")
    return normalize(match.group(1))


def unconditional_requirements(metadata: str) -> list[str]:
    """``Requires-Dist`` values that apply without any extra."""
    message = Parser().parsestr(metadata)
    return [r for r in message.get_all("Requires-Dist") or [] if "extra ==" not in r]


_EXTRA_MARKER = re.compile(r"""\bextra\s*==\s*['"]([^'"]+)['"]""")


def provided_extras(metadata: str) -> list[str]:
    """The ``Provides-Extra`` names of a distribution."""
    return Parser().parsestr(metadata).get_all("Provides-Extra") or []


def extra_requirements(metadata: str, extras: Iterable[str]) -> list[str]:
    """``Requires-Dist`` values that apply only with one of ``extras``."""
    wanted = {normalize(e) for e in extras}
    message = Parser().parsestr(metadata)
    return [
        r
        for r in message.get_all("Requires-Dist") or []
        if any(normalize(m) in wanted for m in _EXTRA_MARKER.findall(r))
    ]


def runtime_problems(package: Package, requirements: Iterable[str]) -> list[str]:
    """A runtime distribution must not pull in httpx, directly or via ``cloudflarefs-core[http]``."""
    if package.leaf_module is None or not package.leaf_module.endswith(".runtime"):
        return []
    return [
        f"runtime distribution requires {r!r}; runtime packages must not depend on httpx"
        for r in requirements
        if requirement_name(r) == "httpx" or re.search(r"\[[^\]]*\bhttp\b", r)
    ]


def wheel_metadata(wheel: Path) -> str:
    """The ``METADATA`` file of a wheel."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return archive.read(name).decode()


def find_one(dist: Path, pattern: str) -> Path | None:
    matches = sorted(dist.glob(pattern))
    return matches[-1] if matches else None


def workspace_closure(
    wheel: Path, wheels: dict[str, Path], extras: Iterable[str] = ()
) -> list[Path]:
    """The wheels of the workspace distributions ``wheel`` (with ``extras``) needs, transitively
    (itself excluded)."""
    needed: dict[str, Path] = {}
    top = wheel_metadata(wheel)
    pending = [wheel]
    first = [*unconditional_requirements(top), *extra_requirements(top, extras)]
    while pending:
        current = pending.pop()
        requirements = (
            first if current == wheel else unconditional_requirements(wheel_metadata(current))
        )
        for requirement in requirements:
            name = requirement_name(requirement)
            if name in wheels and name not in needed and wheels[name] != wheel:
                needed[name] = wheels[name]
                pending.append(wheels[name])
    return list(needed.values())


def install_and_import(
    package: Package,
    wheel: Path,
    dist: Path,
    python: str,
    wheels: dict[str, Path],
    leaf_modules: Mapping[str, str] = MappingProxyType({}),
) -> list[str]:
    """Install ``wheel`` alone into a fresh venv and import its module; problems, if any.

    A distribution without a module is installed with all its extras instead, and the modules
    of the workspace distributions that brings in (``leaf_modules``: name → module) imported.
    """
    with tempfile.TemporaryDirectory(prefix=f"wheelcheck-{package.name}-") as tmp:
        venv = Path(tmp) / "venv"
        env = {**os.environ, "VIRTUAL_ENV": str(venv)}
        env.pop("UV_PROJECT_ENVIRONMENT", None)
        subprocess.run(
            ["uv", "venv", "--quiet", "--python", python, str(venv)],
            check=True,
            env=env,
            cwd=tmp,
        )
        # Workspace dependencies go in as files from dist/ so the index can never substitute a
        # same-named project; --find-links covers any the metadata walk did not name.
        extras = provided_extras(wheel_metadata(wheel)) if package.leaf_module is None else []
        closure = workspace_closure(wheel, wheels, extras)
        target = f"{wheel}[{','.join(extras)}]" if extras else str(wheel)
        install = subprocess.run(
            [
                "uv",
                "pip",
                "install",
                "--quiet",
                "--python",
                str(venv / "bin" / "python"),
                "--find-links",
                str(dist),
                target,
                *map(str, closure),
            ],
            env=env,
            cwd=tmp,
            capture_output=True,
            text=True,
        )
        if install.returncode != 0:
            return [f"install failed:\n{install.stderr.strip()}"]
        if package.leaf_module is not None:
            modules = [package.leaf_module]
        else:
            modules = [
                leaf_modules[n] for n, w in wheels.items() if w in closure and n in leaf_modules
            ]
        if not modules:
            return []
        statement = f"import {', '.join(modules)}"
        imported = subprocess.run(
            [str(venv / "bin" / "python"), "-c", statement],
            env=env,
            cwd=tmp,
            capture_output=True,
            text=True,
        )
        if imported.returncode != 0:
            return [f"`{statement}` failed:\n{imported.stderr.strip()}"]
    return []


def check(
    dist: Path,
    python: str,
    *,
    install: bool = True,
    only: str | None = None,
    root: Path = ROOT,
) -> int:
    """Check the packages' artifacts; print one line per package and return the failure count.

    With ``only``, just that distribution is checked (a release builds one); workspace
    dependencies missing from ``dist`` then come from the index, as they will for users.
    """
    packages = load_packages(root)
    if only is not None:
        packages = [p for p in packages if normalize(p.name) == normalize(only)]
        if not packages:
            print(f"no package named {only!r} under packages/")
            return 1
    wheels: dict[str, Path] = {}
    for package in packages:
        wheel = find_one(dist, f"{package.wheel_stem}-{package.version}-*.whl")
        if wheel is not None:
            wheels[normalize(package.name)] = wheel
    leaf_modules = {normalize(p.name): p.leaf_module for p in packages if p.leaf_module}
    failures = 0
    for package in packages:
        problems: list[str] = []
        wheel = wheels.get(normalize(package.name))
        if find_one(dist, f"{package.wheel_stem}-{package.version}.tar.gz") is None:
            problems.append(f"no sdist {package.wheel_stem}-{package.version}.tar.gz in {dist}")
        if wheel is None:
            problems.append(f"no wheel {package.wheel_stem}-{package.version}-*.whl in {dist}")
        else:
            with zipfile.ZipFile(wheel) as archive:
                problems += layout_problems(archive.namelist(), package.leaf_module)
            problems += runtime_problems(package, unconditional_requirements(wheel_metadata(wheel)))
            if install and not problems:
                problems += install_and_import(package, wheel, dist, python, wheels, leaf_modules)
        status = "FAIL" if problems else "ok"
        print(f"  [{status:>4}] {package.name} {package.version}", flush=True)
        for problem in problems:
            print("         " + problem.replace("\n", "\n         "))
        failures += bool(problems)
    print(f"{len(packages) - failures}/{len(packages)} distributions passed the wheel checks")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check built wheels and sdists.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--python", default=sys.executable, help="interpreter for the venvs")
    parser.add_argument("--skip-install", action="store_true", help="only inspect the archives")
    parser.add_argument("--only", metavar="DIST", help="check one distribution")
    args = parser.parse_args(argv)
    failures = check(
        args.dist.resolve(), args.python, install=not args.skip_install, only=args.only
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
