"""The ``cloudflarefs`` command line: deploy Python Workers with the management clients.

Subcommands are registered through the ``cloudflarefs.cli`` entry-point group (see
:mod:`cloudflarefs.cli.main`); this package provides ``deploy``, ``init``, ``secret`` and ``d1``,
and ``cloudflarefs-testing`` provides ``dev``.
"""

from cloudflarefs.cli._version import __version__
from cloudflarefs.cli.errors import CliError, ConfigError

__all__ = ["CliError", "ConfigError", "__version__"]
