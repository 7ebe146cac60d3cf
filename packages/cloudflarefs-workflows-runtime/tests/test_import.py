"""cloudflarefs-workflows-runtime imports, exposes its version and keeps the shared namespaces PEP 420."""

from __future__ import annotations

import importlib
import subprocess
import sys

import cloudflarefs.workflows.runtime
from cloudflarefs.workflows.runtime._version import __version__


def test_version_is_exposed() -> None:
    assert cloudflarefs.workflows.runtime.__version__ == __version__


def test_shared_namespaces_have_no_init() -> None:
    # A regular package at these levels would hide every other cloudflarefs distribution.
    for namespace in ("cloudflarefs", "cloudflarefs.workflows"):
        assert getattr(importlib.import_module(namespace), "__file__", None) is None, namespace


def test_import_does_not_load_httpx() -> None:
    # Runtime packages run inside Pyodide, where httpx is neither wanted nor installed.
    code = "import sys, cloudflarefs.workflows.runtime; sys.exit('httpx' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
