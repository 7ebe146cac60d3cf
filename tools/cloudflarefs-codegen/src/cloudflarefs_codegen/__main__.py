"""``python -m cloudflarefs_codegen``."""

from cloudflarefs_codegen.cli import main

raise SystemExit(main())
