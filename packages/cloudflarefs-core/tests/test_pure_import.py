"""The pure core must import without httpx (Python Workers never ship it)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_pure_core_never_imports_httpx() -> None:
    code = textwrap.dedent(
        """
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name == "httpx" or name.startswith("httpx."):
                    raise ImportError("httpx is blocked in this test")
                return None
        sys.meta_path.insert(0, Block())
        import cloudflarefs.core as core
        import cloudflarefs.core.converter, cloudflarefs.core.pagination, cloudflarefs.core.retry
        assert "httpx" not in sys.modules
        print(core.__version__)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip()
