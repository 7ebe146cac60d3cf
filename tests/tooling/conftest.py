"""Make the CI helpers in tools/ci importable as top-level modules, the way CI runs them."""

from __future__ import annotations

import sys
from pathlib import Path

TOOLS_CI = Path(__file__).resolve().parents[2] / "tools" / "ci"
if str(TOOLS_CI) not in sys.path:
    sys.path.insert(0, str(TOOLS_CI))
