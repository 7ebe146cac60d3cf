"""The harness install lock: portable (no unconditional ``fcntl``) and exclusive."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from cloudflarefs.testing._filelock import exclusive_lock


def test_the_plugin_imports_where_fcntl_does_not_exist() -> None:
    # As on Windows: `import fcntl` fails. The pytest plugin entry point (and the CLI) must load.
    code = textwrap.dedent(
        """
        import sys
        sys.modules["fcntl"] = None  # any `import fcntl` now raises ImportError
        import cloudflarefs.testing.pytest_plugin
        import cloudflarefs.testing.install
        import cloudflarefs.testing.cli
        print("imported")
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "imported"


def test_a_second_process_waits_for_the_lock(tmp_path: Path) -> None:
    lock, marker = tmp_path / "x.lock", tmp_path / "marker"
    child = textwrap.dedent(
        f"""
        from pathlib import Path
        from cloudflarefs.testing._filelock import exclusive_lock
        print("waiting", flush=True)
        with exclusive_lock(Path({str(lock)!r})):
            print(Path({str(marker)!r}).read_text(), flush=True)
        """
    )
    with exclusive_lock(lock):
        proc = subprocess.Popen(
            [sys.executable, "-c", child], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "waiting"
        # Written while we hold the lock: the child can only read it after we release.
        marker.write_text("written before release")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert out.strip() == "written before release"
    with exclusive_lock(lock):  # released by the child: free again
        pass
