"""An exclusive lock between processes, held on a lock file: ``fcntl.flock`` on POSIX,
``msvcrt.locking`` on Windows.

Each platform module is imported only where it exists, so importing the pytest plugin never
needs ``fcntl`` (absent on Windows).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Generator
from pathlib import Path


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Generator[None]:
    """Hold an exclusive lock on ``path`` (created if missing) for the block; waits for it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+b") as fh:
        if sys.platform == "win32":
            import msvcrt

            fh.seek(0)
            while True:
                try:
                    # LK_LOCK gives up after about 10 s of retrying; keep waiting, as flock does.
                    msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    continue
            try:
                yield
            finally:
                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
